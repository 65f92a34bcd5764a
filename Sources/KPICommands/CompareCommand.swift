import ArgumentParser
import Foundation
import KPIAnalysis
import KPIModel
import KPIRender
import KPIStore

/// `kpi compare`: one KPI of one period, one row per organisation of the store.
struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare one KPI of one period across the organisations of a store.",
    discussion: """
      Prints CSV: organisation,kpi,period,scope,value,n,ci_low,ci_high,status, one row per \
      organisation in Swedish alphabetical order, and writes the same table and a bar chart into OUT: \
      compare-<kpi>-<period>.csv and .svg. A value its report withheld stays withheld, and so \
      does one of fewer than --min-group-size answers (the reports' rule): such a row has \
      no value, n or interval. Reads an SQLite file or a PostgreSQL store (postgres://…, \
      password in PGPASSWORD); a read role of the shared store is enough.

      Example:
        kpi compare --store postgres://kpi_reader@db.example/kpi \\
          --kpi natverksenkat.helhet.share --period 2025 --goal 0.85 --out out

      \(specReferenceLine)
      """
  )

  @Option(help: "The KPI id, e.g. natverksenkat.helhet.share.")
  var kpi: String

  @Option(help: "The period, e.g. 2025.")
  var period: String

  @Option(help: "The group compared.")
  var scope: String = totalGroupName

  @Option(help: "The store: an SQLite file or postgres://…; default: $KPI_STORE, else kpi.sqlite.")
  var store: String?

  @Option(help: "Folder for the table and the chart.")
  var out: String = "out"

  @Option(help: "A goal line for the chart, in the KPI's units (0.85 for 85 %).")
  var goal: Double?

  @Option(help: "Values of fewer answers than this are withheld.")
  var minGroupSize: Int = SurveySpec.defaultMinimumGroupSize

  @Option(help: "CSV dialect of the file: rfc or excel-sv.")
  var dialect: CSVDialect = .rfc

  func validate() throws {
    guard minGroupSize >= 1 else {
      throw ValidationError("--min-group-size must be at least 1")
    }
  }

  func run() throws {
    try reportingFailures("kpi compare") {
      let stored = try openExistingStore(store).organisationValues(kpi: kpi, period: period)
      let rows = ComparisonTables.swedishOrder(
        OrganisationComparison.rows(
          stored.map { ($0.organisation, $0.value) }, scope: scope,
          minimumGroupSize: minGroupSize))
      guard !rows.isEmpty else {
        throw CommandFailure(
          kind: .missingInput,
          message: "no organisation has a value of \(kpi) for \(period) (\(scope)) in the store")
      }
      let folder = try OutputGuard.folder(out)
      // A KPI id is a name (`natverksenkat.helhet.share`); anything else becomes `_`, so the
      // file stays in OUT.
      let safe = { (text: String) in
        String(
          text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
      }
      let name = "compare-\(safe(kpi))-\(safe(period))"
      let table = ComparisonTables.rows(rows, kpi: kpi, period: period, scope: scope)
      let csv = folder.appendingPathComponent(name + ".csv")
      let svg = folder.appendingPathComponent(name + ".svg")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try AtomicFile.write(
        Data(
          CSVWriter(dialect: dialect).document(header: ComparisonTables.header, rows: table)
            .utf8), to: csv)
      try AtomicFile.write(
        Data(
          ComparisonTables.chart(rows, kpi: kpi, period: period, scope: scope, goal: goal).svg()
            .utf8), to: svg)
      print(stdoutCSV.document(header: ComparisonTables.header, rows: table), terminator: "")
      printError("kpi compare: \(rows.count) organisationer: \(csv.path), \(svg.path)")
    }
  }
}
