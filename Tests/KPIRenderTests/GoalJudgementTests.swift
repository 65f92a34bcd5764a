import KPIAnalysis
import KPIModel
import Testing

@testable import KPIRender

@Suite("Goal judgement")
struct GoalJudgementTests {
  static func goal(_ status: GoalStatus) -> GoalResult {
    GoalResult(id: "x", text: "x", period: "2025", status: status, source: "manual")
  }

  // AR2025:411: "27 av 28 uppfyllda och ett delvis uppfyllt".
  @Test func tallyInTheReportsWords() {
    let goals = Array(repeating: Self.goal(.met), count: 27) + [Self.goal(.partlyMet)]
    #expect(GoalJudgement.tally(goals) == "27 av 28 mål uppfyllda och ett delvis uppfyllt")
    let mixed = [Self.goal(.met), Self.goal(.notMet), Self.goal(.partlyMet), Self.goal(.noData)]
    #expect(
      GoalJudgement.tally(mixed)
        == "1 av 4 mål uppfyllda, ett delvis uppfyllt, ett ej uppfyllt och ett utan bedömning")
    #expect(
      GoalJudgement.tally(Array(repeating: Self.goal(.met), count: 3)) == "3 av 3 mål uppfyllda")
    // More than one: "två mål delvis uppfyllda", "19 mål ej uppfyllda" (a real-exports
    // project printed "19 ej uppfyllt").
    let many =
      [Self.goal(.met)] + Array(repeating: Self.goal(.partlyMet), count: 2)
      + Array(repeating: Self.goal(.notMet), count: 19)
    #expect(
      GoalJudgement.tally(many)
        == "1 av 22 mål uppfyllda, två delvis uppfyllda och 19 ej uppfyllda")
  }

  // AR2025:4538: "minst 3 nyhetsbrev", 2 published, reported as met: flagged, status kept.
  @Test func manualStatusContradictingItsNumbersIsFlagged() {
    let goal = ManualGoal(
      id: "dso-nyhetsbrev", text: "Minst tre nyhetsbrev", target: 3, comparator: .atLeast,
      value: 2, unit: nil, status: .met, comment: nil)
    let result = GoalJudgement.manual(goal, period: "2025")
    #expect(result.status == .met)
    #expect(
      result.note
        == "Angiven status (uppfyllt) stämmer inte med värdet: 2 uppfyller inte >= 3.")
    var consistent = goal
    consistent.value = 3
    #expect(GoalJudgement.manual(consistent, period: "2025").note == "")
  }

  // The numbers beside a goal are written as the rest of the report writes them: decimal
  // comma, narrow no-break space between thousands (was "2.5" and "1000" before).
  @Test func numbersInTheNoteAreSwedish() {
    let goal = ManualGoal(
      id: "g", text: "Minst 1 000 besök", target: 1000, comparator: .atLeast, value: 2.5,
      status: .met)
    #expect(
      GoalJudgement.manual(goal, period: "2025").note
        == "Angiven status (uppfyllt) stämmer inte med värdet: 2,5 uppfyller inte >= "
        + "1\u{202F}000.")
    #expect(GoalJudgement.percentText(0.955) == "95,5\u{00A0}%")
    #expect(GoalJudgement.percentText(0.85) == "85\u{00A0}%")
  }
}
