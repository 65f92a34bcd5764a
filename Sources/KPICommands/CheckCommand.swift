import ArgumentParser
import Foundation
import KPIAnalysis
import KPIIngest
import KPIModel
import KPIRender

/// How `kpi check` prints its findings.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
  /// One `TABLE:ROW:COLUMN: severity: message` line each, and a summary.
  case text
  /// CSV for machines, no summary.
  case csv
}

/// `kpi check`: the arithmetic of a published table, checked before the board does.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Find the arithmetic errors in a table as it will be printed.",
    discussion: """
      Reads a table as the report prints it (CSV or XLSX: a label column, then one column \
      per period, cells as printed: "2,2", "57 % (3 av 5 personer)", ".." for withheld) and \
      prints one line per finding, TABLE:ROW:COLUMN: error|warning: message, with the \
      arithmetic. Exits 65 when there is an error, 0 otherwise.

      Errors: parts of a count that do not add up to it; shares of a group that do not add \
      up to 100; a rate or share outside the range of its parts, though it is their \
      weighted average; a percentage that does not match its "x av y"; a change that does \
      not match its levels. Warnings: a rate printed for a group of at most ten employees \
      (LKBR 11 kap.); a goal status that contradicts its value and target; a count whose \
      printed parts leave a gap. A figure with d decimals may be off by half a unit of its \
      last place, and no finding rests on how halves were rounded; a table with numbers of \
      ten decimals or more is machine output, exact throughout. XLSX gives numbers as \
      stored, not as displayed: to check the rounding of a workbook, save the printed table \
      as CSV.

      The text checks ("x av y") read every cell. The others need the rows' kinds, from \
      --rules, or from machine columns: sickleave-table.csv (label, measure, sex, age_group) \
      and the goal and record tables of kpi report (goals.csv: value, target, comparator, \
      status; survey.csv: share = positive / answered; visitors.csv: growth = visitors / \
      previous - 1) are checked as they are.

      Rules (YAML): rows are matched by label in table order, so each "Män" is the first \
      one below the row named before it. Kinds: count, rate, share, change, difference, \
      text. parts: the ids of a row's parts ([[a, b], [c, d, e]] for two breakdowns); \
      group: shares that add up to 100; of: the levels a change is computed from; \
      employees: head counts, one number or one per column, for the law's small groups.

        label: Sjukfrånvaro       # the label column; the first when left out
        columns: ["2023", "2024", "2025"]   # in period order; else all others
        scale: percent            # or fraction: shares add up to 1
        rows:
          - {label: Sjukfrånvaro, id: all, kind: rate, parts: [men, women]}
          - {label: Män, id: men, kind: rate, employees: 13}
          - {label: Kvinnor, id: women, kind: rate, employees: {"2025": 39}}
          - {label: 1-14 dagar, kind: share, group: alla}
          - {label: 15 dagar eller mer, kind: share, group: alla}
          - {label: Besökare, id: visitors, kind: count}
          - {label: Förändring, kind: change, of: visitors}

      Examples:
        kpi check Tests/Fixtures/check/ar2025-sjukfranvaro.csv \\
          --rules Tests/Fixtures/check/ar2025-sjukfranvaro.yaml
        kpi check out/sjukfranvaro/sickleave-table.csv --format csv

      \(specReferenceLine)
      """
  )

  @Argument(help: "The table: CSV or XLSX, one header row.")
  var table: String

  @Option(help: "YAML naming the kind of each row; inferred from machine columns otherwise.")
  var rules: String?

  @Option(help: "The sheet of a workbook; the first when left out.")
  var sheet: String?

  @Option(help: "How to print the findings: text or csv.")
  var format: CheckFormat = .text

  @Option(help: "CSV dialect of --format csv: rfc or excel-sv.")
  var dialect: CSVDialect = .rfc

  func run() throws {
    var errors = false
    try reportingFailures("kpi check") {
      let printed = try PrintedTableReader.read(URL(fileURLWithPath: table), sheet: sheet)
      let layout =
        try rules.map { try SpecLoader.loadCheckRules(url: URL(fileURLWithPath: $0), for: printed) }
        ?? TableCheck.inferredLayout(printed)
      let findings = TableCheck.run(printed, layout: layout)
      switch format {
      case .text:
        for finding in findings { print(CheckReport.line(finding)) }
        print(
          CheckReport.summary(
            findings, table: printed.name, rows: printed.rows.count,
            columns: layout.valueColumns.count))
      case .csv:
        print(
          CSVWriter(dialect: dialect).document(
            header: CheckReport.header, rows: CheckReport.rows(findings)), terminator: "")
      }
      errors = findings.contains { $0.severity == .error }
    }
    if errors { throw ExitCode(65) }
  }
}
