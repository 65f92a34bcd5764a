import KPIModel
import KPIStats

/// How a monthly forecast was made.
public enum ForecastMethod: String, Sendable, CaseIterable {
  /// Seasonal index × the least-squares trend of annual totals, spread over the months:
  /// `x̂(y, m) = T̂(y) · sₘ / 12`.
  case seasonalTrendOrdinary = "seasonal-trend-ols"
  /// The same with the robust (bisquare) trend, used when a year is an outlier.
  case seasonalTrendRobust = "seasonal-trend-robust"
  /// ``HoltWinters``.
  case holtWinters = "holt-winters"

}

/// Why part of a category's trend or forecast is missing.
public enum TrendNote: Sendable, Equatable {
  /// The least-squares trend failed, with the numeric core's message.
  case linearTrendFailed(String)
  /// The robust trend failed, with the numeric core's message.
  case robustTrendFailed(String)
  /// A trend needs three full years; the data have this many.
  case tooFewYears(Int)
  /// No month is complete.
  case noWholeMonths
  /// The seasonal index failed, with the numeric core's message.
  case seasonalIndexFailed(String)
  /// The seasonal index needs 24 consecutive complete months.
  case seasonalIndexTooShort
  /// No method could make a forecast.
  case noForecast
}

/// One month of a forecast.
public struct MonthlyForecast: Sendable, Equatable {
  /// The month (day `nil`).
  public var month: CalendarDate
  /// The forecast.
  public var estimate: Double
  /// The 95 % band, not below 0.
  public var band: ClosedRange<Double>
}

/// How well a method forecast a held-out year from the years before it.
public struct HoldoutCheck: Sendable, Equatable {
  /// The year held out (the last full year).
  public var year: Int
  /// The method.
  public var method: ForecastMethod
  /// Σ|actual − forecast| / Σ actual over the twelve months, a fraction. Unlike the mean of
  /// monthly percentage errors it is defined when a month has 0 visitors (skolprogram in July).
  public var weightedAbsolutePercentageError: Double
  /// √(mean of squared monthly errors), in visitors.
  public var rootMeanSquaredError: Double
  /// Whether this method made the forecast.
  public var chosen: Bool
}

/// The seasonal profile, annual trend and 12-month forecast of one category or `Totalt`
/// (SPEC §5.4).
public struct VisitorTrend: Sendable {
  /// The category, or `Totalt`.
  public var category: String
  /// The full years (every day covered and known) the trend is fitted to.
  public var years: [Int]
  /// Their totals.
  public var totals: [Double]
  /// The least-squares line of the totals on the year, when there are three full years.
  public var ordinary: LinearRegression?
  /// The robust line (``RobustLinearRegression``).
  public var robust: RobustLinearRegression?
  /// The year after the last full year, where both lines are extrapolated.
  public var forecastYear: Int?
  /// The least-squares prediction for ``forecastYear`` with its 95 % prediction interval.
  public var ordinaryForecast: LinearRegression.Prediction?
  /// The robust prediction for ``forecastYear``.
  public var robustForecast: LinearRegression.Prediction?
  /// Years whose robust weight is below ½: outliers the robust trend discounts.
  public var outlierYears: [Int]
  /// The seasonal indices, from the latest run of at least 24 complete months.
  public var seasonal: SeasonalIndex?
  /// The months the seasonal indices come from.
  public var seasonalMonths: ClosedRange<CalendarDate>?
  /// The method of ``forecast``.
  public var method: ForecastMethod?
  /// Twelve months after the last complete month.
  public var forecast: [MonthlyForecast]
  /// The hold-out comparison of the methods on the last full year.
  public var holdout: [HoldoutCheck]
  /// Why a part is missing, in order (KPIRender words them).
  public var notes: [TrendNote]
}

extension VisitorTrend {
  /// Fits everything for one category (`c = nil`: `Totalt`).
  static func fit(_ series: VisitorSeries, category c: Int?, name: String) -> VisitorTrend {
    var trend = VisitorTrend(
      category: name, years: [], totals: [], ordinary: nil, robust: nil, forecastYear: nil,
      ordinaryForecast: nil, robustForecast: nil, outlierYears: [], seasonal: nil,
      seasonalMonths: nil, method: nil, forecast: [], holdout: [], notes: [])
    let fullYears = series.years.compactMap { year -> (Int, Double)? in
      let start = Day.first(year: year, month: 1)
      let end = Day.last(year: year, month: 12)
      let sum = c.map { series.sum($0, start, end) } ?? series.totalSum(start, end)
      return sum.value.map { (year, $0) }
    }
    trend.years = fullYears.map(\.0)
    trend.totals = fullYears.map(\.1)

    // Annual trend, both ways.
    if fullYears.count >= 3 {
      let x = fullYears.map { Double($0.0) }
      let y = fullYears.map(\.1)
      let next = fullYears.last!.0 + 1
      trend.forecastYear = next
      do {
        let ordinary = try LinearRegression(x: x, y: y)
        trend.ordinary = ordinary
        trend.ordinaryForecast = try ordinary.predict(at: Double(next))
      } catch {
        trend.notes.append(.linearTrendFailed(error.message))
      }
      do {
        let robust = try RobustLinearRegression(x: x, y: y)
        trend.robust = robust
        trend.robustForecast = try robust.predict(at: Double(next))
        trend.outlierYears = robust.outliers.map { fullYears[$0].0 }
      } catch {
        trend.notes.append(.robustTrendFailed(error.message))
      }
    } else {
      trend.notes.append(.tooFewYears(fullYears.count))
    }

    // Monthly values and the runs of complete months.
    let months = completeMonths(series, c)
    guard let lastMonth = months.keys.max() else {
      trend.notes.append(.noWholeMonths)
      return trend
    }
    if let run = latestRun(months, endingBefore: lastMonth + 1, minimum: 24) {
      do {
        let values = run.map { months[$0]! }
        trend.seasonal = try SeasonalIndex(
          values: values, firstMonth: monthOf(index: run.lowerBound).month)
        trend.seasonalMonths = monthDate(run.lowerBound)...monthDate(run.upperBound)
      } catch {
        trend.notes.append(.seasonalIndexFailed(error.message))
      }
    } else {
      trend.notes.append(.seasonalIndexTooShort)
    }

    // The hold-out year: the last full year, forecast from what came before it.
    if let held = fullYears.last?.0 {
      let cut = held * 12  // month index of January of the held-out year
      let actual = (0..<12).compactMap { months[cut + $0] }
      var checks: [HoldoutCheck] = []
      let earlier = fullYears.filter { $0.0 < held }
      if actual.count == 12,
        let candidate = seasonalTrendForecast(
          years: earlier, months: months, before: cut, horizon: (cut, 12))
      {
        checks.append(check(held, candidate.method, actual, candidate.values.map(\.estimate)))
      }
      if actual.count == 12, let candidate = holtWintersForecast(months, endingAt: cut - 1) {
        checks.append(check(held, .holtWinters, actual, candidate.map(\.estimate)))
      }
      trend.holdout = checks
    }

    // The forecast proper: twelve months after the last complete month.
    let horizon = (lastMonth + 1, 12)
    let seasonalTrend = seasonalTrendForecast(
      years: fullYears, months: months, before: lastMonth + 1, horizon: horizon)
    let holtWinters = holtWintersForecast(months, endingAt: lastMonth)
    let best = trend.holdout.min {
      $0.weightedAbsolutePercentageError < $1.weightedAbsolutePercentageError
    }
    if best?.method == .holtWinters, let holtWinters {
      trend.method = .holtWinters
      trend.forecast = zip(0..<12, holtWinters).map { offset, value in
        MonthlyForecast(
          month: monthDate(lastMonth + 1 + offset), estimate: value.estimate, band: value.band)
      }
    } else if let seasonalTrend {
      trend.method = seasonalTrend.method
      trend.forecast = seasonalTrend.values
    } else if let holtWinters {
      trend.method = .holtWinters
      trend.forecast = zip(0..<12, holtWinters).map { offset, value in
        MonthlyForecast(
          month: monthDate(lastMonth + 1 + offset), estimate: value.estimate, band: value.band)
      }
    } else {
      trend.notes.append(.noForecast)
    }
    trend.holdout = trend.holdout.map { check in
      var check = check
      // The hold-out compares the two families; the trend inside seasonal-trend may differ
      // between the training years and all years.
      check.chosen =
        trend.method != nil && (check.method == .holtWinters) == (trend.method == .holtWinters)
      return check
    }
    return trend
  }

  /// Month index → value, for every complete month.
  static func completeMonths(_ series: VisitorSeries, _ c: Int?) -> [Int: Double] {
    var months: [Int: Double] = [:]
    for year in series.years {
      for month in 1...12 {
        let index = year * 12 + month - 1
        if let value = series.completeMonth(c, monthIndex: index) { months[index] = value }
      }
    }
    return months
  }

  /// The latest run of consecutive months, all before `limit`, with at least `minimum` months.
  static func latestRun(_ months: [Int: Double], endingBefore limit: Int, minimum: Int)
    -> ClosedRange<Int>?
  {
    let sorted = months.keys.filter { $0 < limit }.sorted(by: >)
    var end: Int?
    var start: Int?
    for index in sorted {
      if let s = start, index == s - 1 {
        start = index
      } else {
        if let e = end, let s = start, e - s + 1 >= minimum { return s...e }
        end = index
        start = index
      }
    }
    if let e = end, let s = start, e - s + 1 >= minimum { return s...e }
    return nil
  }

  static func monthDate(_ index: Int) -> CalendarDate {
    let (y, m) = monthOf(index: index)
    return CalendarDate(year: y, month: m)!
  }

  /// Seasonal index × trend from the full years and complete months before `before`, for
  /// `horizon.count` months from `horizon.start`; `nil` when either part cannot be had.
  static func seasonalTrendForecast(
    years: [(Int, Double)], months: [Int: Double], before: Int, horizon: (start: Int, count: Int)
  ) -> (method: ForecastMethod, values: [MonthlyForecast])? {
    let usable = years.filter { ($0.0 + 1) * 12 <= before }
    guard usable.count >= 3,
      let run = latestRun(months, endingBefore: before, minimum: 24),
      let seasonal = try? SeasonalIndex(
        values: run.map { months[$0]! }, firstMonth: monthOf(index: run.lowerBound).month)
    else { return nil }
    let x = usable.map { Double($0.0) }
    let y = usable.map(\.1)
    let robust = try? RobustLinearRegression(x: x, y: y)
    let useRobust = !(robust?.outliers.isEmpty ?? true)
    let method: ForecastMethod = useRobust ? .seasonalTrendRobust : .seasonalTrendOrdinary
    let ordinary = try? LinearRegression(x: x, y: y)
    var values: [MonthlyForecast] = []
    for offset in 0..<horizon.count {
      let index = horizon.start + offset
      let (year, month) = monthOf(index: index)
      let at = Double(year)
      guard
        let prediction = useRobust
          ? try? robust?.predict(at: at) : try? ordinary?.predict(at: at)
      else { return nil }
      let share = seasonal[month] / 12
      let band = prediction.predictionInterval
      values.append(
        MonthlyForecast(
          month: monthDate(index), estimate: prediction.estimate * share,
          band: max(0, band.lowerBound * share)...max(0, band.upperBound * share)))
    }
    return (method, values)
  }

  /// Holt–Winters on the run of complete months ending exactly at `end`, 12 months ahead.
  static func holtWintersForecast(_ months: [Int: Double], endingAt end: Int)
    -> [(estimate: Double, band: ClosedRange<Double>)]?
  {
    guard let run = latestRun(months, endingBefore: end + 1, minimum: 24), run.upperBound == end,
      let model = try? HoltWinters(fitting: run.map { months[$0]! })
    else { return nil }
    return try? model.forecast(12)
  }

  static func check(_ year: Int, _ method: ForecastMethod, _ actual: [Double], _ forecast: [Double])
    -> HoldoutCheck
  {
    let errors = zip(actual, forecast).map { $0 - $1 }
    let total = actual.reduce(0, +)
    let absolute = errors.reduce(0) { $0 + abs($1) }
    let squares = errors.reduce(0) { $0 + $1 * $1 }
    return HoldoutCheck(
      year: year, method: method,
      weightedAbsolutePercentageError: total > 0 ? absolute / total : .infinity,
      rootMeanSquaredError: (squares / Double(errors.count)).squareRoot(), chosen: false)
  }
}
