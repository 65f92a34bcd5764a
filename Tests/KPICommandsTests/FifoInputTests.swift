import Foundation
import Testing

/// Issue 17, item 6: a FIFO given as any input blocked for ever; now every input is checked
/// to be a regular file before it is opened (exit 66 naming the path).
@Suite("A FIFO or a device as input")
struct FifoInputTests {
  /// Runs kpi, killing it after `seconds` (a hang must fail the test, not stall the suite).
  static func run(_ arguments: [String], in folder: URL, seconds: Double = 20) throws -> Run {
    let process = Process()
    process.executableURL = kpiExecutable
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let err = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = err
    try process.run()
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return Run(status: process.terminationStatus, stdout: "", stderr: stderr)
  }

  @Test func everyKindOfInputRefusesAFifo() throws {
    let folder = try ReportCommandTests.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("pipe.csv")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    let data = folder.appendingPathComponent("datasets")
    // The project with its history file replaced by the FIFO.
    let project = try String(
      contentsOf: data.appendingPathComponent("sjuharad-2025.yaml"), encoding: .utf8)
    try Data(project.replacingOccurrences(of: "history/published.csv", with: fifo.path).utf8)
      .write(to: data.appendingPathComponent("fifo.yaml"))
    let cases: [[String]] = [
      [
        "survey", "--data", fifo.path, "--spec", "datasets/natverksenkat/spec-2025.yaml", "--out",
        "o",
      ],
      ["survey", "--data", "datasets/natverksenkat/2025.xlsx", "--spec", fifo.path, "--out", "o"],
      ["check", fifo.path], ["stats", "trend", "--data", fifo.path], ["inspect", fifo.path],
      ["visitors", "--data", fifo.path, "--out", "o"],
      [
        "sickleave", "--employees", "datasets/sjukfranvaro/employees.csv", "--spells", fifo.path,
        "--out", "o",
      ],
      // The history file is read to be imported into the store.
      ["report", "datasets/fifo.yaml", "--out", "o"], ["report", fifo.path, "--out", "o"],
    ]
    for arguments in cases {
      let run = try Self.run(arguments, in: folder)
      #expect(run.status == 66, "\(arguments): \(run.stderr)")
      #expect(run.stderr.contains("pipe.csv: is a FIFO (named pipe), not a file"), "\(arguments)")
    }
  }

  @Test func aDeviceIsRefused() throws {
    let folder = try ReportCommandTests.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.run(["stats", "trend", "--data", "/dev/zero"], in: folder)
    #expect(run.status == 66)
    #expect(run.stderr.contains("/dev/zero: is a device, not a file"))
  }
}
