import Foundation
import KPIAnalysis
import KPIModel
import KPIRender

/// The sick-leave breakdown the law on municipal accounts requires (SPEC §5.3): rates by sex
/// and age group, spell classes, several years side by side, small groups withheld.
public struct SickLeaveAnalysis: Analysis {
  /// The entry, with paths as written.
  public var entry: SickLeaveEntry
  /// The folder the entry's paths are relative to; the working directory when `nil`.
  public var folder: URL?

  /// Creates the analysis of `entry`.
  public init(_ entry: SickLeaveEntry, folder: URL? = nil) {
    self.entry = entry
    self.folder = folder
  }

  public var id: String { entry.id }

  public var kindName: String { "sickleave" }

  public var reportOrder: Int { 2 }

  /// The employees file read.
  public var employeesURL: URL { ProjectFile.resolve(entry.employees, against: folder) }
  /// The spells file read.
  public var spellsURL: URL { ProjectFile.resolve(entry.spells, against: folder) }

  public func run(_ context: AnalysisContext) throws -> AnalysisOutcome {
    var entry = self.entry
    // A report's period names the last year of the table, unless the entry does; an interim
    // period (`2025-08`) names none, and the latest year in the file is shown.
    if entry.period == nil, let period = context.reportPeriod { entry.period = Int(period) }
    let (report, notices) = try SickLeaveInput.report(
      employees: employeesURL, spells: spellsURL, fullTimeHours: entry.fullTimeHours,
      period: entry.period, years: entry.years, layout: entry.layout)
    let writer = CSVWriter(dialect: context.dialect)
    let summary = SickLeaveSummary.text(report)
    let charts = ChartSpec.drawn(SickLeaveCharts.all(report))
    let files =
      [
        writer.file(
          "sickleave.csv", header: SickLeaveTables.header, rows: SickLeaveTables.rows(report)),
        writer.file(
          "sickleave-table.csv", header: SickLeaveTables.reportHeader(report),
          rows: SickLeaveTables.reportRows(report)),
        OutputFile("sickleave-table.txt", SickLeaveTables.reportText(report)),
        OutputFile("sickleave-summary.txt", summary),
      ] + charts.map { OutputFile("\($0.id).svg", $0.svg()) }
    return AnalysisOutcome(
      files: files, summary: summary, headline: "Sjukfrånvaro",
      period: context.reportPeriod ?? report.period.map(String.init) ?? "",
      inputs: [employeesURL, spellsURL], values: report.kpiValues(analysis: id), goals: [],
      section: AnalysisSections.sickLeave(
        id: id, report: report, summary: summary, charts: charts),
      notices: notices)
  }
}
