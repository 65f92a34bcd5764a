import Foundation
import Testing

/// Issue 17, item 1: no output may replace an input, whatever `--out` is.
@Suite("Outputs never overwrite inputs")
struct OutputOverInputTests {
  // In a copy of datasets/, `--out .` would write navet/visitors.csv over the daily counts
  // (the analysis id navet is also the inputs' folder): refused before anything is written.
  @Test func reportIntoTheDataFolderIsRefused() throws {
    let folder = try ReportCommandTests.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("datasets")
    let counts = data.appendingPathComponent("navet/visitors.csv")
    let before = try Data(contentsOf: counts)
    let run = try kpi(["report", "sjuharad-2025.yaml", "--out", "."], in: data)
    #expect(run.status == 73)
    #expect(run.stderr.contains("navet/visitors.csv: cannot write: is the input"))
    #expect(try Data(contentsOf: counts) == before)
    #expect(
      !FileManager.default.fileExists(atPath: data.appendingPathComponent("report.html").path))
    // Nothing was stored either.
    #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("kpi.sqlite").path))
  }

  @Test func emptyOutIsRefused() throws {
    let folder = try ReportCommandTests.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try kpi(["report", "datasets/sjuharad-2025.yaml", "--out", ""], in: folder)
    #expect(run.status == 73)
    #expect(run.stderr.contains("--out: cannot write: is empty"))
  }

  // A single command too: the visitor counts in the working folder, --out the same folder.
  @Test func singleCommandOverItsInputIsRefused() throws {
    let folder = try ReportCommandTests.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let navet = folder.appendingPathComponent("datasets/navet")
    let before = try Data(contentsOf: navet.appendingPathComponent("visitors.csv"))
    let run = try kpi(["visitors", "--data", "visitors.csv", "--out", "."], in: navet)
    #expect(run.status == 73)
    #expect(try Data(contentsOf: navet.appendingPathComponent("visitors.csv")) == before)
    // Through a symbolic link to the folder as well.
    let link = folder.appendingPathComponent("link")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: navet)
    let linked = try kpi(["visitors", "--data", "visitors.csv", "--out", link.path], in: navet)
    #expect(linked.status == 73)
  }
}
