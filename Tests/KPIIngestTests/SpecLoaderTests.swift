import Foundation
import KPIModel
import Testing

@testable import KPIIngest

/// A YAML text and the one diagnostic loading it must give.
struct SpecCase: Sendable, CustomTestStringConvertible {
  let name: String
  let yaml: String
  let expected: String
  var code: IngestError.Code = .invalidSpec

  var testDescription: String { name }
}

/// The smallest valid spec, which the error cases change one thing in.
private let minimalSpec = """
  title: T
  scale: [Ja, Delvis, Nej]
  positive: [Ja]
  questions:
    - id: q1
      column: Fråga 1

  """

private func fixture(_ name: String) throws -> URL {
  try #require(
    Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Fixtures/spec"))
}

private func surveyError(_ yaml: String) -> IngestError? {
  #expect(throws: IngestError.self) {
    try SpecLoader.loadSurveySpec(yaml: yaml, fileName: "spec.yaml")
  }
}

private func projectError(_ yaml: String) -> IngestError? {
  #expect(throws: IngestError.self) {
    try SpecLoader.loadProject(yaml: yaml, fileName: "projekt.yaml")
  }
}

@Suite("Spec loader: survey and questionnaire specs")
struct SurveySpecLoaderTests {
  // MARK: - The examples of SPEC §4.1

  @Test func natverksenkatExample() throws {
    let spec = try SpecLoader.loadSurveySpec(url: fixture("natverksenkat"))
    #expect(
      spec
        == SurveySpec(
          title: "Nätverksenkät 2025", period: "2025", groupColumn: "Nätverk",
          weightColumn: nil,
          scale: ["I mycket hög grad", "I hög grad", "I låg grad", "I mycket låg grad"],
          positive: ["I mycket hög grad", "I hög grad"],
          notSubstantive: ["Vet ej", "Ej aktuellt", ""],
          synonyms: [:],
          questions: [
            QuestionSpec(
              id: "helhet",
              column: "I vilken utsträckning är du nöjd med nätverket i sin helhet?",
              goal: 0.85)
          ],
          invited: .perGroup([(group: "Nätverk A", count: 12)]),
          minimumGroupSize: 5, sheet: nil, headerRows: nil))
  }

  @Test func narvardExample() throws {
    let spec = try SpecLoader.loadSurveySpec(url: fixture("narvard"))
    #expect(
      spec
        == SurveySpec(
          title: "Närvårdskontorets enkät, december 2025", period: "2025-12",
          groupColumn: "Grupp", scale: ["Ja", "Delvis", "Nej"], positive: ["Ja"],
          notSubstantive: ["", "Vet ej"], synonyms: ["Till viss del": "Delvis"],
          questions: [
            QuestionSpec(
              id: "kallelse", column: "Har kallelsen kommit i tid, minst en vecka innan mötet?",
              goal: 0.95),
            QuestionSpec(
              id: "handledning",
              column: "Ges rätt och tillräcklig handledning till projektledare?", goal: 0.95,
              recipients: ["Projektledare"]),
          ],
          invited: .perGroup([
            (group: "Styrgrupp närvård", count: 14),
            (group: "Delregionalt Politiskt Samråd", count: 20),
            (group: "Projektledare", count: 6), (group: "Uppdragsgrupper", count: 40),
          ]),
          minimumGroupSize: 5))
  }

  // MARK: - Defaults and spellings

  @Test func defaults() throws {
    let spec = try SpecLoader.loadSurveySpec(yaml: minimalSpec, fileName: "spec.yaml")
    #expect(spec.notSubstantive == [""])
    #expect(spec.minimumGroupSize == 5)
    #expect(spec.period == nil && spec.groupColumn == nil && spec.weightColumn == nil)
    #expect(spec.invited == nil && spec.sheet == nil && spec.headerRows == nil)
    #expect(spec.synonyms.isEmpty)
    #expect(spec.questions == [QuestionSpec(id: "q1", column: "Fråga 1")])
  }

  @Test(arguments: [
    ("period: 2025", "2025"), ("period: \"2025\"", "2025"), ("period: 2025-12", "2025-12"),
  ])
  func periodIsKeptAsWritten(line: String, period: String) throws {
    let spec = try SpecLoader.loadSurveySpec(yaml: minimalSpec + line, fileName: "s.yaml")
    #expect(spec.period == period)
  }

  @Test(arguments: [
    ("invited: 143", Invited.total(143)),
    ("invited: 0", Invited.total(0)),
    ("invited: inbjudna.csv", Invited.file("inbjudna.csv")),
    ("invited: {A: 3, B: 0}", Invited.perGroup([(group: "A", count: 3), (group: "B", count: 0)])),
  ])
  func invitedForms(line: String, invited: Invited) throws {
    let spec = try SpecLoader.loadSurveySpec(yaml: minimalSpec + line, fileName: "s.yaml")
    #expect(spec.invited == invited)
  }

  @Test func optionalKeysAndOddValues() throws {
    let yaml = """
      title: "2025"
      group: Grupp
      weight: Freq
      scale: [Yes, No, "On"]
      positive: [Yes]
      not_substantive:
        - Vet ej
        -
      synonyms: {Vet inte: Vet ej, "y": Yes}
      questions:
        - {id: q, column: "Fråga *viktig*", goal: 1, recipients: [A]}
        - {id: r, column: Fråga 2 *, goal: 0}
      min_group_size: 1
      sheet: Blad 2
      header_rows: 2
      """
    let spec = try SpecLoader.loadSurveySpec(yaml: yaml, fileName: "s.yaml")
    // `Yes`, `No` and `On` are answers, not YAML 1.1 booleans.
    #expect(spec.scale == ["Yes", "No", "On"])
    #expect(spec.title == "2025")
    #expect(spec.weightColumn == "Freq")
    #expect(spec.notSubstantive == ["Vet ej", ""])
    #expect(spec.synonyms == ["Vet inte": "Vet ej", "y": "Yes"])
    #expect(spec.questions.map(\.column) == ["Fråga *viktig*", "Fråga 2 *"])
    #expect(spec.questions.map(\.goal) == [1, 0])
    // Recipients are not checked against a total or a missing `invited`.
    #expect(spec.questions[0].recipients == ["A"])
    #expect(spec.minimumGroupSize == 1)
    #expect(spec.sheet == "Blad 2")
    #expect(spec.headerRows == 2)
  }

  // Qualtrics' three header rows, the three settings of a blank group, and a question's
  // wording: `text`, else `label`, else the column.
  @Test func headerRowsMissingGroupAndText() throws {
    let yaml = minimalSpec.replacingOccurrences(
      of: "    column: Fråga 1\n",
      with: "    column: Q1\n    label: Kallelse i tid\n"
        + "  - {id: q2, column: Q2, label: Protokoll, text: Är protokollen tydliga?}\n"
        + "  - {id: q3, column: Q3}\n")
    let spec = try SpecLoader.loadSurveySpec(
      yaml: yaml + "header_rows: 3\nskip_rows: 1\n", fileName: "s.yaml")
    #expect(spec.headerRows == 3)
    #expect(spec.skipRows == 1)
    #expect(spec.missingGroup == .notStated)
    #expect(spec.questions.map(\.wording) == ["Kallelse i tid", "Är protokollen tydliga?", "Q3"])
    for (text, expected) in [
      ("ej_angivet", MissingGroup.notStated), ("totalt", .totalOnly), ("error", .error),
    ] {
      let decoded = try SpecLoader.loadSurveySpec(
        yaml: minimalSpec + "missing_group: \(text)\n", fileName: "s.yaml")
      #expect(decoded.missingGroup == expected)
    }
  }

  @Test func byteOrderMarkAndCRLF() throws {
    let yaml = "\u{FEFF}" + minimalSpec.replacingOccurrences(of: "\n", with: "\r\n")
    let spec = try SpecLoader.loadSurveySpec(yaml: yaml, fileName: "s.yaml")
    #expect(spec.title == "T")
  }

  // MARK: - Validation

  static let invalidSpecs: [SpecCase] = [
    SpecCase(
      name: "misspelt key gets a suggestion",
      yaml: """
        title: T
        scale: [Ja, Nej]
        positive: [Ja]
        questons:
          - {id: q, column: Q}
        """,
      expected: "spec.yaml:4:1: unknown key \"questons\"; did you mean \"questions\"?"),
    SpecCase(
      name: "transposed letters get a suggestion",
      yaml: minimalSpec + "min_grupo_size: 3",
      expected: "spec.yaml:7:1: unknown key \"min_grupo_size\"; did you mean \"min_group_size\"?"
    ),
    SpecCase(
      name: "unknown key far from every key",
      yaml: minimalSpec + "colour: red",
      expected:
        "spec.yaml:7:1: unknown key \"colour\" (expected one of: title, period, group, weight,"
        + " scale, positive, not_substantive, synonyms, questions, invited, min_group_size,"
        + " sheet, header_rows, skip_rows, missing_group)"),
    SpecCase(
      name: "unknown key of a question",
      yaml: minimalSpec + "  - {id: q2, column: Q, gaol: 0.9}",
      expected: "spec.yaml:7:25: unknown key \"gaol\"; did you mean \"goal\"?"),
    SpecCase(
      name: "text where a list is expected",
      yaml: """
        title: T
        scale: [Ja, Nej]
        positive: Ja
        questions: [{id: q, column: Q}]
        """,
      expected:
        "spec.yaml:3:11: \"positive\" must be a list, found \"Ja\"; each item of a list starts with \"- \" on a line of its own, or write the list as [a, b]"
    ),
    SpecCase(
      name: "list where text is expected",
      yaml: """
        title: [T]
        scale: [Ja, Nej]
        positive: [Ja]
        questions: [{id: q, column: Q}]
        """,
      expected: "spec.yaml:1:8: \"title\" must be text, found a list"),
    SpecCase(
      name: "mapping in a list of answers",
      yaml: """
        title: T
        scale: [Ja, {Nej: 1}]
        positive: [Ja]
        questions: [{id: q, column: Q}]
        """,
      expected: "spec.yaml:2:13: each item of \"scale\" must be text, found a mapping"),
    SpecCase(
      name: "questions not a list",
      yaml: """
        title: T
        scale: [Ja, Nej]
        positive: [Ja]
        questions: {id: q, column: Q}
        """,
      expected:
        "spec.yaml:4:12: \"questions\" must be a list, found a mapping; each item of a list starts with \"- \" on a line of its own, or write the list as [a, b]"
    ),
    SpecCase(
      name: "a question that is not a mapping",
      yaml: """
        title: T
        scale: [Ja, Nej]
        positive: [Ja]
        questions: [helhet]
        """,
      expected: "spec.yaml:4:13: a question must be a mapping of keys, found \"helhet\""),
    SpecCase(
      name: "missing title",
      yaml: """
        scale: [Ja, Nej]
        positive: [Ja]
        questions: [{id: q, column: Q}]
        """,
      expected: "spec.yaml:1:1: missing required key \"title\""),
    SpecCase(
      name: "missing scale",
      yaml: """
        title: T
        positive: [Ja]
        questions: [{id: q, column: Q}]
        """,
      expected: "spec.yaml:1:1: missing required key \"scale\""),
    SpecCase(
      name: "missing positive",
      yaml: """
        title: T
        scale: [Ja, Nej]
        questions: [{id: q, column: Q}]
        """,
      expected: "spec.yaml:1:1: missing required key \"positive\""),
    SpecCase(
      name: "missing questions",
      yaml: """
        title: T
        scale: [Ja, Nej]
        positive: [Ja]
        """,
      expected: "spec.yaml:1:1: missing required key \"questions\""),
    SpecCase(
      name: "question without id",
      yaml: minimalSpec + "  - column: Fråga 2",
      expected: "spec.yaml:7:5: missing required key \"id\""),
    SpecCase(
      name: "question without column",
      yaml: minimalSpec + "  - id: q2\n    goal: 0.9",
      expected: "spec.yaml:7:5: missing required key \"column\""),
    SpecCase(
      name: "title without a value",
      yaml: minimalSpec.replacingOccurrences(of: "title: T", with: "title:"),
      expected: "spec.yaml:1:7: \"title\" must be text, found nothing"),
    SpecCase(
      name: "empty column name",
      yaml: minimalSpec.replacingOccurrences(of: "Fråga 1", with: "\"\""),
      expected: "spec.yaml:6:13: \"column\" must not be empty"),
    SpecCase(
      name: "positive answer not on the scale",
      yaml: minimalSpec.replacingOccurrences(of: "[Ja]", with: "[Ja, Bra]"),
      expected:
        "spec.yaml:3:16: positive answer \"Bra\" is not on the scale"
        + " (expected one of: \"Ja\", \"Delvis\", \"Nej\")"),
    SpecCase(
      name: "empty positive",
      yaml: minimalSpec.replacingOccurrences(of: "[Ja]", with: "[]"),
      expected: "spec.yaml:3:11: \"positive\" must list at least one answer of the scale"),
    SpecCase(
      name: "answer twice on the scale",
      yaml: minimalSpec.replacingOccurrences(of: "[Ja, Delvis, Nej]", with: "[Ja, Nej, Ja]"),
      expected: "spec.yaml:2:18: answer \"Ja\" is on the scale twice"),
    SpecCase(
      name: "blank on the scale",
      yaml: minimalSpec.replacingOccurrences(of: "Delvis", with: "\"\""),
      expected:
        "spec.yaml:2:13: an answer on the scale must not be empty; blank cells go in"
        + " \"not_substantive\""),
    SpecCase(
      name: "not substantive answer on the scale",
      yaml: minimalSpec + "not_substantive: [Vet ej, Nej]",
      expected: "spec.yaml:7:27: \"Nej\" is on the scale and cannot also be in \"not_substantive\""),
    SpecCase(
      name: "synonym target not on the scale",
      yaml: minimalSpec + "synonyms: {Till viss del: Delviss}",
      expected:
        "spec.yaml:7:27: synonym target \"Delviss\" is not on the scale"
        + " (expected one of: \"Ja\", \"Delvis\", \"Nej\")"),
    SpecCase(
      name: "synonyms as a list",
      yaml: minimalSpec + "synonyms: [Delvis]",
      expected: "spec.yaml:7:11: \"synonyms\" must be a mapping, found a list"),
    SpecCase(
      name: "goal written as a percentage",
      yaml: minimalSpec + "    goal: 85",
      expected:
        "spec.yaml:7:11: \"goal\" must be a share between 0 and 1, found \"85\";"
        + " write 0.85 for 85 %"),
    SpecCase(
      name: "goal written as a percentage with decimals",
      yaml: minimalSpec + "    goal: 92.5",
      expected:
        "spec.yaml:7:11: \"goal\" must be a share between 0 and 1, found \"92.5\";"
        + " write 0.925 for 92.5 %"),
    SpecCase(
      name: "goal above 100",
      yaml: minimalSpec + "    goal: 150",
      expected: "spec.yaml:7:11: \"goal\" must be a share between 0 and 1, found \"150\""),
    SpecCase(
      name: "negative goal",
      yaml: minimalSpec + "    goal: -0.1",
      expected: "spec.yaml:7:11: \"goal\" must be a share between 0 and 1, found \"-0.1\""),
    SpecCase(
      name: "goal with a decimal comma",
      yaml: minimalSpec + "    goal: 0,85",
      expected:
        "spec.yaml:7:11: \"goal\" must be a number, found \"0,85\"; write decimals with a point"
    ),
    SpecCase(
      name: "goal as text",
      yaml: minimalSpec + "    goal: hög",
      expected: "spec.yaml:7:11: \"goal\" must be a number, found \"hög\""),
    SpecCase(
      name: "duplicate question id",
      yaml: minimalSpec + "  - id: q1\n    column: Fråga 2",
      expected: "spec.yaml:7:9: duplicate question id \"q1\" (first used on line 5)"),
    SpecCase(
      name: "recipient group not invited, close to one that is",
      yaml: """
        title: T
        scale: [Ja, Nej]
        positive: [Ja]
        invited: {Styrgrupp: 14, Projektledare: 6}
        questions:
          - {id: q, column: Q, recipients: [Projektledarna]}
        """,
      expected:
        "spec.yaml:6:37: recipient group \"Projektledarna\" is not in \"invited\";"
        + " did you mean \"Projektledare\"?"),
    SpecCase(
      name: "recipient group not invited",
      yaml: """
        title: T
        scale: [Ja, Nej]
        positive: [Ja]
        invited: {Styrgrupp: 14, Projektledare: 6}
        questions:
          - {id: q, column: Q, recipients: [Politiker]}
        """,
      expected:
        "spec.yaml:6:37: recipient group \"Politiker\" is not in \"invited\""
        + " (expected one of: \"Styrgrupp\", \"Projektledare\")"),
    SpecCase(
      name: "negative invited count of a group",
      yaml: minimalSpec + "invited:\n  Nätverk A: 12\n  Nätverk B: -3",
      expected:
        "spec.yaml:9:14: the invited count of \"Nätverk B\" must be a whole number of 0 or more,"
        + " found \"-3\""),
    SpecCase(
      name: "fractional invited count of a group",
      yaml: minimalSpec + "invited: {Nätverk A: 12.5}",
      expected:
        "spec.yaml:7:22: the invited count of \"Nätverk A\" must be a whole number of 0 or more,"
        + " found \"12.5\""),
    SpecCase(
      name: "invited count of a group as text",
      yaml: minimalSpec + "invited: {Nätverk A: tolv}",
      expected:
        "spec.yaml:7:22: the invited count of \"Nätverk A\" must be a whole number of 0 or more,"
        + " found \"tolv\""),
    SpecCase(
      name: "negative invited total",
      yaml: minimalSpec + "invited: -143",
      expected: "spec.yaml:7:10: \"invited\" must be a whole number of 0 or more, found \"-143\""),
    SpecCase(
      name: "fractional invited total",
      yaml: minimalSpec + "invited: 14.3",
      expected: "spec.yaml:7:10: \"invited\" must be a whole number of 0 or more, found \"14.3\""),
    SpecCase(
      name: "invited as a list",
      yaml: minimalSpec + "invited: [12, 14]",
      expected:
        "spec.yaml:7:10: \"invited\" must be a number, a mapping of group to number, or a file"
        + " name, found a list"),
    SpecCase(
      name: "min_group_size zero",
      yaml: minimalSpec + "min_group_size: 0",
      expected: "spec.yaml:7:17: \"min_group_size\" must be at least 1, found \"0\""),
    SpecCase(
      name: "min_group_size not whole",
      yaml: minimalSpec + "min_group_size: 2.5",
      expected: "spec.yaml:7:17: \"min_group_size\" must be a whole number, found \"2.5\""),
    SpecCase(
      name: "header_rows four",
      yaml: minimalSpec + "header_rows: 4",
      expected: "spec.yaml:7:14: \"header_rows\" must be 1, 2 or 3, found \"4\""),
    SpecCase(
      name: "skip_rows negative",
      yaml: minimalSpec + "skip_rows: -1",
      expected: "spec.yaml:7:12: \"skip_rows\" must be 0 or more, found \"-1\""),
    SpecCase(
      name: "missing_group unknown",
      yaml: minimalSpec + "missing_group: skip",
      expected:
        "spec.yaml:7:16: \"missing_group\" must be one of: ej_angivet, totalt, error,"
        + " found \"skip\""),
    SpecCase(
      name: "header_rows as text",
      yaml: minimalSpec + "header_rows: två",
      expected: "spec.yaml:7:14: \"header_rows\" must be 1, 2 or 3, found \"två\""),
    SpecCase(
      name: "long text is cut in messages",
      yaml: minimalSpec
        + "header_rows: anna.andersson@boras.se skrev att mötet var bra men att kallelsen kom för sent och att hon vill ha mer tid",
      expected:
        "spec.yaml:7:14: \"header_rows\" must be 1, 2 or 3, found \"anna.andersson@boras.se skrev att mötet var bra men att kallelsen kom för sent o…\""
    ),
  ]

  @Test(arguments: invalidSpecs)
  func rejects(_ specCase: SpecCase) {
    let error = surveyError(specCase.yaml)
    #expect(error?.code == specCase.code)
    #expect(error?.description == specCase.expected)
  }

  // MARK: - Malformed and hostile files (SPEC §8)

  static let hostileSpecs: [SpecCase] = [
    SpecCase(
      name: "syntax error",
      yaml: "title: T\nscale: [Ja, Nej\npositive: [Ja]\n",
      expected:
        "spec.yaml:3:9: invalid YAML: did not find expected ',' or ']'"
        + " (while parsing a flow sequence)"),
    SpecCase(
      name: "bad indentation",
      yaml: "title: T\n  scale: [Ja]\n",
      expected:
        "spec.yaml:2:8: invalid YAML: mapping values are not allowed in this context; indent a key as far as the keys beside it"
    ),
    SpecCase(
      name: "tab indentation",
      yaml: "title: T\nquestions:\n\t- id: q\n",
      expected:
        "spec.yaml:3:1: invalid YAML: found character that cannot start any token"
        + " (while scanning for the next token); indent with spaces, not tabs"),
    SpecCase(
      name: "duplicate key",
      yaml: minimalSpec + "title: U",
      expected: "spec.yaml:1:1: key \"title\" appears more than once in the same mapping"),
    SpecCase(
      name: "two documents",
      yaml: minimalSpec + "---\n" + minimalSpec,
      expected:
        "spec.yaml:7:1: invalid YAML: but found another document"
        + " (expected a single document in the stream)"),
    SpecCase(
      name: "empty file", yaml: "", expected: "spec.yaml: the spec is empty"),
    SpecCase(
      name: "only a comment", yaml: "# nothing yet\n", expected: "spec.yaml: the spec is empty"),
    SpecCase(
      name: "a list at the top",
      yaml: "- title: T\n",
      expected: "spec.yaml:1:1: the spec must be a mapping of keys, found a list"),
    SpecCase(
      name: "an alias",
      yaml: "title: &t T\nscale: [Ja]\npositive: [Ja]\nquestions: [{id: q, column: *t}]\n",
      expected:
        "spec.yaml:4:29: YAML aliases (*name) are not supported; write the value out"),
    SpecCase(
      name: "billion laughs",
      yaml: """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        """,
      expected:
        "spec.yaml:2:8: YAML aliases (*name) are not supported; write the value out"),
    SpecCase(
      // Yams hashes mapping keys while it composes: an expanded key would hang it.
      name: "billion laughs in a key",
      yaml: """
        a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
        g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
        h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
        i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
        ? *i
        : x
        """,
      expected:
        "spec.yaml:2:8: YAML aliases (*name) are not supported; write the value out"),
    SpecCase(
      name: "alias as a block key",
      yaml: "title: &t T\n*t : x\n",
      expected: "spec.yaml:2:1: YAML aliases (*name) are not supported; write the value out"),
    SpecCase(
      name: "too deep",
      yaml: "title: " + String(repeating: "[", count: 2000),
      expected: "spec.yaml:1:9: the YAML is nested more than 1000 levels deep",
      code: .limitExceeded),
    SpecCase(
      name: "too many nodes",
      yaml: "scale: [" + String(repeating: "a,", count: 100_000) + "a]",
      expected: "spec.yaml: the file has more than 100000 YAML nodes; a spec has a few dozen",
      code: .limitExceeded),
    SpecCase(
      name: "over 1 MB",
      yaml: "title: " + String(repeating: "x", count: 1 << 20),
      expected: "spec.yaml: the file is larger than 1 MB, the limit for a spec or project file",
      code: .limitExceeded),
    SpecCase(
      name: "control character",
      yaml: "title: T\u{7}\n",
      expected: "spec.yaml:1:9: invalid YAML: control characters are not allowed"),
  ]

  @Test(arguments: hostileSpecs)
  func refuses(_ specCase: SpecCase) {
    let error = surveyError(specCase.yaml)
    #expect(error?.code == specCase.code)
    #expect(error?.description == specCase.expected)
  }

  /// Asterisks and ampersands in text, comments and block scalars are not aliases.
  @Test func asterisksInTextAreNotAliases() throws {
    let yaml = """
      # *obs: not an alias
      title: >
        Enkät *2025*
        - *a
      period: '*'
      group: "*grupp"
      weight: a *b
      scale: [Ja*, "*Nej", '*Delvis']
      positive: [Ja*]   # *comment
      questions:
        - id: q
          column: |
            Fråga
            *fotnot
        - id: r
          column: Vad *tycker* du?
          goal: 0.5
      sheet: R&D
      """
    let spec = try SpecLoader.loadSurveySpec(yaml: yaml, fileName: "s.yaml")
    #expect(spec.title == "Enkät *2025* - *a\n")
    #expect(spec.period == "*")
    #expect(spec.groupColumn == "*grupp")
    #expect(spec.weightColumn == "a *b")
    #expect(spec.scale == ["Ja*", "*Nej", "*Delvis"])
    #expect(spec.questions.map(\.column) == ["Fråga\n*fotnot\n", "Vad *tycker* du?"])
    #expect(spec.sheet == "R&D")
  }

  /// Every place a node can start is checked, in block and flow style.
  @Test(arguments: [
    ("a: &x 1\nb: {*x : 1}\n", 2, 5),
    ("a: &x 1\nb: [1, *x]\n", 2, 8),
    ("a: &x 1\nb:\n  - *x\n", 3, 5),
    ("a: &x 1\n? *x\n: 1\n", 2, 3),
    ("a: &x 1\nb: {c: 1,*x: 2}\n", 2, 10),
    ("a: &x 1\nb: |\n  text\nc: *x\n", 4, 4),
    ("a: &x 1\nb: \"q\" \nc: *x\n", 3, 4),
    ("--- *x\n", 1, 5),
  ])
  func findsAliases(yaml: String, line: Int, column: Int) {
    let error = surveyError(yaml)
    #expect(error?.diagnostics.first?.row == line)
    #expect(error?.diagnostics.first?.column == column)
  }

  /// An asterisk that continues a multi-line plain or quoted scalar is text, as YAML reads it.
  @Test func continuedScalarsAreText() throws {
    let yaml = minimalSpec + "period: 2025\n  *a\nsheet: \"Blad\n  *1\"\n"
    let spec = try SpecLoader.loadSurveySpec(yaml: yaml, fileName: "s.yaml")
    #expect(spec.period == "2025 *a")
    #expect(spec.sheet == "Blad *1")
  }

  // MARK: - Files

  @Test func missingFileIsUnreadable() {
    let url = URL(fileURLWithPath: "/nonexistent/spec.yaml")
    let error = #expect(throws: IngestError.self) { try SpecLoader.loadSurveySpec(url: url) }
    #expect(error?.code == .unreadable)
    #expect(error?.description == "spec.yaml: no such file")
  }

  @Test func fileEncodings() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-spec-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    let utf16 = folder.appendingPathComponent("utf16.yaml")
    try ([0xFF, 0xFE] + Data(minimalSpec.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
      .write(to: utf16)
    #expect(try SpecLoader.loadSurveySpec(url: utf16).questions[0].column == "Fråga 1")

    let latin1 = folder.appendingPathComponent("latin1.yaml")
    try minimalSpec.data(using: .isoLatin1)?.write(to: latin1)
    let error = #expect(throws: IngestError.self) { try SpecLoader.loadSurveySpec(url: latin1) }
    #expect(error?.code == .malformed)
    #expect(
      error?.description
        == "latin1.yaml:6:15: expected UTF-8 text, found a byte that is not UTF-8"
        + " (save the file as UTF-8)")

    let large = folder.appendingPathComponent("large.yaml")
    try Data(repeating: 0x20, count: SpecLoader.maximumFileSize + 1).write(to: large)
    let tooLarge = #expect(throws: IngestError.self) { try SpecLoader.loadSurveySpec(url: large) }
    #expect(tooLarge?.code == .limitExceeded)
  }
}

@Suite("Spec loader: project files")
struct ProjectFileLoaderTests {
  @Test func projectExample() throws {
    let url = try fixture("projekt")
    let project = try SpecLoader.loadProject(url: url)
    let folder = url.deletingLastPathComponent().standardizedFileURL
    #expect(
      project
        == ProjectFile(
          organisation: "Boråsregionen Sjuhärads kommunalförbund", period: "2025",
          store: "kpi.sqlite", history: "history/published.csv",
          analyses: [
            .survey(
              SurveyEntry(
                id: "natverksenkat", data: "natverksenkat/2025.xlsx",
                spec: "natverksenkat/spec.yaml", previous: "natverksenkat/2024.csv")),
            .questionnaire(
              SurveyEntry(id: "narvard", data: "narvard/2025-12.csv", spec: "narvard/spec.yaml")),
            .sickleave(
              SickLeaveEntry(
                id: "sjukfranvaro", employees: "hr/employees.csv", spells: "hr/spells.csv")),
            .visitors(
              VisitorsEntry(
                id: "navet", data: "navet/visitors.csv",
                options: VisitorOptions(baseYears: [2019, 2022], goal: 0.15))),
          ],
          goals: [
            ManualGoal(
              id: "dso-nyhetsbrev", text: "Minst tre nyhetsbrev", target: 3,
              comparator: .atLeast, value: 2, status: .met)
          ],
          baseDirectory: folder))
    #expect(project.resolve("hr/spells.csv") == folder.appendingPathComponent("hr/spells.csv"))
    #expect(project.baseDirectory?.path.hasPrefix("/") == true)
  }

  @Test func minimalProject() throws {
    let project = try SpecLoader.loadProject(
      yaml: "organisation: BRS\nperiod: 2025\n", fileName: "projekt.yaml")
    #expect(project == ProjectFile(organisation: "BRS", period: "2025"))
  }

  // The settings the single commands take as options can be given in the project too, so a
  // report and a command run an analysis alike; what is not given keeps the one default.
  @Test func analysisSettings() throws {
    let project = try SpecLoader.loadProject(
      yaml: """
        organisation: BRS
        period: "2023-08"
        analyses:
          - {id: s, kind: survey, data: d.xlsx, spec: s.yaml, period: "2023", sheet: Svar}
          - {id: h, kind: sickleave, employees: e.csv, spells: f.csv, years: 2,
             full_time_hours: 1950}
          - {id: n, kind: visitors, data: v.csv, summer: 6-7, through: 2023-08,
             sum_duplicates: true, noun: konferenser}
          - {id: m, kind: visitors, data: w.csv}
        """, fileName: "projekt.yaml")
    #expect(
      project.analyses == [
        .survey(
          SurveyEntry(id: "s", data: "d.xlsx", spec: "s.yaml", sheet: "Svar", period: "2023")),
        .sickleave(
          SickLeaveEntry(
            id: "h", employees: "e.csv", spells: "f.csv", years: 2, fullTimeHours: 1950)),
        .visitors(
          VisitorsEntry(
            id: "n", data: "v.csv",
            options: VisitorOptions(
              summer: 6...7, duplicates: .sum, through: CalendarDate(year: 2023, month: 8)),
            noun: "konferenser")),
        .visitors(VisitorsEntry(id: "m", data: "w.csv")),
      ])
  }

  // An analysis id names a folder and must be a name; a goal's id is only a key, so it may be
  // anything that is unique.
  @Test func goalIdsNeedNotBeNames() throws {
    let project = try SpecLoader.loadProject(
      yaml: "organisation: BRS\nperiod: \"2025\"\ngoals:\n"
        + "  - {id: \"mål 1.a\", text: Ett mål, status: uppfyllt}\n", fileName: "projekt.yaml")
    #expect(project.goals.map(\.id) == ["mål 1.a"])
    #expect(
      projectError(
        "organisation: BRS\nperiod: \"2025\"\ngoals:\n  - {id: a, text: A, status: uppfyllt}\n"
          + "  - {id: a, text: B, status: uppfyllt}\n")?.diagnostics.map(\.description)
        == ["projekt.yaml:5:10: duplicate goal id \"a\" (first used on line 4)"])
  }

  @Test(arguments: [
    (
      "{id: n, kind: visitors, data: v.csv, summer: 8-6}",
      "projekt.yaml:4:50: \"summer\" must be months first-last, e.g. 6-8, found \"8-6\""
    ),
    (
      "{id: n, kind: visitors, data: v.csv, through: igår}",
      "projekt.yaml:4:51: \"through\" must be a day or a month (YYYY-MM-DD or YYYY-MM), "
        + "found \"igår\""
    ),
    (
      "{id: h, kind: sickleave, employees: e.csv, spells: f.csv, years: 0}",
      "projekt.yaml:4:70: \"years\" must be 1 or more"
    ),
    // Issue 17: an id is used as a folder name, so it must not be a path.
    (
      "{id: ../escaped, kind: visitors, data: v.csv}",
      "projekt.yaml:4:10: an analysis id is a name of letters, digits, - and _, found "
        + "\"../escaped\""
    ),
    (
      "{id: \"..\", kind: visitors, data: v.csv}",
      "projekt.yaml:4:10: an analysis id is a name of letters, digits, - and _, found \"..\""
    ),
    (
      "{id: a/b, kind: visitors, data: v.csv}",
      "projekt.yaml:4:10: an analysis id is a name of letters, digits, - and _, found \"a/b\""
    ),
    (
      "{id: h, kind: sickleave, employees: e.csv, spells: f.csv, sheet: Blad1}",
      "projekt.yaml:4:63: \"sheet\" does not apply to a sickleave analysis"
    ),
  ])
  func badAnalysisSettings(entry: String, expected: String) {
    let error = projectError("organisation: BRS\nperiod: \"2025\"\nanalyses:\n  - " + entry)
    #expect(error?.diagnostics.map(\.description) == [expected])
  }

  // An interim report's date: a day, written YYYY-MM-DD.
  @Test func asOf() throws {
    let project = try SpecLoader.loadProject(
      yaml: "organisation: BRS\nperiod: \"2023-08\"\nas_of: 2023-08-31\n",
      fileName: "projekt.yaml")
    #expect(project.asOf == CalendarDate(year: 2023, month: 8, day: 31))
    let quoted = try SpecLoader.loadProject(
      yaml: "organisation: BRS\nperiod: \"2024-08\"\nas_of: \"2024-02-29\"\n",
      fileName: "projekt.yaml")
    #expect(quoted.asOf == CalendarDate(year: 2024, month: 2, day: 29))
    #expect(
      try SpecLoader.loadProject(yaml: "organisation: BRS\nperiod: 2025\n", fileName: "p.yaml")
        .asOf == nil)
  }

  @Test(arguments: ["2023-02-30", "2023-08", "31/8/2023", "2023-8-31", "igår", "2023-13-01"])
  func badAsOf(text: String) {
    let error = projectError("organisation: BRS\nperiod: \"2023-08\"\nas_of: \(text)\n")
    #expect(
      error?.diagnostics.map(\.description)
        == [
          "projekt.yaml:3:8: \"as_of\" must be a day YYYY-MM-DD, e.g. 2023-08-31, found "
            + "\"\(text)\""
        ])
  }

  @Test func goalDetails() throws {
    let project = try SpecLoader.loadProject(
      yaml: """
        organisation: BRS
        period: "2025-08"
        goals:
          - id: a
            text: Minst tre nyhetsbrev
            target: 3
            comparator: ">="
            value: 2
            unit: st
            status: delvis uppfyllt
            comment: Två av tre, det tredje kom i september.
          - {id: b, text: Ny webbplats, status: ej uppfyllt}
          - {id: c, text: Kundenkät, status: ingen data, comment: ""}
          - {id: d, text: Högst fem, target: 5, comparator: "<", status: met}
        """, fileName: "projekt.yaml")
    #expect(
      project.goals == [
        ManualGoal(
          id: "a", text: "Minst tre nyhetsbrev", target: 3, comparator: .atLeast, value: 2,
          unit: "st", status: .partlyMet, comment: "Två av tre, det tredje kom i september."),
        ManualGoal(id: "b", text: "Ny webbplats", status: .notMet),
        ManualGoal(id: "c", text: "Kundenkät", status: .noData),
        ManualGoal(id: "d", text: "Högst fem", target: 5, comparator: .lessThan, status: .met),
      ])
  }

  private static let head = "organisation: BRS\nperiod: \"2025\"\n"

  static let invalidProjects: [SpecCase] = [
    SpecCase(
      name: "misspelt top-level key",
      yaml: "organization: BRS\nperiod: 2025\n",
      expected: "projekt.yaml:1:1: unknown key \"organization\"; did you mean \"organisation\"?"),
    SpecCase(
      name: "missing period",
      yaml: "organisation: BRS\n",
      expected: "projekt.yaml:1:1: missing required key \"period\""),
    SpecCase(
      name: "analyses not a list",
      yaml: head + "analyses: {id: a, kind: survey}",
      expected:
        "projekt.yaml:3:11: \"analyses\" must be a list, found a mapping; each item of a list starts with \"- \" on a line of its own, or write the list as [a, b]"
    ),
    SpecCase(
      name: "unknown key of an analysis",
      yaml: head + "analyses:\n  - {id: a, kind: visitors, data: v.csv, base_year: [2019]}",
      expected: "projekt.yaml:4:42: unknown key \"base_year\"; did you mean \"base_years\"?"),
    SpecCase(
      name: "unknown kind close to a kind",
      yaml: head + "analyses:\n  - {id: a, kind: sick_leave, employees: e.csv, spells: s.csv}",
      expected:
        "projekt.yaml:4:19: unknown analysis kind \"sick_leave\"; did you mean \"sickleave\"?"
    ),
    SpecCase(
      name: "unknown kind",
      yaml: head + "analyses:\n  - {id: a, kind: enkät, data: d.csv, spec: s.yaml}",
      expected:
        "projekt.yaml:4:19: unknown analysis kind \"enkät\""
        + " (expected one of: survey, questionnaire, sickleave, visitors)"),
    SpecCase(
      name: "analysis without kind",
      yaml: head + "analyses:\n  - {id: a, data: d.csv}",
      expected: "projekt.yaml:4:5: missing required key \"kind\""),
    SpecCase(
      name: "survey without spec",
      yaml: head + "analyses:\n  - {id: a, kind: survey, data: d.csv}",
      expected: "projekt.yaml:4:5: missing required key \"spec\" for a survey analysis"),
    SpecCase(
      name: "questionnaire without data",
      yaml: head + "analyses:\n  - id: a\n    kind: questionnaire\n    spec: s.yaml",
      expected: "projekt.yaml:4:5: missing required key \"data\" for a questionnaire analysis"),
    SpecCase(
      name: "sick leave without spells",
      yaml: head + "analyses:\n  - {id: a, kind: sickleave, employees: e.csv}",
      expected: "projekt.yaml:4:5: missing required key \"spells\" for a sickleave analysis"),
    SpecCase(
      name: "visitors without data",
      yaml: head + "analyses:\n  - {id: a, kind: visitors, goal: 0.15}",
      expected: "projekt.yaml:4:5: missing required key \"data\" for a visitors analysis"),
    SpecCase(
      name: "required path without a value",
      yaml: head + "analyses:\n  - {id: a, kind: visitors, data: }",
      expected: "projekt.yaml:4:35: \"data\" must be text, found nothing"),
    SpecCase(
      name: "key of another kind",
      yaml: head + "analyses:\n  - {id: a, kind: survey, data: d.csv, spec: s.yaml, spells: x}",
      expected: "projekt.yaml:4:54: \"spells\" does not apply to a survey analysis"),
    SpecCase(
      name: "base years not a list",
      yaml: head + "analyses:\n  - {id: a, kind: visitors, data: v.csv, base_years: 2019}",
      expected:
        "projekt.yaml:4:54: \"base_years\" must be a list, found \"2019\"; each item of a list starts with \"- \" on a line of its own, or write the list as [a, b]"
    ),
    SpecCase(
      name: "base year not a number",
      yaml: head + "analyses:\n  - {id: a, kind: visitors, data: v.csv, base_years: [2019, x]}",
      expected: "projekt.yaml:4:61: \"base_years\" must be a whole number, found \"x\""),
    SpecCase(
      name: "duplicate analysis id",
      yaml: head
        + "analyses:\n  - {id: a, kind: visitors, data: v.csv}\n"
        + "  - {id: a, kind: visitors, data: w.csv}",
      expected: "projekt.yaml:5:10: duplicate analysis id \"a\" (first used on line 4)"),
    SpecCase(
      name: "goal without status",
      yaml: head + "goals:\n  - {id: g, text: Mål}",
      expected: "projekt.yaml:4:5: missing required key \"status\""),
    SpecCase(
      name: "unknown goal status",
      yaml: head + "goals:\n  - {id: g, text: Mål, status: klart}",
      expected:
        "projekt.yaml:4:32: unknown goal status \"klart\""
        + " (expected one of: uppfyllt, delvis uppfyllt, ej uppfyllt, ingen data)"),
    SpecCase(
      name: "computed status given by hand",
      yaml: head + "goals:\n  - {id: g, text: Mål, status: suppressed}",
      expected:
        "projekt.yaml:4:32: unknown goal status \"suppressed\""
        + " (expected one of: uppfyllt, delvis uppfyllt, ej uppfyllt, ingen data)"),
    SpecCase(
      name: "unknown comparator",
      yaml: head + "goals:\n  - {id: g, text: Mål, target: 3, comparator: =>, status: uppfyllt}",
      expected: "projekt.yaml:4:47: unknown comparator \"=>\" (expected one of: >=, <=, >, <)"),
    SpecCase(
      name: "comparator without target",
      yaml: head + "goals:\n  - {id: g, text: Mål, comparator: \">=\", status: uppfyllt}",
      expected: "projekt.yaml:4:36: \"comparator\" needs a \"target\""),
    SpecCase(
      name: "target not a number",
      yaml: head + "goals:\n  - {id: g, text: Mål, target: tre, status: uppfyllt}",
      expected: "projekt.yaml:4:32: \"target\" must be a number, found \"tre\""),
    SpecCase(
      name: "duplicate goal id",
      yaml: head
        + "goals:\n  - {id: g, text: A, status: uppfyllt}\n"
        + "  - {id: g, text: B, status: uppfyllt}",
      expected: "projekt.yaml:5:10: duplicate goal id \"g\" (first used on line 4)"),
    SpecCase(
      name: "misspelt goal key",
      yaml: head + "goals:\n  - {id: g, text: Mål, status: uppfyllt, commment: x}",
      expected: "projekt.yaml:4:42: unknown key \"commment\"; did you mean \"comment\"?"),
    SpecCase(
      name: "empty project file", yaml: "\n", expected: "projekt.yaml: the project file is empty"),
  ]

  @Test(arguments: invalidProjects)
  func rejects(_ specCase: SpecCase) {
    let error = projectError(specCase.yaml)
    #expect(error?.code == specCase.code)
    #expect(error?.description == specCase.expected)
  }
}
