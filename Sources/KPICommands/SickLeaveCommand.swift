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

      Columns are found by the names below, compared without regard to case or runs of \
      spaces, unless --column ROLE=NAME names them (repeat for several roles; \
      --column employee_id=Anställningsnr):
      \(SickLeaveCommand.columnList)

      Either birth_year or age is needed; fte (årsarbetare, at most 1.5) or employment_rate \
      (a fraction, 0.75, or percent, 75) is optional: without them an employee's fte is \
      scheduled_hours / --full-time-hours. Scheduled hours above a year's (8 784) are \
      refused, and so are an employee's sick hours above the scheduled hours.

      With a cause column only the causes that are sick leave count: by default \
      \(SickLeaveLayout.defaultSickCauses.joined(separator: ", ")) (or those given by \
      --sick-cause, repeated); the other rows (VAB, föräldraledighet, semester, …) are \
      left out, and stderr says how many of each. Without a cause column every row is sick \
      leave.

      A row with an extent (omfattning: 0,25–1 or 25–100 %) and an empty hours cell gets \
      the hours the employee would have worked: on each weekday (Monday–Friday) of the \
      spell, that year's scheduled hours divided by the year's weekdays (260–262), times \
      the extent. Public holidays are not known and count as weekdays.

      Memory: about 210 bytes per employee and year, and some 35 MB besides (and, for a \
      spells file of hundreds of megabytes, some 30 MB of blocks in flight), whatever the \
      number of spells: 200 000 employees over three years take under 200 MB, 1 000 000 \
      about 650 MB.

      In a project file (kind: sickleave) the same settings are columns: {employee_id: …, \
      start: …} (a name or a list of names) and sick_causes: [Sjuk, Sjukdom].

      Example (the annual report's three years, 2023–2025):
        kpi sickleave --employees datasets/sjukfranvaro/employees.csv \\
          --spells datasets/sjukfranvaro/spells.csv --period 2025 \\
          --out out/sjukfranvaro

      Example (a Swedish HR system's export, Windows-1252, Anställningsnr, Frånvaroorsak, \
      Datum from, Datum tom, Omfattning, Frånvarotimmar: found by the default names):
        kpi sickleave --employees anstallda.csv --spells franvaro.csv --out out/hr

      \(specReferenceLine)
      """
  )

  /// The roles and their default names, one role a line, for the help.
  /// Wrapped at 78 characters by hand, with the names' indent kept (the help's own wrapping
  /// would start continuation lines at the margin).
  static var columnList: String {
    let indent = String(repeating: " ", count: 18)
    return SickLeaveLayout.defaultNames.map { role, names in
      var lines = ["  " + role.padding(toLength: 16, withPad: " ", startingAt: 0)]
      for (index, name) in names.enumerated() {
        let item = name + (index < names.count - 1 ? "," : "")
        if lines[lines.count - 1].count + 1 + item.count > 78 {
          lines.append(indent + item)
        } else {
          lines[lines.count - 1] += (lines[lines.count - 1].count > indent.count ? " " : "") + item
        }
      }
      return lines.joined(separator: "\n")
    }.joined(separator: "\n")
  }

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

  @Option(
    name: .customLong("column"),
    help: ArgumentHelp(
      "A column's name for a role, ROLE=NAME (e.g. start=Fr.o.m.); repeat for each role, or "
        + "for several names of one role.", valueName: "role=name"))
  var columns: [String] = []

  @Option(
    name: .customLong("sick-cause"),
    help: "An absence cause that counts as sick leave; repeat for each (replaces the defaults).")
  var sickCauses: [String] = []

  @Option(
    help: ArgumentHelp(
      "d/m/yyyy or m/d/yyyy: the order of day and month in numeric dates such as 3/4/2025; "
        + "found from the dates (a number over 12) when not given.", valueName: "format"))
  var dateFormat: DateFormatArgument?

  @Option(help: "Folder for the results.")
  var out: String = "out"

  @Option(help: "CSV dialect of the tables: rfc or excel-sv.")
  var dialect: CSVDialect = .rfc

  /// `--column` as role → names; a role that is not one of ``SickLeaveLayout/roles``, or a
  /// value without `=`, is a usage error.
  func columnMapping() throws -> [String: [String]] {
    var mapping: [String: [String]] = [:]
    for argument in columns {
      guard let equals = argument.firstIndex(of: "=") else {
        throw ValidationError("--column must be ROLE=NAME, e.g. start=Fr.o.m., found \(argument)")
      }
      let role = argument[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      let name = argument[argument.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      guard SickLeaveLayout.roles.contains(role) else {
        throw ValidationError(
          "--column: unknown role \"\(role)\" (expected one of: "
            + SickLeaveLayout.roles.joined(separator: ", ") + ")")
      }
      guard !name.isEmpty else { throw ValidationError("--column \(role)= needs a name") }
      mapping[role, default: []].append(name)
    }
    return mapping
  }

  func validate() throws {
    _ = try columnMapping()
    guard years >= 1 else { throw ValidationError("--years must be at least 1") }
    guard fullTimeHours > 0, fullTimeHours.isFinite else {
      throw ValidationError("--full-time-hours must be a positive number")
    }
  }

  @OptionGroup var progress: ProgressOptions

  func run() throws {
    try reportingFailures("kpi sickleave", progress: progress) {
      let entry = SickLeaveEntry(
        id: "sickleave", employees: employees, spells: spells, period: period, years: years,
        fullTimeHours: fullTimeHours,
        layout: SickLeaveLayout(
          columns: try columnMapping(), sickCauses: sickCauses.isEmpty ? nil : sickCauses,
          dateFormat: dateFormat?.order))
      try runAnalysis(
        SickLeaveAnalysis(entry), out: out, dialect: dialect, command: "kpi sickleave")
    }
  }
}
