import Foundation
import Testing

/// `kpi init project DIR` as a user runs it: a folder of exports in, a project file and its
/// specs out, and `kpi report` on them unedited.
@Suite("kpi init project")
struct InitFolderTests {
  /// The bundled exports (no spec, no project file), copied into `exports/` of a fresh
  /// folder in their subfolders.
  static let bundled = [
    "natverksenkat/2024.csv", "natverksenkat/2025.xlsx", "narvard/2023-08.csv",
    "narvard/2025-12.csv", "navet/visitors.csv", "navet/conferences.csv",
    "sjukfranvaro/employees.csv", "sjukfranvaro/spells.csv",
  ]

  static func folder() throws -> URL {
    let folder = try temporaryFolder()
    for file in bundled {
      let target = folder.appendingPathComponent("exports").appendingPathComponent(file)
      try FileManager.default.createDirectory(
        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileManager.default.copyItem(
        at: repositoryRoot.appendingPathComponent("datasets").appendingPathComponent(file),
        to: target)
    }
    return folder
  }

  static func text(_ folder: URL, _ path: String) throws -> String {
    try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
  }

  // Every export taken for its kind, a spec next to each survey and questionnaire, and the
  // drafted project reported as it is: the network survey 2025 gives the published 94 %.
  @Test func draftsAProjectThatReportsThePublishedFigure() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try kpi("init", "project", "exports", in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("kpi init: wrote exports/project.yaml\n"))
    #expect(run.stdout.contains("kpi init: wrote exports/natverksenkat/spec-2025.yaml\n"))
    #expect(run.stdout.contains("then: kpi report exports/project.yaml --out OUT"))
    // What was decided, with its evidence, and what to check.
    #expect(
      run.stderr.contains(
        "kpi init: sickleave: sjukfranvaro/employees.csv (employees) and"
          + " sjukfranvaro/spells.csv (spells), by their column names -> sjukfranvaro"))
    #expect(
      run.stderr.contains(
        "kpi init: visitors: navet/visitors.csv, read as dated visitor counts -> navet-visitors"))
    #expect(
      run.stderr.contains(
        "kpi init: narvard/2025-12.csv, spec drafted in narvard/spec-2025-12.yaml ->"
          + " narvard-2025-12 (yes/no answers (Ja / Delvis / Nej): a questionnaire)"))
    #expect(run.stderr.contains("kpi init: check: organisation, period"))

    let project = try Self.text(folder, "exports/project.yaml")
    #expect(project.contains("organisation: \"Organisation\"  # GUESS"))
    #expect(project.contains("period: \"2025\"  # GUESS: the latest year in the data"))
    #expect(
      project.contains(
        """
          - id: natverksenkat-2025
            kind: survey  # GUESS: answers not yes/no (I mycket hög grad / I hög grad / I låg grad / I mycket låg grad): a survey
            data: "natverksenkat/2025.xlsx"
            spec: "natverksenkat/spec-2025.yaml"
        """))
    #expect(project.contains("  - id: narvard-2025-12\n    kind: questionnaire  # GUESS"))
    #expect(project.contains("  - id: sjukfranvaro\n    kind: sickleave\n"))
    #expect(project.contains("  - id: navet-conferences\n    kind: visitors\n"))
    // In the order of the annual report: surveys, questionnaires, sick leave, visitors.
    let kinds = project.split(separator: "\n").filter { $0.hasPrefix("    kind: ") }
      .map { $0.dropFirst(10).prefix { $0 != " " } }
    #expect(
      kinds == [
        "survey", "survey", "questionnaire", "questionnaire", "sickleave", "visitors",
        "visitors",
      ])
    for spec in [
      "natverksenkat/spec-2024.yaml", "natverksenkat/spec-2025.yaml", "narvard/spec-2023-08.yaml",
      "narvard/spec-2025-12.yaml",
    ] {
      #expect(FileManager.default.fileExists(atPath: folder.path + "/exports/" + spec), "\(spec)")
    }
    // No answer of the network survey's free-text column reaches a drafted file.
    let drafted = try Self.text(folder, "exports/natverksenkat/spec-2024.yaml") + project
    #expect(!drafted.contains("erfarenhetsutbyte"))
    #expect(!drafted.contains("R24000"))

    let report = try kpi(
      "report", "exports/project.yaml", "--out", "out", "--no-store", in: folder)
    #expect(report.status == 0, "\(report.stderr)")
    let total = try #require(
      try readOutput(folder.appendingPathComponent("out/natverksenkat-2025/survey.csv"))
        .first { $0["group"] == "Totalt" })
    let share = try #require(total["share"].flatMap(Double.init))
    let figure = try #require(
      try PublishedFigure.load(dataset: "network_survey").first {
        $0.kpi == "share_satisfied" && $0.period == "2025" && $0.scope == "Totalt"
      })
    #expect(published(share, decimals: figure.decimals) == figure.value)
    #expect(figure.value == 94)
  }

  // Nothing is written while any output exists (exit 73, as `kpi init` does for one file);
  // --force writes them all. An output on an export is refused with or without --force.
  @Test func keepsExistingFilesAndNeverWritesOverAnExport() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let spec = folder.appendingPathComponent("exports/narvard/spec-2025-12.yaml")
    try Data("# mine\n".utf8).write(to: spec)
    let kept = try kpi("init", "project", "exports", in: folder)
    #expect(kept.status == 73)
    #expect(
      kept.stderr
        == "kpi init: error: \"exports/narvard/spec-2025-12.yaml\" exists; --force overwrites it"
        + " (nothing was written)\n")
    #expect(try Self.text(folder, "exports/narvard/spec-2025-12.yaml") == "# mine\n")
    #expect(!FileManager.default.fileExists(atPath: folder.path + "/exports/project.yaml"))

    let forced = try kpi("init", "project", "exports", "--force", in: folder)
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(try Self.text(folder, "exports/narvard/spec-2025-12.yaml").hasPrefix("# Drafted"))

    let export = folder.appendingPathComponent("exports/navet/visitors.csv")
    let before = try Data(contentsOf: export)
    let onInput = try kpi(
      "init", "project", "exports", "--out", "exports/navet/visitors.csv", "--force", in: folder)
    #expect(onInput.status == 73)
    #expect(onInput.stderr.contains("is the input"), "\(onInput.stderr)")
    #expect(try Data(contentsOf: export) == before)
  }

  // A project file elsewhere (--out) names the exports relative to itself; a folder without
  // an export for any analysis is refused (exit 65) and says why.
  @Test func outElsewhereAndAFolderWithoutExports() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try kpi("init", "project", "exports", "--out", "projekt.yaml", in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let project = try Self.text(folder, "projekt.yaml")
    #expect(project.contains("    data: \"exports/navet/visitors.csv\""))
    #expect(project.contains("    spec: \"exports/narvard/spec-2025-12.yaml\""))

    let empty = folder.appendingPathComponent("tom")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    try Data("Kommentar\nhej\n".utf8).write(to: empty.appendingPathComponent("anteckning.csv"))
    let none = try kpi("init", "project", "tom", in: folder)
    #expect(none.status == 65)
    #expect(none.stderr.contains("no export in \"tom\" was taken for an analysis"))
    #expect(none.stderr.contains("anteckning.csv: neither visitor counts nor a survey"))
    #expect(!none.stderr.contains("hej"))
  }

  static let realExports = repositoryRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/real-exports")

  // Every real export of ../shared/real-exports copied into one folder: each is taken for an
  // analysis (8 surveys, 2 visitor files, the HR pair), and the project reports unedited.
  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: realExports.path),
      "skipped: ../shared/real-exports is not beside the repository"))
  func everyRealExportIsTaken() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let exports = folder.appendingPathComponent("exports")
    try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.realExports.path)
      .filter { $0.hasSuffix(".csv") || $0.hasSuffix(".xlsx") }
    for file in files {
      try FileManager.default.copyItem(
        at: Self.realExports.appendingPathComponent(file),
        to: exports.appendingPathComponent(file))
    }
    let run = try kpi("init", "project", "exports", in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!run.stderr.contains("not used"), "\(run.stderr)")
    let project = try Self.text(folder, "exports/project.yaml")
    #expect(project.components(separatedBy: "\n  - id: ").count - 1 == files.count - 1)
    let report = try kpi(
      "report", "exports/project.yaml", "--out", "out", "--no-store", in: folder)
    #expect(report.status == 0, "\(report.stderr)")
  }
}
