import KPIAnalysis
import KPIModel

/// The machine tables of a visitor analysis (SPEC §6): `visitors.csv`,
/// `visitors-seasonal.csv`, `visitors-trend.csv`, and two the SPEC leaves open:
/// `visitors-holdout.csv` (how each forecast method did on the held-out year) and
/// `visitors-goals.csv` (the growth goal, in the columns of `goals.csv`).
public enum VisitorTables {
  /// `category,period_type,period,visitors,previous,change,growth,base_period,base_visitors,
  /// growth_vs_base,note`.
  public static let header = [
    "category", "period_type", "period", "visitors", "previous", "change", "growth",
    "base_period", "base_visitors", "growth_vs_base", "note",
  ]

  /// One row per category, period and base year; growth as fractions (0.28 = +28 %).
  /// Made one at a time as the document is written: a long series has tens of thousands.
  public static func rows(_ result: VisitorResult) -> some Sequence<[CSVValue]> {
    result.rows.lazy.map { row -> [CSVValue] in
      [
        .text(row.category), .text(row.periodType.rawValue), .text(row.period),
        .number(row.visitors), .number(row.previous), .number(row.change), .number(row.growth),
        row.basePeriod.map(CSVValue.text) ?? .empty, .number(row.baseVisitors),
        .number(row.growthVsBase), .text(VisitorNote.cell(row.notes)),
      ]
    }
  }

  /// `category,month,index`.
  public static let seasonalHeader = ["category", "month", "index"]

  /// Twelve rows per category whose seasonal indices could be estimated, month 1–12.
  public static func seasonal(_ result: VisitorResult) -> [[CSVValue]] {
    result.trends.flatMap { trend -> [[CSVValue]] in
      guard let seasonal = trend.seasonal else { return [] }
      return (1...12).map { month in
        [.text(trend.category), .number(Double(month)), .number(seasonal[month])]
      }
    }
  }

  /// `category,n_years,slope,slope_ci_low,slope_ci_high,p_value,method,forecast_period,
  /// forecast,forecast_low,forecast_high`.
  public static let trendHeader = [
    "category", "n_years", "slope", "slope_ci_low", "slope_ci_high", "p_value", "method",
    "forecast_period", "forecast", "forecast_low", "forecast_high",
  ]

  /// Per category: the least-squares trend of annual totals (`ols`) and the robust one
  /// (`robust-bisquare`), each with its prediction for the next year and the 95 % prediction
  /// interval; then the twelve months of the forecast, with its method. Lower ends are not
  /// below 0: there are no negative visitors.
  public static func trends(_ result: VisitorResult) -> [[CSVValue]] {
    var rows: [[CSVValue]] = []
    for trend in result.trends {
      let n = CSVValue.number(Double(trend.years.count))
      let next = trend.forecastYear.map { CSVValue.text("\($0)") } ?? .empty
      if let fit = trend.ordinary {
        rows.append(
          [
            .text(trend.category), n, .number(fit.slope),
            .number(fit.slopeConfidenceInterval.lowerBound),
            .number(fit.slopeConfidenceInterval.upperBound), .number(fit.pValue), .text("ols"),
            next,
          ] + prediction(trend.ordinaryForecast.map { ($0.estimate, $0.predictionInterval) }))
      }
      if let fit = trend.robust {
        rows.append(
          [
            .text(trend.category), n, .number(fit.slope),
            .number(fit.slopeConfidenceInterval.lowerBound),
            .number(fit.slopeConfidenceInterval.upperBound), .number(fit.pValue),
            .text("robust-bisquare"), next,
          ] + prediction(trend.robustForecast.map { ($0.estimate, $0.predictionInterval) }))
      }
      for month in trend.forecast {
        rows.append([
          .text(trend.category), n, .empty, .empty, .empty, .empty,
          .text(trend.method?.rawValue ?? ""), .text("\(month.month)"), .number(month.estimate),
          .number(month.band.lowerBound), .number(month.band.upperBound),
        ])
      }
    }
    return rows
  }

  private static func prediction(_ p: (estimate: Double, interval: ClosedRange<Double>)?)
    -> [CSVValue]
  {
    guard let p else { return [.empty, .empty, .empty] }
    return [
      .number(p.estimate), .number(max(0, p.interval.lowerBound)),
      .number(max(0, p.interval.upperBound)),
    ]
  }

  /// `category,holdout_year,method,wape,rmse,chosen`.
  public static let holdoutHeader = [
    "category", "holdout_year", "method", "wape", "rmse", "chosen",
  ]

  /// Per category, each method's error on the held-out last full year: `wape` is
  /// Σ|actual − forecast| / Σ actual (a fraction), `rmse` in visitors per month.
  public static func holdout(_ result: VisitorResult) -> [[CSVValue]] {
    result.trends.flatMap { trend in
      trend.holdout.map { check in
        [
          .text(trend.category), .text("\(check.year)"), .text(check.method.rawValue),
          .number(check.weightedAbsolutePercentageError), .number(check.rootMeanSquaredError),
          .text(check.chosen ? "true" : "false"),
        ]
      }
    }
  }

  /// `id,text,period,value,target,comparator,status,confidence,source`, as `goals.csv`.
  public static let goalHeader = [
    "id", "text", "period", "value", "target", "comparator", "status", "confidence", "source",
  ]

  /// One row per year with a previous year: growth of `Totalt` against the goal.
  public static func goals(_ result: VisitorResult, id: String = "besokare-tillvaxt")
    -> [[CSVValue]]
  {
    result.goals.map { goal in
      [
        .text(id), .text("Ökat antal besökare med minst \(SwedishFormat.percent(goal.target))"),
        .text(goal.period), .number(goal.value), .number(goal.target),
        .text(goal.comparator.rawValue), .text(goal.status.rawValue),
        goal.confidence.map { .text($0.rawValue) } ?? .empty, .text("visitors.csv"),
      ]
    }
  }
}
