import Foundation
import KPIEngine
import KPIIngest
import KPIModel
import Testing

/// `kpi init`'s drafted specs, run as they are by the analyses they are for.
@Suite("kpi init: drafted specs run")
struct InitDraftTests {
  /// Drafts a spec for `data`, writes it, and runs the analysis on it unedited.
  static func draftAndRun(_ kind: SurveyKind, _ data: URL) throws -> AnalysisOutcome {
    let draft = try SpecDraft.survey(data, kind: kind.rawValue)
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let spec = folder.appendingPathComponent("spec.yaml")
    try Data(draft.yaml.utf8).write(to: spec)
    return try SurveyAnalysis(kind, SurveyEntry(id: "enkat", data: data.path, spec: spec.path))
      .run(AnalysisContext())
  }

  // The bundled 2025 network survey: 134 of 143 answered I mycket hög grad or I hög grad,
  // the published 94 % (datasets/reference/published-figures.csv).
  @Test func networkSurvey2025GivesThePublished94Percent() throws {
    let outcome = try Self.draftAndRun(
      .survey, datasets.appendingPathComponent("natverksenkat/2025.xlsx"))
    let total = try #require(
      try SurveyExportTests.table(outcome, "survey.csv").first { $0["group"] == "Totalt" })
    #expect(total["respondents"] == "143")
    #expect(total["positive"] == "134")
    #expect(total["share"].flatMap(Double.init) == 134.0 / 143)
    #expect(SurveyExportTests.summary(outcome)[2].hasSuffix("totalt 94\u{00A0}% nöjda."))
  }

  @Test(arguments: [
    (SurveyKind.survey, "natverksenkat/2024.csv"),
    (SurveyKind.questionnaire, "narvard/2025-12.csv"),
    (SurveyKind.questionnaire, "narvard/2023-08.csv"),
  ])
  func bundledDatasetRuns(_ kind: SurveyKind, _ file: String) throws {
    let outcome = try Self.draftAndRun(kind, datasets.appendingPathComponent(file))
    #expect(!outcome.files.isEmpty)
  }

  // The questionnaire of December 2025: nine questions, all drafted on Ja / Delvis / Nej.
  @Test func questionnaireHasEveryQuestionOnOneScale() throws {
    let draft = try SpecDraft.survey(
      datasets.appendingPathComponent("narvard/2025-12.csv"), kind: "questionnaire")
    let spec = try SpecLoader.loadSurveySpec(yaml: draft.yaml, fileName: "spec.yaml")
    #expect(spec.scale == ["Ja", "Delvis", "Nej"])
    #expect(spec.positive == ["Ja"])
    #expect(spec.groupColumn == "Grupp")
    #expect(spec.questions.count == 9)
  }

  /// The survey exports of `../shared/real-exports/` that init handles, with the kind to run.
  static let realSurveys: [(String, SurveyKind)] = [
    ("gforms-hotdog-sp25.csv", .survey), ("gforms-hotdog-fa25.xlsx", .survey),
    ("likert-carpentrycon2020-raw.csv", .survey), ("msforms-reconstructed.xlsx", .survey),
    ("surveymonkey-carpentries-longterm-2017.csv", .survey),
    ("surveymonkey-reconstructed.csv", .survey), ("qualtrics-sample.csv", .questionnaire),
    ("gforms-sv-tidstampel.csv", .survey),
  ]

  @Test(
    .enabled(if: FileManager.default.fileExists(atPath: realExports.path)),
    arguments: realSurveys)
  func realExportRuns(_ file: String, _ kind: SurveyKind) throws {
    let outcome = try Self.draftAndRun(kind, realExports.appendingPathComponent(file))
    #expect(!outcome.files.isEmpty)
  }

  // CarpentryCon 2020 (counted by hand in RealSurveyExportTests): 1–5 with 6 = not
  // applicable; valuable_feedback 93 positive of 111.
  @Test(.enabled(if: FileManager.default.fileExists(atPath: realExports.path)))
  func carpentryConNotApplicable() throws {
    let draft = try SpecDraft.survey(
      realExports.appendingPathComponent("likert-carpentrycon2020-raw.csv"), kind: "survey")
    let spec = try SpecLoader.loadSurveySpec(yaml: draft.yaml, fileName: "spec.yaml")
    #expect(spec.scale == ["5", "4", "3", "2", "1"])
    #expect(spec.positive == ["5", "4"])
    #expect(spec.notSubstantive == ["6", ""])
    #expect(spec.groupColumn == "country")
    #expect(spec.questions.contains { $0.column == "valuable_feedback" })
  }

  // The Swedish Google Forms export holds no known scale: "Bil typ?" (Inte Elbil 11, Spansk
  // bil (El-bil) 10) is drafted as a categorical question, the most frequent answer taken as
  // positive, and `kpi survey` runs on the draft: 11 of 21.
  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: realExports.path),
      "skipped: ../shared/real-exports is not beside the repository"))
  func swedishFormsWithoutAScaleRuns() throws {
    let url = realExports.appendingPathComponent("gforms-sv-tidstampel.csv")
    let draft = try SpecDraft.survey(url, kind: "survey")
    let spec = try SpecLoader.loadSurveySpec(yaml: draft.yaml, fileName: "spec.yaml")
    #expect(spec.scale == ["Inte Elbil", "Spansk bil  (El-bil)"])
    #expect(spec.positive == ["Inte Elbil"])
    #expect(spec.questions.map(\.column) == ["Bil typ?"])
    // The ages and the makes of car are typed text: not copied.
    #expect(!draft.yaml.contains("Koenigsegg") && !draft.yaml.contains("\"45\""))
    let outcome = try Self.draftAndRun(.survey, url)
    let total = try #require(
      try SurveyExportTests.table(outcome, "survey.csv").first { $0["group"] == "Totalt" })
    #expect(total["positive"] == "11")
    #expect(total["share"].flatMap(Double.init) == 11.0 / 21)
  }

  // The same layout written here (quoted fields, `Tidstämpel` with fm/em, trailing spaces,
  // no final newline) with values of its own, so the path is tested without the folder.
  @Test func categoricalDraftRunsOnAFormsLayout() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("formular.csv")
    let rows = [
      ("2024/01/15 9:01:12 fm CET", "Ja, gärna ", "Pendlar hit från Alingsås"),
      ("2024/01/15 9:03:40 fm CET", "Nej", "Vill ha mer fika"),
      ("2024/01/15 2:15:09 em CET", "Ja, gärna", "Kommer med tåget"),
      ("2024/01/16 10:44:51 fm CET", "Kanske", ""),
      ("2024/01/16 4:30:00 em CET", "Ja, gärna", "Har en hund som heter Sixten"),
      ("2024/01/17 8:05:33 fm CET", "Nej ", "Parkerar alltid vid ån"),
    ]
    let text =
      "\"Tidstämpel\",\"Vill du delta igen?  \",\"Något mer du vill säga?\"\n"
      + rows.map { "\"\($0.0)\",\"\($0.1)\",\"\($0.2)\"" }.joined(separator: "\n")
    try Data(text.utf8).write(to: url)
    let draft = try SpecDraft.survey(url, kind: "survey")
    for secret in ["Alingsås", "fika", "Sixten", "tåget", "Parkerar", "2024/01"] {
      #expect(!draft.yaml.contains(secret), "\(secret) leaked")
    }
    let outcome = try Self.draftAndRun(.survey, url)
    let total = try #require(
      try SurveyExportTests.table(outcome, "survey.csv").first { $0["group"] == "Totalt" })
    // Ja, gärna 3 of 6: the most frequent answer, guessed positive.
    #expect(total["positive"] == "3")
    #expect(total["share"].flatMap(Double.init) == 0.5)
  }
}
