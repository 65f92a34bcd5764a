import Testing

@testable import KPIModel

@Suite("Goals")
struct GoalTests {
  @Test func comparators() {
    #expect(Comparator.atLeast.holds(0.85, 0.85))
    #expect(!Comparator.greaterThan.holds(0.85, 0.85))
    #expect(Comparator.atMost.holds(2, 3))
    #expect(!Comparator.lessThan.holds(3, 3))
  }

  @Test func statusFromSwedishText() {
    #expect(GoalStatus(text: "Uppfyllt") == .met)
    #expect(GoalStatus(text: "delvis uppfyllt") == .partlyMet)
    #expect(GoalStatus(text: "ej uppfyllt") == .notMet)
    #expect(GoalStatus(text: "not_met") == .notMet)
    #expect(GoalStatus(text: "kanske") == nil)
    #expect(GoalStatus.suppressed.swedish == "ej redovisat (för få svar)")
  }
}
