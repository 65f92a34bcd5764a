import Foundation
import Testing

@Suite("Visitor and sick-leave charts as files")
struct VisitorSickLeaveChartFileTests {
  /// The SVG files in `folder`, sorted.
  static func charts(_ folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
      $0.hasSuffix(".svg")
    }
    .sorted()
  }

  // The commands exactly as README gives them.
  @Test func bundledVisitorRunGivesValidCharts() throws {
    let out = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try kpi(
      [
        "visitors", "--data", "datasets/navet/visitors.csv", "--base-year", "2019",
        "--base-year", "2022", "--goal", "0.15", "--out", out.path,
      ], in: repositoryRoot)
    #expect(run.status == 0, "\(run.stderr)")
    let files = try Self.charts(out)
    #expect(
      files == [
        "visitors-2025-kategorier.svg", "visitors-2025-per-ar.svg",
        "visitors-2025-per-manad.svg", "visitors-2025-sasongsindex.svg",
      ])
    for file in files { try checkSVG(out.appendingPathComponent(file)) }
    let monthly = try String(
      contentsOf: out.appendingPathComponent("visitors-2025-per-manad.svg"), encoding: .utf8)
    #expect(monthly.contains("Besökare per månad 2025 jämfört med 2024, 2022 och 2019"))
    #expect(monthly.contains(">jan</text>") && monthly.contains(">dec</text>"))
    // Thousands with a narrow no-break space on the axis.
    #expect(monthly.contains(">6\u{202F}000</text>"))
    let annual = try String(
      contentsOf: out.appendingPathComponent("visitors-2025-per-ar.svg"), encoding: .utf8)
    #expect(annual.contains("säsongsindex × linjär trend"))
    #expect(annual.contains(">ingen data</text>"))
  }

  @Test func bundledSickLeaveRunGivesValidCharts() throws {
    let (run, out) = try PublishedSickLeaveTests.runBundled()
    defer { try? FileManager.default.removeItem(at: out) }
    #expect(run.status == 0, "\(run.stderr)")
    let files = try Self.charts(out)
    #expect(
      files == [
        "sickleave-2025-jamforelse.svg", "sickleave-2025-kon-och-alder.svg",
        "sickleave-2025-sjukperioder.svg",
      ])
    for file in files { try checkSVG(out.appendingPathComponent(file)) }
    let ages = try String(
      contentsOf: out.appendingPathComponent("sickleave-2025-kon-och-alder.svg"),
      encoding: .utf8)
    #expect(ages.contains("ej redovisat"))
  }

  // Category names come from the public's side of the house: they stay text.
  @Test func hostileCategoryStaysText() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var csv = "date,category,visitors\n"
    for year in 2022...2024 {
      for month in 1...12 {
        let date = "\(year)-" + (month < 10 ? "0\(month)" : "\(month)")
        csv += "\(date),allmänhet,\(1_000 + 37 * month + 11 * year % 7 * month)\n"
        // Annual totals off a straight line: three exactly on one make the robust trend trap.
        let growth = 50 * (year - 2022) * (year - 2022)
        csv += "\(date),\"<script>alert(1)</script>\",\(400 + 13 * month + growth)\n"
      }
    }
    try Data(csv.utf8).write(to: folder.appendingPathComponent("visitors.csv"))
    let out = folder.appendingPathComponent("out")
    let run = try kpi(
      "visitors", "--data", folder.appendingPathComponent("visitors.csv").path, "--out",
      out.path)
    #expect(run.status == 0, "\(run.stderr)")
    let files = try Self.charts(out)
    #expect(files.count == 4)
    var named = 0
    for file in files {
      let url = out.appendingPathComponent(file)
      try checkSVG(url)
      let scripts = try tool("xmllint", ["--xpath", "count(//*[local-name()='script'])", url.path])
      #expect(scripts.1.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
      let text = try String(contentsOf: url, encoding: .utf8)
      if text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") { named += 1 }
    }
    // The seasonal profile's legend and the category shares name it.
    #expect(named == 2)
  }
}
