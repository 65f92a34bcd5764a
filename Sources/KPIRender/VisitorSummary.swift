import KPIAnalysis
import KPIModel

/// The Swedish text of a visitor analysis, in the words Navet's reports use: "Antal besökare
/// under första halvåret 2023 ökade med 28 % jämfört med 2022 och 43 % jämfört med 2019."
public enum VisitorSummary {
  /// The paragraph(s) for the latest year of the data.
  ///
  /// - Parameters:
  ///   - result: The analysis.
  ///   - noun: What is counted, in the plural: `besökare`, or `konferenser` for a file of
  ///     events.
  /// - Returns: Plain text, one paragraph per line.
  public static func text(_ result: VisitorResult, noun: String = "besökare") -> String {
    guard let year = result.years.last else { return "" }
    var lines: [String] = []
    let total = totalGroupName
    let single = result.categories.count == 1

    if let partial = result.partialYears[year] {
      lines.append(
        "\(year) omfattar \(partial.swedishText) och jämförs med samma "
          + (partial.isWholeMonths ? "månader" : "dagar") + " tidigare år.")
    }
    if let row = result.row(total, .year, "\(year)") {
      let when = row.isPartial ? "\(row.range.swedishText) \(year)" : "\(year)"
      lines.append(
        sentence(
          "Antal \(noun) under \(when) var \(count(row.visitors))", result, .year, "\(year)",
          joiner: " och "))
    }
    for half in 1...2 {
      guard let row = result.row(total, .half, "\(year)-H\(half)"), row.visitors != nil,
        !comparisons(result, .half, "\(year)-H\(half)").isEmpty
      else { continue }
      let name = half == 1 ? "första halvåret" : "andra halvåret"
      let part = row.isPartial ? " (\(row.range.swedishText))" : ""
      lines.append(
        sentence("Antal \(noun) under \(name) \(year)\(part)", result, .half, row.period))
    }
    if let row = result.row(total, .summer, "\(year)-summer"), row.visitors != nil,
      !comparisons(result, .summer, row.period).isEmpty
    {
      let months = result.options.summer
      let span =
        row.isPartial
        ? row.range.swedishText
        : "\(monthName(months.lowerBound))–\(monthName(months.upperBound))"
      lines.append(
        sentence(
          "Antal \(noun) under sommaren \(year) (\(span))", result, .summer, row.period,
          doubling: true))
    }
    if !single {
      for category in result.categories {
        guard let row = result.row(category, .year, "\(year)"), let visitors = row.visitors
        else { continue }
        let when = row.isPartial ? "\(row.range.swedishText) \(year)" : "\(year)"
        var line = "\(capitalized(category)): \(count(visitors)) \(noun) \(when)"
        let parts = comparisons(result, .year, "\(year)", category: category).map {
          "\(signed($0.growth)) jämfört med \($0.label)"
        }
        if !parts.isEmpty { line += " (" + parts.joined(separator: ", ") + ")" }
        lines.append(line + ".")
      }
    }
    if let goal = result.goals.last(where: { $0.period == "\(year)" }) {
      let what = goal.partialRange.map { "\($0.swedishText) \(year)" } ?? "\(year)"
      var line =
        "Målet om minst \(SwedishFormat.percent(goal.target)) fler \(noun) än föregående år "
        + "är \(goal.status.swedish) för \(what)"
      if let value = goal.value { line += " (\(signed(value)))" }
      lines.append(line + ".")
    }
    if let trend = result.trend(total) {
      lines += trendLines(trend, noun: noun)
    }
    if !result.gaps.isEmpty {
      let shown = result.gaps.prefix(5).map(\.swedishText).joined(separator: "; ")
      let more = result.gaps.count > 5 ? " och \(result.gaps.count - 5) till" : ""
      lines.append(
        "Data saknas för \(shown)\(more). Perioder som omfattar dem redovisas utan värde.")
    }
    for absent in result.absentCategories {
      lines.append(
        "\(capitalized(absent.category)) saknas helt \(absent.year); Totalt \(absent.year) är utan."
      )
    }
    for base in result.missingBaseYears {
      lines.append("Basåret \(base) finns inte i data.")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The analysis as `kpi report` names it on its line of output: `Besökare`, `Konferenser`.
  public static func headline(noun: String) -> String { capitalized(noun) }

  /// One comparison: growth and what it is against (`2022`, `sommaren 2022`).
  struct Comparison {
    var growth: Double
    var label: String
  }

  /// Against the previous year, then each base year other than it, as the rows hold them.
  static func comparisons(
    _ result: VisitorResult, _ type: VisitorPeriodType, _ period: String,
    category: String = totalGroupName
  ) -> [Comparison] {
    let rows = result.rows(of: category).filter { $0.periodType == type && $0.period == period }
    guard let first = rows.first, let year = Int(period.prefix(4)) else { return [] }
    var list: [Comparison] = []
    if let growth = first.growth { list.append(Comparison(growth: growth, label: "\(year - 1)")) }
    for row in rows {
      guard let base = row.basePeriod, let growth = row.growthVsBase,
        let baseYear = Int(base.prefix(4)), baseYear != year - 1, baseYear != year
      else { continue }
      list.append(Comparison(growth: growth, label: "\(baseYear)"))
    }
    return list
  }

  /// "… ökade med 28 % jämfört med 2022 och 43 % jämfört med 2019."
  static func sentence(
    _ opening: String, _ result: VisitorResult, _ type: VisitorPeriodType, _ period: String,
    joiner: String = " ", doubling: Bool = false
  ) -> String {
    let list = comparisons(result, type, period)
    guard !list.isEmpty else { return opening + "." }
    var clauses: [String] = []
    var lastVerb = ""
    for comparison in list {
      let rounded = (comparison.growth * 100).rounded(.toNearestOrAwayFromZero)
      let size = SwedishFormat.percent(abs(comparison.growth))
      let verb: String
      let clause: String
      if doubling && rounded == 100 {
        verb = "fördubblades"
        clause = "fördubblades jämfört med \(comparison.label)"
      } else if rounded == 0 {
        verb = "var oförändrat"
        clause = "var oförändrat jämfört med \(comparison.label)"
      } else {
        verb = rounded > 0 ? "ökade med" : "minskade med"
        clause =
          (verb == lastVerb ? "" : "\(verb) ") + "\(size) jämfört med \(comparison.label)"
      }
      lastVerb = verb
      clauses.append(clause)
    }
    let body =
      clauses.count == 1
      ? clauses[0] : clauses.dropLast().joined(separator: ", ") + " och " + clauses.last!
    return opening + (joiner == " " ? " " : joiner) + body + "."
  }

  static func trendLines(_ trend: VisitorTrend, noun: String) -> [String] {
    var lines: [String] = []
    if trend.ordinary == nil || trend.method == nil {
      // Say why there is no trend or forecast rather than leave the reader to wonder.
      lines += trend.notes.map { capitalized($0.swedishText) + "." }
    }
    if let fit = trend.ordinary {
      let interval = fit.slopeConfidenceInterval
      lines.append(
        "Trenden för årssummorna \(years(trend.years)) är \(signedCount(fit.slope)) \(noun) per år "
          + "(95 % konfidensintervall \(count(interval.lowerBound))–\(count(interval.upperBound)))."
      )
    }
    if let robust = trend.robust, !trend.outlierYears.isEmpty {
      let which = trend.outlierYears.map(String.init).joined(separator: ", ")
      lines.append(
        "\(trend.outlierYears.count == 1 ? "Året" : "Åren") \(which) avviker från trenden; "
          + "den robusta trenden, som bortser från det, är \(signedCount(robust.slope)) "
          + "\(noun) per år.")
    }
    guard let method = trend.method, let first = trend.forecast.first,
      let last = trend.forecast.last
    else { return lines }
    let sum = trend.forecast.reduce(0) { $0 + $1.estimate }
    let low = trend.forecast.reduce(0) { $0 + $1.band.lowerBound }
    let high = trend.forecast.reduce(0) { $0 + $1.band.upperBound }
    let span =
      first.month.year == last.month.year && first.month.month == 1 && last.month.month == 12
      ? "\(first.month.year)" : "\(first.month)–\(last.month)"
    var line =
      "Prognos för \(span): \(count(sum)) \(noun) (intervall \(count(low))–\(count(high))), "
      + "med \(method.swedish)"
    if let chosen = trend.holdout.first(where: \.chosen) {
      line +=
        "; prövad på \(chosen.year) var felet \(SwedishFormat.percent(chosen.weightedAbsolutePercentageError, decimals: 1))"
      let others = trend.holdout.filter { !$0.chosen }.map {
        "\($0.method.swedish) \(SwedishFormat.percent($0.weightedAbsolutePercentageError, decimals: 1))"
      }
      if !others.isEmpty { line += " (\(others.joined(separator: ", ")))" }
    }
    lines.append(line + ".")
    return lines
  }

  /// `2019, 2022–2025`.
  static func years(_ list: [Int]) -> String {
    var parts: [String] = []
    var start: Int?
    var previous: Int?
    for year in list + [Int.max] {
      if let p = previous, year == p + 1 {
        previous = year
        continue
      }
      if let s = start, let p = previous { parts.append(s == p ? "\(s)" : "\(s)–\(p)") }
      start = year
      previous = year
    }
    return parts.joined(separator: ", ")
  }

  static func count(_ value: Double?) -> String {
    value.map { SwedishFormat.number($0) } ?? "–"
  }

  static func signedCount(_ value: Double) -> String {
    let text = SwedishFormat.number(value)
    return value.rounded() > 0 ? "+" + text : text
  }

  /// `+75 %`, `−3 %`.
  static func signed(_ fraction: Double) -> String {
    let text = SwedishFormat.percent(fraction)
    return (fraction * 100).rounded(.toNearestOrAwayFromZero) > 0 ? "+" + text : text
  }

  static func monthName(_ month: Int) -> String { SwedishFormat.monthNames[month - 1] }

  static func capitalized(_ text: String) -> String {
    text.prefix(1).uppercased() + text.dropFirst()
  }
}
