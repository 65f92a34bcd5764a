import KPIAnalysis
import KPIModel

/// Small hand-made survey rounds for the chart tests, built through `SurveyTally` so they are
/// exactly what the analysis would produce.
enum SurveyFixtures {
  static let scale = ["I mycket hög grad", "I hög grad", "I låg grad", "I mycket låg grad"]

  /// Answer codes: 0–3 the scale, 4 `Vet ej`, −1 blank.
  static func survey(
    period: String, groups: [(name: String, invited: Int, codes: [Int])],
    column: String = "I vilken utsträckning är du nöjd med nätverket i sin helhet?"
  ) throws -> SurveyResult {
    let spec = SurveySpec(
      title: "Nätverksenkät \(period)", period: period, groupColumn: "Nätverk", scale: scale,
      positive: Array(scale.prefix(2)), notSubstantive: ["Vet ej", ""],
      questions: [
        QuestionSpec(id: "helhet", column: column, goal: 0.85)
      ],
      invited: .perGroup(groups.map { ($0.name, $0.invited) }), minimumGroupSize: 5)
    var tally = SurveyTally(spec: spec, kind: .survey)
    for group in groups {
      let index = tally.group(group.name)
      for code in group.codes { tally.add(group: index, weight: 1, answers: [code]) }
    }
    return try tally.result()
  }

  static func repeated(_ counts: [Int: Int]) -> [Int] {
    counts.keys.sorted().flatMap { Array(repeating: $0, count: counts[$0] ?? 0) }
  }

  /// The nätverksenkät 2025: a long name, two suppressed groups (3 and 4 answers, so no
  /// secondary suppression), a group without answers, `Vet ej` answers.
  static func survey2025() throws -> SurveyResult {
    try survey(
      period: "2025",
      groups: [
        ("Ekonomichefer", 12, repeated([0: 4, 1: 4, 2: 1, 4: 1])),
        (
          "Folkhälsa och social hållbarhet i Sjuhärad – samordnare och strateger", 20,
          repeated([0: 5, 1: 7, 2: 3, 3: 1])
        ),
        ("IT-strateger", 8, [0, 1, 1]),
        ("Kultur", 15, repeated([0: 7, 1: 4, 2: 1, 4: 2])),
        ("Skolchefer", 10, []),
        ("Socialchefer", 9, [0, 1, 2, 3]),
        ("Upphandling", 11, repeated([0: 2, 1: 5, 2: 2, 3: 1])),
      ])
  }

  /// The nätverksenkät 2024, for the comparison: Socialchefer had enough answers then, and
  /// Upphandling did not exist.
  static func survey2024() throws -> SurveyResult {
    try survey(
      period: "2024",
      groups: [
        ("Ekonomichefer", 12, repeated([0: 3, 1: 5, 2: 2])),
        (
          "Folkhälsa och social hållbarhet i Sjuhärad – samordnare och strateger", 20,
          repeated([0: 4, 1: 6, 2: 4, 3: 1])
        ),
        ("IT-strateger", 8, repeated([0: 2, 1: 2, 2: 1])),
        ("Kultur", 15, repeated([0: 6, 1: 5, 2: 1])),
        ("Skolchefer", 10, repeated([0: 1, 1: 4, 2: 1])),
        ("Socialchefer", 9, repeated([0: 2, 1: 3, 2: 1])),
      ])
  }

  /// Närvårdskontoret's questionnaire, December 2025: Ja/Delvis/Nej, four questions with a
  /// 95 % goal, one sent only to the project leaders. Codes: 0 Ja, 1 Delvis, 2 Nej, 3 Vet ej.
  static func questionnaire(goals: [Double] = [0.95, 0.95, 0.95, 0.95]) throws -> SurveyResult {
    let spec = SurveySpec(
      title: "Närvårdskontorets enkät, december 2025", period: "2025-12", groupColumn: "Grupp",
      scale: ["Ja", "Delvis", "Nej"], positive: ["Ja"], notSubstantive: ["", "Vet ej"],
      questions: [
        QuestionSpec(
          id: "kallelse", column: "Har kallelsen kommit i tid, minst en vecka innan mötet?",
          goal: goals[0]),
        QuestionSpec(
          id: "handlingar", column: "Har handlingarna kommit i tid inför mötet?", goal: goals[1]),
        QuestionSpec(
          id: "motesform", column: "Har mötesformen fungerat bra?", goal: goals[2]),
        QuestionSpec(
          id: "handledning", column: "Ges rätt och tillräcklig handledning till projektledare?",
          goal: goals[3], recipients: ["Projektledare"]),
      ],
      invited: .perGroup([
        ("Styrgrupp närvård", 14), ("Delregionalt Politiskt Samråd", 20), ("Projektledare", 6),
        ("Uppdragsgrupper", 40),
      ]), minimumGroupSize: 5)
    var tally = SurveyTally(spec: spec, kind: .questionnaire)
    func add(_ group: String, _ answers: [[Int]], times: Int = 1) {
      let index = tally.group(group)
      for _ in 0..<times {
        for row in answers { tally.add(group: index, weight: 1, answers: row) }
      }
    }
    add("Styrgrupp närvård", [[0, 0, 0, -1]], times: 11)
    add("Styrgrupp närvård", [[0, 1, 0, -1]])
    add("Delregionalt Politiskt Samråd", [[0, 0, 0, -1]], times: 14)
    add("Delregionalt Politiskt Samråd", [[1, 0, 3, -1], [0, 0, 1, -1]])
    add(
      "Projektledare", [[0, 0, 0, 0], [0, 0, 0, 1], [0, 2, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]])
    add("Uppdragsgrupper", [[0, 0, 0, -1]], times: 27)
    add("Uppdragsgrupper", [[0, 1, 0, -1], [1, 0, 0, -1], [0, 0, 2, -1]])
    return try tally.result()
  }

  /// Labels an attacker might put in a group column.
  static let hostileNames = [
    "<script>alert(1)</script>", "\" onload=\"x", "Forskning & utveckling <FoU>",
    "'><svg onload=alert(2)>",
  ]

  /// A question column an attacker might write, to reach `<desc>`.
  static let hostileColumn = "</desc><script>alert(3)</script><desc>"

  static func hostile(period: String = "2025") throws -> SurveyResult {
    try survey(
      period: period,
      groups: hostileNames.map { ($0, 10, repeated([0: 4, 1: 3, 2: 2, 4: 1])) },
      column: hostileColumn)
  }
}
