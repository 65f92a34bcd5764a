import Foundation
import KPIModel
import Testing

@testable import KPIIngest

/// The spec keys of a multi-select question: `multiple`, `options`, `separator`, `columns`.
@Suite("Spec loader: multi-select questions")
struct MultiSelectSpecTests {
  static let base = """
    title: T
    scale: [Ja, Delvis, Nej]
    positive: [Ja]
    synonyms: {Träffar: Nätverksträffar}
    questions:
      - {id: q1, column: Fråga 1}

    """

  static func load(_ question: String) throws -> SurveySpec {
    try SpecLoader.loadSurveySpec(yaml: base + question, fileName: "spec.yaml")
  }

  static func error(_ question: String) -> String {
    let error = #expect(throws: IngestError.self) { try load(question) }
    return error?.description ?? ""
  }

  @Test func oneCell() throws {
    let spec = try Self.load(
      """
        - id: kanaler
          column: Kanaler
          multiple: true
          separator: ";"
          options: [Nätverksträffar, Nyhetsbrev]

      """)
    #expect(
      spec.questions[1]
        == QuestionSpec(
          id: "kanaler", column: "Kanaler", multiple: true, separator: ";",
          options: ["Nätverksträffar", "Nyhetsbrev"]))
    // The scale has 3 answers; the multi-select question 2 options and its answered count.
    #expect(spec.countWidth == 3)
    // A synonym may map onto an option.
    #expect(spec.synonyms["Träffar"] == "Nätverksträffar")
  }

  @Test func oneColumnPerOption() throws {
    let spec = try Self.load(
      """
        - id: kanaler
          multiple: true
          columns: {Nätverksträffar: Q2_1, Nyhetsbrev: Q2_2, Webbinarier: Q2_3, Annat: Q2_4}

      """)
    #expect(spec.questions[1].options == ["Nätverksträffar", "Nyhetsbrev", "Webbinarier", "Annat"])
    #expect(spec.questions[1].optionColumns == ["Q2_1", "Q2_2", "Q2_3", "Q2_4"])
    #expect(spec.questions[1].column == "Q2_1")
    #expect(spec.countWidth == 5)
  }

  @Test func refused() {
    #expect(
      Self.error("  - {id: k, column: K, multiple: true, options: [Träffar], goal: 0.8}\n")
        .contains("has a share per option, not one share to judge against \"goal\""))
    #expect(
      Self.error("  - {id: k, column: K, separator: \";\"}\n")
        .contains("\"separator\" applies only to a question with `multiple: true`"))
    #expect(
      Self.error("  - {id: k, column: K, multiple: kanske}\n")
        .contains("\"multiple\" must be true or false"))
    #expect(
      Self.error("  - {id: k, column: K, multiple: true, options: [A, A]}\n")
        .contains("option \"A\" is listed twice"))
    #expect(
      Self.error("  - {id: k, column: K, multiple: true, columns: {A: Q1}}\n")
        .contains("either \"column\" or \"columns\""))
    #expect(
      Self.error("  - {id: k, multiple: true}\n").contains("\"column\""))
    let many = (1...63).map { "o\($0)" }.joined(separator: ", ")
    #expect(
      Self.error("  - {id: k, column: K, multiple: true, options: [\(many)]}\n")
        .contains("at most 62 options, found 63"))
    // Only multi-select questions: no share to report.
    let only = #expect(throws: IngestError.self) {
      try SpecLoader.loadSurveySpec(
        yaml: """
          title: T
          scale: [Ja, Nej]
          positive: [Ja]
          questions:
            - {id: k, column: K, multiple: true}
          """, fileName: "spec.yaml")
    }
    #expect(only?.description.contains("at least one question that is not") == true)
  }
}
