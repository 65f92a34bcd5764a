import Foundation
import Testing

@testable import KPIModel

@Suite("Project file")
struct ProjectFileTests {
  @Test func resolvesPathsAgainstTheProjectFolder() {
    let project = ProjectFile(
      organisation: "BRS", period: "2025",
      baseDirectory: URL(fileURLWithPath: "/data/projekt", isDirectory: true))
    #expect(project.resolve("hr/spells.csv").path == "/data/projekt/hr/spells.csv")
    #expect(project.resolve("../delat/history.csv").path == "/data/delat/history.csv")
    #expect(project.resolve("/srv/kpi.sqlite").path == "/srv/kpi.sqlite")
  }

  @Test func withoutAFolderPathsAreRelativeToTheWorkingDirectory() {
    let project = ProjectFile(organisation: "BRS", period: "2025")
    let cwd = FileManager.default.currentDirectoryPath
    #expect(
      project.resolve("a.csv").path
        == URL(fileURLWithPath: cwd).appendingPathComponent("a.csv").path)
  }

  @Test func defaults() {
    let visitors = VisitorsEntry(id: "navet", data: "v.csv")
    #expect(visitors.options == VisitorOptions())
    #expect(visitors.options.baseYears.isEmpty && visitors.options.goal == nil)
    #expect(visitors.options.summer == 6...8 && visitors.options.duplicates == .reject)
    #expect(visitors.sheet == nil && visitors.noun == "besökare")
    // One set of defaults for `kpi sickleave` and `kind: sickleave`: 3 years, 2 080 hours.
    let sickLeave = SickLeaveEntry(id: "hr", employees: "e.csv", spells: "s.csv")
    #expect(sickLeave.years == 3 && sickLeave.fullTimeHours == 2080 && sickLeave.period == nil)
    let survey = SurveyEntry(id: "enkat", data: "d.csv", spec: "s.yaml")
    #expect(survey.previous == nil && survey.sheet == nil && survey.period == nil)
    let entries: [AnalysisEntry] = [
      .survey(survey), .questionnaire(survey), .sickleave(sickLeave), .visitors(visitors),
    ]
    #expect(
      entries.map(\.kindName) == ["survey", "questionnaire", "sickleave", "visitors"])
    #expect(entries.map(\.id) == ["enkat", "enkat", "hr", "navet"])
    let goal = ManualGoal(id: "g", text: "Mål", status: .met)
    #expect(goal.target == nil && goal.comparator == nil && goal.unit == nil)
  }
}
