import Foundation
import Testing

/// Hostile YAML given to each command that reads YAML: a project file (`kpi report`), a
/// survey spec (`kpi survey`) and the rules of `kpi check`. Each is refused with exit 65 and
/// one line naming the file and, where the problem has one, its line and column.
@Suite("Hostile YAML through the commands")
struct HostileYAMLCommandTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    /// The diagnostic after `hostile.yaml`: `:2:8: …` or `: …`.
    var message: String
    var testDescription: String { name }
  }

  static let cases = [
    Case(
      name: "billion laughs",
      bytes: Array(
        """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]

        """.utf8),
      message: ":2:8: YAML aliases (*name) are not supported; write the value out"),
    Case(
      name: "nested too deep",
      bytes: Array(("organisation: " + String(repeating: "[", count: 2000)).utf8),
      message: ":1:16: the YAML is nested more than 1000 levels deep"),
    Case(
      name: "too many nodes",
      bytes: Array(("analyses: [" + String(repeating: "a,", count: 100_000) + "a]").utf8),
      message: ": the file has more than 100000 YAML nodes; a spec has a few dozen"),
    Case(
      name: "over 1 MB",
      bytes: Array(("organisation: " + String(repeating: "x", count: 1 << 20)).utf8),
      message: ": the file is larger than 1 MB, the limit for a spec or project file"),
    Case(
      name: "not UTF-8",
      bytes: Array("organisation: Bor".utf8) + [0xE5] + Array("s\n".utf8),
      message:
        ":1:18: expected UTF-8 text, found a byte that is not UTF-8 (save the file as UTF-8)"),
  ]

  /// Runs `command` on the hostile file, written to a fresh folder as hostile.yaml; the
  /// arguments are made from the file's path and an output folder's.
  static func refuses(
    _ hostile: Case, command: String, _ arguments: (_ file: String, _ out: String) -> [String]
  )
    throws
  {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("hostile.yaml")
    try Data(hostile.bytes).write(to: file)
    let out = folder.appendingPathComponent("out")
    let run = try kpi(arguments(file.path, out.path))
    #expect(run.status == 65)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr == "kpi \(command): error: hostile.yaml\(hostile.message)\n")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test(arguments: cases)
  func asAProjectFile(_ hostile: Case) throws {
    try Self.refuses(hostile, command: "report") { ["report", $0, "--no-store", "--out", $1] }
  }

  @Test(arguments: cases)
  func asASurveySpec(_ hostile: Case) throws {
    let data = repositoryRoot.appendingPathComponent("datasets/narvard/2025-12.csv").path
    try Self.refuses(hostile, command: "survey") {
      ["survey", "--data", data, "--spec", $0, "--out", $1]
    }
  }

  @Test(arguments: cases)
  func asCheckRules(_ hostile: Case) throws {
    let table = repositoryRoot.appendingPathComponent(
      "Tests/Fixtures/check/ar2025-sjukfranvaro.csv"
    ).path
    try Self.refuses(hostile, command: "check") { file, _ in
      ["check", table, "--rules", file]
    }
  }
}
