import Testing

@testable import KPIRender

/// Golden SVGs of the survey charts; each was also checked with `xmllint --noout` and
/// rendered with `rsvg-convert` and looked at before it was committed.
@Suite("Survey chart snapshots")
struct SurveyChartSnapshotTests {
  @Test func shareByGroup() throws {
    let spec = SurveyCharts.shareByGroup(
      try SurveyFixtures.survey2025(), question: "helhet", groups: .network)
    try Snapshot.check(spec.svg(), named: "survey-share-by-group")
  }

  @Test func answerDistribution() throws {
    let spec = SurveyCharts.answerDistribution(
      try SurveyFixtures.survey2025(), question: "helhet", groups: .network)
    try Snapshot.check(spec.svg(), named: "survey-answer-distribution")
  }

  @Test func periodComparison() throws {
    let spec = SurveyCharts.periodComparison(
      current: try SurveyFixtures.survey2025(), previous: try SurveyFixtures.survey2024(),
      question: "helhet", groups: .network)
    try Snapshot.check(spec.svg(), named: "survey-period-comparison")
  }

  @Test func questionShares() throws {
    let spec = SurveyCharts.questionShares(try SurveyFixtures.questionnaire())
    try Snapshot.check(spec.svg(), named: "questionnaire-question-shares")
  }

  @Test func questionSharesWithDifferentGoals() throws {
    let spec = SurveyCharts.questionShares(
      try SurveyFixtures.questionnaire(goals: [0.95, 0.9, 0.8, 0.95]))
    try Snapshot.check(spec.svg(), named: "questionnaire-question-shares-goals")
  }

  @Test func questionnaireAnswerDistribution() throws {
    let spec = SurveyCharts.answerDistribution(
      try SurveyFixtures.questionnaire(), question: "motesform")
    try Snapshot.check(spec.svg(), named: "questionnaire-answer-distribution")
  }

  @Test func questionnaireShareByGroup() throws {
    let spec = SurveyCharts.shareByGroup(try SurveyFixtures.questionnaire(), question: "kallelse")
    try Snapshot.check(spec.svg(), named: "questionnaire-share-by-group")
  }

  @Test func hostileLabels() throws {
    let spec = SurveyCharts.shareByGroup(try SurveyFixtures.hostile(), question: "helhet")
    try Snapshot.check(spec.svg(), named: "hostile-share-by-group")
  }
}
