import Foundation
import Testing

/// Compares `actual` with the golden file `__Snapshots__/NAME` beside this test target.
///
/// Golden files change only on purpose: with `RECORD_SNAPSHOTS=1` the file is (re)written and
/// the test fails, so a recording never passes silently; review the diff, then run again.
func assertSnapshot(
  _ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("__Snapshots__/\(name)")
  if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
    try Data(actual.utf8).write(to: url)
    Issue.record(
      "recorded \(name); run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
    return
  }
  guard let data = FileManager.default.contents(atPath: url.path) else {
    Issue.record(
      "no golden file \(name); record it with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
    return
  }
  let expected = String(decoding: data, as: UTF8.self)
  #expect(
    actual == expected, "output differs from __Snapshots__/\(name)", sourceLocation: sourceLocation)
}
