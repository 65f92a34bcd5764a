import Foundation
import KPIAnalysis
import KPIEngine
import KPIModel
import KPIRender
import Testing

/// Exports in the layouts of real survey tools (our own values), run through the survey
/// analysis as `kpi survey` and `kpi questionnaire` run them: one base per question, no group
/// column, blank groups, no `invited`, three header rows, a question's label in the text.
@Suite("Survey: exports as real tools write them")
struct SurveyExportTests {
  /// Writes `data` and `spec` into a fresh folder and runs the analysis on them.
  static func run(
    _ kind: SurveyKind, data: String, name: String = "export.csv", spec: String
  ) throws -> AnalysisOutcome {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(data.utf8).write(to: folder.appendingPathComponent(name))
    try Data(spec.utf8).write(to: folder.appendingPathComponent("spec.yaml"))
    let analysis = SurveyAnalysis(
      kind, SurveyEntry(id: "enkat", data: name, spec: "spec.yaml"), folder: folder)
    return try analysis.run(AnalysisContext())
  }

  /// A file of the outcome as rows of named cells (RFC CSV without quoted commas).
  static func table(_ outcome: AnalysisOutcome, _ name: String) throws -> [[String: String]] {
    let file = try #require(outcome.files.first { $0.name == name })
    // "\r\n" is one Character, so lines are split at any line break.
    let lines = file.contents.split(whereSeparator: \.isNewline)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return lines.dropFirst().map { line in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      return Dictionary(uniqueKeysWithValues: zip(header, cells))
    }
  }

  static func summary(_ outcome: AnalysisOutcome) -> [String] {
    outcome.summary.split(separator: "\n").map(String.init)
  }

  static let nbsp = "\u{00A0}"

  // MARK: - One base, no group column

  /// A session-feedback export as CarpentryCon's: numeric 1–5 agreement, 6 = not applicable,
  /// an optional country (not a group here), no group column. `presenters_prepared`: 8 × 5,
  /// 5 × 4, 2 × 3, 1 × 2, 1 × 1 and 3 × 6 (not applicable), 20 respondents.
  static let sessions: String = {
    let answers =
      Array(repeating: "5", count: 8) + Array(repeating: "4", count: 5)
      + ["3", "3", "2", "1", "6", "6", "6"]
    var text = "session,time_zone,country,presenters_prepared,session_materials\n"
    for (index, answer) in answers.enumerated() {
      let country = index % 4 == 0 ? "" : "Sverige"
      text += "Session \(index % 3),UTC+1,\(country),\(answer),\(index < 10 ? "5" : "6")\n"
    }
    return text
  }()

  static let sessionSpec = """
    title: Sessionsenkät 2025
    period: "2025"
    scale: ["5", "4", "3", "2", "1"]
    positive: ["5", "4"]
    not_substantive: ["6", ""]
    questions:
      - id: prepared
        column: presenters_prepared
        label: Presentatörerna var förberedda
        goal: 0.75
    """

  // The base is the 17 answers on the scale (20 less 3 × 6): the text's step shares, the
  // answers table, the chart's bars and the goal all divide by 17. By hand: 8/17 = 47,06 %,
  // 5/17 = 29,41 %, 13/17 = 76,47 %; Wilson 95 % for 13 of 17 is 52,74–90,44 % (z =
  // 1,959964: centre (p + z²/34)/(1 + z²/17), half-width z·√(p(1−p)/17 + z²/1156)/(1 + z²/17)),
  // which straddles the goal of 75 %. The old text divided the steps by all 20 (40 % and 25 %).
  @Test func oneBaseOnANotApplicableScale() throws {
    let outcome = try Self.run(.survey, data: Self.sessions, spec: Self.sessionSpec)
    let n = Self.nbsp
    #expect(
      Self.summary(outcome) == [
        "20 personer svarade på enkäten.",
        "Följande fråga ställdes: Presentatörerna var förberedda",
        "47\(n)% svarade 5 och 29\(n)% 4, totalt 76\(n)% nöjda.",
        "Målet (minst 75\(n)%) är uppfyllt. Resultatet är osäkert: konfidensintervallet "
          + "53–90\(n)% omfattar målet.",
      ])
    let answers = try Self.table(outcome, "survey-answers.csv")
    func share(_ answer: String) -> String? { answers.first { $0["answer"] == answer }?["share"] }
    #expect(answers.count == 6)  // Totalt only: 5 steps and "6"
    #expect(share("5").flatMap(Double.init) == 8.0 / 17)
    #expect(share("4").flatMap(Double.init) == 5.0 / 17)
    #expect(share("1").flatMap(Double.init) == 1.0 / 17)
    #expect(share("6") == "")
    #expect(answers.first { $0["answer"] == "6" }?["count"] == "3")
    let shares = try Self.table(outcome, "survey.csv")
    #expect(shares.count == 1)
    #expect(shares.first?["answered"] == "17")
    #expect(shares.first?["share"].flatMap(Double.init) == 13.0 / 17)
    #expect(shares.first?["confidence"] == "uncertain")
    let goal = try #require(outcome.goals.first)
    #expect(goal.value == 13.0 / 17)
    #expect(goal.status == .met)
  }

  // The chart of the answer distribution shows the same shares as the table: 8/17, 5/17,
  // 2/17, 1/17, 1/17 on the scale, and "6" apart over the same base, 3/17 (it was 3 of all
  // 20 non-blank answers, a second base).
  @Test func chartSharesAreTheTablesShares() throws {
    let spec = SurveySpec(
      title: "Sessionsenkät 2025", period: "2025", scale: ["5", "4", "3", "2", "1"],
      positive: ["5", "4"], notSubstantive: ["6", ""],
      questions: [QuestionSpec(id: "prepared", column: "presenters_prepared", goal: 0.75)])
    var tally = SurveyTally(spec: spec, kind: .survey)
    let group = tally.group(ungroupedName)
    // Codes: 5 → 0, 4 → 1, 3 → 2, 2 → 3, 1 → 4, "6" → 5.
    for (code, times) in [(0, 8), (1, 5), (2, 2), (3, 1), (4, 1), (5, 3)] {
      for _ in 0..<times { tally.add(group: group, weight: 1, answers: [code]) }
    }
    let result = try tally.result()
    let chart = SurveyCharts.answerDistribution(result, question: "prepared")
    guard case .divergingBars(let bars) = chart.kind else {
      Issue.record("not a diverging bar chart")
      return
    }
    #expect(bars.rows.map(\.label) == ["Totalt"])
    #expect(bars.categories.map(\.name) == ["5", "4", "3", "2", "1", "6"])
    let steps: [Double] = [8, 5, 2, 1, 1].map { $0 / 17 }
    let chartValues: [Double] = bars.rows.first?.values ?? []
    #expect(chartValues == steps + [3.0 / 17])
    let table: [Double?] = result.answers.filter { result.scale.contains($0.answer) }.map(\.share)
    #expect(table == steps.map { Optional($0) })
  }

  // MARK: - Groups

  /// A Google Forms export in a Swedish account: a timestamp, an optional group question
  /// left blank by two of seven, one yes/partly/no question. By hand: A Ja, Ja, Nej; B Ja,
  /// Delvis; blank Ja, Ja → 7 answers, 5 Ja (71,4 %), 1 Delvis and 1 Nej (14,3 % each).
  static let forms = """
    "Tidstämpel","Vilken grupp tillhör du?","Har kallelsen kommit i tid?"
    "2025/11/03 9:12:01 fm CET","A","Ja"
    "2025/11/03 9:30:45 fm CET","","Ja"
    "2025/11/03 1:02:13 em CET","B","Ja"
    "2025/11/04 8:15:00 fm CET","A","Ja"
    "2025/11/04 3:40:27 em CET","B","Delvis"
    "2025/11/05 10:05:09 fm CET"," ","Ja"
    "2025/11/05 11:59:59 fm CET","A","Nej"
    """

  static func formsSpec(_ missingGroup: String?) -> String {
    """
    title: Närvårdskontorets enkät, november 2025
    period: "2025-11"
    group: Vilken grupp tillhör du?
    scale: [Ja, Delvis, Nej]
    positive: [Ja]
    min_group_size: 1
    questions:
      - id: kallelse
        column: Har kallelsen kommit i tid?
        label: Kallelse i tid
        goal: 0.95

    """ + (missingGroup.map { "missing_group: \($0)\n" } ?? "")
  }

  // Default `ej_angivet`: the two without a group are a group of their own, last, and in
  // Totalt; the text has no response rate (no `invited`: an open link) and quotes the label.
  @Test func blankGroupIsEjAngivetByDefault() throws {
    let outcome = try Self.run(.questionnaire, data: Self.forms, spec: Self.formsSpec(nil))
    let rows = try Self.table(outcome, "questionnaire.csv")
    #expect(rows.map { $0["group"] } == ["A", "B", "Ej angivet", "Totalt"])
    #expect(rows.map { $0["answered"] } == ["3", "2", "2", "7"])
    #expect(rows.map { $0["positive"] } == ["2", "1", "2", "5"])
    #expect(rows.last?["share"].flatMap(Double.init) == 5.0 / 7)
    #expect(rows.last?["response_rate"] == "")
    #expect(
      outcome.notices.map(\.text) == [
        "export.csv: 2 respondents with a blank \"Vilken grupp tillhör du?\" counted as the "
          + "group \"Ej angivet\" (missing_group: ej_angivet)"
      ])
    let n = Self.nbsp
    #expect(
      Self.summary(outcome).first
        == "– 7 personer har svarat på frågan \"Kallelse i tid\" och 71\(n)% av dessa svarar ja."
        + " Övriga 14\(n)% (1 person) svarar delvis. Övriga 14\(n)% (1 person) svarar nej.")
  }

  // `totalt`: counted in Totalt only.
  @Test func blankGroupInTotalOnly() throws {
    let outcome = try Self.run(.questionnaire, data: Self.forms, spec: Self.formsSpec("totalt"))
    let rows = try Self.table(outcome, "questionnaire.csv")
    #expect(rows.map { $0["group"] } == ["A", "B", "Totalt"])
    #expect(rows.map { $0["answered"] } == ["3", "2", "7"])
    #expect(rows.last?["respondents"] == "7")
    #expect(
      outcome.notices.map(\.text) == [
        "export.csv: 2 respondents with a blank \"Vilken grupp tillhör du?\" counted in "
          + "Totalt only (missing_group: totalt)"
      ])
  }

  // `error`: the first blank cell is named by file, row and column.
  @Test func blankGroupAsError() throws {
    let error = #expect(throws: (any Error).self) {
      try Self.run(.questionnaire, data: Self.forms, spec: Self.formsSpec("error"))
    }
    #expect(
      "\(error.map { "\($0)" } ?? "")".hasPrefix(
        "export.csv:3:2: expected a group name in column \"Vilken grupp tillhör du?\""))
  }

  // A SurveyMonkey-style survey with groups but no `invited`: the text says how many answered
  // from how many groups, not that it was sent to them. 7 respondents in 2 groups and 2
  // without; scale Ja/Delvis/Nej with Ja positive: 5 of 7.
  @Test func surveyWithoutInvitedDoesNotSaySentTo() throws {
    let outcome = try Self.run(.survey, data: Self.forms, spec: Self.formsSpec(nil))
    #expect(Self.summary(outcome).first == "7 personer från 2 grupper svarade på enkäten.")
    // The chart counts the groups, not those without one: A 2 of 3 and B 1 of 2 are under
    // the goal of 95 %, "Ej angivet" 2 of 2 is over it but no group.
    let chart = try #require(outcome.files.first { $0.name == "survey-2025-11-andel-kallelse.svg" })
    #expect(chart.contents.contains("0 av 2 grupper med redovisat resultat når målet."))
    #expect(chart.contents.contains("Ej angivet"))
  }

  // Without a group column: one Totalt per question in every table, said once.
  @Test func noGroupColumnGivesOneTotal() throws {
    let spec = Self.formsSpec(nil).replacingOccurrences(
      of: "group: Vilken grupp tillhör du?\n", with: "invited: 10\n")
    let outcome = try Self.run(.questionnaire, data: Self.forms, spec: spec)
    let rows = try Self.table(outcome, "questionnaire.csv")
    #expect(rows.map { $0["group"] } == ["Totalt"])
    #expect(rows.first?["respondents"] == "7")
    // 7 of the 10 invited.
    #expect(rows.first?["response_rate"].flatMap(Double.init) == 0.7)
    let answers = try Self.table(outcome, "questionnaire-answers.csv")
    #expect(answers.map { $0["answer"] } == ["Ja", "Delvis", "Nej"])
    let n = Self.nbsp
    #expect(Self.summary(outcome).count == 2)
    #expect(
      Self.summary(outcome).first?.hasPrefix(
        "– 70\(n)% (7 av 10) har svarat på frågan \"Kallelse i tid\"") == true)
    let survey = try Self.run(.survey, data: Self.forms, spec: spec)
    #expect(
      Self.summary(survey).first
        == "7 personer svarade på enkäten, vilket motsvarar 70\(n)% svarsfrekvens.")
    #expect(try Self.table(survey, "survey.csv").map { $0["group"] } == ["Totalt"])
    // No "per grupp" in the charts' titles when there are no groups.
    let chart = try #require(survey.files.first { $0.name == "survey-2025-11-andel-kallelse.svg" })
    #expect(chart.contents.contains("Andel ja-svar, november 2025"))
    #expect(!chart.contents.contains("per grupp"))
  }

  // MARK: - Header rows

  // A title and a blank line above the header (a report-style export): `skip_rows: 2` skips
  // lines 1 and 2 as an editor numbers them, and rows keep the file's line numbers in
  // messages. A 2 (Ja, Nej), blank group 1 (Ja): Totalt 2 of 3.
  @Test func linesAboveTheHeaderAreSkipped() throws {
    let data = "Nätverksenkät 2025 export 2025-12-01\n\nNätverk;Nöjd?\nA;Ja\nA;Nej\n;Ja\n"
    let spec = """
      title: Nätverksenkät 2025
      period: "2025"
      group: Nätverk
      scale: [Ja, Nej]
      positive: [Ja]
      skip_rows: 2
      min_group_size: 1
      questions:
        - {id: nojd, column: Nöjd?}
      """
    let outcome = try Self.run(.survey, data: data, spec: spec)
    let rows = try Self.table(outcome, "survey.csv")
    #expect(rows.map { $0["group"] } == ["A", "Ej angivet", "Totalt"])
    #expect(rows.map { $0["positive"] } == ["1", "1", "2"])
    #expect(rows.last?["answered"] == "3")
    let error = #expect(throws: (any Error).self) {
      try Self.run(.survey, data: data + "A;Kanske\n", spec: spec)
    }
    #expect(
      "\(error.map { "\($0)" } ?? "")".hasPrefix("export.csv:7:2: unknown answer \"Kanske\""))
  }

  // A title with commas above a `;` header ("Rapport, Nätverk, 2025" has two commas and no
  // semicolon): the delimiter is sniffed below the skipped lines, so the header's `;` is
  // found. Before, the title's commas made `,` the delimiter and the header one column.
  // A: Ja, Nej, Ja → 2 of 3.
  @Test func theDelimiterIsSniffedBelowTheSkippedLines() throws {
    let data = "Rapport, Nätverk, 2025\nNätverk;Nöjd?\nA;Ja\nA;Nej\nA;Ja\n"
    let spec = """
      title: Nätverksenkät 2025
      period: "2025"
      group: Nätverk
      scale: [Ja, Nej]
      positive: [Ja]
      skip_rows: 1
      min_group_size: 1
      questions:
        - {id: nojd, column: Nöjd?}
      """
    let rows = try Self.table(try Self.run(.survey, data: data, spec: spec), "survey.csv")
    #expect(rows.map { $0["group"] } == ["A", "Totalt"])
    #expect(rows.map { $0["positive"] } == ["2", "2"])
    #expect(rows.map { $0["answered"] } == ["3", "3"])
  }

  /// A Qualtrics export: names, labels and import ids, then the responses; Q1 coded 1–3
  /// (1 = Ja), Q2 given by its label. Q1: 1, 1, 2, 3 → 2 of 4; Q2: 1, 1, 1, blank → 3 of 3.
  static let qualtrics = """
    StartDate,EndDate,ResponseId,Q1,Q2
    Startdatum,Slutdatum,Svars-ID,Har kallelsen kommit i tid?,Är protokollen tydliga?
    "{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2""}"
    2025-11-03 08:28:09,2025-11-03 08:28:48,R_aaa,1,1
    2025-11-03 09:01:10,2025-11-03 09:03:02,R_bbb,1,1
    2025-11-04 10:11:12,2025-11-04 10:12:13,R_ccc,2,1
    2025-11-04 14:00:00,2025-11-04 14:01:30,R_ddd,3,

    """

  @Test func qualtricsThreeHeaderRows() throws {
    let spec = """
      title: Enkät
      period: "2025-11"
      scale: ["1", "2", "3"]
      positive: ["1"]
      header_rows: 3
      min_group_size: 1
      questions:
        - {id: kallelse, column: Q1}
        - {id: protokoll, column: Är protokollen tydliga?}
      """
    let outcome = try Self.run(.questionnaire, data: Self.qualtrics, spec: spec)
    let rows = try Self.table(outcome, "questionnaire.csv")
    #expect(rows.map { $0["question"] } == ["kallelse", "protokoll"])
    #expect(rows.map { $0["answered"] } == ["4", "3"])
    #expect(rows.map { $0["positive"] } == ["2", "3"])
  }

  /// A LimeSurvey "Export results" CSV as its defaults write it: every field quoted, the
  /// question codes as headings (G01Q02[SQ001] for a subquestion of an array), full answers,
  /// the response's id, submit date, last page, language and seed first, and an incomplete
  /// response (no submit date, last page 1) with its group and answer left empty.
  static let limeSurvey = """
    "id","submitdate","lastpage","startlanguage","seed","G01Q01","G01Q02[SQ001]","G01Q02[SQ002]","G01Q03"
    "1","2025-11-03 08:28:09","2","sv","1234567","Socialchefsnätverket","Mycket nöjd","Ganska nöjd",""
    "2","2025-11-03 09:01:10","2","sv","2345678","Socialchefsnätverket","Ganska nöjd","Mycket nöjd","Bra"
    "3","2025-11-04 10:11:12","2","sv","3456789","HR-chefsnätverket","Ganska missnöjd","Ganska nöjd",""
    "4","2025-11-04 14:00:00","2","sv","4567890","Socialchefsnätverket","Mycket nöjd","Ganska missnöjd",""
    "5","2025-11-05 11:00:00","2","sv","5678901","HR-chefsnätverket","Ganska nöjd","Mycket nöjd",""
    "6","2025-11-05 12:30:00","2","sv","6789012","HR-chefsnätverket","Varken nöjd eller missnöjd","Ganska nöjd",""
    "7","2025-11-06 09:15:00","2","sv","7890123","Socialchefsnätverket","Mycket nöjd","Mycket nöjd",""
    "8","","1","sv","8901234","","","",""

    """

  // By hand: SQ001 answered by 7 of 8 (the incomplete one is blank), positive Mycket nöjd 3
  // + Ganska nöjd 2 = 5 of 7; Socialchefsnätverket 4 of 4, HR-chefsnätverket 1 of 3; the
  // incomplete response's blank group is "Ej angivet" with 1 respondent. SQ002: 7 answered,
  // 6 positive.
  @Test func limeSurveyQuestionCodesAndFullAnswers() throws {
    let spec = """
      title: Nätverksenkät
      period: "2025"
      group: G01Q01
      scale: [Mycket nöjd, Ganska nöjd, Varken nöjd eller missnöjd, Ganska missnöjd,
        Mycket missnöjd]
      positive: [Mycket nöjd, Ganska nöjd]
      min_group_size: 1
      questions:
        - {id: traffar, column: "G01Q02[SQ001]", label: Nätverksträffarna}
        - {id: info, column: "G01Q02[SQ002]", label: Informationen}
      """
    let outcome = try Self.run(.survey, data: Self.limeSurvey, spec: spec)
    let rows = try Self.table(outcome, "survey.csv")
    func row(_ question: String, _ group: String) -> [String: String]? {
      rows.first { $0["question"] == question && $0["group"] == group }
    }
    #expect(row("traffar", "Totalt")?["respondents"] == "8")
    #expect(row("traffar", "Totalt")?["answered"] == "7")
    #expect(row("traffar", "Totalt")?["positive"] == "5")
    #expect(row("traffar", "Socialchefsnätverket")?["positive"] == "4")
    #expect(row("traffar", "HR-chefsnätverket")?["positive"] == "1")
    #expect(row("traffar", "Ej angivet")?["respondents"] == "1")
    #expect(row("info", "Totalt")?["positive"] == "6")
  }
}

// MARK: - A spec without a period

extension SurveyExportTests {
  /// A drafted spec has no `period:`: in a project the round takes the report's period (the
  /// project's `period:`), as the sick-leave and visitor analyses do; on its own it has none,
  /// and no chart title ends in a comma ("Svarsfördelning, ").
  @Test func specWithoutAPeriod() throws {
    let spec = Self.sessionSpec.replacingOccurrences(of: "period: \"2025\"\n", with: "")
    #expect(!spec.contains("period"))
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(Self.sessions.utf8).write(to: folder.appendingPathComponent("export.csv"))
    try Data(spec.utf8).write(to: folder.appendingPathComponent("spec.yaml"))
    let analysis = SurveyAnalysis(
      .survey, SurveyEntry(id: "enkat", data: "export.csv", spec: "spec.yaml"), folder: folder)

    let inProject = try analysis.run(AnalysisContext(reportPeriod: "2024"))
    #expect(inProject.period == "2024")
    #expect(try Self.table(inProject, "survey.csv").allSatisfy { $0["period"] == "2024" })
    #expect(inProject.values.allSatisfy { $0.period == "2024" })

    let alone = try analysis.run(AnalysisContext())
    #expect(try Self.table(alone, "survey.csv").allSatisfy { $0["period"] == "" })
    let titles = alone.files.filter { $0.name.hasSuffix(".svg") }.compactMap { file in
      file.contents.range(of: "<title[^>]*>[^<]*</title>", options: .regularExpression)
        .map { String(file.contents[$0]) }
    }
    #expect(!titles.isEmpty)
    #expect(titles.contains { $0.contains(">Svarsfördelning</title>") }, "\(titles)")
    #expect(titles.allSatisfy { !$0.contains(", </title>") }, "\(titles)")
  }
}
