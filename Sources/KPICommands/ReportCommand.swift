import ArgumentParser
import Foundation
import KPIEngine
import KPIIngest
import KPIRender

/// `kpi report`: one project file in, the year's whole follow-up out.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Run every analysis of a project file; write goals.csv, report.html, a notebook.",
    discussion: """
      Runs each analysis of the project file into OUT/<id>/, writes OUT/goals.csv (computed \
      and manually judged goals) and OUT/report.html (one self-contained Swedish page, \
      måluppfyllelse first), records every value in the store, and with --notebook writes a \
      Jupyter notebook of the same content.

      Example (the bundled project):
        kpi report datasets/sjuharad-2025.yaml --out out \\
          --notebook notebooks-export/sjuharad-2025.ipynb

      \(specReferenceLine)
      """
  )

  @Argument(help: "The project file (YAML).")
  var project: String

  @Option(help: "Folder for the results.")
  var out: String = "out"

  @Option(help: "Also write the report as a Jupyter notebook here.")
  var notebook: String?

  @Option(
    help: """
      The store: an SQLite file, or postgres://user@host:port/database (password in \
      PGPASSWORD); default: $KPI_STORE, else the project's `store:`, else kpi.sqlite beside it.
      """)
  var store: String?

  @Flag(help: "Do not read or write a store.")
  var noStore = false

  @Option(help: "CSV dialect of the tables: rfc or excel-sv.")
  var dialect: CSVDialect = .rfc

  /// The command as the notebook and the page show it: as typed, without the binary's path.
  var commandLine: String {
    var parts = ["kpi", "report", project, "--out", out]
    if let notebook { parts += ["--notebook", notebook] }
    if let store { parts += ["--store", store] }
    if noStore { parts.append("--no-store") }
    if dialect != .rfc { parts += ["--dialect", dialect.rawValue] }
    return parts.joined(separator: " ")
  }

  @OptionGroup var progress: ProgressOptions

  func run() throws {
    try reportingFailures("kpi report", progress: progress) {
      let projectURL = URL(fileURLWithPath: self.project)
      let project = try SpecLoader.loadProject(url: projectURL)
      for warning in project.warnings { printError("kpi report: warning: \(warning)") }
      let run = ReportRun(
        project: project, projectFile: projectURL, out: try OutputGuard.folder(out),
        notebook: notebook.map { URL(fileURLWithPath: $0) },
        store: noStore ? nil : try ReportRun.storeLocation(option: store, project: project),
        dialect: dialect, commandLine: commandLine)
      let outcome = try run.run()
      for notice in outcome.notices { printError(notice.line(command: "kpi report")) }
      print(outcome.text, terminator: "")
    }
  }
}
