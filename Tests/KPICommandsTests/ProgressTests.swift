import Foundation
import Testing

/// The progress line: on stderr when it is a terminal (a pseudo-terminal through util-linux
/// `script`), never when it is a file or with `--quiet`, and never in stdout or a file.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
struct ProgressTests {
  static let datasets = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("datasets/sjukfranvaro")

  /// `kpi sickleave` on the bundled files into `out`, its stdout into `out.txt`; the
  /// arguments are paths without spaces or quotes, so the shell line needs no quoting.
  static func sickLeave(out: URL, quiet: Bool = false) -> String {
    let employees = datasets.appendingPathComponent("employees.csv").path
    let spells = datasets.appendingPathComponent("spells.csv").path
    return "\(kpiExecutable.path) sickleave --employees \(employees) --spells \(spells) "
      + "--out \(out.path)\(quiet ? " --quiet" : "") > \(out.path).txt"
  }

  /// Runs a shell line with its stderr on a pseudo-terminal; returns what the terminal got.
  static func onTerminal(_ line: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qc", line, "/dev/null"]
    // Without the delay of a second, so that the small bundled files show progress.
    process.environment = ProcessInfo.processInfo.environment.merging([
      "KPI_PROGRESS_DELAY": "0"
    ]) { $1 }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return String(decoding: data, as: UTF8.self)
  }

  /// Runs a shell line with its stderr into a file; returns the file.
  static func intoFile(_ line: String, stderr: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", line + " 2> \(stderr.path)"]
    process.environment = ProcessInfo.processInfo.environment.merging([
      "KPI_PROGRESS_DELAY": "0"
    ]) { $1 }
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return try String(contentsOf: stderr, encoding: .utf8)
  }

  static func files(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    files["stdout"] = try Data(contentsOf: URL(fileURLWithPath: folder.path + ".txt"))
    return files
  }

  @Test func showsOnATerminalOnly() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let terminal = folder.appendingPathComponent("terminal")
    let file = folder.appendingPathComponent("file")
    let shown = try Self.onTerminal(Self.sickLeave(out: terminal))
    // The first update, drawn in place, then cleared before the notes and at the end.
    #expect(shown.hasPrefix("\r\u{1B}[Kkpi sickleave: reading employees.csv: "))
    #expect(shown.hasSuffix("\r\u{1B}[K") || shown.contains("\r\u{1B}[Kkpi: note:"))
    let stderr = try Self.intoFile(
      Self.sickLeave(out: file), stderr: folder.appendingPathComponent("stderr.txt"))
    #expect(!stderr.contains("\u{1B}"))
    #expect(!stderr.contains("reading"))
    // The same stdout and output files either way.
    let a = try Self.files(terminal)
    let b = try Self.files(file)
    #expect(a.keys.sorted() == b.keys.sorted())
    #expect(a.count > 2)
    for (name, data) in a { #expect(data == b[name], "\(name)") }
  }

  @Test func quietShowsNone() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let shown = try Self.onTerminal(
      Self.sickLeave(out: folder.appendingPathComponent("out"), quiet: true))
    #expect(!shown.contains("\u{1B}[K"))
    #expect(!shown.contains("reading"))
  }
}
