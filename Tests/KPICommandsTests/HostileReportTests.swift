import Foundation
import Testing

/// Labels from every input of `kpi report` (the organisation, a spec's title and question, the
/// survey's groups, the goals' texts and comments) are hostile: the page shows them as text,
/// and the CSV outputs neutralise those that a spreadsheet would run as formulas (SPEC §8).
@Suite("kpi report with hostile labels")
struct HostileReportTests {
  static let groups = [
    "<script>alert(1)</script>", "\" onload=\"alert(2)", "=HYPERLINK(\"http://x\")", "+SUM(1)",
    "-1+2", "@SUM(A1)",
  ]

  /// A project whose every label is hostile, in a fresh folder.
  static func project() throws -> URL {
    let folder = try temporaryFolder()
    var csv = "Grupp;Fråga\n"
    for group in groups {
      for _ in 0..<6 { csv += "\"\(group.replacingOccurrences(of: "\"", with: "\"\""))\";Ja\n" }
    }
    try Data(csv.utf8).write(to: folder.appendingPathComponent("data.csv"))
    let spec = """
      title: '<script>alert(5)</script>'
      period: "2025"
      group: Grupp
      scale: [Ja, Nej]
      positive: [Ja]
      questions:
        - {id: q, column: Fråga, label: '<img src=x onerror=alert(6)>', goal: 0.9}
      """
    try Data(spec.utf8).write(to: folder.appendingPathComponent("spec.yaml"))
    let project = """
      organisation: '<script>alert(1)</script>'
      period: "2025"
      analyses:
        - {id: enkat, kind: survey, data: data.csv, spec: spec.yaml}
      goals:
        - {id: g1, text: '" onload="alert(2)', status: uppfyllt,
           comment: '<img src=x onerror=alert(3)>'}
        - {id: g2, text: '=HYPERLINK("http://x")', status: uppfyllt}
        - {id: g3, text: '+SUM(1)', status: uppfyllt}
        - {id: g4, text: '-1+2', status: uppfyllt}
        - {id: g5, text: '@SUM(A1)', status: uppfyllt}
        - {id: g6, text: Minskning, target: -1, comparator: "<=", value: -2, status: uppfyllt}
      """
    try Data(project.utf8).write(to: folder.appendingPathComponent("project.yaml"))
    return folder
  }

  /// Counts the nodes an XPath expression finds in an HTML file, as libxml2's HTML parser reads
  /// it (the parser complains on stderr about HTML5 and SVG tags; the tree is still built).
  static func count(_ xpath: String, in url: URL) throws -> String {
    try tool("xmllint", ["--html", "--xpath", "count(\(xpath))", url.path]).1
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func thePageShowsEveryLabelAsText() throws {
    let folder = try Self.project()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try kpi("report", "project.yaml", "--out", "out", "--no-store", in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let page = folder.appendingPathComponent("out/report.html")
    #expect(try Self.count("//script", in: page) == "0")
    #expect(try Self.count("//img", in: page) == "0")
    #expect(try Self.count("//@*[starts-with(name(), 'on')]", in: page) == "0")
    // The charts inside the page too: their texts are there, and under the XML parser every
    // chart file is free of scripts and handlers.
    #expect(try Self.count("//svg", in: page) == "2")
    let html = try String(contentsOf: page, encoding: .utf8)
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("\" onload=\""))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("&lt;script&gt;alert(5)&lt;/script&gt;"))
    #expect(html.contains("&quot; onload=&quot;alert(2)"))
    #expect(html.contains("&lt;img src=x onerror=alert(3)&gt;"))
    #expect(html.contains("&lt;img src=x onerror=alert(6)&gt;"))
    let charts = try FileManager.default.contentsOfDirectory(
      atPath: folder.appendingPathComponent("out/enkat").path
    ).filter { $0.hasSuffix(".svg") }
    #expect(charts.count == 2)
    for chart in charts {
      let url = folder.appendingPathComponent("out/enkat/\(chart)")
      #expect(try tool("xmllint", ["--noout", url.path]).0 == 0, "\(chart)")
      let scripts = try tool("xmllint", ["--xpath", "count(//*[local-name()='script'])", url.path])
      #expect(scripts.1.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(chart)")
      let handlers = try tool(
        "xmllint", ["--xpath", "count(//@*[starts-with(local-name(), 'on')])", url.path])
      #expect(handlers.1.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(chart)")
    }
  }

  // rfc quotes a risky cell, excel-sv puts a ' before it; numbers, negative ones included,
  // stay numbers in both.
  @Test(
    arguments: [
      (
        "rfc",
        [
          "g1,\"\"\" onload=\"\"alert(2)\",2025,,,,met,,manual,<img src=x onerror=alert(3)>",
          "g2,\"'=HYPERLINK(\"\"http://x\"\")\",2025,,,,met,,manual,",
          "g3,'+SUM(1),2025,,,,met,,manual,", "g4,'-1+2,2025,,,,met,,manual,",
          "g5,'@SUM(A1),2025,,,,met,,manual,", "g6,Minskning,2025,-2,-1,<=,met,,manual,",
        ],
        [
          "2025,\"'=HYPERLINK(\"\"http://x\"\")\",q,,6,6,6,1,", "2025,'+SUM(1),q,,6,6,6,1,",
          "2025,'-1+2,q,,6,6,6,1,", "2025,'@SUM(A1),q,,6,6,6,1,",
        ]
      ),
      (
        "excel-sv",
        [
          "g1;\"\"\" onload=\"\"alert(2)\";2025;;;;met;;manual;<img src=x onerror=alert(3)>",
          "g2;\"'=HYPERLINK(\"\"http://x\"\")\";2025;;;;met;;manual;",
          "g3;'+SUM(1);2025;;;;met;;manual;", "g4;'-1+2;2025;;;;met;;manual;",
          "g5;'@SUM(A1);2025;;;;met;;manual;", "g6;Minskning;2025;-2;-1;<=;met;;manual;",
        ],
        [
          "2025;\"'=HYPERLINK(\"\"http://x\"\")\";q;;6;6;6;1;", "2025;'+SUM(1);q;;6;6;6;1;",
          "2025;'-1+2;q;;6;6;6;1;", "2025;'@SUM(A1);q;;6;6;6;1;",
        ]
      ),
    ])
  func formulaCellsAreNeutralised(dialect: String, goals: [String], shares: [String]) throws {
    let folder = try Self.project()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try kpi(
      "report", "project.yaml", "--out", "out", "--no-store", "--dialect", dialect, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let goalLines = try String(
      contentsOf: folder.appendingPathComponent("out/goals.csv"), encoding: .utf8
    ).components(separatedBy: "\r\n")
    for line in goals { #expect(goalLines.contains(line), "\(line)") }
    let shareLines = try String(
      contentsOf: folder.appendingPathComponent("out/enkat/survey.csv"), encoding: .utf8
    ).components(separatedBy: "\r\n")
    for prefix in shares {
      #expect(shareLines.contains { $0.hasPrefix(prefix) }, "\(prefix)")
    }
  }
}
