import Foundation

/// The result of running the real `kpi` executable.
struct Run {
  var status: Int32
  var stdout: String
  var stderr: String

  /// The non-empty lines of standard output.
  var lines: [String] { stdout.split(separator: "\n").map(String.init) }

  /// The one data row of a one-header-one-row CSV output, as a dictionary.
  var record: [String: String] {
    let rows = lines.map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    guard rows.count == 2, rows[0].count == rows[1].count else { return [:] }
    return Dictionary(uniqueKeysWithValues: zip(rows[0], rows[1]))
  }
}

/// The `kpi` executable built beside this test binary (`swift test` builds both into one
/// folder), or the one named by `KPI_EXECUTABLE`.
let kpiExecutable: URL = {
  if let path = ProcessInfo.processInfo.environment["KPI_EXECUTABLE"] {
    return URL(fileURLWithPath: path)
  }
  var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    .deletingLastPathComponent()
  // On macOS the test binary sits inside an .xctest bundle.
  while folder.pathComponents.contains(where: { $0.hasSuffix(".xctest") }) {
    folder.deleteLastPathComponent()
  }
  return folder.appendingPathComponent("kpi")
}()

/// Runs `kpi` with the given arguments and waits for it.
func kpi(_ arguments: String..., in folder: URL? = nil) throws -> Run {
  try kpi(arguments, in: folder)
}

/// Runs `kpi` with the given arguments, from `folder` when given, with `environment` added to
/// this process's, and waits for it.
func kpi(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:])
  throws -> Run
{
  let process = Process()
  process.executableURL = kpiExecutable
  process.arguments = arguments
  if let folder { process.currentDirectoryURL = folder }
  if !environment.isEmpty {
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  }
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  // Read before waiting, so a large output cannot fill the pipe and block the child.
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  let stderr = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return Run(
    status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
    stderr: String(decoding: stderr, as: UTF8.self))
}

/// A fresh temporary folder, removed by the caller.
func temporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("kpi-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

func isClose(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
  guard let a else { return false }
  return abs(a - b) <= tolerance * max(1, abs(b))
}
