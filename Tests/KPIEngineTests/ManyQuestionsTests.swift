import Foundation
import KPIEngine
import KPIModel
import KPIStore
import Testing

/// A survey of many questions through `kpi report` (issue 17, items 7 and 13): each
/// analysis' files go into the staging folder as soon as it is done and its charts are read
/// back from there into the page and the notebook. What is checked is what was written, not
/// how fast (the 2 000-question case is timed in Fuzz/RESULTS.md).
@Suite("kpi report with a survey of many questions")
struct ManyQuestionsTests {
  static let questions = 300
  static let rows = 40

  /// 40 respondents, groups A (even rows) and B (odd rows); question c is answered 5 on
  /// rows whose half (r / 2, 0 to 19 in each group) is below c mod 21, else 1.
  static func write(into folder: URL) throws {
    var lines = [
      (["Grupp"] + (0..<questions).map { String(format: "F%04d", $0) }).joined(separator: ";")
    ]
    for r in 0..<rows {
      let answers = (0..<questions).map { c in r / 2 < c % 21 ? "5" : "1" }
      lines.append(([r % 2 == 0 ? "A" : "B"] + answers).joined(separator: ";"))
    }
    try Data((lines.joined(separator: "\n") + "\n").utf8)
      .write(to: folder.appendingPathComponent("data.csv"))
    var spec = [
      "title: Många frågor", "period: \"2025\"", "group: Grupp", "scale: [1, 2, 3, 4, 5]",
      "positive: [4, 5]", "questions:",
    ]
    for c in 0..<questions {
      spec += [
        String(format: "  - id: q%04d", c), String(format: "    column: F%04d", c),
        "    label: \"Fråga \(c + 1)\"",
      ]
    }
    try Data((spec.joined(separator: "\n") + "\n").utf8)
      .write(to: folder.appendingPathComponent("spec.yaml"))
  }

  static func run(_ folder: URL) throws -> ReportRun.Outcome {
    let project = ProjectFile(
      organisation: "Testförbundet", period: "2025",
      analyses: [.survey(SurveyEntry(id: "enkat", data: "data.csv", spec: "spec.yaml"))],
      baseDirectory: folder)
    return try ReportRun(
      project: project, out: folder.appendingPathComponent("out"),
      notebook: folder.appendingPathComponent("nb.ipynb"),
      store: .sqlite(folder.appendingPathComponent("kpi.sqlite")), commandLine: "kpi report t"
    ).run()
  }

  static func files(_ folder: URL) throws -> [String] {
    try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter {
      var isFolder: ObjCBool = false
      FileManager.default.fileExists(
        atPath: folder.appendingPathComponent($0).path, isDirectory: &isFolder)
      return !isFolder.boolValue
    }.sorted()
  }

  @Test func everyFileWrittenAndEveryChartInlined() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.write(into: folder)
    _ = try Self.run(folder)
    let out = folder.appendingPathComponent("out")
    let files = try Self.files(out)
    // Two charts per question (shares per group, answers), three tables and the summary's
    // text, goals.csv and report.html; nothing left of the staging folder beside it.
    let charts = files.filter { $0.hasPrefix("enkat/") && $0.hasSuffix(".svg") }
    #expect(charts.count == 2 * Self.questions)
    #expect(files.count == 2 * Self.questions + 5)
    #expect(
      Set(files.filter { !$0.hasSuffix(".svg") })
        == [
          "enkat/survey.csv", "enkat/survey-answers.csv", "enkat/survey-summary.txt",
          "goals.csv", "report.html",
        ])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        == ["data.csv", "kpi.sqlite", "nb.ipynb", "out", "spec.yaml"])

    // Question q0007: rows with r / 2 < 7 answered 5, i.e. 7 of the 20 in each group:
    // A 7 / 20 = 0.35, B the same, Totalt 14 / 40 = 0.35. Question q0025 (25 mod 21 = 4):
    // 4 / 20 = 0.2 per group.
    let shares = try String(
      contentsOf: out.appendingPathComponent("enkat/survey.csv"), encoding: .utf8)
    let row = { (group: String, question: String) -> [Substring] in
      shares.split(separator: "\r\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false)
      }
      .first { $0.count > 7 && $0[1] == group && $0[2] == question } ?? []
    }
    #expect(row("A", "q0007")[4...7] == ["20", "20", "7", "0.35"])
    #expect(row("Totalt", "q0007")[4...7] == ["40", "40", "14", "0.35"])
    #expect(row("B", "q0025")[4...7] == ["20", "20", "4", "0.2"])
    let store = try SQLiteStore(url: folder.appendingPathComponent("kpi.sqlite"))
    let stored = try store.values(kpi: "enkat.q0025.share", organisation: "Testförbundet")
      .first { $0.scope == "Totalt" }
    #expect(stored?.value == 0.2)

    // Every chart inlined in the page and the notebook, byte for byte as its file.
    let page = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(page.components(separatedBy: "<figure><svg").count - 1 == charts.count)
    let notebook =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("nb.ipynb"))) as? [String: Any]
    let outputs = (notebook?["cells"] as? [[String: Any]] ?? []).flatMap {
      $0["outputs"] as? [[String: Any]] ?? []
    }
    let svgs = outputs.compactMap {
      ($0["data"] as? [String: Any])?["image/svg+xml"] as? [String]
    }.map { $0.joined() }
    #expect(svgs.count == charts.count)
    for name in [charts.first!, charts.last!] {
      let svg = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
      #expect(page.contains("<figure>" + svg + "</figure>"))
      #expect(svgs.contains(svg))
    }
  }

  // A second run on the same inputs writes the same bytes, and keeps the old run's files
  // (hard-linked) instead of making new ones: the page, streamed, too.
  @Test func anUnchangedRunLinksTheOldFiles() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.write(into: folder)
    _ = try Self.run(folder)
    let out = folder.appendingPathComponent("out")
    func identities() throws -> [String: UInt64] {
      var result: [String: UInt64] = [:]
      for name in try Self.files(out) {
        let attributes = try FileManager.default.attributesOfItem(
          atPath: out.appendingPathComponent(name).path)
        result[name] = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
      }
      return result
    }
    let before = try identities()
    let page = try Data(contentsOf: out.appendingPathComponent("report.html"))
    _ = try Self.run(folder)
    let after = try identities()
    #expect(after == before)
    #expect(try Data(contentsOf: out.appendingPathComponent("report.html")) == page)
  }
}
