import Foundation
import KPIStore
import Testing

/// Every file under `folder`, by relative path, with its bytes.
func snapshotFolder(_ folder: URL) throws -> [String: Data] {
  var files: [String: Data] = [:]
  let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
  while let url = enumerator?.nextObject() as? URL {
    var isDirectory: ObjCBool = false
    FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
    if isDirectory.boolValue { continue }
    let relative = String(
      url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count))
    files[relative] = try Data(contentsOf: url)
  }
  return files
}

@Suite("kpi report on the bundled project")
struct ReportCommandTests {
  /// The command exactly as README and the Makefile give it.
  static let arguments = [
    "report", "datasets/sjuharad-2025.yaml", "--out", "out", "--notebook",
    "notebooks-export/sjuharad-2025.ipynb",
  ]

  /// A copy of the repository's datasets in a fresh folder, so the run's store and outputs
  /// stay out of the working tree.
  static func workspace() throws -> URL {
    let folder = try temporaryFolder()
    try FileManager.default.copyItem(
      at: repositoryRoot.appendingPathComponent("datasets"),
      to: folder.appendingPathComponent("datasets"))
    try? FileManager.default.removeItem(at: folder.appendingPathComponent("datasets/kpi.sqlite"))
    return folder
  }

  @Test func twiceGivesTheSameOutputsAndStore() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try kpi(Self.arguments, in: folder)
    #expect(first.status == 0, "\(first.stderr)")
    let outputs = try snapshotFolder(folder.appendingPathComponent("out"))
    let store = try SQLiteStore(url: folder.appendingPathComponent("datasets/kpi.sqlite"))
    let counts = try store.counts()
    let second = try kpi(Self.arguments, in: folder)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout == first.stdout)
    #expect(try snapshotFolder(folder.appendingPathComponent("out")) == outputs)
    #expect(try store.counts() == counts)
    // Four runs: the survey (2025 with 2024 as its previous round), the questionnaire, sick
    // leave and visitors; the four rows of datasets/history/published.csv.
    #expect(counts.runs == 4)
    #expect(counts.history == 4)
    #expect(outputs.keys.contains("/report.html"))
    #expect(outputs.keys.contains("/goals.csv"))
    #expect(outputs.keys.contains("/natverksenkat/survey.csv"))
    #expect(outputs.keys.contains("/narvard/questionnaire.csv"))
    #expect(outputs.keys.contains("/sjukfranvaro/sickleave.csv"))
    #expect(outputs.keys.contains("/navet/visitors.csv"))
  }

  // Issue 17, item 14: eight analysts run the report at once on one store, each into their
  // own folder. Every run waits its turn for the store instead of failing with "database is
  // locked", and the store holds each run and value once.
  @Test func eightRunsAtOnceOnOneStore() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    final class Results: @unchecked Sendable {
      let lock = NSLock()
      var runs = [Run?](repeating: nil, count: 8)
    }
    let results = Results()
    DispatchQueue.concurrentPerform(iterations: 8) { index in
      let run = try? kpi(
        ["report", "datasets/sjuharad-2025.yaml", "--out", "out-\(index)"], in: folder)
      results.lock.withLock { results.runs[index] = run }
    }
    for (index, run) in results.runs.enumerated() {
      #expect(run?.status == 0, "run \(index): \(run?.stderr ?? "did not start")")
    }
    let counts = try SQLiteStore(url: folder.appendingPathComponent("datasets/kpi.sqlite")).counts()
    // The same inputs each time: four runs and the four history rows, as after one run.
    #expect(counts.runs == 4 && counts.history == 4)
    let one = try snapshotFolder(folder.appendingPathComponent("out-0/natverksenkat"))
    #expect(try snapshotFolder(folder.appendingPathComponent("out-7/natverksenkat")) == one)
  }

  // CI regenerates the notebook and fails on drift: the committed one must be what the
  // command writes today.
  @Test func committedNotebookIsUpToDate() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try kpi(Self.arguments, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let fresh = try String(
      contentsOf: folder.appendingPathComponent("notebooks-export/sjuharad-2025.ipynb"),
      encoding: .utf8)
    try assertNotebook(fresh)
    let committed = try String(
      contentsOf: repositoryRoot.appendingPathComponent("notebooks-export/sjuharad-2025.ipynb"),
      encoding: .utf8)
    #expect(
      fresh == committed,
      "notebooks-export/sjuharad-2025.ipynb is out of date: run make report and commit it")
    let validation = try tool(
      "python3",
      [
        "-c",
        "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))",
        folder.appendingPathComponent("notebooks-export/sjuharad-2025.ipynb").path,
      ])
    #expect(validation.0 == 0, "nbformat rejects the notebook")
  }

  func assertNotebook(_ text: String) throws {
    #expect(text.contains("\"nbformat\" : 4") || text.contains("\"nbformat\": 4"))
    #expect(text.contains("!kpi report datasets/sjuharad-2025.yaml --out out --notebook"))
    #expect(text.contains("image/svg+xml"))
  }

  @Test func pageIsSelfContainedAndGoalsComeFirst() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try kpi(Self.arguments + ["--no-store"], in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let html = try String(
      contentsOf: folder.appendingPathComponent("out/report.html"), encoding: .utf8)
    #expect(!html.contains("<script"))
    #expect(!html.contains("src=\"http"))
    #expect(!html.contains("href=\"http"))
    let goals = try #require(html.range(of: "id=\"maluppfyllelse\""))
    let survey = try #require(html.range(of: "id=\"natverksenkat\""))
    let questionnaire = try #require(html.range(of: "id=\"narvard\""))
    #expect(goals.lowerBound < survey.lowerBound && survey.lowerBound < questionnaire.lowerBound)
    let table = try readOutput(folder.appendingPathComponent("out/goals.csv"))
    // The 28 goals of the annual report and the two computed ones: AR2025:411.
    #expect(table.filter { $0["source"] == "manual" }.count == 28)
    #expect(table.filter { $0["source"] == "manual" && $0["status"] == "met" }.count == 27)
    #expect(table.filter { $0["status"] == "partly_met" }.count == 1)
    #expect(
      run.lines.contains("Mål och uppdrag 2025: 27 av 28 mål uppfyllda och ett delvis uppfyllt."))
    #expect(html.contains("Mål och uppdrag 2025: 27 av 28 mål uppfyllda och ett delvis uppfyllt."))
    let survey2025 = try #require(table.first { $0["id"] == "natverksenkat-helhet" })
    #expect(survey2025["value"].flatMap(Double.init) == 134.0 / 143.0)
    #expect(survey2025["status"] == "met")
  }
}

extension ReportCommandTests {
  // "Minst tre nyhetsbrev", two published, marked uppfyllt (AR2025:4538): kept, and flagged.
  @Test func manualStatusContradictingItsNumbersIsFlagged() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let project = """
      organisation: Test
      period: "2025"
      analyses:
        - {id: narvard, kind: questionnaire, data: narvard/2025-12.csv, spec: narvard/spec-2025-12.yaml}
      goals:
        - {id: dso-nyhetsbrev, text: Minst tre nyhetsbrev, target: 3, comparator: ">=", value: 2,
           status: uppfyllt, comment: Två nyhetsbrev publicerade}
      """
    try Data(project.utf8).write(to: folder.appendingPathComponent("datasets/test.yaml"))
    let run = try kpi("report", "datasets/test.yaml", "--out", "out", "--no-store", in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.lines.contains(
        "Obs: Minst tre nyhetsbrev: Två nyhetsbrev publicerade. Angiven status (uppfyllt) "
          + "stämmer inte med värdet: 2 uppfyller inte >= 3."))
    let table = try readOutput(folder.appendingPathComponent("out/goals.csv"))
    let newsletters = try #require(table.first { $0["id"] == "dso-nyhetsbrev" })
    #expect(newsletters["status"] == "met")
    #expect(newsletters["note"]?.contains("stämmer inte med värdet: 2 uppfyller inte >= 3") == true)
  }
}

extension ReportCommandTests {
  // After a report, `kpi history` lists the stored values: the network survey's share in 2024
  // and 2025 (computed from the two rounds, which win over the imported history).
  @Test func historyListsTheStoredValues() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try kpi(Self.arguments, in: folder).status == 0)
    let run = try kpi(
      "history", "--store", "datasets/kpi.sqlite", "--kpi", "natverksenkat.helhet.share",
      in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let rows = run.lines.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    #expect(rows.first == "kpi,period,scope,value,count,ci_low,ci_high,status")
    let totals = rows.filter { $0.contains(",Totalt,") }
    #expect(totals.count == 2)
    #expect(totals[0].hasPrefix("natverksenkat.helhet.share,2024,Totalt,0.95,140,"))
    #expect(totals[1].hasPrefix("natverksenkat.helhet.share,2025,Totalt,0.9370629370629371,143,"))
    #expect(try kpi("history", "--store", "nowhere.sqlite", in: folder).status == 66)
  }
}
