import KPIAnalysis
import KPIModel

/// The report sections of sick leave and visitors.
public enum AnalysisSections {
  /// Sick leave: the summary, the annual report's table, the charts.
  public static func sickLeave(
    id: String, report: SickLeaveReport, summary: String, charts: [ChartSpec]
  ) -> ReportSection {
    let title = "Sjukfrånvaro " + (report.period.map(String.init) ?? "")
    return ReportSection(
      id: id, title: title,
      blocks: [.paragraph(summary), .table(SickLeaveTables.reportTable(report))]
        + charts.map { .chart($0, table: nil) })
  }

  /// Visitors: the summary, the annual totals per category, the charts.
  /// - Parameters:
  ///   - noun: What is counted, in Swedish plural (`besökare`, `konferenser`), for the
  ///     table's caption and, capitalized, the heading when there is no `title`.
  ///   - title: The heading, e.g. `Navet – besökare`.
  public static func visitors(
    id: String, result: VisitorResult, summary: String, charts: [ChartSpec],
    noun: String = VisitorsEntry.defaultNoun, title: String? = nil
  ) -> ReportSection {
    let years = result.years
    let categories = result.categories + [totalGroupName]
    let rows = categories.map { category in
      [category]
        + years.map { year in
          guard let row = result.row(category, .year, String(year)), let value = row.visitors
          else { return "–" }
          return SwedishFormat.number(value) + (row.isPartial ? "*" : "")
        }
    }
    let partial = result.partialYears.isEmpty ? "" : " (* del av året)"
    let table = ReportTable(
      caption: "\(VisitorSummary.capitalized(noun)) per år och kategori\(partial)",
      header: ["Kategori"] + years.map(String.init), rows: rows)
    return ReportSection(
      id: id, title: title ?? VisitorSummary.capitalized(noun),
      blocks: [.paragraph(summary), .table(table)] + charts.map { .chart($0, table: nil) })
  }
}
