import Foundation
import KPIAnalysis
import KPIModel

/// `kpi compare`'s table and chart: one KPI of one period, one row per organisation.
public enum ComparisonTables {
  /// The machine CSV's columns.
  public static let header = [
    "organisation", "kpi", "period", "scope", "value", "n", "ci_low", "ci_high", "status",
  ]

  /// The CSV rows, in the rows' order.
  public static func rows(_ rows: [ComparisonRow], kpi: String, period: String, scope: String)
    -> [[CSVValue]]
  {
    rows.map { row in
      [
        .text(row.organisation), .text(kpi), .text(period), .text(scope), .number(row.value),
        .number(row.count), .number(row.lower), .number(row.upper),
        row.status.map { .text($0) } ?? .empty,
      ]
    }
  }

  /// The rows in Swedish alphabetical order of their organisations (`Vårgårda` before
  /// `Vänersborg`, `Å`, `Ä`, `Ö` after `Z`), as a Swedish reader looks for a name; the stores
  /// give them in byte order.
  public static func swedishOrder(_ rows: [ComparisonRow]) -> [ComparisonRow] {
    let swedish = Locale(identifier: "sv_SE")
    return rows.sorted {
      let order = $0.organisation.compare($1.organisation, locale: swedish)
      return order == .orderedSame
        ? $0.organisation.utf8.lexicographicallyPrecedes($1.organisation.utf8)
        : order == .orderedAscending
    }
  }

  /// Whether a KPI is a fraction (a share or a rate), shown as a percentage.
  public static func isFraction(_ kpi: String) -> Bool {
    let last = kpi.split(separator: ".").last.map(String.init) ?? kpi
    return last == "share" || last == "response_rate" || last == "rate" || last.hasPrefix("share_")
  }

  /// The bar chart: one bar per organisation with its interval, withheld ones as a gap with
  /// the reports' words, and the goal line when one is given.
  /// - Parameters:
  ///   - rows: The organisations' rows.
  ///   - kpi: The KPI id, for the title.
  ///   - period: The period.
  ///   - goal: A goal to draw, in the KPI's units.
  public static func chart(
    _ rows: [ComparisonRow], kpi: String, period: String, scope: String, goal: Double?
  ) -> ChartSpec {
    let fraction = isFraction(kpi)
    let format: ValueFormat = fraction ? .percent(decimals: 0) : .number(decimals: 1)
    let shown = rows.filter { $0.value != nil }
    let withheld = rows.filter(\.isSuppressed).count
    var description = [
      "Stapeln visar \(kpi) (\(scope)) för \(rows.count) organisationer, "
        + "\(SurveyCharts.displayPeriod(period)), med 95\u{00A0}% konfidensintervall där "
        + "det finns."
    ]
    if let goal {
      let met = rows.filter { $0.status == GoalStatus.met.rawValue }.count
      description.append(
        "Målet är \(format.format(goal)); \(met) av \(shown.count) organisationer med "
          + "redovisat resultat når det.")
    }
    if withheld > 0 {
      description.append(
        "\(withheld) \(withheld == 1 ? "organisation" : "organisationer") redovisas inte för att "
          + "svaren är för få.")
    }
    var notes = ["Strecken visar 95\u{00A0}% konfidensintervall."]
    if withheld > 0 {
      notes.append("Organisationer med för få svar, så som deras rapporter räknar, redovisas inte.")
    }
    let maximum = shown.compactMap { max($0.value ?? 0, $0.upper ?? 0) }.max() ?? 1
    return ChartSpec(
      id: "jamforelse-" + ChartSpec.slug(kpi) + "-" + ChartSpec.slug(period),
      title: "\(kpi) per organisation, \(SurveyCharts.displayPeriod(period))",
      description: description.joined(separator: " "), notes: notes,
      kind: .bars(
        BarChart(
          series: [Series(name: SurveyCharts.displayPeriod(period), color: ChartPalette.skyBlue)],
          rows: rows.map { row in
            BarChart.Row(
              label: row.organisation,
              detail: row.count.map { SurveyCharts.answers($0) },
              measures: [
                row.value.map {
                  .value(
                    $0,
                    interval: row.lower.flatMap { lower in row.upper.map { lower...$0 } })
                } ?? .missing(note: row.isSuppressed ? "för få svar" : "inga värden")
              ])
          },
          axis: ValueAxis(
            title: fraction ? "Andel" : "Värde", format: format,
            domain: fraction ? 0...1 : 0...Swift.max(maximum, goal ?? 0, 1)),
          goal: goal.map { ReferenceLine(value: $0, label: "Mål \(format.format($0))") },
          showsIntervals: true)))
  }
}
