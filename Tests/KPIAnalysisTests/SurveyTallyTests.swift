import KPIModel
import KPIStats
import Testing

@testable import KPIAnalysis

@Suite("Survey tally")
struct SurveyTallyTests {
  static let scale = ["I mycket hög grad", "I hög grad", "I låg grad", "I mycket låg grad"]

  static func spec(invited: Invited? = nil, minimum: Int = 5) -> SurveySpec {
    SurveySpec(
      title: "Nätverksenkät", period: "2025", groupColumn: "Nätverk", scale: scale,
      positive: Array(scale.prefix(2)), notSubstantive: ["Vet ej", ""],
      questions: [QuestionSpec(id: "helhet", column: "Helhet", goal: 0.85)], invited: invited,
      minimumGroupSize: minimum)
  }

  /// Codes: 0–3 the scale, 4 "Vet ej", −1 blank.
  static func tally(_ groups: [(String, [Int])], spec: SurveySpec = spec()) -> SurveyTally {
    var tally = SurveyTally(spec: spec, kind: .survey)
    for (name, codes) in groups {
      let g = tally.group(name)
      for code in codes { tally.add(group: g, weight: 1, answers: [code]) }
    }
    return tally
  }

  // By hand: 10 of 10 positive, n = 10, no population: p = 1, z = 1.959964 (norm.isf(0.025)),
  // Wilson lower = (1 + z²/20 − z·√(z²/400)) / (1 + z²/10) = 1 / (1 + z²/10) = 0.72247.
  @Test func tenOfTen() throws {
    let result = try Self.tally([("A", Array(repeating: 0, count: 10))]).result()
    let row = try #require(result.rows.first { $0.group == "A" })
    #expect(row.share == 1)
    let z = 1.959964
    let lower = try #require(row.estimate?.confidenceInterval.lowerBound)
    #expect(abs(lower - 1 / (1 + z * z / 10)) < 1e-6)
    #expect(abs(lower - 0.7225) < 5e-5)
    #expect(row.status == .met)
    #expect(row.confidence == .uncertain)  // 0.7225 < 0.85
  }

  // Five respondents of whom one answered "Vet ej": 4 answered < 5, so the group is withheld,
  // and with it the smallest other group, so that Totalt minus the rest gives nothing away.
  @Test func smallGroupIsSuppressedWithASecondGroup() throws {
    let result = try Self.tally([
      ("Liten", [0, 0, 1, 2, 4]), ("Mellan", [0, 1, 1, 1, 1, 2]),
      ("Stor", Array(repeating: 1, count: 9)),
    ]).result()
    let small = try #require(result.rows.first { $0.group == "Liten" })
    #expect(small.respondents == 5)
    #expect(small.answered == 4)
    #expect(small.status == .suppressed && small.withheld == .tooFewAnswers(minimum: 5))
    #expect(small.share == nil && small.positive == nil)
    let middle = try #require(result.rows.first { $0.group == "Mellan" })
    #expect(middle.status == .suppressed && middle.withheld == .complementary)
    #expect(middle.share == nil && middle.positive == nil)
    #expect(result.answers.filter { $0.group == "Mellan" }.allSatisfy { $0.count == nil })
    let total = try #require(result.total("helhet"))
    // Totalt: 4 + 6 + 9 = 19 answered, positive 3 + 5 + 9 = 17.
    #expect(total.answered == 19)
    #expect(total.positive == 17)
    #expect(total.share == 17.0 / 19.0)
  }

  // Two respondents without a group counted in Totalt only (`missing_group: totalt`) are
  // too few to publish (2 < 5): Totalt minus A and B would give them away, so the smaller of
  // A (6 answers) and B (9) is withheld as well. With 5 of them nothing more is withheld.
  @Test func tooFewWithoutAGroupWithholdASecondGroup() throws {
    let groups: [(String, [Int])] = [
      ("A", [0, 0, 1, 2, 2, 3]), ("B", Array(repeating: 0, count: 9)), (ungroupedName, [3, 3]),
    ]
    let result = try Self.tally(groups).result()
    #expect(result.groups == ["A", "B"])
    #expect(result.rows.map(\.group) == ["A", "B", "Totalt"])
    #expect(result.rows[0].withheld == .complementary)
    #expect(result.rows[1].share == 1)
    // Totalt: 6 + 9 + 2 = 17 answered, 3 + 9 = 12 positive.
    #expect(result.rows[2].answered == 17)
    #expect(result.rows[2].positive == 12)
    let enough = try Self.tally(groups + [(ungroupedName, [0, 0, 0])]).result()
    #expect(enough.rows[0].share == 3.0 / 6.0)
  }

  // "Vet ej" and blanks leave the denominator: 3 positive of 4 substantive answers.
  @Test func notSubstantiveLeavesTheDenominator() throws {
    let result = try Self.tally([("A", [0, 1, 1, 3, 4, 4, -1])], spec: Self.spec(minimum: 1))
      .result()
    let row = try #require(result.rows.first { $0.group == "A" })
    #expect(row.respondents == 7)
    #expect(row.answered == 4)
    #expect(row.positive == 3)
    #expect(row.share == 0.75)
    let vetEj = try #require(result.answers.first { $0.group == "A" && $0.answer == "Vet ej" })
    #expect(vetEj.count == 2)
    // Outside the base, so no share; the scale's shares are of the same 4 as the share.
    #expect(vetEj.share == nil)
    let steps = result.answers.filter { $0.group == "A" && $0.answer != "Vet ej" }
    #expect(steps.compactMap(\.share).reduce(0, +) == 1)
  }

  @Test func weightsEqualExpandedRows() throws {
    var weighted = SurveyTally(spec: Self.spec(), kind: .survey)
    let g = weighted.group("A")
    weighted.add(group: g, weight: 7, answers: [0])
    weighted.add(group: g, weight: 2, answers: [2])
    weighted.add(group: g, weight: 3, answers: [4])
    let expanded = Self.tally([("A", Array(repeating: 0, count: 7) + [2, 2, 4, 4, 4])])
    #expect(try weighted.result() == expanded.result())
  }

  // Invited known: response rate = respondents / invited; the interval uses the finite
  // population correction; 143 of 223 invited, 134 positive → 0.6413, interval as
  // ProportionInterval(134, 143, population 223).
  @Test func responseRateAndFinitePopulation() throws {
    let codes =
      Array(repeating: 0, count: 64) + Array(repeating: 1, count: 70)
      + Array(repeating: 2, count: 7) + [3, 3]
    let result = try Self.tally(
      [("A", codes)], spec: Self.spec(invited: .perGroup([(group: "A", count: 223)]))
    ).result()
    let total = try #require(result.total("helhet"))
    #expect(total.invited == 223)
    #expect(total.responseRate == 143.0 / 223.0)
    let expected = try ProportionInterval(positive: 134, count: 143, populationSize: 223)
    #expect(total.estimate == expected)
    #expect(total.status == .met)
    #expect(total.confidence == .secure)
  }

  @Test func moreAnswersThanInvitedIsAnError() {
    let tally = Self.tally(
      [("A", [0, 0, 0, 0, 0, 0])], spec: Self.spec(invited: .perGroup([(group: "A", count: 5)])))
    #expect(throws: StatsError.self) { try tally.result() }
  }

  // A question sent only to Projektledare: its Totalt counts only them, and its response rate
  // is answered over their invited (5 of 6).
  @Test func questionnaireRecipients() throws {
    let spec = SurveySpec(
      title: "Närvård", period: "2023-08", groupColumn: "Grupp", scale: ["Ja", "Delvis", "Nej"],
      positive: ["Ja"],
      questions: [
        QuestionSpec(id: "kallelse", column: "K", goal: 0.95),
        QuestionSpec(id: "handledning", column: "H", goal: 0.95, recipients: ["Projektledare"]),
      ],
      invited: .perGroup([(group: "Styrgrupp", count: 14), (group: "Projektledare", count: 6)]),
      minimumGroupSize: 5)
    var tally = SurveyTally(spec: spec, kind: .questionnaire)
    let s = tally.group("Styrgrupp")
    let p = tally.group("Projektledare")
    for _ in 0..<9 { tally.add(group: s, weight: 1, answers: [0, 0]) }  // H ignored: not sent
    for _ in 0..<5 { tally.add(group: p, weight: 1, answers: [0, 0]) }
    tally.add(group: p, weight: 1, answers: [1, -1])
    let result = try tally.result()
    let h = try #require(result.total("handledning"))
    #expect(h.invited == 6)
    #expect(h.answered == 5)
    #expect(h.responseRate == 5.0 / 6.0)
    #expect(
      result.rows.filter { $0.question == "handledning" }.map(\.group) == [
        "Projektledare", "Totalt",
      ])
    #expect(result.ignoredAnswers == 9)
    let k = try #require(result.total("kallelse"))
    #expect(k.invited == 20)
    #expect(k.answered == 15)
    #expect(k.share == 14.0 / 15.0)
    #expect(k.status == .notMet)
    #expect(result.overallStatus == .notMet)
  }

  // A questionnaire whose only question has 1 answer (under min_group_size 5, as Qualtrics'
  // sample export) is not "partly met (0 of 1)": nothing was judged, so it is withheld.
  // With a second question met (5 of 5 yes), it is partly met.
  @Test func overallStatusWithNothingJudged() throws {
    func result(_ second: Bool) throws -> SurveyResult {
      let spec = SurveySpec(
        title: "Enkät", period: "2025", scale: ["Ja", "Nej"], positive: ["Ja"],
        questions: [QuestionSpec(id: "q1", column: "Q1", goal: 0.95)]
          + (second ? [QuestionSpec(id: "q2", column: "Q2", goal: 0.95)] : []),
        minimumGroupSize: 5)
      var tally = SurveyTally(spec: spec, kind: .questionnaire)
      let g = tally.group(totalGroupName)
      tally.add(group: g, weight: 1, answers: second ? [0, 0] : [0])
      for _ in 0..<(second ? 4 : 0) { tally.add(group: g, weight: 1, answers: [-1, 0]) }
      return try tally.result()
    }
    let alone = try result(false)
    #expect(alone.total("q1")?.status == .suppressed)
    #expect(alone.overallStatus == .suppressed)
    let two = try result(true)
    #expect(two.total("q2")?.status == .met)
    #expect(two.overallStatus == .partlyMet)
  }
}

@Suite("Survey tally: multi-select questions")
struct MultiSelectTallyTests {
  static let spec = SurveySpec(
    title: "Nätverksenkät", period: "2025", groupColumn: "Nätverk", scale: ["Ja", "Nej"],
    positive: ["Ja"],
    questions: [
      QuestionSpec(id: "nojd", column: "Nöjd"),
      QuestionSpec(
        id: "kanaler", column: "Kanaler", multiple: true, options: ["A", "B", "C"]),
    ], minimumGroupSize: 5)

  // Bits: A = 1, B = 2, C = 4. Group X: 6 answered (A, A, AB, AB, B, ABC) and 1 blank:
  // A 5/6, B 4/6, C 1/6. Group Y: 7 answered (A × 7). Group Z: 2 answered (C, BC), under
  // min_group_size 5, so withheld; X, the smallest other (6 < 7), is withheld with it so
  // that Totalt minus Y does not give Z away. Totalt: 15 answered, A 12, B 5, C 3.
  @Test func basesAndSuppression() throws {
    var tally = SurveyTally(spec: Self.spec, kind: .survey)
    let rows: [(String, [Int])] = [
      ("X", [1, 1, 3, 3, 2, 7, -1]), ("Y", Array(repeating: 1, count: 7)), ("Z", [4, 6]),
    ]
    for (name, codes) in rows {
      let g = tally.group(name)
      for code in codes { tally.add(group: g, weight: 1, answers: [0, code]) }
    }
    let result = try tally.result()
    #expect(result.questions.map(\.id) == ["nojd"])
    #expect(result.choiceQuestions.map(\.id) == ["kanaler"])
    #expect(result.choiceRows.map(\.group) == ["X", "Y", "Z", "Totalt"])
    #expect(result.choiceRows.map(\.answered) == [6, 7, 2, 15])
    #expect(result.choiceRows.map(\.respondents) == [7, 7, 2, 16])
    #expect(
      result.choiceRows.map(\.withheld) == [
        .complementary, nil, .tooFewAnswers(minimum: 5), nil,
      ])
    let answers = result.answers.filter { $0.question == "kanaler" }
    func share(_ group: String, _ option: String) -> Double? {
      answers.first { $0.group == group && $0.answer == option }?.share
    }
    #expect(share("X", "A") == nil)
    #expect(share("Y", "A") == 1)
    #expect(share("Y", "B") == 0)
    #expect(share("Totalt", "A") == 12.0 / 15)
    #expect(share("Totalt", "B") == 5.0 / 15)
    #expect(share("Totalt", "C") == 3.0 / 15)
    #expect(answers.count == 4 * 3)
  }

  /// A multi-select question sent to some groups: another group's answers are left out and
  /// counted once each (not once per option) as ignored, in both ways of adding.
  @Test func recipientsLeaveOtherGroupsOut() throws {
    var spec = Self.spec
    spec.invited = .perGroup([("X", 10), ("Y", 10)])
    spec.questions[1].recipients = ["X"]
    spec.minimumGroupSize = 1
    var tally = SurveyTally(spec: spec, kind: .survey)
    let x = tally.group("X")
    let y = tally.group("Y")
    tally.add(group: x, weight: 1, answers: [0, 3])
    tally.add(group: y, weight: 1, answers: [0, 7])
    // Y's counts as the blocks hand them over: A, B, C once each and 1 answered.
    tally.add(group: y, respondents: 1, counts: [[1, 0, 0, 0], [1, 1, 1, 1]])
    let result = try tally.result()
    #expect(result.ignoredAnswers == 2)
    #expect(result.choiceRows.map(\.group) == ["X", "Totalt"])
    #expect(result.choiceRows.map(\.answered) == [1, 1])
    #expect(result.choiceRows.last?.invited == 10)
  }
}
