import Foundation
import KPIModel
import KPIStore
import Testing

/// A run that dies halfway (SPEC §8): `KPI_TEST_FAIL_AFTER_FILES=N` makes every output file
/// after the first N fail as a full disk would, once its temporary file is written.
@Suite("A failed kpi report leaves outputs and store as they were")
struct AtomicOutputTests {
  /// The outputs of a run: the out folder (by relative path) and the notebook.
  static func outputs(_ folder: URL) throws -> [String: Data] {
    var files = try snapshotFolder(folder.appendingPathComponent("out"))
    let notebook = folder.appendingPathComponent("notebooks-export")
    for (name, data) in try snapshotFolder(notebook) { files["notebook" + name] = data }
    return files
  }

  /// Everything the store holds, for comparison.
  static func storeState(_ folder: URL) throws -> (StoreCounts, [KPIValue]) {
    let store = try SQLiteStore(url: folder.appendingPathComponent("datasets/kpi.sqlite"))
    return (try store.counts(), try store.values())
  }

  /// Changes two inputs so that a complete run would change outputs and store: one answer of
  /// the 2024 network survey, and the visitors of one month.
  static func changeInputs(_ folder: URL) throws {
    func edit(_ path: String, _ old: String, _ new: String) throws {
      let url = folder.appendingPathComponent(path)
      let text = try String(contentsOf: url, encoding: .utf8)
      let range = try #require(text.range(of: old))
      try Data(text.replacingCharacters(in: range, with: new).utf8).write(to: url)
    }
    try edit("datasets/natverksenkat/2024.csv", ";I låg grad;", ";I mycket hög grad;")
    try edit(
      "datasets/navet/visitors.csv", "2025-02-01,allmänhet,101\n", "2025-02-01,allmänhet,901\n")
  }

  /// A first complete run, then a run on changed inputs failing after `failAfter` files.
  static func failedRun(failAfter: (Int) -> Int) throws -> (
    folder: URL, run: Run, before: [String: Data], after: [String: Data]
  ) {
    let folder = try ReportCommandTests.workspace()
    let first = try kpi(ReportCommandTests.arguments, in: folder)
    #expect(first.status == 0, "\(first.stderr)")
    let before = try outputs(folder)
    let (counts, values) = try storeState(folder)
    try changeInputs(folder)
    let run = try kpi(
      ReportCommandTests.arguments, in: folder,
      environment: ["KPI_TEST_FAIL_AFTER_FILES": "\(failAfter(before.count))"])
    let after = try outputs(folder)
    let (countsAfter, valuesAfter) = try storeState(folder)
    #expect(countsAfter == counts)
    let sameValues = valuesAfter == values
    #expect(sameValues, "the store's values changed")
    return (folder, run, before, after)
  }

  static func expectOneClearLine(_ run: Run) {
    #expect(run.status == 73)
    #expect(run.stdout.isEmpty)
    let lines = run.stderr.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(run.stderr.hasPrefix("kpi report: error: "))
    #expect(run.stderr.contains(": cannot write: failure injected by KPI_TEST_FAIL_AFTER_FILES="))
  }

  @Test func failureAfterTheFirstFileKeepsEveryLaterFile() throws {
    let (folder, run, before, after) = try Self.failedRun { _ in 1 }
    defer { try? FileManager.default.removeItem(at: folder) }
    Self.expectOneClearLine(run)
    #expect(
      run.stderr.hasSuffix(": cannot write: failure injected by KPI_TEST_FAIL_AFTER_FILES=1\n"))
    // The same files, no temporary file left over, and none new: the run's files went to a
    // staging folder that was never put in place.
    #expect(Set(after.keys) == Set(before.keys))
    #expect(!after.keys.contains { $0.hasSuffix(".tmp") })
    let changed = before.keys.filter { before[$0] != after[$0] }
    #expect(changed.isEmpty, "\(changed)")
    #expect(try Self.leftovers(folder).isEmpty)
    #expect(after["/report.html"] == before["/report.html"])
    #expect(after["/goals.csv"] == before["/goals.csv"])
    #expect(after["/navet/visitors.csv"] == before["/navet/visitors.csv"])
    #expect(after["notebook/sjuharad-2025.ipynb"] == before["notebook/sjuharad-2025.ipynb"])
  }

  // Failing at the very last file (the notebook), after every analysis ran and would have
  // recorded its values: the store still holds none of this run.
  @Test func failureAtTheLastFileLeavesTheStoreUnchanged() throws {
    let (folder, run, before, after) = try Self.failedRun { $0 - 1 }
    defer { try? FileManager.default.removeItem(at: folder) }
    Self.expectOneClearLine(run)
    #expect(run.stderr.contains("sjuharad-2025.ipynb: cannot write: failure injected by"))
    #expect(Set(after.keys) == Set(before.keys))
    #expect(!after.keys.contains { $0.hasSuffix(".tmp") })
    #expect(after["notebook/sjuharad-2025.ipynb"] == before["notebook/sjuharad-2025.ipynb"])
    // The analyses did run on the changed inputs: their files are new.
    #expect(after["/navet/visitors.csv"] != before["/navet/visitors.csv"])
    #expect(after["/natverksenkat/survey-change.csv"] != before["/natverksenkat/survey-change.csv"])
  }

  /// Staging folders and temporary files beside or in the outputs.
  static func leftovers(_ folder: URL) throws -> [String] {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    let inside = try snapshotFolder(folder.appendingPathComponent("out")).keys
    return names.filter { $0.contains("kpi-staging") } + inside.filter { $0.hasSuffix(".tmp") }
  }

  // Issue 17, item 4: kill -9 at random moments of a report run on changed inputs. Each
  // time the out folder is entirely the old run's or entirely the new one's, and the next
  // complete run leaves no staging folder or temporary file behind.
  @Test func killedRunsLeaveTheWholeOldOrTheWholeNewFolder() throws {
    let reference = try ReportCommandTests.workspace()
    defer { try? FileManager.default.removeItem(at: reference) }
    try Self.changeInputs(reference)
    #expect(try kpi(ReportCommandTests.arguments, in: reference).status == 0)
    let new = try snapshotFolder(reference.appendingPathComponent("out"))

    let folder = try ReportCommandTests.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try kpi(ReportCommandTests.arguments, in: folder).status == 0)
    let old = try snapshotFolder(folder.appendingPathComponent("out"))
    #expect(old != new)
    try Self.changeInputs(folder)
    var generator = SystemRandomNumberGenerator()
    var states: [String] = []
    for _ in 0..<10 {
      let process = Process()
      process.executableURL = kpiExecutable
      process.arguments = ReportCommandTests.arguments
      process.currentDirectoryURL = folder
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      Thread.sleep(forTimeInterval: Double.random(in: 0...0.8, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let now = try snapshotFolder(folder.appendingPathComponent("out"))
      #expect(now == old || now == new, "a mix of old and new outputs")
      states.append(now == new ? "new" : "old")
    }
    let last = try kpi(ReportCommandTests.arguments, in: folder)
    #expect(last.status == 0, "\(last.stderr)")
    #expect(try snapshotFolder(folder.appendingPathComponent("out")) == new)
    #expect(try Self.leftovers(folder).isEmpty, "after \(states)")
  }

  // The hook is for tests only: without it the same changed run succeeds and records.
  @Test func withoutTheHookTheChangedRunRecords() throws {
    let folder = try ReportCommandTests.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try kpi(ReportCommandTests.arguments, in: folder).status == 0)
    let (counts, _) = try Self.storeState(folder)
    try Self.changeInputs(folder)
    let run = try kpi(ReportCommandTests.arguments, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let (countsAfter, _) = try Self.storeState(folder)
    // Two analyses read changed inputs: two new runs.
    #expect(countsAfter.runs == counts.runs + 2)
  }
}
