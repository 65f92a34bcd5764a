import KPIAnalysis
import KPIModel
import Testing

@testable import KPIRender

/// The report's per-group table marks a status whose interval straddles the goal (SPEC §5.2).
@Suite("Survey status table")
struct SurveyStatusTableTests {
  // Goal 85 %, no invited count (no finite population correction), Wilson 95 %, z = 1,959964,
  // by hand (centre (p + z²/2n)/(1 + z²/n), half-width z·√(p(1−p)/n + z²/4n²)/(1 + z²/n)):
  // A 8 of 10 = 80 %, 49,0–94,3 %: not met, the interval reaches over 85 % → uncertain;
  // B 9 of 10 = 90 %, 59,6–98,2 %: met, the interval reaches under 85 % → uncertain;
  // C 30 of 30 = 100 %, 88,6–100 %: met, the whole interval over 85 % → secure.
  @Test func uncertainStatusesAreMarked() throws {
    let spec = SurveySpec(
      title: "Nätverksenkät 2025", period: "2025", groupColumn: "Nätverk",
      scale: ["Ja", "Nej"], positive: ["Ja"],
      questions: [QuestionSpec(id: "helhet", column: "Nöjd?", goal: 0.85)],
      minimumGroupSize: 1)
    var tally = SurveyTally(spec: spec, kind: .survey)
    for (name, yes, no) in [("A", 8, 2), ("B", 9, 1), ("C", 30, 0)] {
      let group = tally.group(name)
      for _ in 0..<yes { tally.add(group: group, weight: 1, answers: [0]) }
      for _ in 0..<no { tally.add(group: group, weight: 1, answers: [1]) }
    }
    let result = try tally.result()
    let table = SurveySection.groupTable(result, .network)
    #expect(table.rows.map { $0[0] } == ["A", "B", "C", "Totalt"])
    let percent = "\u{00A0}%"
    #expect(
      table.rows.map { $0[3] } == [
        "49–94" + percent, "60–98" + percent, "89–100" + percent, "84–98" + percent,
      ])
    // Totalt 47 of 50 = 94 %, Wilson 83,8–97,9 %: met, under 85 % at the low end → uncertain.
    #expect(
      table.rows.map { $0[5] } == [
        "ej uppfyllt (osäkert)", "uppfyllt (osäkert)", "uppfyllt", "uppfyllt (osäkert)",
      ])
  }
}
