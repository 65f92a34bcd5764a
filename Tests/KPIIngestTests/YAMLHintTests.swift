import Foundation
import Testing

@testable import KPIIngest

/// The hints for the usual YAML mistakes of a person who does not write YAML every day. Each
/// case is one mistake in an otherwise valid spec, and the one diagnostic it must give.
@Suite struct YAMLHintTests {
  static func error(_ yaml: String) -> String? {
    do {
      _ = try SpecLoader.loadSurveySpec(yaml: yaml, fileName: "spec.yaml")
      return nil
    } catch {
      return error.description
    }
  }

  static let head = "title: T\nscale: [Ja, Delvis, Nej]\npositive: [Ja]\n"

  @Test func colonInAnUnquotedText() {
    let yaml = Self.head + "questions:\n  - id: q1\n    column: Q1\n    text: Kallelse: i tid?\n"
    #expect(
      Self.error(yaml)
        == "spec.yaml:7:19: invalid YAML: mapping values are not allowed in this context; a "
        + "text holding \": \" must be in quotes: put the text in quotes, e.g. text: "
        + "\"Kallelse: i tid?\"")
  }

  @Test func hashAtTheStartOfAnUnquotedText() {
    let yaml = Self.head + "questions:\n  - id: q1\n    column: #1 Helhet\n"
    #expect(
      Self.error(yaml)
        == "spec.yaml:6:12: \"column\" must be text, found nothing; a # after a space starts a "
        + "comment in YAML: put the text in quotes")
  }

  @Test func tabIndentation() {
    let yaml = Self.head + "questions:\n  - id: q1\n  \tcolumn: Q1\n"
    #expect(
      Self.error(yaml)
        == "spec.yaml:6:3: invalid YAML: found a tab character that violates indentation (while "
        + "scanning a plain scalar); indent with spaces, not tabs")
  }

  @Test func listItemWithoutADashInAList() {
    let yaml = "title: T\nscale:\n  - Ja\n  Nej\npositive: [Ja]\n"
    #expect(
      Self.error(yaml)
        == "spec.yaml:5:1: invalid YAML: could not find expected ':' (while scanning a simple "
        + "key); each item of a list starts with \"- \" at the same indentation, e.g. \"  - Ja\"")
  }

  @Test func listWithoutDashes() {
    let yaml = Self.head + "questions:\n  id: q1\n  column: Q1\n"
    #expect(
      Self.error(yaml)
        == "spec.yaml:5:3: \"questions\" must be a list, found a mapping; each item of a list "
        + "starts with \"- \" on a line of its own, or write the list as [a, b]")
  }

  @Test(arguments: [
    ("85 %", "0.85"), ("85%", "0.85"), ("7,5 %", "0.075"), ("100 %", "1"),
  ])
  func percentSignInANumber(written: String, share: String) {
    let yaml = Self.head + "questions:\n  - id: q1\n    column: Q1\n    goal: \(written)\n"
    #expect(
      Self.error(yaml)
        == "spec.yaml:7:11: \"goal\" must be a number, found \"\(written)\"; a share is a "
        + "number: write \(share) for \(written)")
  }

  @Test func unknownKeyStillGetsDidYouMean() {
    let yaml = Self.head + "questions:\n  - id: q1\n    column: Q1\n    gaol: 0.85\n"
    #expect(Self.error(yaml) == "spec.yaml:7:5: unknown key \"gaol\"; did you mean \"goal\"?")
  }

  // A # after an unquoted text cuts it short without an error: a warning with file, line and
  // column of the #, and the hint. Quoted, or a comment set off as one (two spaces, then
  // "# "), no warning; nor after a number.
  @Test func hashAfterAnUnquotedTextWarns() throws {
    let yaml =
      Self.head
      + "questions:\n  - id: q1\n    column: Q1\n    text: Hur nöjd är du med nätverk #3?\n"
      + "    label: Nätverk 3 #helhet\n"
    let spec = try SpecLoader.loadSurveySpec(yaml: yaml, fileName: "spec.yaml")
    #expect(spec.questions[0].text == "Hur nöjd är du med nätverk")
    #expect(
      spec.warnings == [
        "spec.yaml:7:38: the text of \"text\" ends before this #, which starts a comment in"
          + " YAML, and the rest of the line is left out; if the # belongs to the text, put the"
          + " text in quotes, e.g. text: \"Nätverk #3?\"",
        "spec.yaml:8:22: the text of \"label\" ends before this #, which starts a comment in"
          + " YAML, and the rest of the line is left out; if the # belongs to the text, put the"
          + " text in quotes, e.g. label: \"Nätverk #3?\"",
      ])
    let fine =
      "title: Enkät 2025  # the report's title\nscale:\n  - Ja # yes\n  - Nej\npositive: [Ja]\n"
      + "min_group_size: 5 # five\n"
      + "questions:\n  - id: q1\n    column: Q1\n    text: \"Hur nöjd är du med nätverk #3?\"\n"
    let quoted = try SpecLoader.loadSurveySpec(yaml: fine, fileName: "spec.yaml")
    #expect(quoted.questions[0].text == "Hur nöjd är du med nätverk #3?")
    // `- Ja # yes`: one space before the #, so it may be text: warned about.
    #expect(quoted.warnings.count == 1)
    #expect(
      quoted.warnings.first?.hasPrefix("spec.yaml:3:8: the text of \"scale\" ends before") == true)
  }

  @Test func hashAfterAnUnquotedTextInAProjectFileWarns() throws {
    let yaml =
      "organisation: Förbund #2\nperiod: \"2025\"\n"
      + "analyses:\n  - {id: besokare, kind: visitors, data: besok.csv}\n"
      + "goals:\n  - {id: g1, text: \"Minst tre # nyhetsbrev\", status: uppfyllt}\n"
    let project = try SpecLoader.loadProject(yaml: yaml, fileName: "projekt.yaml")
    #expect(project.organisation == "Förbund")
    #expect(project.warnings.count == 1)
    #expect(
      project.warnings.first?.hasPrefix(
        "projekt.yaml:1:23: the text of \"organisation\" ends before") == true)
  }
}
