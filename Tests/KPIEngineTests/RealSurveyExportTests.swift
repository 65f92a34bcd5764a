import Foundation
import KPIEngine
import KPIModel
import Testing

/// The real exports beside the repository (`../shared/real-exports/`, not part of it: their
/// licences are their authors'), read as they are with specs written from
/// docs/spec.md. Skipped where the folder is absent. The expected figures are counted
/// by hand from the files (Python's csv module: the cells of each column tallied).
@Suite(
  "Survey: real exports", .enabled(if: FileManager.default.fileExists(atPath: realExports.path)))
struct RealSurveyExportTests {
  static func run(_ kind: SurveyKind, _ file: String, spec: String) throws -> AnalysisOutcome {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(spec.utf8).write(to: folder.appendingPathComponent("spec.yaml"))
    let analysis = SurveyAnalysis(
      kind,
      SurveyEntry(
        id: "enkat", data: realExports.appendingPathComponent(file).path,
        spec: folder.appendingPathComponent("spec.yaml").path))
    return try analysis.run(AnalysisContext())
  }

  static func rows(_ outcome: AnalysisOutcome, _ name: String) throws -> [[String: String]] {
    try SurveyExportTests.table(outcome, name)
  }

  // CarpentryCon 2020: 124 respondents, valuable_feedback 54 × 5, 39 × 4, 12 × 6 (not
  // applicable), 1 blank → base 111, 93 positive (84 %), 54/111 = 49 %, 39/111 = 35 %;
  // country blank for 5, who are "Ej angivet".
  @Test func likertWithNotApplicable() throws {
    let outcome = try Self.run(
      .survey, "likert-carpentrycon2020-raw.csv",
      spec: """
        title: CarpentryCon 2020
        period: "2020"
        group: country
        scale: ["5", "4", "3", "2", "1"]
        positive: ["5", "4"]
        not_substantive: ["6", ""]
        questions:
          - {id: feedback, column: valuable_feedback, label: Värdefull återkoppling, goal: 0.85}
        """)
    let n = "\u{00A0}"
    #expect(
      SurveyExportTests.summary(outcome)[2]
        == "49\(n)% svarade 5 och 35\(n)% 4, totalt 84\(n)% nöjda.")
    let rows = try Self.rows(outcome, "survey.csv")
    #expect(rows.filter { $0["group"] == "Totalt" }.count == 1)
    let total = try #require(rows.first { $0["group"] == "Totalt" })
    #expect(total["answered"] == "111")
    #expect(total["positive"] == "93")
    #expect(rows.first { $0["group"] == "Ej angivet" }?["respondents"] == "5")
    let answers = try Self.rows(outcome, "survey-answers.csv")
    let five = answers.first { $0["group"] == "Totalt" && $0["answer"] == "5" }
    #expect(five?["share"].flatMap(Double.init) == 54.0 / 111)
  }

  // SurveyMonkey, the Carpentries' long-term survey 2017: 476 respondents, Country blank for
  // 41; Skills-Advance-Career 258 Strongly agree or Agree of 409 answers.
  @Test func surveyMonkeyCarpentries() throws {
    let outcome = try Self.run(
      .survey, "surveymonkey-carpentries-longterm-2017.csv",
      spec: """
        title: Carpentries 2017
        period: "2017"
        group: Country
        scale: [Strongly agree, Agree, Neutral, Disagree, Strongly disagree]
        positive: [Strongly agree, Agree]
        questions:
          - {id: career, column: Skills-Advance-Career, goal: 0.85}
        """)
    let rows = try Self.rows(outcome, "survey.csv")
    let total = try #require(rows.first { $0["group"] == "Totalt" })
    #expect(total["respondents"] == "476")
    #expect(total["answered"] == "409")
    #expect(total["share"].flatMap(Double.init) == 258.0 / 409)
    #expect(rows.first { $0["group"] == "Ej angivet" }?["respondents"] == "41")
    #expect(SurveyExportTests.summary(outcome)[0].hasPrefix("476 personer från "))
  }

  // SurveyMonkey's two header rows, no invited count: 40 respondents in 4 groups;
  // "Nätverksträffarna" 26 of 37 answers positive.
  @Test func surveyMonkeyTwoHeaderRows() throws {
    let outcome = try Self.run(
      .survey, "surveymonkey-reconstructed.csv",
      spec: """
        title: Nätverksenkät
        period: "2025"
        group: Vilket nätverk tillhör du?
        scale: [Mycket nöjd, Ganska nöjd, Varken nöjd eller missnöjd, Ganska missnöjd,
          Mycket missnöjd]
        positive: [Mycket nöjd, Ganska nöjd]
        questions:
          - {id: traffar, column: Hur nöjd är du med följande? - Nätverksträffarna}
        """)
    #expect(
      SurveyExportTests.summary(outcome)[0] == "40 personer från 4 grupper svarade på enkäten.")
    let total = try #require(try Self.rows(outcome, "survey.csv").first { $0["group"] == "Totalt" })
    #expect(total["share"].flatMap(Double.init) == 26.0 / 37)
  }

  // Qualtrics' three header rows: one response, Q1 = 2.
  @Test func qualtricsSample() throws {
    let outcome = try Self.run(
      .questionnaire, "qualtrics-sample.csv",
      spec: """
        title: Qualtrics
        header_rows: 3
        scale: ["1", "2", "3"]
        positive: ["1"]
        min_group_size: 1
        questions:
          - {id: q1, column: Q1}
        """)
    let answers = try Self.rows(outcome, "questionnaire-answers.csv")
    #expect(answers.map { $0["count"] } == ["0", "1", "0"])
  }

  // Google Forms as XLSX (sheet "Form Responses 1"), no group: "Is hotdog a sandwich?" 57
  // Yes and 150 No of 207 (openpyxl: the column's cells tallied).
  @Test func googleFormsWorkbook() throws {
    let outcome = try Self.run(
      .survey, "gforms-hotdog-fa25.xlsx",
      spec: """
        title: Hotdog
        period: "2025"
        scale: ["Yes", "No"]
        positive: ["Yes"]
        questions:
          - {id: sandwich, column: Is hotdog a sandwich?}
        """)
    let rows = try Self.rows(outcome, "survey.csv")
    #expect(rows.count == 1)
    #expect(rows.first?["answered"] == "207")
    #expect(rows.first?["share"].flatMap(Double.init) == 57.0 / 207)
  }

  // Google Forms CSV with free-typed answers: Yes 13, YES 3, "Yes " 2, yes 2 (case and
  // spaces never matter) and Yesss, Yeah, Yesssssss, Y mapped by synonyms: 24; No 29, NO 3,
  // N 2, no 2, "No " 2, Nope, Noooo: 40; 24 of 64.
  @Test func googleFormsFreeTypedAnswers() throws {
    let outcome = try Self.run(
      .survey, "gforms-hotdog-sp25.csv",
      spec: """
        title: Hotdog
        period: "2025"
        scale: ["Yes", "No"]
        positive: ["Yes"]
        synonyms: {Yesss: "Yes", Yeah: "Yes", Yesssssss: "Yes", Y: "Yes", N: "No", Nope: "No",
          Noooo: "No"}
        questions:
          - {id: sandwich, column: Do you believe that a hotdog falls under the category of a sandwich?}
        """)
    let total = try #require(try Self.rows(outcome, "survey.csv").first)
    #expect(total["answered"] == "64")
    #expect(total["share"].flatMap(Double.init) == 24.0 / 64)
  }

  // Google Forms in a Swedish account: every field quoted, "Tidstämpel" with fm/em, a double
  // space inside an answer ("Spansk bil  (El-bil)", 10) beside "Inte Elbil" (11): 10 of 21.
  @Test func googleFormsSwedishLocale() throws {
    let outcome = try Self.run(
      .survey, "gforms-sv-tidstampel.csv",
      spec: """
        title: Bilar
        period: "2022"
        scale: ["Spansk bil (El-bil)", "Inte Elbil"]
        positive: ["Spansk bil (El-bil)"]
        questions:
          - {id: bil, column: Bil typ?}
        """)
    let total = try #require(try Self.rows(outcome, "survey.csv").first)
    #expect(total["answered"] == "21")
    #expect(total["share"].flatMap(Double.init) == 10.0 / 21)
  }

  // Microsoft Forms "Open in Excel" (sheet Sheet1, ID, times, Email "anonymous"): 40
  // respondents in 4 networks; "Nätverksträffarna" Mycket nöjd 14 + Ganska nöjd 16 = 30 of
  // 37 answers (3 blank).
  @Test func microsoftFormsWorkbook() throws {
    let outcome = try Self.run(
      .survey, "msforms-reconstructed.xlsx",
      spec: """
        title: Nätverksenkät
        period: "2025"
        group: Vilket nätverk tillhör du?
        scale: [Mycket nöjd, Ganska nöjd, Varken nöjd eller missnöjd, Ganska missnöjd,
          Mycket missnöjd]
        positive: [Mycket nöjd, Ganska nöjd]
        questions:
          - {id: traffar, column: Nätverksträffarna}
        """)
    let total = try #require(try Self.rows(outcome, "survey.csv").first { $0["group"] == "Totalt" })
    #expect(total["respondents"] == "40")
    #expect(total["answered"] == "37")
    #expect(total["share"].flatMap(Double.init) == 30.0 / 37)
  }

  // The same workbook's multi-select question, "Vilka kanaler använder du?", in Microsoft
  // Forms' `A;B;` cells: all 40 answered; the cells' options counted by hand (unzip the sheet,
  // split the cells at ";"): Nyhetsbrev 24, E-post 21, Teams 19, Webbplats 19, so 24/40 = 0.6.
  @Test func microsoftFormsMultiSelect() throws {
    let outcome = try Self.run(
      .survey, "msforms-reconstructed.xlsx",
      spec: """
        title: Nätverksenkät
        period: "2025"
        group: Vilket nätverk tillhör du?
        scale: [Mycket nöjd, Ganska nöjd, Varken nöjd eller missnöjd, Ganska missnöjd,
          Mycket missnöjd]
        positive: [Mycket nöjd, Ganska nöjd]
        questions:
          - {id: traffar, column: Nätverksträffarna}
          - id: kanaler
            column: Vilka kanaler använder du?
            multiple: true
            options: [E-post, Nyhetsbrev, Teams, Webbplats]
        """)
    let answers = try Self.rows(outcome, "survey-answers.csv").filter {
      $0["group"] == "Totalt" && $0["question"] == "kanaler"
    }
    #expect(answers.map { $0["answer"] } == ["E-post", "Nyhetsbrev", "Teams", "Webbplats"])
    #expect(answers.map { $0["count"] } == ["21", "24", "19", "19"])
    #expect(answers[1]["share"].flatMap(Double.init) == 0.6)
  }
}

/// `../shared/real-exports/` beside the repository.
let realExports = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("shared/real-exports")
