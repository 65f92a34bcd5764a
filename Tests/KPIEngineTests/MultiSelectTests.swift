import Foundation
import KPIAnalysis
import KPIEngine
import KPIModel
import KPIRender
import Testing

/// Multi-select ("check all that apply") questions, as survey tools export them: one cell of
/// several options (Google Forms `A, B` or `A;B`, Microsoft Forms `A;B;`), or one column per
/// option. Each option's share is those who chose it over those who answered the question.
@Suite("Survey: multi-select questions")
struct MultiSelectTests {
  /// A Google Forms-style export (our own values): 10 respondents in two networks, a
  /// satisfaction question and "which channels" with three options. The channel cells mix
  /// Google's `, ` with `;`, Microsoft's trailing `;`, a lower-case option, and two blanks.
  static let forms = """
    Tidstämpel,Nätverk,Hur nöjd är du med nätverket?,Vilka kanaler har du tagit del av?
    2025-11-03 08:28:09,Nätverk A,Mycket nöjd,"Nätverksträffar, Nyhetsbrev"
    2025-11-03 09:01:10,Nätverk A,Ganska nöjd,Nätverksträffar
    2025-11-03 09:30:00,Nätverk A,Ganska nöjd,Nätverksträffar;
    2025-11-04 10:11:12,Nätverk A,Ganska missnöjd,
    2025-11-04 11:00:00,Nätverk A,Mycket nöjd,nyhetsbrev
    2025-11-04 14:00:00,Nätverk B,Mycket nöjd,"Nätverksträffar; Nyhetsbrev, Webbinarier"
    2025-11-05 08:00:00,Nätverk B,Mycket missnöjd,Nätverksträffar
    2025-11-05 09:00:00,Nätverk B,Ganska nöjd,
    2025-11-05 10:00:00,Nätverk B,Ganska nöjd,Nätverksträffar;Nyhetsbrev;
    2025-11-06 12:00:00,Nätverk B,Ganska missnöjd,Webbinarier

    """

  static func spec(minimumGroupSize: Int = 1, extra: String = "") -> String {
    """
    title: Nätverksenkät 2025
    period: "2025"
    group: Nätverk
    scale: [Mycket nöjd, Ganska nöjd, Ganska missnöjd, Mycket missnöjd]
    positive: [Mycket nöjd, Ganska nöjd]
    min_group_size: \(minimumGroupSize)
    \(extra)questions:
      - id: nojd
        column: Hur nöjd är du med nätverket?
        label: Nöjdhet
      - id: kanaler
        column: Vilka kanaler har du tagit del av?
        label: Kanaler
        multiple: true
        options: [Nätverksträffar, Nyhetsbrev, Webbinarier]
    """
  }

  /// `survey-answers.csv` rows of one question as "group/answer" → (count, share).
  typealias AnswerTable = [String: (String, String)]

  static func answerTable(_ outcome: AnalysisOutcome, question: String) throws -> AnswerTable {
    var table: AnswerTable = [:]
    for row in try SurveyExportTests.table(outcome, "survey-answers.csv")
    where row["question"] == question {
      table["\(row["group"] ?? "")/\(row["answer"] ?? "")"] = (
        row["count"] ?? "", row["share"] ?? ""
      )
    }
    return table
  }

  // By hand. Totalt: 10 respondents, 8 answered "kanaler" (rows 4 and 8 are blank);
  // Nätverksträffar rows 1, 2, 3, 6, 7, 9 = 6, Nyhetsbrev rows 1, 5, 6, 9 = 4, Webbinarier
  // rows 6, 10 = 2: shares 6/8 = 0.75, 4/8 = 0.5, 2/8 = 0.25 (1.5 together). Nätverk A:
  // 4 answered, 3, 2 and 0 of them: 0.75, 0.5, 0. Nätverk B: 4 answered, 3, 2, 2: 0.75, 0.5,
  // 0.5. The satisfaction question is as before: A 4 of 5, B 3 of 5, Totalt 7 of 10.
  @Test func sharesPerOptionOverThoseWhoAnswered() throws {
    let outcome = try SurveyExportTests.run(.survey, data: Self.forms, spec: Self.spec())
    let table = try Self.answerTable(outcome, question: "kanaler")
    #expect(table.count == 9)
    #expect(table["Totalt/Nätverksträffar"]?.0 == "6")
    #expect(table["Totalt/Nätverksträffar"]?.1 == "0.75")
    #expect(table["Totalt/Nyhetsbrev"]?.0 == "4")
    #expect(table["Totalt/Nyhetsbrev"]?.1 == "0.5")
    #expect(table["Totalt/Webbinarier"]?.0 == "2")
    #expect(table["Totalt/Webbinarier"]?.1 == "0.25")
    #expect(table["Nätverk A/Nätverksträffar"]?.1 == "0.75")
    #expect(table["Nätverk A/Nyhetsbrev"]?.1 == "0.5")
    #expect(table["Nätverk A/Webbinarier"]?.0 == "0")
    #expect(table["Nätverk A/Webbinarier"]?.1 == "0")
    #expect(table["Nätverk B/Nyhetsbrev"]?.1 == "0.5")
    #expect(table["Nätverk B/Webbinarier"]?.1 == "0.5")

    // The single-answer question is unchanged, and survey.csv has no row for "kanaler".
    let shares = try SurveyExportTests.table(outcome, "survey.csv")
    #expect(shares.map { $0["question"] } == ["nojd", "nojd", "nojd"])
    #expect(shares.map { $0["positive"] } == ["4", "3", "7"])

    let n = SurveyExportTests.nbsp
    let summary = SurveyExportTests.summary(outcome)
    #expect(
      summary.suffix(2) == [
        "Följande fråga ställdes, med flera svar möjliga: Kanaler",
        "Av 8 personer som svarade valde 75\(n)% Nätverksträffar, 50\(n)% Nyhetsbrev och "
          + "25\(n)% Webbinarier.",
      ])
  }

  /// The chart of the options: one bar per option, the most chosen first, with the answers
  /// CSV's `Totalt` shares (one base: the 8 who answered); the report's table has them per
  /// group.
  @Test func chartOfTheOptions() throws {
    let outcome = try SurveyExportTests.run(.survey, data: Self.forms, spec: Self.spec())
    let file = try #require(outcome.files.first { $0.name == "survey-2025-val-kanaler.svg" })
    #expect(file.contents.contains("<title"))
    #expect(file.contents.contains("Valda alternativ – Kanaler, 2025"))
    // The same answers coded (bits: Nätverksträffar 1, Nyhetsbrev 2, Webbinarier 4).
    let spec = SurveySpec(
      title: "Nätverksenkät 2025", period: "2025", groupColumn: "Nätverk",
      scale: ["Mycket nöjd", "Ganska nöjd"], positive: ["Mycket nöjd"],
      questions: [
        QuestionSpec(id: "nojd", column: "Nöjd"),
        QuestionSpec(
          id: "kanaler", column: "Kanaler", label: "Kanaler", multiple: true,
          options: ["Nätverksträffar", "Nyhetsbrev", "Webbinarier"]),
      ], minimumGroupSize: 1)
    var tally = SurveyTally(spec: spec, kind: .survey)
    for (name, codes) in [("Nätverk A", [3, 1, 1, -1, 2]), ("Nätverk B", [7, 1, -1, 3, 4])] {
      let group = tally.group(name)
      for code in codes { tally.add(group: group, weight: 1, answers: [0, code]) }
    }
    let result = try tally.result()
    let chart = try #require(SurveyCharts.choiceShares(result, question: "kanaler"))
    guard case .bars(let bars) = chart.kind else {
      Issue.record("not a bar chart")
      return
    }
    #expect(bars.rows.map(\.label) == ["Nätverksträffar", "Nyhetsbrev", "Webbinarier"])
    #expect(bars.rows.map { $0.measures[0].value } == [0.75, 0.5, 0.25])
    #expect(bars.rows.map(\.detail) == ["6 av 8 svar", "4 av 8 svar", "2 av 8 svar"])
    let tables = outcome.section.blocks.compactMap { block -> ReportTable? in
      if case .chart(let chart, let table) = block, chart.id == "survey-2025-val-kanaler" {
        return table
      }
      return nil
    }
    let n = SurveyExportTests.nbsp
    #expect(
      tables.first?.rows == [
        ["Nätverk A", "4", "75\(n)%", "50\(n)%", "0\(n)%"],
        ["Nätverk B", "4", "75\(n)%", "50\(n)%", "50\(n)%"],
        ["Totalt", "8", "75\(n)%", "50\(n)%", "25\(n)%"],
      ])
  }

  /// A questionnaire's text: 8 of the 11 invited answered "kanaler" (8/11 = 72,7 %).
  @Test func questionnaireText() throws {
    let outcome = try SurveyExportTests.run(
      .questionnaire, data: Self.forms,
      spec: Self.spec(extra: "invited: {Nätverk A: 5, Nätverk B: 6}\n"))
    let n = SurveyExportTests.nbsp
    #expect(
      SurveyExportTests.summary(outcome).last
        == "– 73\(n)% (8 av 11) har svarat på frågan \"Kanaler\" (flera svar möjliga) och av "
        + "dessa valde 75\(n)% Nätverksträffar, 50\(n)% Nyhetsbrev och 25\(n)% Webbinarier.")
  }

  /// The same answers read row by row (a weight column keeps the blocks out), as a sheet or
  /// a re-encoded file is read: the same counts. Weights of 2 on Nätverk B's rows double
  /// its counts: Totalt 3 + 2·3 = 9 of 4 + 2·4 = 12 for Nätverksträffar (0.75), Webbinarier
  /// 0 + 2·2 = 4 of 12.
  @Test func rowByRowWithWeights() throws {
    var lines = Self.forms.split(separator: "\n").map(String.init)
    lines[0] += ",Vikt"
    for i in 1..<lines.count { lines[i] += i <= 5 ? ",1" : ",2" }
    let data = lines.joined(separator: "\n") + "\n"
    let outcome = try SurveyExportTests.run(
      .survey, data: data, spec: Self.spec(extra: "weight: Vikt\n"))
    let table = try Self.answerTable(outcome, question: "kanaler")
    #expect(table["Totalt/Nätverksträffar"]?.0 == "9")
    #expect(table["Totalt/Nätverksträffar"]?.1 == "0.75")
    #expect(table["Totalt/Webbinarier"]?.0 == "4")
    #expect(table["Totalt/Webbinarier"].flatMap { Double($0.1) } == 4.0 / 12)
  }

  /// With `min_group_size: 5` both networks (4 answers each) are withheld: count and share
  /// empty; `Totalt`'s 8 answers are shown.
  @Test func smallGroupsAreWithheld() throws {
    let outcome = try SurveyExportTests.run(
      .survey, data: Self.forms, spec: Self.spec(minimumGroupSize: 5))
    let table = try Self.answerTable(outcome, question: "kanaler")
    #expect(table["Nätverk A/Nätverksträffar"]?.0 == "")
    #expect(table["Nätverk A/Nätverksträffar"]?.1 == "")
    #expect(table["Nätverk B/Webbinarier"]?.1 == "")
    #expect(table["Totalt/Nätverksträffar"]?.1 == "0.75")
    // The store holds what the report shows: Totalt's share with its base, the withheld
    // networks without a value or a count.
    let stored = { (scope: String) in
      outcome.values.first {
        $0.kpi == "enkat.kanaler.option.Nätverksträffar" && $0.scope == scope
      }
    }
    #expect(stored("Totalt")?.value == 0.75)
    #expect(stored("Totalt")?.count == 8)
    #expect(stored("Nätverk A")?.value == nil)
    #expect(stored("Nätverk A")?.count == nil)
  }

  // Against an earlier round, by hand: 4 respondents who all answered "kanaler";
  // Nätverksträffar rows 1, 2, 4 = 3 of 4 (75 %), Nyhetsbrev row 4 = 1 (25 %), Webbinarier
  // rows 2, 3 = 2 (50 %). The sentence gives them in this year's order (Nätverksträffar,
  // Nyhetsbrev, Webbinarier): 75 %, 25 % and 50 %.
  @Test func comparedWithTheEarlierRound() throws {
    let previous = """
      Tidstämpel,Nätverk,Hur nöjd är du med nätverket?,Vilka kanaler har du tagit del av?
      2024-11-01 08:00:00,Nätverk A,Mycket nöjd,Nätverksträffar
      2024-11-01 09:00:00,Nätverk A,Ganska nöjd,"Nätverksträffar, Webbinarier"
      2024-11-02 10:00:00,Nätverk B,Ganska nöjd,Webbinarier
      2024-11-02 11:00:00,Nätverk B,Mycket nöjd,Nätverksträffar;Nyhetsbrev;

      """
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(Self.forms.utf8).write(to: folder.appendingPathComponent("2025.csv"))
    try Data(previous.utf8).write(to: folder.appendingPathComponent("2024.csv"))
    try Data(Self.spec().utf8).write(to: folder.appendingPathComponent("spec.yaml"))
    let analysis = SurveyAnalysis(
      .survey, SurveyEntry(id: "enkat", data: "2025.csv", spec: "spec.yaml", previous: "2024.csv"),
      folder: folder)
    let outcome = try analysis.run(AnalysisContext())
    let n = SurveyExportTests.nbsp
    #expect(
      SurveyExportTests.summary(outcome).last
        == "Av 8 personer som svarade valde 75\(n)% Nätverksträffar, 50\(n)% Nyhetsbrev och "
        + "25\(n)% Webbinarier. Detta kan jämföras med 75\(n)%, 25\(n)% respektive 50\(n)% "
        + "föregående år.")
  }

  // The store's values of the options, from the hand counts above: per group and option the
  // share over those who answered (Totalt 6/8, 4/8, 2/8; Nätverk B's Webbinarier 2/4), the
  // base as the count, for the period of the spec.
  @Test func optionSharesReachTheStore() throws {
    let outcome = try SurveyExportTests.run(.survey, data: Self.forms, spec: Self.spec())
    let options = outcome.values.filter { $0.kpi.hasPrefix("enkat.kanaler.option.") }
    #expect(options.count == 9)
    let totals = options.filter { $0.scope == "Totalt" }
    #expect(
      totals.map(\.kpi) == [
        "enkat.kanaler.option.Nätverksträffar", "enkat.kanaler.option.Nyhetsbrev",
        "enkat.kanaler.option.Webbinarier",
      ])
    #expect(totals.map(\.value) == [0.75, 0.5, 0.25])
    #expect(totals.map(\.count) == [8, 8, 8])
    #expect(totals.allSatisfy { $0.period == "2025" })
    let webinars = options.first {
      $0.scope == "Nätverk B" && $0.kpi == "enkat.kanaler.option.Webbinarier"
    }
    #expect(webinars?.value == 0.5)
    #expect(webinars?.count == 4)
    // No share of its own: the question is no `survey.kanaler.share`.
    #expect(!outcome.values.contains { $0.kpi == "enkat.kanaler.share" })
  }

  /// An option misspelt in a cell is an error naming file, row and column, with the nearest
  /// option; the row is the file's line (the header is line 1).
  @Test func unknownOptionIsLocated() throws {
    let data = Self.forms.replacingOccurrences(
      of: "Nätverk A,Ganska nöjd,Nätverksträffar\n", with: "Nätverk A,Ganska nöjd,Nätverksträfar\n")
    let error = #expect(throws: (any Error).self) {
      try SurveyExportTests.run(.survey, data: data, spec: Self.spec())
    }
    let message = "\(error.map { "\($0)" } ?? "")"
    #expect(
      message.hasPrefix(
        "export.csv:3:4: unknown answer \"Nätverksträfar\" in column \"Vilka kanaler har du "
          + "tagit del av?\" (a cell of several answers separated by \";\" or \",\"); did you "
          + "mean \"Nätverksträffar\"?"), "\(message)")
  }

  /// An option that holds the separator itself is found whole; `separator: ";"` reads
  /// Microsoft Forms' cells with commas inside an option.
  @Test func optionsWithCommas() throws {
    let data = """
      Nätverk,Hur nöjd är du med nätverket?,Hur deltar du?
      Nätverk A,Mycket nöjd,"Ja, ibland;Digitalt;"
      Nätverk A,Ganska nöjd,"Ja, ofta;"
      Nätverk A,Ganska nöjd,Digitalt;

      """
    let spec = """
      title: Nätverksenkät 2025
      group: Nätverk
      scale: [Mycket nöjd, Ganska nöjd, Ganska missnöjd, Mycket missnöjd]
      positive: [Mycket nöjd, Ganska nöjd]
      min_group_size: 1
      questions:
        - {id: nojd, column: Hur nöjd är du med nätverket?}
        - id: deltar
          column: Hur deltar du?
          multiple: true
          options: ["Ja, ofta", "Ja, ibland", Digitalt]
      """
    // 3 answered: "Ja, ofta" 1, "Ja, ibland" 1, Digitalt 2 (the CSV quotes the commas).
    let outcome = try SurveyExportTests.run(.survey, data: data, spec: spec)
    let rows = try #require(outcome.files.first { $0.name == "survey-answers.csv" }).contents
    #expect(rows.contains("\n,Totalt,deltar,\"Ja, ofta\",1,0.3333333333333333"))
    #expect(rows.contains("\n,Totalt,deltar,\"Ja, ibland\",1,0.3333333333333333"))
    #expect(rows.contains("\n,Totalt,deltar,Digitalt,2,0.6666666666666666"))
    let semicolon = spec.replacingOccurrences(
      of: "multiple: true", with: "multiple: true\n    separator: \";\"")
    let again = try SurveyExportTests.run(.survey, data: data, spec: semicolon)
    let contents = try #require(again.files.first { $0.name == "survey-answers.csv" }).contents
    #expect(contents.contains(",Totalt,deltar,\"Ja, ibland\",1,0.3333333333333333"))
  }

  /// One column per option, as Qualtrics' numeric export writes a multi-select question
  /// (`1` chosen, blank not) and SurveyMonkey its label: `columns:` maps each option to its
  /// column. 4 respondents, 3 answered (the last chose nothing): Nyhetsbrev 2 of 3, Webbinarier
  /// 2 of 3, Nätverksträffar 1 of 3.
  @Test func oneColumnPerOption() throws {
    let data = """
      Nätverk,Q1,Q2_1,Q2_2,Q2_3
      Nätverk A,1,1,,Webbinarier
      Nätverk A,2,,1,0
      Nätverk B,1,,1,1
      Nätverk B,2,,,

      """
    let spec = """
      title: Nätverksenkät 2025
      group: Nätverk
      scale: ["1", "2", "3"]
      positive: ["1"]
      min_group_size: 1
      questions:
        - {id: nojd, column: Q1}
        - id: kanaler
          label: Kanaler
          multiple: true
          columns: {Nätverksträffar: Q2_1, Nyhetsbrev: Q2_2, Webbinarier: Q2_3}
      """
    let outcome = try SurveyExportTests.run(.survey, data: data, spec: spec)
    let table = try Self.answerTable(outcome, question: "kanaler")
    #expect(table["Totalt/Nätverksträffar"]?.0 == "1")
    #expect(table["Totalt/Nätverksträffar"].flatMap { Double($0.1) } == 1.0 / 3)
    #expect(table["Totalt/Nyhetsbrev"].flatMap { Double($0.1) } == 2.0 / 3)
    #expect(table["Totalt/Webbinarier"].flatMap { Double($0.1) } == 2.0 / 3)
    #expect(table["Nätverk B/Nyhetsbrev"]?.1 == "1")
    let bad = data.replacingOccurrences(of: "Nätverk B,1,,1,1", with: "Nätverk B,1,,ja tack,1")
    let error = #expect(throws: (any Error).self) {
      try SurveyExportTests.run(.survey, data: bad, spec: spec)
    }
    #expect(
      "\(error.map { "\($0)" } ?? "")".hasPrefix(
        "export.csv:4:4: expected \"Nyhetsbrev\" or 1 (chosen), or a blank or 0 (not chosen)"))
  }
}
