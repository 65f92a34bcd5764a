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
    let entry = AnalysisEntry(id: "navet", kind: .visitors, data: "v.csv")
    #expect(entry.baseYears.isEmpty && entry.goal == nil && entry.sheet == nil)
    #expect(
      AnalysisEntry.Kind.allCases.map(\.rawValue) == [
        "survey", "questionnaire", "sickleave", "visitors",
      ])
    let goal = ManualGoal(id: "g", text: "Mål", status: .met)
    #expect(goal.target == nil && goal.comparator == nil && goal.unit == nil)
  }
}
