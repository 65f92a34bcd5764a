import KPIAnalysis
import KPIModel

/// The visitor charts of SPEC §6, as ``ChartSpec``s built from a ``VisitorResult``: the
/// months of the latest year against earlier years, the annual totals with their trend and
/// forecast, the seasonal profile, and the share of each category.
///
/// Every figure is `Totalt` unless the chart is about categories. A month or year without a
/// value (a gap in the data, a year not covered) stays a gap, and the notes say which; it is
/// never drawn as zero. A partial latest year (a report per 31 August) is shown as far as it
/// goes and left out of the annual bars, whose trend uses whole years only.
public enum VisitorCharts {
  /// Every visitor chart that the data allow, in report order.
  /// - Parameters:
  ///   - result: A visitor analysis.
  ///   - noun: What is counted, in Swedish plural (`besökare`, `konferenser`), for the titles,
  ///     axes and descriptions of the monthly, annual and seasonal charts (the category
  ///     shares are of visitors only).
  /// - Returns: The monthly lines, the annual bars, the seasonal profile (when there are 24
  ///   consecutive whole months) and the category shares (when there are two categories or
  ///   more and a whole year).
  public static func all(_ result: VisitorResult, noun: String = "besökare") -> [ChartSpec] {
    [
      monthly(result, noun: noun), annual(result, noun: noun), seasonal(result, noun: noun),
      categoryShares(result),
    ].compactMap { $0 }
  }

  /// The months of the latest year against the previous year and each base year the data
  /// hold, as lines over `jan` … `dec`.
  /// - Parameter result: A visitor analysis.
  /// - Returns: A ``LineChart`` spec, latest year first (thickest, with points); `nil`
  ///   without data.
  public static func monthly(_ result: VisitorResult, noun: String = "besökare") -> ChartSpec? {
    guard let latest = result.years.last else { return nil }
    var years = [latest]
    if result.years.contains(latest - 1) { years.append(latest - 1) }
    for base in result.options.baseYears.sorted(by: >)
    where result.years.contains(base) && !years.contains(base) {
      years.append(base)
    }
    let styles: [(ChartColor, LineDash)] = [
      (ChartPalette.orange, .solid), (ChartPalette.bluishGreen, .dashed),
      (ChartPalette.reddishPurple, .dotted), (ChartPalette.vermillion, .dashed),
      (ChartPalette.skyBlue, .dotted),
    ]
    var missing: [String] = []
    let series = years.enumerated().map { position, year -> LineSeries in
      let values = (1...12).map { month -> Double? in
        guard let row = result.row(totalGroupName, .month, monthPeriod(year, month)) else {
          return nil
        }
        // A month the data cover only in part (a cut-off on the 15th) would look like a drop.
        guard !row.isPartial, let visitors = row.visitors else {
          missing.append("\(SwedishFormat.monthNames[month - 1]) \(year)")
          return nil
        }
        return visitors
      }
      if position == 0 {
        return LineSeries(
          name: "\(year)", color: ChartPalette.blue, values: values, width: 3,
          showsPoints: true)
      }
      let (color, dash) = styles[(position - 1) % styles.count]
      return LineSeries(name: "\(year)", color: color, values: values, dash: dash, width: 2)
    }

    let others = years.dropFirst().map(String.init)
    let comparison = others.isEmpty ? "" : " jämfört med " + list(others)
    var description = [
      "Antal \(noun) per månad för alla kategorier tillsammans, \(latest)\(comparison)."
    ]
    let latestValues = series[0].values.enumerated().compactMap { index, value in
      value.map { (month: index + 1, visitors: $0) }
    }
    if let most = latestValues.max(by: { $0.visitors < $1.visitors }),
      let least = latestValues.min(by: { $0.visitors < $1.visitors }),
      most.visitors > least.visitors
    {
      description.append(
        "Flest \(noun) \(latest) kom i \(SwedishFormat.monthNames[most.month - 1]) "
          + "(\(SwedishFormat.number(most.visitors))), färst i "
          + "\(SwedishFormat.monthNames[least.month - 1]) "
          + "(\(SwedishFormat.number(least.visitors))).")
    }
    if let row = result.row(totalGroupName, .year, "\(latest)"), let visitors = row.visitors {
      let when = row.isPartial ? "\(row.range.swedishText) \(latest)" : "hela \(latest)"
      var sentence = "Under \(when) var antalet \(SwedishFormat.number(visitors))"
      if let growth = row.growth {
        let then = row.isPartial ? "samma månader \(latest - 1)" : "\(latest - 1)"
        let size = SwedishFormat.percent(abs(growth))
        sentence +=
          size == SwedishFormat.percent(0)
          ? ", lika många som \(then)"
          : ", \(size) \(growth > 0 ? "fler" : "färre") än \(then)"
      }
      description.append(sentence + ".")
    }
    var notes: [String] = []
    if let partial = result.partialYears[latest] {
      notes.append("\(latest) omfattar \(partial.swedishText).")
    }
    if !missing.isEmpty {
      let sentence =
        "Avbrott i en linje betyder att data saknas för månaden (\(list(missing))), "
        + "inte att antalet var noll."
      notes.append(sentence)
      description.append(sentence)
    }
    return ChartSpec(
      id: "visitors-\(latest)-per-manad",
      title: "\(VisitorSummary.capitalized(noun)) per månad \(latest)\(comparison)",
      description: description.joined(separator: " "), notes: notes,
      kind: .lines(
        LineChart(
          categories: SwedishFormat.monthAbbreviations, series: series,
          axis: ValueAxis(title: "Antal \(noun)", format: .number(decimals: 0)))))
  }

  /// The annual totals as bars, every year from the first to the last (a year without data a
  /// labelled gap), with the linear trend of the whole years and the forecast of the next
  /// year as a point with its interval.
  ///
  /// The forecast is the one the summary gives: the sum of the 12-month forecast when it
  /// covers the next calendar year (its method, seasonal index × trend or Holt–Winters, is
  /// named), else the trend's own prediction with its 95 % prediction interval.
  /// - Parameter result: A visitor analysis.
  /// - Returns: A ``ColumnChart`` spec; `nil` without data.
  public static func annual(_ result: VisitorResult, noun: String = "besökare") -> ChartSpec? {
    guard let first = result.years.first, let last = result.years.last else { return nil }
    let trend = result.trend(totalGroupName)
    let forecast = trend.flatMap(annualForecast)
    let end = max(last, forecast?.year ?? last)
    let years = Array(first...end)

    var absent: [String] = []
    var gaps: [String] = []
    let columns = years.map { year -> ColumnChart.Column in
      guard year <= last else { return ColumnChart.Column(label: "\(year)", measure: nil) }
      guard let row = result.row(totalGroupName, .year, "\(year)") else {
        absent.append("\(year)")
        return ColumnChart.Column(label: "\(year)", measure: .missing(note: "ingen data"))
      }
      if row.isPartial {
        return ColumnChart.Column(
          label: "\(year)", measure: .missing(note: "ofullständigt år"),
          detail: "data för \(row.range.swedishText)")
      }
      guard let visitors = row.visitors else {
        gaps.append("\(year)")
        return ColumnChart.Column(
          label: "\(year)", measure: .missing(note: "luckor i data"),
          detail: VisitorNote.cell(row.notes))
      }
      return ColumnChart.Column(label: "\(year)", measure: .value(visitors))
    }

    var description = [
      "Staplarna visar antal \(noun) per år för alla kategorier tillsammans."
    ]
    let shown = columns.compactMap { column in column.measure?.value.map { (column.label, $0) } }
    if let latest = shown.last {
      description.append("\(latest.0): \(SwedishFormat.number(latest.1)) \(noun).")
    }
    var notes: [String] = []
    var chartTrend: ColumnChart.Trend?
    var title = "\(VisitorSummary.capitalized(noun)) per år \(first)–\(last)"
    if let trend, let fit = trend.ordinary, let firstFit = trend.years.first {
      let span = VisitorSummary.years(trend.years)
      chartTrend = ColumnChart.Trend(
        name: "Linjär trend \(span)",
        values: years.map { year in
          year >= firstFit ? fit.intercept + fit.slope * Double(year) : nil
        })
      let interval = fit.slopeConfidenceInterval
      let sentence =
        "Den streckade linjen är den linjära trenden (minsta kvadrat) för årssummorna \(span): "
        + "\(VisitorSummary.signedCount(fit.slope)) \(noun) per år (95\u{00A0}% "
        + "konfidensintervall \(VisitorSummary.count(interval.lowerBound))–"
        + "\(VisitorSummary.count(interval.upperBound)))."
      description.append(sentence)
      notes.append(sentence)
      title += " med trend"
    } else if let trend {
      notes += trend.notes.filter {
        if case .tooFewYears = $0 { return true }
        return false
      }.map { VisitorSummary.capitalized($0.swedishText) + "." }
    }
    var chartForecast: ColumnChart.Forecast?
    if let forecast {
      chartForecast = ColumnChart.Forecast(
        name: "Prognos \(forecast.year) med intervall", column: forecast.year - first,
        estimate: forecast.estimate, interval: forecast.interval)
      let sentence =
        "Prognosen för \(forecast.year) är \(SwedishFormat.number(forecast.estimate)) \(noun) "
        + "(intervall \(VisitorSummary.count(forecast.interval.lowerBound))–"
        + "\(VisitorSummary.count(forecast.interval.upperBound))), gjord med \(forecast.method)"
        + "; \(forecast.intervalMeaning)."
      description.append(sentence)
      notes.append(sentence)
      title += chartTrend == nil ? " och prognos för \(forecast.year)" : " och prognos"
    }
    if let trend, !trend.outlierYears.isEmpty {
      description.append(
        "\(list(trend.outlierYears.map(String.init))) avviker från trenden.")
    }
    if !absent.isEmpty {
      description.append("Data saknas för \(list(absent)).")
    }
    if !gaps.isEmpty {
      let sentence =
        "\(list(gaps)) har luckor i data (\(gapList(result, years: gaps))), så årssumman "
        + "saknas; \(gaps.count == 1 ? "året" : "åren") visas utan stapel, inte som noll."
      description.append(sentence)
      notes.append(sentence)
    }
    if let partial = result.partialYears[last] {
      notes.append(
        "\(last) omfattar bara \(partial.swedishText) och visas därför utan stapel.")
    }
    return ChartSpec(
      id: "visitors-\(last)-per-ar", title: title,
      description: description.joined(separator: " "), notes: notes,
      kind: .columns(
        ColumnChart(
          columns: columns,
          bars: Series(name: VisitorSummary.capitalized(noun), color: ChartPalette.blue),
          axis: ValueAxis(title: "Antal \(noun) per år", format: .number(decimals: 0)),
          trend: chartTrend, forecast: chartForecast)))
  }

  /// The seasonal index of each month: `Totalt` thick with its values printed, each category
  /// thinner, and the average month (index 1) as a reference line.
  /// - Parameter result: A visitor analysis.
  /// - Returns: A ``LineChart`` spec; `nil` when `Totalt` has no seasonal index (fewer than
  ///   24 consecutive whole months).
  public static func seasonal(_ result: VisitorResult, noun: String = "besökare") -> ChartSpec? {
    guard let total = result.trend(totalGroupName), let index = total.seasonal,
      let months = total.seasonalMonths, let latest = result.years.last
    else { return nil }
    let styles: [(ChartColor, LineDash)] = [
      (ChartPalette.orange, .solid), (ChartPalette.bluishGreen, .dashed),
      (ChartPalette.reddishPurple, .dotted), (ChartPalette.vermillion, .dashed),
      (ChartPalette.skyBlue, .dotted),
    ]
    var series = [
      LineSeries(
        name: totalGroupName, color: ChartPalette.blue, values: index.indices, width: 3.5,
        showsPoints: true, labelsValues: result.categories.count == 1)
    ]
    var peaks: [String] = []
    if result.categories.count > 1 {
      for (position, category) in result.categories.enumerated() {
        guard let seasonal = result.trend(category)?.seasonal else { continue }
        let (color, dash) = styles[position % styles.count]
        series.append(
          LineSeries(
            name: category, color: color, values: seasonal.indices, dash: dash, width: 2))
        peaks.append("\(category) \(extreme(seasonal.indices, strongest: true))")
      }
    }
    let span = "\(monthText(months.lowerBound))–\(monthText(months.upperBound))"
    var description = [
      "Säsongsindex per månad: 1 är en genomsnittlig månad, 1,2 betyder 20\u{00A0}% fler "
        + "\(noun) än genomsnittet och 0,8 20\u{00A0}% färre.",
      "För alla kategorier tillsammans är \(extreme(index.indices, strongest: true)) "
        + "starkast och \(extreme(index.indices, strongest: false)) svagast.",
    ]
    if !peaks.isEmpty {
      description.append("Starkaste månad per kategori: \(list(peaks)).")
    }
    let method =
      "Klassisk multiplikativ säsongsuppdelning (centrerat glidande medelvärde 2×12) på "
      + "månaderna \(span)."
    description.append(method)
    return ChartSpec(
      id: "visitors-\(latest)-sasongsindex",
      title: "Säsongsprofil: \(noun) per månad i förhållande till årets genomsnitt",
      description: description.joined(separator: " "),
      notes: ["Index 1 = en genomsnittlig månad. " + method],
      kind: .lines(
        LineChart(
          categories: SwedishFormat.monthAbbreviations, series: series,
          axis: ValueAxis(title: "Säsongsindex", format: .number(decimals: 2)),
          reference: ReferenceLine(value: 1, label: "1 = genomsnittlig månad"))))
  }

  /// Each category's share of the visitors in the latest whole year, largest first.
  /// - Parameter result: A visitor analysis.
  /// - Returns: A one-series ``BarChart`` spec; `nil` with fewer than two categories or no
  ///   whole year with a total.
  public static func categoryShares(_ result: VisitorResult) -> ChartSpec? {
    guard result.categories.count > 1 else { return nil }
    let whole = result.years.reversed().compactMap { year -> (Int, Double)? in
      guard let row = result.row(totalGroupName, .year, "\(year)"), !row.isPartial,
        let visitors = row.visitors, visitors > 0
      else { return nil }
      return (year, visitors)
    }
    guard let (year, total) = whole.first else { return nil }
    let shares = result.categories.compactMap { category -> (String, Double)? in
      // A category absent that year is not in Totalt either: it has no share to show.
      guard let visitors = result.row(category, .year, "\(year)")?.visitors else { return nil }
      return (category, visitors)
    }
    .sorted { $0.1 > $1.1 }
    let rows = shares.map { category, visitors in
      BarChart.Row(
        label: category, detail: "\(SwedishFormat.number(visitors)) besökare",
        measures: [.value(visitors / total)])
    }
    let parts = shares.map { category, visitors in
      "\(SwedishFormat.percent(visitors / total)) \(category) "
        + "(\(SwedishFormat.number(visitors)))"
    }
    var notes: [String] = []
    if let latest = result.years.last, latest != year {
      notes.append("\(latest) är inte ett helt år; diagrammet visar \(year).")
    }
    let absent = result.absentCategories.filter { $0.year == year }.map(\.category)
    if !absent.isEmpty { notes.append("Saknas helt \(year): \(list(absent)).") }
    return ChartSpec(
      id: "visitors-\(year)-kategorier", title: "Andel av besökarna per kategori \(year)",
      description: "Av \(SwedishFormat.number(total)) besökare \(year) var " + list(parts) + ".",
      notes: notes,
      kind: .bars(
        BarChart(
          series: [Series(name: "\(year)", color: ChartPalette.blue)], rows: rows,
          axis: ValueAxis(title: "Andel av alla besökare \(year)", format: .percent(decimals: 0))
        )))
  }

  // MARK: - Helpers

  /// The next year's forecast as the annual chart shows it.
  struct AnnualForecast {
    var year: Int
    var estimate: Double
    var interval: ClosedRange<Double>
    /// The method in Swedish.
    var method: String
    /// What the interval is.
    var intervalMeaning: String
  }

  static func annualForecast(_ trend: VisitorTrend) -> AnnualForecast? {
    guard let year = trend.forecastYear else { return nil }
    let months = trend.forecast.filter { $0.month.year == year }
    if let method = trend.method, months.count == 12 {
      return AnnualForecast(
        year: year, estimate: months.reduce(0) { $0 + $1.estimate },
        interval: months.reduce(0) {
          $0 + $1.band.lowerBound
        }...months.reduce(0) {
          $0 + $1.band.upperBound
        },
        method: method.swedish,
        intervalMeaning: "intervallet är summan av månadernas 95\u{00A0}% prognosintervall")
    }
    guard let prediction = trend.ordinaryForecast else { return nil }
    let interval = prediction.predictionInterval
    return AnnualForecast(
      year: year, estimate: prediction.estimate,
      interval: max(0, interval.lowerBound)...max(0, interval.upperBound),
      method: "linjär trend", intervalMeaning: "intervallet är ett 95\u{00A0}% prognosintervall")
  }

  /// The gaps of the given years, as the summary lists them: `skolprogram: 2022-03`.
  static func gapList(_ result: VisitorResult, years: [String]) -> String {
    let gaps = result.gaps.filter { years.contains(String($0.first.year)) }
    let shown = gaps.prefix(3).map(\.swedishText).joined(separator: "; ")
    return gaps.count > 3 ? shown + " med flera" : shown
  }

  static func monthPeriod(_ year: Int, _ month: Int) -> String {
    "\(year)-" + (month < 10 ? "0\(month)" : "\(month)")
  }

  static func monthText(_ date: CalendarDate) -> String {
    "\(SwedishFormat.monthNames[date.month - 1]) \(date.year)"
  }

  /// The strongest (or weakest) month and its index: `juli (1,10)`.
  static func extreme(_ indices: [Double], strongest: Bool) -> String {
    let months = indices.indices
    let month =
      (strongest
        ? months.max { indices[$0] < indices[$1] } : months.min { indices[$0] < indices[$1] })
      ?? 0
    return "\(SwedishFormat.monthNames[month]) "
      + "(\(SwedishFormat.number(indices[month], decimals: 2)))"
  }

  /// `a`, `a och b`, `a, b och c`.
  static func list(_ items: [String]) -> String {
    SickLeaveSummary.list(items)
  }
}
