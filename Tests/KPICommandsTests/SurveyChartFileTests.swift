import Foundation
import Testing

/// Runs a tool on PATH and returns its exit status and standard output.
func tool(_ name: String, _ arguments: [String]) throws -> (Int32, String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [name] + arguments
  let out = Pipe()
  process.standardOutput = out
  // Not a pipe: a tool that writes much to stderr would block on a pipe nobody reads.
  process.standardError = FileHandle.nullDevice
  try process.run()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Checks one SVG file as SPEC §6 wants it: well-formed, renders, has title and desc.
func checkSVG(_ url: URL) throws {
  let text = try String(contentsOf: url, encoding: .utf8)
  #expect(text.contains("<title"), "\(url.lastPathComponent) has no <title>")
  #expect(text.contains("<desc"), "\(url.lastPathComponent) has no <desc>")
  #expect(text.contains("viewBox="), "\(url.lastPathComponent) has no viewBox")
  #expect(try tool("xmllint", ["--noout", url.path]).0 == 0, "\(url.lastPathComponent)")
  let png = url.deletingPathExtension().appendingPathExtension("png")
  #expect(try tool("rsvg-convert", ["-o", png.path, url.path]).0 == 0)
  let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
  #expect((size ?? 0) > 2000, "\(png.lastPathComponent) is empty")
}

@Suite("Survey charts as files")
struct SurveyChartFileTests {
  @Test func bundledRunsGiveValidCharts() throws {
    let out = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let runs = [
      [
        "survey", "--data", "datasets/natverksenkat/2025.xlsx", "--spec",
        "datasets/natverksenkat/spec-2025.yaml", "--previous", "datasets/natverksenkat/2024.csv",
        "--previous-spec", "datasets/natverksenkat/spec-2024.yaml",
      ],
      [
        "questionnaire", "--data", "datasets/narvard/2023-08.csv", "--spec",
        "datasets/narvard/spec-2023-08.yaml",
      ],
    ]
    var count = 0
    for (index, arguments) in runs.enumerated() {
      let folder = out.appendingPathComponent("\(index)")
      let run = try kpi(arguments + ["--out", folder.path], in: repositoryRoot)
      #expect(run.status == 0, "\(run.stderr)")
      for file in try FileManager.default.contentsOfDirectory(atPath: folder.path)
      where file.hasSuffix(".svg") {
        try checkSVG(folder.appendingPathComponent(file))
        count += 1
      }
    }
    // survey: share, answers, comparison; questionnaire: per question + 11 distributions.
    #expect(count == 3 + 12)
  }

  // Group names and answers come from the public: they must stay text in every output.
  @Test func hostileLabelsStayText() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let groups = [
      "<script>alert(1)</script>", "\" onload=\"alert(2)", "A & B", "=HYPERLINK(\"x\")",
    ]
    var csv = "Grupp;Fråga\n"
    for group in groups {
      for _ in 0..<6 { csv += "\"\(group.replacingOccurrences(of: "\"", with: "\"\""))\";Ja\n" }
    }
    try Data(csv.utf8).write(to: folder.appendingPathComponent("data.csv"))
    let spec = """
      title: Test
      period: "2025"
      group: Grupp
      scale: [Ja, Nej]
      positive: [Ja]
      questions:
        - {id: q, column: Fråga, goal: 0.9}
      """
    try Data(spec.utf8).write(to: folder.appendingPathComponent("spec.yaml"))
    let out = folder.appendingPathComponent("out")
    let run = try kpi(
      "survey", "--data", folder.appendingPathComponent("data.csv").path, "--spec",
      folder.appendingPathComponent("spec.yaml").path, "--out", out.path)
    #expect(run.status == 0, "\(run.stderr)")
    for file in try FileManager.default.contentsOfDirectory(atPath: out.path)
    where file.hasSuffix(".svg") {
      let url = out.appendingPathComponent(file)
      try checkSVG(url)
      let scripts = try tool("xmllint", ["--xpath", "count(//*[local-name()='script'])", url.path])
      #expect(scripts.1.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
      let handlers = try tool(
        "xmllint", ["--xpath", "count(//@*[starts-with(local-name(), 'on')])", url.path])
      #expect(handlers.1.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
      let text = try String(contentsOf: url, encoding: .utf8)
      #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      #expect(text.contains("A &amp; B"))
    }
    let table = try String(contentsOf: out.appendingPathComponent("survey.csv"), encoding: .utf8)
    #expect(table.contains("\"'=HYPERLINK(\"\"x\"\")\""))
    #expect(table.contains("\"\"\" onload=\"\"alert(2)\""))
  }
}
