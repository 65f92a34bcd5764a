import Foundation
import Testing

/// Golden files under `__Snapshots__/`, read from the test bundle.
///
/// With `RECORD_SNAPSHOTS=1` in the environment the test writes the file into the source tree
/// instead, and fails, so that nobody records by accident and every new golden file is looked
/// at in the diff before it is committed.
enum Snapshot {
  static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

  static func check(
    _ actual: String, named name: String, extension ext: String = "svg",
    filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    if isRecording {
      let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        .appendingPathComponent("__Snapshots__").appendingPathComponent("\(name).\(ext)")
      try Data(actual.utf8).write(to: url, options: .atomic)
      Issue.record(
        "Recorded \(url.path). Review the diff, then run the tests without RECORD_SNAPSHOTS.",
        sourceLocation: sourceLocation)
      return
    }
    guard
      let url = Bundle.module.url(
        forResource: name, withExtension: ext, subdirectory: "__Snapshots__")
    else {
      Issue.record(
        "No snapshot \(name).\(ext); record it with RECORD_SNAPSHOTS=1 swift test",
        sourceLocation: sourceLocation)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    guard actual != expected else { return }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kpi-snapshots")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let written = folder.appendingPathComponent("\(name).\(ext)")
    try Data(actual.utf8).write(to: written, options: .atomic)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let line =
      zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(actualLines.count, expectedLines.count)
    let got = line < actualLines.count ? String(actualLines[line]) : "(end of output)"
    let want = line < expectedLines.count ? String(expectedLines[line]) : "(end of file)"
    Issue.record(
      """
      \(name).\(ext) differs from the golden file at line \(line + 1):
        expected: \(want)
        actual:   \(got)
      The output is in \(written.path); diff it, and re-record with RECORD_SNAPSHOTS=1 if the \
      change is intended.
      """, sourceLocation: sourceLocation)
  }
}
