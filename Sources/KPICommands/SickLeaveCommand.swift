import ArgumentParser
import Foundation
import KPIAnalysis
import KPIIngest
import KPIModel
import KPIRender

/// `kpi sickleave`: the sick-leave breakdown of the annual report (SPEC §5.3).
struct SickLeaveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sickleave",
    abstract: "Sick-leave rates and spell classes as the law requires, small groups withheld.",
    discussion: """
      Reads the HR system's employees (employee_id, period, sex, birth_year or age, \
      scheduled_hours, optional fte) and sick-leave spells (employee_id, start, end, \
      sick_hours). Writes sickleave.csv, sickleave-table.csv, sickleave-table.txt and \
      sickleave-summary.txt to the --out folder, and prints the summary. Figures of groups \
      with at most ten employees, or that describe one person, are withheld, and so are \
      figures that would let them be computed.

      Example (the annual report's three years, 2023–2025):
        kpi sickleave --employees datasets/sjukfranvaro/employees.csv \\
          --spells datasets/sjukfranvaro/spells.csv --period 2025 --out out/sjukfranvaro
      """
  )

  @Option(help: "Employees per period: CSV or XLSX.")
  var employees: String

  @Option(help: "Sick-leave spells: CSV or XLSX.")
  var spells: String

  @Option(help: "The last year of the table; the latest in the employees file by default.")
  var period: Int?

  @Option(help: "How many years the table spans.")
  var years: Int = 3

  @Option(help: "Scheduled hours of one full-time equivalent, when the employees have no fte.")
  var fullTimeHours: Double = SickLeaveTally.defaultFullTimeHours

  @Option(help: "Folder for the results.")
  var out: String = "out"

  @Option(help: "CSV dialect of the tables: rfc or excel-sv.")
  var dialect: CSVDialect = .rfc

  func validate() throws {
    guard years >= 1 else { throw ValidationError("--years must be at least 1") }
    guard fullTimeHours > 0, fullTimeHours.isFinite else {
      throw ValidationError("--full-time-hours must be a positive number")
    }
  }

  func run() throws {
    try reportingFailures("kpi sickleave") {
      let job = SickLeaveJob(
        employees: URL(fileURLWithPath: employees), spells: URL(fileURLWithPath: spells),
        period: period, years: years, fullTimeHours: fullTimeHours,
        out: URL(fileURLWithPath: out), dialect: dialect)
      print(try job.run(), terminator: "")
    }
  }
}

/// Reads, analyses and writes the sick-leave breakdown; shared by the command and `kpi report`.
struct SickLeaveJob {
  var employees: URL
  var spells: URL
  var period: Int?
  var years: Int
  var fullTimeHours: Double
  var out: URL
  var dialect: CSVDialect

  /// What a run produced.
  struct Output {
    var report: SickLeaveReport
    var summary: String
    var charts: [ChartSpec]
  }

  /// Runs the job and returns the summary text.
  func run() throws -> String {
    try execute().summary
  }

  /// Runs the job: reads, analyses, writes every file, and returns what it produced.
  func execute() throws -> Output {
    let report = try analyse()
    let writer = CSVWriter(dialect: dialect)
    let summary = SickLeaveSummary.text(report)
    let charts = Self.charts(report)
    // Everything is computed before the first file is written: a failure leaves the previous
    // outputs as they were.
    let files: [(String, String)] =
      [
        (
          "sickleave.csv",
          writer.document(header: SickLeaveTables.header, rows: SickLeaveTables.rows(report))
        ),
        (
          "sickleave-table.csv",
          writer.document(
            header: SickLeaveTables.reportHeader(report),
            rows: SickLeaveTables.reportRows(report))
        ),
        ("sickleave-table.txt", SickLeaveTables.reportText(report)),
        ("sickleave-summary.txt", summary),
      ] + charts.map { ("\($0.id).svg", $0.svg()) }
    try AtomicFile.write(files, in: out)
    return Output(report: report, summary: summary, charts: charts)
  }

  /// The charts of SPEC §6 for sick leave — rates by sex and age band as grouped bars, the
  /// spell classes stacked per year, the three years side by side — as (file name, SVG).
  ///
  /// The hook for the chart pipeline being built in KPIRender: it will build them here from
  /// `report`, which in this job holds published figures only (withheld ones have no value),
  /// so a chart cannot show what the tables withhold. Until then there are none.
  static func charts(_ report: SickLeaveReport) -> [ChartSpec] {
    SickLeaveCharts.all(report)
  }

  /// Reads both files into the published breakdown, telling the user on stderr what
  /// ``SickLeaveInput`` notes.
  /// - Throws: ``IngestError`` for unreadable or malformed files and for data that do not fit
  ///   together (overlapping spells, unknown employees), located in the file it concerns.
  func analyse() throws -> SickLeaveReport {
    do {
      let (report, notices) = try SickLeaveInput.report(
        employees: employees, spells: spells, fullTimeHours: fullTimeHours, period: period,
        years: years)
      for notice in notices { printError("kpi: note: \(notice)") }
      return report
    } catch let failure as SickLeaveInput.Failure {
      for notice in failure.notices { printError("kpi: note: \(notice)") }
      throw failure.error
    }
  }
}
