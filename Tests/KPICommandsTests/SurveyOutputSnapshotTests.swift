import Foundation
import Testing

@Suite("Survey outputs against golden files")
struct SurveyOutputSnapshotTests {
  @Test(
    arguments: [
      ("questionnaire", "2023-08", "rfc"), ("questionnaire", "2025-12", "excel-sv"),
      ("survey", "2024", "rfc"),
    ])
  func tables(kind: String, period: String, dialect: String) throws {
    let out = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let folder = kind == "survey" ? "natverksenkat" : "narvard"
    let data = "datasets/\(folder)/\(period).csv"
    let run = try kpi(
      kind, "--data", data, "--spec", "datasets/\(folder)/spec-\(period).yaml",
      "--dialect", dialect, "--out", out.path, in: repositoryRoot)
    #expect(run.status == 0, "\(run.stderr)")
    for file in ["\(kind).csv", "\(kind)-answers.csv", "\(kind)-summary.txt"] {
      let text = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
      try assertSnapshot(text, named: "\(period)-\(dialect)-\(file)")
    }
  }
}
