import Foundation
import KPIModel
import Testing

@testable import KPIIngest

@Suite("Survey reader")
struct SurveyReaderTests {
  static let spec = SurveySpec(
    title: "Närvård", period: "2025-12", groupColumn: "Grupp", weightColumn: nil,
    scale: ["Ja", "Delvis", "Nej"], positive: ["Ja"], notSubstantive: ["", "Vet ej"],
    synonyms: ["Till viss del": "Delvis"],
    questions: [
      QuestionSpec(id: "kallelse", column: "Kallelse i tid?", goal: 0.95),
      QuestionSpec(id: "tydlig", column: "Tydligt?", goal: 0.95),
    ])

  static func write(_ text: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("enkat-\(UUID().uuidString).csv")
    try Data(text.utf8).write(to: url)
    return url
  }

  static func read(_ text: String, spec: SurveySpec = spec) throws -> [(String?, Double, [Int])] {
    let url = try write(text)
    defer { try? FileManager.default.removeItem(at: url) }
    var reader = try SurveyReader(spec: spec, table: try TableReader.open(url))
    var rows: [(String?, Double, [Int])] = []
    try reader.read { rows.append(($0, $1, $2)) }
    return rows
  }

  // Codes: Ja 0, Delvis 1, Nej 2, Vet ej 3, blank −1. "till  viss del" matches the synonym
  // after folding case and spaces; " ja " matches after trimming.
  @Test func codesAnswers() throws {
    let rows = try Self.read(
      "Grupp;KALLELSE i tid?;Tydligt?\nA;Ja;Till viss del\nA; ja ;till  viss del\nB;Vet ej;\nB;Nej;Delvis\n"
    )
    #expect(rows.map(\.0) == ["A", "A", "B", "B"])
    #expect(rows.map(\.1) == [1, 1, 1, 1])
    #expect(rows.map(\.2) == [[0, 1], [0, 1], [3, -1], [2, 1]])
  }

  @Test func missingColumnsAreAllNamedWithSuggestions() {
    let error = #expect(throws: IngestError.self) {
      try Self.read("Grupp;Kalelse i tid?;Annat\nA;Ja;Ja\n")
    }
    #expect(error?.code == .missingColumn)
    #expect(error?.diagnostics.count == 2)
    #expect(error?.diagnostics.first?.row == 1)
    #expect(
      error?.diagnostics.first?.message
        == "no column \"Kallelse i tid?\" (question kallelse); did you mean \"Kalelse i tid?\"?")
    #expect(
      error?.diagnostics.last?.message.hasPrefix("no column \"Tydligt?\" (question tydlig)") == true
    )
  }

  @Test func unknownAnswerNamesRowColumnAndScale() {
    let error = #expect(throws: IngestError.self) {
      try Self.read("Grupp;Kallelse i tid?;Tydligt?\nA;Ja;Ja\nA;Ja!;Ja\n")
    }
    #expect(error?.code == .invalidValue)
    let diagnostic = error?.diagnostics.first
    #expect(diagnostic?.row == 3)
    #expect(diagnostic?.column == 2)
    #expect(
      diagnostic?.message
        == "unknown answer \"Ja!\" in column \"Kallelse i tid?\"; did you mean \"Ja\"? (free-typed "
        + "answers are mapped under synonyms:) (expected one of: Ja, Delvis, Nej, Vet ej)"
    )
  }

  // Issue 16: an unmapped free-typed answer is named with the nearest known ones. By hand,
  // Levenshtein distances after folding case: "yesss"–"yes" 2, "nope"–"no" 2, "y"–"yes" 2 and
  // "y"–"no" 2 (a tie: both), "noo"–"no" 1; "kanske" is 4 or more from every answer of the
  // scale, more than 2 or a third of their lengths: nothing suggested.
  @Test func unknownAnswersNameTheNearestKnownOnes() {
    let answers = ["Yes", "No"]
    #expect(SurveyRowDecoder.nearestAnswers("Yesss", answers) == ["Yes"])
    #expect(SurveyRowDecoder.nearestAnswers("Nope", answers) == ["No"])
    #expect(SurveyRowDecoder.nearestAnswers("Y", answers) == ["Yes", "No"])
    #expect(SurveyRowDecoder.nearestAnswers(" NOO ", answers) == ["No"])
    #expect(SurveyRowDecoder.nearestAnswers("Kanske", ["Ja", "Delvis", "Nej"]).isEmpty)
    #expect(
      SurveyRowDecoder.nearestAnswers("I mycke hög grad", ["I mycket hög grad", "I hög grad"])
        == ["I mycket hög grad"])
  }

  // 30 bad cells: reading stops at the 20th and reports all 20.
  @Test func collectsTwentyProblems() {
    let rows = (0..<30).map { _ in "A;kanske;Ja" }.joined(separator: "\n")
    let error = #expect(throws: IngestError.self) {
      try Self.read("Grupp;Kallelse i tid?;Tydligt?\n" + rows + "\n")
    }
    #expect(error?.diagnostics.count == 20)
    #expect(error?.diagnostics.map(\.row) == Array(2...21))
  }

  // Issue 17, item 2: a group called Totalt (in any case or spacing) would be taken for the
  // computed total: its true share 10/40 was reported as 100 %. Now it is an error with its
  // row and column.
  @Test func aGroupNamedAsTheTotalIsRefused() {
    let error = #expect(throws: IngestError.self) {
      try Self.read("Grupp;Kallelse i tid?;Tydligt?\nA;Ja;Ja\n TOTALT ;Ja;Nej\n")
    }
    #expect(error?.diagnostics.map(\.row) == [3] && error?.diagnostics.map(\.column) == [1])
    #expect(
      error?.diagnostics.map(\.message) == [
        "the group \" TOTALT \" in column \"Grupp\" has the name of the total; "
          + "rename it in the export"
      ])
  }

  @Test func freeTextIsCutInMessages() {
    let error = #expect(throws: IngestError.self) {
      try Self.read(
        "Grupp;Kallelse i tid?;Tydligt?\nA;anna.andersson@boras.se skrev att mötet var bra men att kallelsen kom för sent och att hon vill ha mer tid;Ja\n"
      )
    }
    // 80 characters at most (issue 17), the rest left out.
    #expect(
      error?.diagnostics.first?.message.contains(
        "\"anna.andersson@boras.se skrev att mötet var bra men att kallelsen kom för sent o…\"")
        == true)
    #expect(error?.description.contains("mer tid") == false)
  }

  @Test func weights() throws {
    var spec = Self.spec
    spec.weightColumn = "Freq"
    let rows = try Self.read(
      "Grupp,Kallelse i tid?,Tydligt?,Freq\nA,Ja,Ja,3\nB,Nej,,\"2,5\"\n", spec: spec)
    #expect(rows.map(\.1) == [3, 2.5])
    let error = #expect(throws: IngestError.self) {
      try Self.read("Grupp,Kallelse i tid?,Tydligt?,Freq\nA,Ja,Ja,-1\n", spec: spec)
    }
    #expect(
      error?.diagnostics.first?.message == "expected a non-negative number (weight), found \"-1\"")
  }

  // A blank group cell (empty, or spaces only) as each `missing_group:` says: the group
  // "Ej angivet" (the default), the ungrouped in Totalt only, or an error at row and column.
  @Test func emptyGroupAsTheSpecSays() throws {
    let text = "Grupp;Kallelse i tid?;Tydligt?\n;Ja;Ja\nA;Nej;Ja\n  ;Nej;\n"
    #expect(try Self.read(text).map(\.0) == ["Ej angivet", "A", "Ej angivet"])
    var spec = Self.spec
    spec.missingGroup = .totalOnly
    #expect(try Self.read(text, spec: spec).map(\.0) == ["", "A", ""])
    spec.missingGroup = .error
    let error = #expect(throws: IngestError.self) { try Self.read(text, spec: spec) }
    #expect(error?.diagnostics.map(\.row) == [2, 4])
    #expect(error?.diagnostics.first?.column == 1)
  }
}
