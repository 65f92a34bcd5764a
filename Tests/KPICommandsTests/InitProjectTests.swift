import Foundation
import Testing

/// `kpi init visitors` and `kpi init sickleave`: the drafted project file runs in `kpi report`
/// without an edit.
@Suite("kpi init: project files")
struct InitProjectTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let realExports = repository.deletingLastPathComponent()
    .appendingPathComponent("shared/real-exports")

  static func draftAndReport(_ arguments: [String]) throws -> (
    drafted: Run, report: Run, yaml: String
  ) {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try kpi(["init"] + arguments + ["--out", "projekt.yaml"], in: folder)
    let yaml =
      (try? String(contentsOf: folder.appendingPathComponent("projekt.yaml"), encoding: .utf8))
      ?? ""
    let report = try kpi(["report", "projekt.yaml", "--out", "out"], in: folder)
    return (first, report, yaml)
  }

  @Test func bundledVisitors() throws {
    let run = try Self.draftAndReport([
      "visitors", "--data",
      Self.repository.appendingPathComponent("datasets/navet/visitors.csv").path,
    ])
    #expect(run.drafted.status == 0)
    #expect(run.report.status == 0)
    #expect(run.yaml.contains("period: \"2025\""))
  }

  @Test func bundledSickLeave() throws {
    let folder = Self.repository.appendingPathComponent("datasets/sjukfranvaro")
    let run = try Self.draftAndReport([
      "sickleave", "--employees", folder.appendingPathComponent("employees.csv").path,
      "--spells", folder.appendingPathComponent("spells.csv").path,
    ])
    #expect(run.drafted.status == 0)
    #expect(run.report.status == 0)
  }

  @Test(.enabled(if: FileManager.default.fileExists(atPath: realExports.path)))
  func realVisitorAndHRExports() throws {
    let museum = try Self.draftAndReport([
      "visitors", "--data",
      Self.realExports.appendingPathComponent("la-museum-visitors-monthly.csv").path,
    ])
    #expect(museum.report.status == 0)
    #expect(museum.yaml.contains("date_format: m/d/yyyy"))
    let leeds = try Self.draftAndReport([
      "visitors", "--data",
      Self.realExports.appendingPathComponent("leeds-footfall-may2016.csv").path,
    ])
    #expect(leeds.report.status == 0)
    #expect(
      leeds.yaml.contains(
        "columns: {date: \"Date\", category: \"LocationName\", visitors: \"InCount\", hour: \"Hour\"}"
      ))
    let hr = try Self.draftAndReport([
      "sickleave", "--employees",
      Self.realExports.appendingPathComponent("sv-hr-anstallda.csv").path,
      "--spells", Self.realExports.appendingPathComponent("sv-hr-franvaro.csv").path,
    ])
    #expect(hr.drafted.status == 0)
    #expect(hr.report.status == 0)
    #expect(
      hr.drafted.stderr.contains(
        "kpi init: note: sv-hr-franvaro.csv: 22 rader med annan frånvaroorsak"))
  }
}
