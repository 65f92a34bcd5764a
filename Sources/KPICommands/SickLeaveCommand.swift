import ArgumentParser
import Foundation
import KPIEngine
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
  var years: Int = SickLeaveEntry.defaultYears

  @Option(help: "Scheduled hours of one full-time equivalent, when the employees have no fte.")
  var fullTimeHours: Double = SickLeaveEntry.defaultFullTimeHours

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
      let entry = SickLeaveEntry(
        id: "sickleave", employees: employees, spells: spells, period: period, years: years,
        fullTimeHours: fullTimeHours)
      try runAnalysis(
        SickLeaveAnalysis(entry), out: out, dialect: dialect, command: "kpi sickleave")
    }
  }
}
