import ArgumentParser
import Foundation
import KPIEngine
import KPIIngest
import KPIModel
import KPIRender

/// `kpi init`: drafts a spec from an export, every guess marked with its evidence.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Draft a spec from an export, or a project file from a folder of exports.",
    discussion: """
      Reads the export as `kpi survey` reads it (encoding, sheet, header rows), finds the \
      group column, the question columns and their scale (I mycket hög grad…, Instämmer \
      helt…, Mycket nöjd…, Ja/Delvis/Nej, Strongly agree…, 1–5, 1–7, 0–10 with a \
      not-applicable code), and writes a commented YAML spec in which every guess is marked \
      GUESS with how often each answer occurs. Identity, timestamp and free-text columns are \
      named as skipped; none of their cells is copied. An existing file is kept unless \
      --force is given (exit 73). Without --out the spec goes to standard output. When no \
      column holds a known scale, the columns of 2 to 12 repeated answers are drafted as \
      categorical questions: their answers listed most frequent first and the most frequent \
      one as positive, a guess to check.

      `kpi init visitors --data FILE` and `kpi init sickleave --employees FILE --spells FILE` \
      draft a project file (those kinds have no spec), after running the entry once.

      `kpi init project DIR` finds the exports in a folder (CSV and XLSX, three folders down): \
      the HR exports by their column names (an employees file and a spells file, paired by \
      folder), visitor files by reading them as `kpi visitors` does, surveys and \
      questionnaires by drafting a spec for each (spec-NAME.yaml next to the export; the kind \
      guessed from the scale: yes/no answers make a questionnaire). Every entry is run once as \
      drafted. The project file (DIR/project.yaml, or --out) has one analysis per export with \
      the evidence in a comment, and the organisation and period as guesses to check. No file \
      is written when one of them exists, unless --force (exit 73), nor over an export.

      Example:
        kpi init survey --data datasets/natverksenkat/2025.xlsx --out spec.yaml
        kpi survey --data datasets/natverksenkat/2025.xlsx --spec spec.yaml --out out/enkat
        kpi init project exports
        kpi report exports/project.yaml --out out

      \(specReferenceLine)
      """
  )

  enum Kind: String, ExpressibleByArgument, CaseIterable {
    case survey, questionnaire, visitors, sickleave, project
  }

  @Argument(
    help: ArgumentHelp(
      "What to draft: survey, questionnaire (a spec), visitors, sickleave or project (a project"
        + " file)."))
  var kind: Kind

  @Argument(help: "The folder of exports (project).")
  var folder: String?

  @Option(help: "The export (CSV or XLSX); for survey, questionnaire and visitors.")
  var data: String?

  @Option(help: "The HR export with one row per employee and year (sickleave).")
  var employees: String?

  @Option(help: "The HR export with one row per sick-leave spell (sickleave).")
  var spells: String?

  @Option(
    help: ArgumentHelp(
      "The spec file to write; standard output when left out. For project: the project file,"
        + " DIR/project.yaml when left out."))
  var out: String?

  @Option(help: "The sheet of a workbook; the first when left out.")
  var sheet: String?

  @Option(help: "Header rows, 1, 2 or 3; 1 or 2 detected when left out.")
  var headerRows: Int?

  @Option(help: "Lines above the header to skip.")
  var skipRows: Int = 0

  @Flag(help: "Overwrite an existing spec file (for project: the project file and the specs).")
  var force = false

  func run() throws {
    try reportingFailures("kpi init") {
      if kind == .project {
        try runProject()
        return
      }
      if folder != nil {
        throw ValidationError(
          "a folder is given to kpi init project only; for \(kind.rawValue) use --data")
      }
      // Never over an input, --force or not.
      if let out {
        try OutputGuard.check(
          outputs: [URL(fileURLWithPath: out)],
          inputs: [data, employees, spells].compactMap { $0 }.map { URL(fileURLWithPath: $0) })
      }
      if let out, !force, FileManager.default.fileExists(atPath: out) {
        throw CommandFailure(
          kind: .cannotWrite,
          message: "\(MessageText.quote(out)) exists; --force overwrites it")
      }
      let draft: SpecDraft
      switch kind {
      case .survey, .questionnaire:
        draft = try SpecDraft.survey(
          URL(fileURLWithPath: try required(data, "--data")), kind: kind.rawValue, sheet: sheet,
          headerRows: headerRows, skipRows: skipRows)
      case .visitors:
        draft = try ProjectDraft.visitors(
          data: try required(data, "--data"), sheet: sheet, projectFolder: outFolder)
      case .sickleave:
        draft = try ProjectDraft.sickLeave(
          employees: try required(employees, "--employees"),
          spells: try required(spells, "--spells"), projectFolder: outFolder)
      case .project:
        preconditionFailure("drafted by runProject")
      }
      for note in draft.notes { printError("kpi init: \(note)") }
      guard let out else {
        print(draft.yaml, terminator: "")
        return
      }
      do {
        try Data(draft.yaml.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
      } catch {
        throw CommandFailure(
          kind: .cannotWrite, message: "cannot write \(MessageText.quote(out)): \(error)")
      }
      print("kpi init: wrote \(MessageText.printable(out)); check the lines marked GUESS")
    }
  }

  /// `kpi init project DIR`: every output checked before any is written.
  private func runProject() throws {
    let folderPath = try required(folder, "a folder (kpi init project DIR)")
    let folderURL = URL(fileURLWithPath: folderPath)
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folderPath, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      throw CommandFailure(
        kind: .missingInput, message: "\(MessageText.quote(folderPath)) is not a folder")
    }
    let projectPath = out ?? (folderPath as NSString).appendingPathComponent("project.yaml")
    // Paths as the user would type them: from the working directory when inside it.
    let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    func shown(_ path: String) -> String { ProjectDraft.relative(path, to: here) }
    let draft = try ProjectFolderDraft.draft(
      folder: folderURL, projectFile: URL(fileURLWithPath: projectPath))
    let outputs = [projectPath] + draft.specs.map(\.path)
    // Never over an input, --force or not.
    try OutputGuard.check(
      outputs: outputs.map { URL(fileURLWithPath: $0) },
      inputs: draft.inputs.map { URL(fileURLWithPath: $0) })
    let existing = outputs.filter { FileManager.default.fileExists(atPath: $0) }
    if !force, !existing.isEmpty {
      throw CommandFailure(
        kind: .cannotWrite,
        message: existing.map { MessageText.quote(shown($0)) }.joined(separator: ", ")
          + (existing.count == 1 ? " exists" : " exist") + "; --force overwrites"
          + (existing.count == 1 ? " it" : " them") + " (nothing was written)")
    }
    for note in draft.notes { printError("kpi init: \(note)") }
    for (path, text) in draft.specs + [(projectPath, draft.project)] {
      do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
      } catch {
        throw CommandFailure(
          kind: .cannotWrite, message: "cannot write \(MessageText.quote(shown(path))): \(error)")
      }
      print("kpi init: wrote \(MessageText.printable(shown(path)))")
    }
    print(
      "kpi init: check the lines marked GUESS, then: kpi report"
        + " \(MessageText.printable(shown(projectPath)))"
        + " --out OUT")
  }

  private var outFolder: URL {
    URL(fileURLWithPath: out ?? "x").absoluteURL.deletingLastPathComponent()
  }

  private func required(_ value: String?, _ option: String) throws -> String {
    guard let value else {
      throw ValidationError("kpi init \(kind.rawValue) needs \(option)")
    }
    return value
  }
}
