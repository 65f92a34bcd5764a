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

  /// Adds the spells of a large, well-formed CSV by the fast path (``CSVBlocks``), or returns
  /// `false` when that does not apply or gives up.
  static func fastSpells(
    _ tally: inout SickLeaveTally, _ table: TableReader<TableFile>, inOrder: Bool
  ) -> Bool {
    guard let layout = table.blockLayout, let columns = SickLeaveReader.spellColumns(table)
    else { return false }
    tally.prepareForSpells(inOrder: inOrder)
    guard !tally.hasDuplicateRows else { return false }
    let persons = tally.personTable
    // A spell that needs a message (or one out of the promised order) stops the scan.
    return CSVBlocks.scan(layout) { records in
      SickLeaveReader.parseSpells(&records, columns: columns, persons: persons)
    } mergeWhile: { spells in
      tally.addSpells(spells)
    }
  }

  /// Reads both files into a tally and computes the published breakdown.
  /// - Throws: ``IngestError`` for unreadable or malformed files and for data that do not fit
  ///   together (overlapping spells, unknown employees), located in the file it concerns.
  func analyse() throws -> SickLeaveReport {
    if let report = try Self.fastReport(
      employees: TableReader.open(employees), spells: TableReader.open(spells),
      fullTimeHours: fullTimeHours, period: period, years: years)
    {
      noteMissingYears(report)
      return report
    }
    return try ordinaryAnalyse()
  }

  /// Says on stderr when the table has fewer years than asked for.
  func noteMissingYears(_ report: SickLeaveReport) {
    if let period, report.years.count < years {
      let shown = report.years.map { String($0.period) }.joined(separator: ", ")
      printError(
        "kpi: note: the employees file has no rows for some of the \(years) years up to "
          + "\(period); the table shows \(shown)")
    }
  }

  /// The report by the fast path: both files large, well-formed UTF-8 CSV and the data
  /// without a problem; `nil` otherwise, and the ordinary reading reports what is wrong.
  static func fastReport(
    employees: TableReader<TableFile>, spells: TableReader<TableFile>, fullTimeHours: Double,
    period: Int?, years: Int
  ) -> SickLeaveReport? {
    guard let layout = employees.blockLayout,
      let columns = SickLeaveReader.employeeColumns(employees)
    else { return nil }
    var tally = SickLeaveTally(fullTimeHours: fullTimeHours)
    // An employee row takes at least about 22 bytes (E1,2025,K,1990,2080,1 and a line break):
    // room for that many at once, so the arrays are not copied while they grow.
    tally.reserveEmployees((layout.fileSize - layout.dataStart) / 22)
    let finished = CSVBlocks.scan(layout) { records in
      SickLeaveReader.parseEmployees(&records, columns: columns).flatMap {
        SickLeaveTally.EmployeeBatch($0)
      }
    } merge: { batch in
      tally.addEmployees(batch)
    }
    guard finished else { return nil }
    // First as exports list spells, each employee's in order; failing that, in any order,
    // with the same employees.
    var added = fastSpells(&tally, spells, inOrder: true)
    if !added {
      tally.removeSpells()
      added = fastSpells(&tally, spells, inOrder: false)
    }
    guard added, let report = try? tally.report(period: period, years: years) else { return nil }
    return report
  }

  func ordinaryAnalyse() throws -> SickLeaveReport {
    var tally = SickLeaveTally(fullTimeHours: fullTimeHours)
    var employeeTable = try TableReader.open(employees)
    var spellTable = try TableReader.open(spells)
    let files: [SickLeaveError.Input: String] = [
      .employees: employeeTable.fileName, .spells: spellTable.fileName,
    ]
    do {
      try SickLeaveReader.readEmployees(&employeeTable) { try tally.add($0) }
      try SickLeaveReader.readSpells(&spellTable) { try tally.add($0) }
      if tally.hasUnnamedOverlaps {
        // Name the earlier spell of each overlap: read the spells once more.
        var again = try TableReader.open(spells)
        try SickLeaveReader.readSpells(&again) { tally.resolveOverlaps(with: $0) }
      }
      for notice in [employeeTable.source.encodingNotice, spellTable.source.encodingNotice] {
        if let notice { printError("kpi: note: \(notice)") }
      }
      let report = try tally.report(period: period, years: years)
      noteMissingYears(report)
      return report
    } catch let error as SickLeaveError {
      throw IngestError(
        .invalidValue,
        error.problems.map {
          Diagnostic(file: files[$0.input] ?? "", row: $0.line, message: $0.message)
        })
    }
  }
}
