import Foundation
import Testing

/// `kpi spec` prints docs/spec.md, and every command's help points to it.
@Suite struct SpecCommandTests {
  static let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test func printsTheReference() throws {
    let run = try kpi("spec")
    let page = try String(
      contentsOf: Self.repository.appendingPathComponent("docs/spec.md"), encoding: .utf8)
    #expect(run.status == 0)
    #expect(run.stderr == "")
    #expect(run.stdout == page)
    #expect(run.stdout.hasPrefix("# Spec reference\n"))
  }

  @Test(arguments: [
    [], ["report"], ["survey"], ["questionnaire"], ["sickleave"], ["visitors"], ["history"],
    ["inspect"], ["init"], ["check"], ["stats", "proportion"], ["stats", "trend"],
  ])
  func everyHelpPointsToTheReference(command: [String]) throws {
    let run = try kpi(command + ["--help"])
    #expect(run.status == 0)
    // The help wraps lines at the terminal's width, so the words are compared unwrapped.
    let words = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(
      words.contains(
        "Every key of every YAML file (spec, project file, check rules): kpi spec, or "
          + "docs/spec.md."))
  }
}
