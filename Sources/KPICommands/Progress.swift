import ArgumentParser
import Foundation
import KPIIngest
import KPIModel

/// `--quiet`, and the progress line on stderr while long work runs.
struct ProgressOptions: ParsableArguments {
  @Flag(help: "Show no progress on stderr (shown only when stderr is a terminal).")
  var quiet = false

  /// Runs `body` with a progress line on stderr when stderr is a terminal and `--quiet` is
  /// not given, cleared when the work ends. stdout and output files are never touched.
  func showing<T>(_ command: String, _ body: () throws -> T) rethrows -> T {
    guard !quiet, isatty(STDERR_FILENO) == 1 else { return try body() }
    ProgressMeter.shared.install { snapshot in
      // Carriage return and erase to the end of the line: the line is redrawn in place.
      let line = snapshot.map { "\r\u{1B}[K\(command): \(Self.describe($0))" } ?? "\r\u{1B}[K"
      FileHandle.standardError.write(Data(line.utf8))
    }
    defer { ProgressMeter.shared.finish() }
    return try body()
  }

  /// `analysis 2 of 4 (narvard): reading 2025-12.csv: 12000 rows, 43 %`.
  static func describe(_ snapshot: ProgressMeter.Snapshot) -> String {
    var parts: [String] = []
    if let analysis = snapshot.analysis {
      parts.append("analysis \(analysis.done + 1) of \(analysis.count) (\(analysis.id))")
    }
    if let file = snapshot.file {
      var reading = "reading \(MessageText.printable(file))"
      var figures: [String] = []
      if let rows = snapshot.rows { figures.append("\(rows) rows") }
      if let size = snapshot.size, size > 0 {
        figures.append("\(min(100, snapshot.bytes * 100 / size)) %")
      } else if snapshot.rows == nil {
        figures.append("\(snapshot.bytes / 1_000_000) MB")
      }
      if !figures.isEmpty { reading += ": " + figures.joined(separator: ", ") }
      parts.append(reading)
    }
    return parts.joined(separator: ": ")
  }
}
