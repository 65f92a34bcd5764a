import Foundation
import KPIModel
import Testing

@testable import KPIIngest

/// `kpi init`'s scale detection and drafted YAML, on small fixtures written here.
@Suite("Spec draft")
struct SpecDraftTests {
  static func answers(_ pairs: [(String, Int)]) -> [(value: String, count: Int)] {
    pairs.map { (value: $0.0, count: $0.1) }
  }

  /// One row per scale: the answers in a column (in the order of first appearance) and the
  /// scale, positive and not-substantive answers a person would write for them.
  static let scales:
    [(answers: [(String, Int)], scale: [String], positive: [String], not: [String])] = [
      (
        [("I hög grad", 7), ("I mycket hög grad", 3), ("Inte alls", 1), ("I låg grad", 2)],
        ["I mycket hög grad", "I hög grad", "I låg grad", "Inte alls"],
        ["I mycket hög grad", "I hög grad"], []
      ),
      (
        [("I hög grad", 7), ("I mycket låg grad", 1), ("Vet ej", 2), ("I låg grad", 2)],
        ["I mycket hög grad", "I hög grad", "I låg grad", "I mycket låg grad"],
        ["I mycket hög grad", "I hög grad"], ["Vet ej"]
      ),
      (
        [
          ("Instämmer helt", 4), ("Instämmer delvis", 3), ("Tar helt avstånd", 1),
          ("Varken instämmer eller tar avstånd", 2),
        ],
        [
          "Instämmer helt", "Instämmer delvis", "Varken instämmer eller tar avstånd",
          "Tar delvis avstånd", "Tar helt avstånd",
        ],
        ["Instämmer helt", "Instämmer delvis"], []
      ),
      (
        [("Mycket nöjd", 5), ("Ganska nöjd", 4), ("Ganska missnöjd", 1), ("Ej aktuellt", 1)],
        ["Mycket nöjd", "Ganska nöjd", "Ganska missnöjd", "Mycket missnöjd"],
        ["Mycket nöjd", "Ganska nöjd"], ["Ej aktuellt"]
      ),
      (
        [("Ja", 10), ("Nej", 2), ("Delvis", 3), ("Vet ej", 1)],
        ["Ja", "Delvis", "Nej"], ["Ja"], ["Vet ej"]
      ),
      (
        [("Agree", 10), ("Strongly agree", 4), ("Neutral", 3), ("Disagree", 1), ("N/A", 2)],
        ["Strongly agree", "Agree", "Neutral", "Disagree", "Strongly disagree"],
        ["Strongly agree", "Agree"], ["N/A"]
      ),
      (
        [("Agree", 10), ("Don't know", 1), ("Strongly disagree", 1)],
        ["Strongly agree", "Agree", "Disagree", "Strongly disagree"],
        ["Strongly agree", "Agree"], ["Don't know"]
      ),
      // 1–5 with 6 = not applicable (CarpentryCon's layout).
      (
        [("5", 8), ("4", 5), ("6", 3), ("3", 2), ("2", 1), ("1", 1)],
        ["5", "4", "3", "2", "1"], ["5", "4"], ["6"]
      ),
      // 1–5 with 99 = not applicable.
      (
        [("4", 8), ("99", 2), ("5", 3), ("2", 1)],
        ["5", "4", "3", "2", "1"], ["5", "4"], ["99"]
      ),
      (
        [("7", 2), ("6", 5), ("1", 1), ("4", 2)],
        ["7", "6", "5", "4", "3", "2", "1"], ["7", "6"], []
      ),
      (
        [("10", 2), ("9", 5), ("0", 1), ("7", 2)],
        ["10", "9", "8", "7", "6", "5", "4", "3", "2", "1", "0"], ["10", "9"], []
      ),
    ]

  @Test(arguments: scales.indices)
  func scaleDetection(_ row: Int) throws {
    let expected = Self.scales[row]
    let match = try #require(AnswerScale.match(Self.answers(expected.answers)))
    #expect(match.scale == expected.scale)
    #expect(match.positive == expected.positive)
    #expect(match.notSubstantive == expected.not)
  }

  @Test func freeTypedYesNoBecomesSynonyms() throws {
    let match = try #require(
      AnswerScale.match(
        Self.answers([("No", 31), ("Yes", 15), ("NO", 3), ("Yesss", 1), ("Nope", 1), ("Y", 1)])))
    #expect(match.scale == ["Yes", "No"])
    #expect(match.synonyms == ["Yesss": "Yes", "Nope": "No", "Y": "Yes"])
    #expect(match.unrecognised.isEmpty)
  }

  @Test func noScaleForNamesOrAges() {
    #expect(AnswerScale.match(Self.answers([("Volvo", 3), ("Opel", 2), ("Saab", 2)])) == nil)
    #expect(AnswerScale.match(Self.answers([("45", 1), ("23", 1), ("33", 1)])) == nil)
  }

  static func write(_ text: String, _ name: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-draft-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
  }

  /// A Microsoft Forms-like export: id, times, e-mail, a group, two questions whose headers
  /// hold a colon, a `#` and quotes, and a comment column with an address and a name in it.
  static let export = """
    ID;Start time;Email;Grupp;Fråga 1: "Kallelsen" # i tid?;Protokoll: tydliga?;Kommentar
    1;2025-03-01 08:00;anna@example.se;Styrgrupp;Ja;Ja;Ring mig, Anna Andersson, Storgatan 1
    2;2025-03-01 08:05;bo@example.se;Styrgrupp;Ja;Delvis;hemligt svar nummer två
    3;2025-03-01 08:09;cia@example.se;Projektledare;Nej;Ja;
    4;2025-03-02 10:00;dan@example.se;Projektledare;Delvis;Vet ej;mejla dan@example.se
    5;2025-03-02 11:00;eva@example.se;;Ja;Ja;bra möte

    """

  @Test func draftRoundTripsThroughTheDecoder() throws {
    let url = try Self.write(Self.export, "enkat.csv")
    let draft = try SpecDraft.survey(url, kind: "questionnaire")
    let spec = try SpecLoader.loadSurveySpec(yaml: draft.yaml, fileName: "spec.yaml")
    #expect(spec.groupColumn == "Grupp")
    #expect(spec.scale == ["Ja", "Delvis", "Nej"])
    #expect(spec.positive == ["Ja"])
    #expect(spec.notSubstantive == ["Vet ej", ""])
    #expect(
      spec.questions.map(\.column) == ["Fråga 1: \"Kallelsen\" # i tid?", "Protokoll: tydliga?"])
    #expect(spec.questions.map(\.goal) == [0.95, 0.95])
    #expect(spec.headerRows == 1)
    #expect(spec.missingGroup == .notStated)
    // Evidence: counts per answer of the first question (Ja 3, Delvis 1, Nej 1).
    #expect(draft.yaml.contains("answers: Ja 3, Delvis 1, Nej 1, other 0, blank 0"))
    #expect(draft.yaml.contains("# Skipped (free text): Kommentar"))
    #expect(draft.yaml.contains("# Skipped (identity): Email"))
    #expect(draft.yaml.contains("# Skipped (timestamp): Start time"))
  }

  @Test func noFreeTextOrAddressReachesTheDraft() throws {
    let url = try Self.write(Self.export, "enkat.csv")
    let draft = try SpecDraft.survey(url, kind: "survey")
    let everything = draft.yaml + draft.notes.joined(separator: "\n")
    for secret in [
      "Anna", "Storgatan", "hemligt", "example.se", "bra möte", "mejla", "2025-03-01",
    ] {
      #expect(!everything.contains(secret), "\(secret) leaked")
    }
  }

  @Test func headerOfTwoRowsIsWritten() throws {
    let url = try Self.write(
      """
      Respondent ID,Nätverk,Hur nöjd är du?,
      ,Response,Träffarna,Materialet
      1,A,Mycket nöjd,Ganska nöjd
      2,A,Ganska nöjd,Ganska nöjd
      3,B,Mycket missnöjd,Mycket nöjd

      """, "sm.csv")
    let spec = try SpecLoader.loadSurveySpec(
      yaml: try SpecDraft.survey(url, kind: "survey").yaml, fileName: "spec.yaml")
    #expect(spec.headerRows == 2)
    #expect(
      spec.questions.map(\.column) == [
        "Hur nöjd är du? - Träffarna", "Hur nöjd är du? - Materialet",
      ])
    #expect(spec.scale == ["Mycket nöjd", "Ganska nöjd", "Ganska missnöjd", "Mycket missnöjd"])
  }

  @Test func quotingOfHostileText() throws {
    let text = "a: b # c \"d\" \\ e\tf\u{1B}"
    let yaml =
      "title: \(YAMLWriter.quote(text))\nscale: [x]\npositive: [x]\n"
      + "questions:\n  - {id: q, column: \(YAMLWriter.quote(text))}\n"
    let spec = try SpecLoader.loadSurveySpec(yaml: yaml, fileName: "s.yaml")
    #expect(spec.title == text)
    #expect(spec.questions[0].column == text)
  }

  /// The repository's root, from this file's place in it.
  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  // The spec reference a draft and its error point to is a file of the repository (and what
  // `kpi spec` prints); docs/SURVEY-SPEC.md, named before, is no more.
  @Test func theDraftNamesAnExistingSpecReference() throws {
    #expect(
      FileManager.default.fileExists(
        atPath: Self.repositoryRoot.appendingPathComponent(SpecDraft.specReferencePath).path))
    #expect(SpecDraft.specReference.hasPrefix(SpecDraft.specReferencePath))
    #expect(SpecDraft.specReference.contains("kpi spec"))
    let draft = try SpecDraft.survey(try Self.write(Self.export, "enkat.csv"), kind: "survey")
    #expect(draft.yaml.contains("# The keys are described in docs/spec.md, or `kpi spec`."))
    #expect(!draft.yaml.contains("SURVEY-SPEC"))
    // Nothing to draft (an id and free text only): the error names the reference too.
    let url = try Self.write(
      "ID,Kommentar\n1,ett långt svar som någon skrev\n2,ett annat svar\n3,ett tredje\n"
        + "4,ett fjärde\n5,ett femte\n", "fritext.csv")
    do {
      _ = try SpecDraft.survey(url, kind: "survey")
      Issue.record("drafted a spec without questions")
    } catch {
      #expect(error.description.contains("(docs/spec.md, or `kpi spec`)"))
      #expect(!error.description.contains("SURVEY-SPEC"))
    }
  }

  /// A Google Forms CSV from a Swedish account, in the layout of the real one (every field
  /// quoted, `Tidstämpel` with fm/em times, trailing spaces in a header and in answers, no
  /// final newline), written here with values of its own: no column on a known scale.
  static let swedishForms =
    "\"Tidstämpel\",\"Vilken kommun bor du i?  \",\"Hur tar du dig till jobbet?\","
    + "\"Vad borde bli bättre?\",\"E-postadress\"\n"
    + "\"2023/05/02 8:14:07 fm CET\",\"Borås\",\"Buss \",\"Turerna på kvällen, sa Greta\",\"greta@example.se\"\n"
    + "\"2023/05/02 8:20:11 fm CET\",\"Mark\",\"Bil\",\"Fler cykelställ vid stationen\",\"olle@example.se\"\n"
    + "\"2023/05/02 9:02:45 fm CET\",\"Borås\",\"Buss\",\"Parkeringen är alltid full\",\"\"\n"
    + "\"2023/05/02 11:30:00 fm CET\",\"Mark\",\"Cykel\",\"Belysning på gångvägen\",\"ali@example.se\"\n"
    + "\"2023/05/02 1:05:59 em CET\",\"Borås\",\"Bil \",\"\",\"\"\n"
    + "\"2023/05/02 3:41:12 em CET\",\"Ulricehamn\",\"Buss\",\"Billigare månadskort\",\"bo@example.se\"\n"
    + "\"2023/05/03 7:55:30 fm CET\",\"Mark\",\"Vet ej\",\"Mer väderskydd vid hållplatsen\",\"\"\n"
    + "\"2023/05/03 8:12:04 fm CET\",\"Ulricehamn\",\"Bil\",\"Snöröjning i tid\",\"\"\n"
    + "\"2023/05/03 9:47:21 fm CET\",\"Borås\",\"Buss\",\"Laddstolpar på jobbet\",\"\""

  // No column on a known scale: the column of a few repeated answers is drafted as a
  // categorical question, its answers most frequent first and the most frequent as positive,
  // each marked a guess; the group by its header; the times, addresses and typed text named
  // as skipped and never copied.
  @Test func categoricalAnswersWithoutAKnownScale() throws {
    let url = try Self.write(Self.swedishForms, "formular.csv")
    let draft = try SpecDraft.survey(url, kind: "survey")
    let spec = try SpecLoader.loadSurveySpec(yaml: draft.yaml, fileName: "spec.yaml")
    #expect(spec.scale == ["Buss", "Bil", "Cykel"])
    #expect(spec.positive == ["Buss"])
    #expect(spec.notSubstantive == ["Vet ej", ""])
    #expect(spec.groupColumn?.trimmingCharacters(in: .whitespaces) == "Vilken kommun bor du i?")
    #expect(spec.questions.map(\.column) == ["Hur tar du dig till jobbet?"])
    #expect(draft.yaml.contains("GUESS: the most frequent answer; check it"))
    #expect(draft.yaml.contains("GUESS: no known scale"))
    #expect(draft.yaml.contains("answers: Buss 4, Bil 3, Cykel 1, other 1, blank 0"))
    #expect(draft.yaml.contains("# Skipped (free text): Vad borde bli bättre?"))
    #expect(draft.yaml.contains("# Skipped (identity): E-postadress"))
    #expect(draft.yaml.contains("# Skipped (timestamp): Tidstämpel"))
    #expect(draft.notes.contains { $0.contains("drafted as categorical") && $0.contains("guess") })
    let everything = draft.yaml + draft.notes.joined(separator: "\n")
    for secret in [
      "Greta", "example.se", "cykelställ", "Parkeringen", "Belysning", "månadskort",
      "väderskydd", "Snöröjning", "Laddstolpar", "2023/05", "fm CET",
    ] {
      #expect(!everything.contains(secret), "\(secret) leaked")
    }
  }

  // An answer given once only is no categorical question: three respondents who each wrote
  // something of their own must not be copied as "answers".
  @Test func answersGivenOnceAreNotCategorical() throws {
    let url = try Self.write(
      "Grupp,Vad hände?\nA,Jag missade mötet\nB,Bussen var sen\nA,Sjuk\n", "tre.csv")
    #expect(throws: IngestError.self) { try SpecDraft.survey(url, kind: "survey") }
  }
}

/// `kpi init` on multi-select columns: cells of several options are drafted as a question with
/// `multiple: true`, its separator and its options; typed text with commas is not.
@Suite("Spec draft: multi-select columns")
struct SpecDraftMultiSelectTests {
  /// A Google Forms export: "Vilka kanaler?" with `, ` between options (6 of 8 cells hold
  /// one), and a comment column whose typed text has commas too.
  static let export = """
    Tidstämpel,Grupp,Hur nöjd är du?,Vilka kanaler?,Övriga synpunkter
    2025-03-01 08:00,A,Mycket nöjd,"Nyhetsbrev, Webbplats",
    2025-03-01 08:05,A,Ganska nöjd,"Webbplats, Teams","Bra, men för långt"
    2025-03-01 08:09,B,Ganska missnöjd,Nyhetsbrev,
    2025-03-02 10:00,B,Mycket nöjd,"Nyhetsbrev, Teams","Tack, hej"
    2025-03-02 11:00,B,Ganska nöjd,"Nyhetsbrev, Webbplats, Teams",
    2025-03-02 12:00,A,Mycket missnöjd,Teams,
    2025-03-03 09:00,A,Ganska nöjd,"Webbplats, Nyhetsbrev",
    2025-03-03 10:00,B,Mycket nöjd,"Teams, Webbplats",

    """

  @Test func oneCellOfOptionsIsDraftedAsMultiSelect() throws {
    let url = try SpecDraftTests.write(Self.export, "forms.csv")
    let draft = try SpecDraft.survey(url, kind: "survey")
    let spec = try SpecLoader.loadSurveySpec(yaml: draft.yaml, fileName: "spec.yaml")
    let question = try #require(spec.questions.first { $0.column == "Vilka kanaler?" })
    #expect(question.multiple)
    #expect(question.separator == ",")
    #expect(question.options == ["Nyhetsbrev", "Webbplats", "Teams"])
    #expect(question.goal == nil)
    // The export's name in the guessed title: several drafted surveys get headings apart.
    #expect(spec.title == "Enkät (forms)")
    #expect(spec.questions.map(\.column) == ["Hur nöjd är du?", "Vilka kanaler?"])
    #expect(draft.yaml.contains("# Skipped (free text): Övriga synpunkter"))
    #expect(!draft.yaml.contains("Tack"))
    #expect(draft.notes.contains { $0.hasPrefix("1 multi-select question column (guess)") })
  }

  /// A scale whose answers hold commas is no multi-select question: its parts are not fewer
  /// than its distinct cells.
  @Test func answersWithCommasAreNoOptions() {
    var profile = ColumnProfile(name: "Har du fått stöd?")
    for cell in ["Ja, helt", "Ja, delvis", "Nej", "Ja, helt", "Nej", "Ja, delvis"] {
      profile.add(cell)
    }
    #expect(profile.choices == nil)
    #expect(profile.role == .categorical)
    var options = ColumnProfile(name: "Kanaler")
    for cell in ["E-post;Teams;", "Teams;", "E-post;", "Teams;E-post;", "E-post;Webbplats;"] {
      options.add(cell)
    }
    // Webbplats was chosen once: it could be typed text, so no guess.
    #expect(options.choices == nil)
    options.add("Webbplats;")
    #expect(options.choices?.separator == ";")
    #expect(options.choices?.options == ["E-post", "Teams", "Webbplats"])
    // Counted by hand: E-post in cells 1, 3, 4, 5; Teams in 1, 2, 4; Webbplats in 5 and 6.
    #expect(options.optionCounts?.options.map(\.count) == [4, 3, 2])
    #expect(options.role == .multiSelect)
  }
}
