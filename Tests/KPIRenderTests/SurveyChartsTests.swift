import KPIAnalysis
import Testing

@testable import KPIRender

/// The specs the survey charts build, before any layout: rows, gaps, goals and the Swedish
/// texts.
@Suite("Survey chart specs")
struct SurveyChartsTests {
  static func bars(_ spec: ChartSpec) throws -> BarChart {
    guard case .bars(let chart) = spec.kind else { throw Unexpected() }
    return chart
  }

  static func diverging(_ spec: ChartSpec) throws -> DivergingBarChart {
    guard case .divergingBars(let chart) = spec.kind else { throw Unexpected() }
    return chart
  }

  struct Unexpected: Error {}

  @Test func shareByGroupKeepsResultOrderWithTotaltLast() throws {
    let result = try SurveyFixtures.survey2025()
    let spec = SurveyCharts.shareByGroup(result, question: "helhet", groups: .network)
    let chart = try Self.bars(spec)
    #expect(chart.rows.map(\.label) == result.groups + ["Totalt"])
    #expect(chart.rows.map(\.emphasis).filter { $0 == .total }.count == 1)
    #expect(chart.rows.last?.emphasis == .total)
    #expect(spec.title == "Andel nöjda per nätverk, 2025")
    #expect(spec.id == "survey-2025-andel-helhet")
    #expect(chart.goal == ReferenceLine(value: 0.85, label: "Mål 85\u{00A0}%"))
    #expect(chart.showsIntervals)
    #expect(chart.axis.domain == 0...1)
  }

  @Test func shareByGroupShowsGapsWithTheirReason() throws {
    let chart = try Self.bars(
      SurveyCharts.shareByGroup(try SurveyFixtures.survey2025(), question: "helhet"))
    func measure(_ label: String) -> Measure? {
      chart.rows.first { $0.label == label }?.measures[0]
    }
    #expect(measure("IT-strateger") == .missing(note: "för få svar"))
    #expect(measure("Socialchefer") == .missing(note: "för få svar"))
    #expect(measure("Skolchefer") == .missing(note: "inga svar"))
    // Ekonomichefer: 8 positive of 9 on the scale (one "Vet ej"), 12 invited.
    guard case .value(let share, let interval?) = measure("Ekonomichefer") else {
      Issue.record("no value for Ekonomichefer")
      return
    }
    #expect(share == 8.0 / 9.0)
    #expect(interval.lowerBound < share && share < interval.upperBound)
  }

  @Test func secondarySuppressionIsNotCalledTooFewAnswers() throws {
    // One small group alone would be given away by Totalt: the tally withholds the smallest
    // other group too, which has enough answers.
    let result = try SurveyFixtures.survey(
      period: "2025",
      groups: [
        ("Liten", 10, [0, 0, 1]), ("Mellan", 10, [0, 0, 1, 1, 2, 2]),
        ("Stor", 20, Array(repeating: 0, count: 12)),
      ])
    let chart = try Self.bars(SurveyCharts.shareByGroup(result, question: "helhet"))
    #expect(chart.rows[0].measures == [.missing(note: "för få svar")])
    #expect(chart.rows[1].measures == [.missing(note: "ej redovisad")])
  }

  @Test func shareByGroupDescriptionSaysHowManyMetTheGoal() throws {
    let spec = SurveyCharts.shareByGroup(
      try SurveyFixtures.survey2025(), question: "helhet", groups: .network)
    // Met: Ekonomichefer 89 %, Kultur 92 %; not met: Folkhälsa 75 %, Upphandling 70 %.
    #expect(
      spec.description.contains(
        "Målet är minst 85\u{00A0}%. 2 av 4 nätverk med redovisat resultat når målet."))
    #expect(
      spec.description.hasPrefix(
        "Fråga: I vilken utsträckning är du nöjd med nätverket i sin helhet? "))
    #expect(spec.description.contains("2 nätverk redovisas inte för att svaren är för få."))
    // Totalt counts the suppressed groups too: 9 + 16 + 3 + 12 + 0 + 4 + 10 = 54 answered,
    // 8 + 12 + 3 + 11 + 0 + 2 + 7 = 43 positive, 79.6 %.
    #expect(spec.description.contains("Totalt 80\u{00A0}% av 54 svar, målet är ej uppfyllt"))
  }

  @Test func answerDistributionDivergesAroundZero() throws {
    let result = try SurveyFixtures.survey2025()
    let spec = SurveyCharts.answerDistribution(result, question: "helhet", groups: .network)
    let chart = try Self.diverging(spec)
    #expect(chart.categories.map(\.name) == SurveyFixtures.scale + ["Vet ej"])
    #expect(chart.categories.map(\.side) == [.positive, .positive, .negative, .negative, .aside])
    #expect(
      chart.categories.map(\.color.hex) == ["#2166ac", "#92c5de", "#fdb863", "#b35806", "#bdbdbd"])
    #expect(spec.title == "Svarsfördelning per nätverk, 2025")
    // Ekonomichefer: 4, 4, 1, 0 on the scale and one "Vet ej": every bar over the 9 answers
    // on the scale, "Vet ej" too (one base per question), though it is not one of them.
    let row = try #require(chart.rows.first { $0.label == "Ekonomichefer" }?.values)
    let expected: [Double] = [4.0 / 9.0, 4.0 / 9.0, 1.0 / 9.0, 0, 1.0 / 9.0]
    #expect(row == expected)
    // The positive side adds up to the share of the bar chart.
    let total = try #require(chart.rows.last)
    #expect(total.emphasis == .total)
    let share = try #require(result.total("helhet")?.share)
    #expect(abs((total.values?[0] ?? 0) + (total.values?[1] ?? 0) - share) < 1e-12)
    let gap = try #require(chart.rows.first { $0.label == "IT-strateger" })
    #expect(gap.values == nil && gap.note == "för få svar")
  }

  @Test func answersOutsideTheScaleAreLeftOutWhenNobodyGaveThem() throws {
    let result = try SurveyFixtures.survey(
      period: "2025", groups: [("A", 10, [0, 0, 1, 2, 3])])
    let chart = try Self.diverging(SurveyCharts.answerDistribution(result, question: "helhet"))
    #expect(!chart.categories.contains { $0.side == .aside })
  }

  @Test func questionSharesHasOneBarPerQuestionAgainstTheGoal() throws {
    let result = try SurveyFixtures.questionnaire()
    let spec = SurveyCharts.questionShares(result)
    let chart = try Self.bars(spec)
    #expect(chart.rows.map(\.label) == ["kallelse", "handlingar", "motesform", "handledning"])
    #expect(chart.goal == ReferenceLine(value: 0.95, label: "Mål 95\u{00A0}%"))
    #expect(chart.rows.allSatisfy { $0.target == nil })
    #expect(spec.title == "Andel ja-svar per fråga, december 2025")
    // handledning: only the 5 project leaders, 3 "Ja".
    #expect(chart.rows[3].measures[0].value == 0.6)
    #expect(
      spec.description.contains(
        "Målet är minst 95\u{00A0}% för varje fråga. 3 av 4 frågor når målet."))
    #expect(spec.description.contains("Under målet: handledning (60\u{00A0}%)."))
    #expect(chart.rows[3].detail?.hasPrefix("Ges rätt och tillräcklig handledning") == true)
  }

  @Test func questionSharesMarksEachGoalWhenTheyDiffer() throws {
    let chart = try Self.bars(
      SurveyCharts.questionShares(
        try SurveyFixtures.questionnaire(goals: [0.95, 0.9, 0.8, 0.95])))
    #expect(chart.goal == nil)
    #expect(chart.rows.map(\.target) == [0.95, 0.9, 0.8, 0.95])
  }

  @Test func periodComparisonPutsThePreviousPeriodFirst() throws {
    let spec = SurveyCharts.periodComparison(
      current: try SurveyFixtures.survey2025(), previous: try SurveyFixtures.survey2024(),
      question: "helhet", groups: .network)
    let chart = try Self.bars(spec)
    #expect(chart.series.map(\.name) == ["2024", "2025"])
    #expect(chart.series.map(\.color) == [ChartPalette.skyBlue, ChartPalette.blue])
    #expect(spec.title == "Andel nöjda per nätverk, 2024 och 2025")
    #expect(chart.rows.last?.label == "Totalt")
    let upphandling = try #require(chart.rows.first { $0.label == "Upphandling" })
    #expect(upphandling.measures[0] == .missing(note: "uppgift saknas"))
    let social = try #require(chart.rows.first { $0.label == "Socialchefer" })
    #expect(social.measures[0].value == 5.0 / 6)
    #expect(social.measures[1] == .missing(note: "för få svar"))
    // Compared in both periods: Ekonomichefer 80 → 89, Folkhälsa 67 → 75, Kultur 92 → 92.
    #expect(
      spec.description.contains("2 av 3 nätverk med resultat båda perioderna har en högre andel"))
  }

  @Test(arguments: [
    ("2025", "2025"), ("2025-12", "december 2025"), ("2025-08", "augusti 2025"),
    ("2025-13", "2025-13"), ("HT 2025", "HT 2025"),
  ])
  func periodsAreWrittenInSwedish(period: String, text: String) {
    #expect(SurveyCharts.displayPeriod(period) == text)
  }

  @Test func goalLabelsKeepTheirDecimals() {
    #expect(SurveyCharts.percentLabel(0.85) == "85\u{00A0}%")
    #expect(SurveyCharts.percentLabel(0.875) == "87,5\u{00A0}%")
  }
}
