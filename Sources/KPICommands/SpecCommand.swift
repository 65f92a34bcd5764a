import ArgumentParser
import Foundation

/// The line every command's help ends with, pointing to the reference of the YAML files.
let specReferenceLine =
  "Every key of every YAML file (spec, project file, check rules): kpi spec, or docs/spec.md."

/// `kpi spec`: docs/spec.md, the reference of every key of every YAML file kpi reads.
struct SpecCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "spec",
    abstract: "Print the reference of every key of every YAML file (docs/spec.md).",
    discussion: """
      Prints docs/spec.md: every key of the survey and questionnaire spec, the project file \
      (each analysis kind, goals) and the rules of kpi check, with its type, default and an \
      example. The page is Markdown; `kpi spec | less` to page through it.
      """
  )

  func run() throws {
    try reportingFailures("kpi spec") {
      guard let text = Self.reference() else {
        throw CommandFailure(
          kind: .missingInput,
          message: "the spec reference (kpi_KPICommands.resources/spec.md) is not installed "
            + "next to kpi; read docs/spec.md")
      }
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }

  /// The text of docs/spec.md (a link to the resource), copied next to the executable by the build; `nil` when it is
  /// not there, as for a binary copied alone. Looked up by hand rather than `Bundle.module`,
  /// whose accessor stops the process when the bundle is missing.
  static func reference() -> String? {
    let bundle = "kpi_KPICommands.resources"
    var folders = [Bundle.main.bundleURL]
    if let executable = Bundle.main.executableURL {
      folders.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
    }
    for folder in folders {
      let url = folder.appendingPathComponent(bundle).appendingPathComponent("spec.md")
      if let text = try? String(contentsOf: url, encoding: .utf8) { return text }
    }
    return nil
  }
}
