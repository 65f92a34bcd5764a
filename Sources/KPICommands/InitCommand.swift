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
    abstract: "Draft a survey or questionnaire spec from an export.",
    discussion: """
      Reads the export as `kpi survey` reads it (encoding, sheet, header rows), finds the \
      group column, the question columns and their scale (I mycket hög grad…, Instämmer \
      helt…, Mycket nöjd…, Ja/Delvis/Nej, Strongly agree…, 1–5, 1–7, 0–10 with a \
      not-applicable code), and writes a commented YAML spec in which every guess is marked \
      GUESS with how often each answer occurs. Identity, timestamp and free-text columns are \
      named as skipped; none of their cells is copied. An existing file is kept unless \
      --force is given (exit 73). Without --out the spec goes to standard output.

      Example:
        kpi init survey --data datasets/natverksenkat/2025.xlsx --out spec.yaml
        kpi survey --data datasets/natverksenkat/2025.xlsx --spec spec.yaml --out out/enkat

      \(specReferenceLine)
      """
  )

  enum Kind: String, ExpressibleByArgument, CaseIterable {
    case survey, questionnaire, visitors, sickleave
  }

  @Argument(
    help: "What to draft: survey, questionnaire (a spec), visitors or sickleave (a project file).")
  var kind: Kind

  @Option(help: "The export (CSV or XLSX); for survey, questionnaire and visitors.")
  var data: String?

  @Option(help: "The HR export with one row per employee and year (sickleave).")
  var employees: String?

  @Option(help: "The HR export with one row per sick-leave spell (sickleave).")
  var spells: String?

  @Option(help: "The spec file to write; standard output when left out.")
  var out: String?

  @Option(help: "The sheet of a workbook; the first when left out.")
  var sheet: String?

  @Option(help: "Header rows, 1, 2 or 3; 1 or 2 detected when left out.")
  var headerRows: Int?

  @Option(help: "Lines above the header to skip.")
  var skipRows: Int = 0

  @Flag(help: "Overwrite an existing spec file.")
  var force = false

  func run() throws {
    try reportingFailures("kpi init") {
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
