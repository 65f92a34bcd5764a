import Foundation
import Testing

@Suite("Visitor outputs against golden files")
struct VisitorOutputSnapshotTests {
  // The annual report (base years 2019 and 2022, goal) in the machine dialect, and the
  // interim report per 31 August 2023 in Swedish Excel's.
  @Test(
    arguments: [
      ("2025", "rfc", ["--base-year", "2019", "--base-year", "2022", "--goal", "0.15"]),
      ("2023-08", "excel-sv", ["--base-year", "2019", "--through", "2023-08"]),
    ])
  func tables(name: String, dialect: String, options: [String]) throws {
    let out = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try kpi(
      [
        "visitors", "--data", "datasets/navet/visitors.csv", "--dialect", dialect, "--out",
        out.path,
      ]
        + options, in: repositoryRoot)
    #expect(run.status == 0, "\(run.stderr)")
    for file in ["visitors.csv", "visitors-summary.txt"] {
      let text = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
      try assertSnapshot(text, named: "navet-\(name)-\(dialect)-\(file)")
    }
  }
}
