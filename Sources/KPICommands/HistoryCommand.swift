import ArgumentParser
import Foundation
import KPIModel
import KPIRender
import KPIStore

/// `kpi history`: the KPI values kept in the store.
struct HistoryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history",
    abstract: "List the KPI values in the store (computed runs and imported history).",
    discussion: """
      Prints CSV: kpi,period,scope,value,count,ci_low,ci_high,status. Reads an SQLite file \
      or a PostgreSQL store (postgres://…, password in PGPASSWORD).

      Example:
        kpi history --store datasets/kpi.sqlite --kpi natverksenkat.helhet.share

      \(specReferenceLine)
      """
  )

  @Option(help: "The store: an SQLite file or postgres://…; default: $KPI_STORE, else kpi.sqlite.")
  var store: String?

  @Option(help: "Only this KPI id.")
  var kpi: String?

  @Option(help: "Only this organisation's values.")
  var organisation: String?

  func run() throws {
    try reportingFailures("kpi history") {
      let values = try openExistingStore(store).values(kpi: kpi, organisation: organisation)
      print(
        stdoutCSV.document(
          header: ["kpi", "period", "scope", "value", "count", "ci_low", "ci_high", "status"],
          rows: values.map {
            [
              .text($0.kpi), .text($0.period), .text($0.scope), .number($0.value),
              .number($0.count), .number($0.lower), .number($0.upper),
              $0.status.map { .text($0) } ?? .empty,
            ]
          }), terminator: "")
    }
  }
}

/// The store a reading command names (`--store`, else `KPI_STORE`, else `kpi.sqlite`),
/// opened; an SQLite file must exist already, so that a mistyped path is not a new empty
/// store.
func openExistingStore(_ option: String?) throws -> any ValueStore {
  let location = try StoreLocation.resolve(
    option: option, fallback: URL(fileURLWithPath: "kpi.sqlite"))
  if let file = location.fileURL, !FileManager.default.fileExists(atPath: file.path) {
    throw CommandFailure(kind: .missingInput, message: "\(file.path): no store here")
  }
  return try location.open()
}
