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
      Prints CSV: kpi,period,scope,value,count,ci_low,ci_high,status.

      Example:
        kpi history --store datasets/kpi.sqlite --kpi natverksenkat.helhet.share

      \(specReferenceLine)
      """
  )

  @Option(help: "The SQLite store.")
  var store: String = "kpi.sqlite"

  @Option(help: "Only this KPI id.")
  var kpi: String?

  func run() throws {
    try reportingFailures("kpi history") {
      guard FileManager.default.fileExists(atPath: store) else {
        throw CommandFailure(kind: .missingInput, message: "\(store): no store here")
      }
      let values = try KPIStore(url: URL(fileURLWithPath: store)).values(kpi: kpi)
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
