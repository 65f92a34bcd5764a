import Foundation
import Testing

@testable import KPIRender

/// The run's output folder replaced in one step (issue 17, item 4).
@Suite("Staged output folder")
struct StagedOutputTests {
  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-staged-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func read(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

  /// The names beside `out` (staging folders would show here).
  static func siblings(_ root: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
  }

  @Test func aNewFolderAppearsWhole() throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("out")
    let output = try StagedOutput(out: out)
    try output.write("a\n", to: "a.csv")
    try output.write("b\n", to: "navet/b.csv")
    #expect(!FileManager.default.fileExists(atPath: out.path))
    try output.commit()
    #expect(Self.read(out.appendingPathComponent("a.csv")) == "a\n")
    #expect(Self.read(out.appendingPathComponent("navet/b.csv")) == "b\n")
    #expect(try Self.siblings(root) == ["out"])
  }

  // Over an old folder: the run's files replaced, the files it does not write (a person's
  // own, an earlier run's) kept, an earlier version's temporary file dropped.
  @Test func anOldFolderIsReplacedAndOtherFilesKept() throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("out")
    try FileManager.default.createDirectory(
      at: out.appendingPathComponent("navet"), withIntermediateDirectories: true)
    try Data("old\n".utf8).write(to: out.appendingPathComponent("a.csv"))
    try Data("mina anteckningar\n".utf8).write(to: out.appendingPathComponent("notes.txt"))
    try Data("old\n".utf8).write(to: out.appendingPathComponent("navet/old.svg"))
    let temporary = ".a.csv.\(UUID().uuidString).tmp"
    try Data("half".utf8).write(to: out.appendingPathComponent(temporary))
    let output = try StagedOutput(out: out)
    try output.write("new\n", to: "a.csv")
    #expect(Self.read(out.appendingPathComponent("a.csv")) == "old\n")
    try output.commit()
    #expect(Self.read(out.appendingPathComponent("a.csv")) == "new\n")
    #expect(Self.read(out.appendingPathComponent("notes.txt")) == "mina anteckningar\n")
    #expect(Self.read(out.appendingPathComponent("navet/old.svg")) == "old\n")
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(temporary).path))
    #expect(try Self.siblings(root) == ["out"])
  }

  @Test func aRunThatFailsChangesNothing() throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    try Data("old\n".utf8).write(to: out.appendingPathComponent("a.csv"))
    do {
      let output = try StagedOutput(out: out)
      try output.write("new\n", to: "a.csv")
      // No commit: the run failed after its first file.
    }
    #expect(Self.read(out.appendingPathComponent("a.csv")) == "old\n")
    #expect(try Self.siblings(root) == ["out"])
  }

  // A killed run's staging folder (its process gone) is removed by the next run; one of a
  // live process is left alone.
  @Test func leftoversOfDeadRunsAreRemoved() throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    let ended = Process()
    ended.executableURL = URL(fileURLWithPath: "/bin/true")
    try ended.run()
    ended.waitUntilExit()
    let dead = ".out.kpi-staging-\(ended.processIdentifier)-\(UUID().uuidString)"
    let alive = ".out.kpi-staging-1-\(UUID().uuidString)"
    for name in [dead, alive] {
      try FileManager.default.createDirectory(
        at: root.appendingPathComponent(name), withIntermediateDirectories: true)
    }
    let output = try StagedOutput(out: root.appendingPathComponent("out"))
    try output.write("x", to: "x.csv")
    try output.commit()
    #expect(try Self.siblings(root) == [alive, "out"].sorted())
  }

  @Test func aFileWhereTheFolderShouldBeIsRefused() throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("out")
    try Data("x".utf8).write(to: out)
    #expect(throws: RenderError.self) { try StagedOutput(out: out) }
  }

  /// A file the run writes with the bytes the old folder holds at the same place is linked
  /// from there, not made again (issue 17: 4 000 files made right after 4 000 were freed
  /// kept ext4 busy for seconds); a changed file, a file of the same size but other bytes and
  /// a file with a second link are written anew, and the old folder's removal leaves the
  /// linked ones whole.
  @Test func unchangedFilesAreLinkedFromTheOldFolder() throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("out")
    let first = try StagedOutput(out: out)
    let svg = String(repeating: "<svg>å ä ö</svg>\n", count: 10_000)
    try first.write(svg, to: "enkat/q1.svg")
    try first.write("a;b\n", to: "enkat/survey.csv")
    try first.write("ett\n", to: "enkat/same-size.txt")
    try first.write("kopia\n", to: "shared.txt")
    #expect(first.linked == 0)
    try first.commit()
    let elsewhere = root.appendingPathComponent("elsewhere.txt")
    #expect(link(out.appendingPathComponent("shared.txt").path, elsewhere.path) == 0)
    func inode(_ path: String) -> UInt64 {
      var info = stat()
      return lstat(out.appendingPathComponent(path).path, &info) == 0 ? UInt64(info.st_ino) : 0
    }
    let before = ["enkat/q1.svg", "enkat/survey.csv", "enkat/same-size.txt", "shared.txt"].map(
      inode)

    let second = try StagedOutput(out: out)
    try second.write(svg, to: "enkat/q1.svg")
    try second.write("a;b;c\n", to: "enkat/survey.csv")
    try second.write("sex\n", to: "enkat/same-size.txt")
    try second.write("kopia\n", to: "shared.txt")
    #expect(second.linked == 1)
    try second.commit()
    let after = ["enkat/q1.svg", "enkat/survey.csv", "enkat/same-size.txt", "shared.txt"].map(
      inode)
    #expect(after[0] == before[0])
    #expect(after[1] != before[1])
    #expect(after[2] != before[2])
    #expect(after[3] != before[3])
    #expect(Self.read(out.appendingPathComponent("enkat/q1.svg")) == svg)
    #expect(Self.read(out.appendingPathComponent("enkat/survey.csv")) == "a;b;c\n")
    #expect(Self.read(out.appendingPathComponent("enkat/same-size.txt")) == "sex\n")
    #expect(Self.read(out.appendingPathComponent("shared.txt")) == "kopia\n")
    var info = stat()
    #expect(lstat(out.appendingPathComponent("enkat/q1.svg").path, &info) == 0)
    #expect(info.st_nlink == 1)
    #expect(try Self.siblings(root) == ["elsewhere.txt", "out"])
  }
}
