import ArgumentParser
import Foundation
import KPIAnalysis
import KPIIngest
import KPIModel
import KPIRender
import KPIStore

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
      """
  )

  @Argument(help: "The project file (YAML).")
  var project: String

  @Option(help: "Folder for the results.")
  var out: String = "out"

  @Option(help: "Also write the report as a Jupyter notebook here.")
  var notebook: String?

  @Option(help: "The SQLite store; default: the project's `store:`, else kpi.sqlite beside it.")
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

  func run() throws {
    try reportingFailures("kpi report") {
      print(try ReportJob(command: self).run(), terminator: "")
    }
  }
}

/// The work of `kpi report`.
struct ReportJob {
  var command: ReportCommand

  /// The order of the annual report.
  static let order: [AnalysisEntry.Kind] = [.survey, .questionnaire, .sickleave, .visitors]

  /// Runs the job. Every store write (the history import and each analysis' run) happens in
  /// one transaction that commits only after the last output file is written, so a run that
  /// fails anywhere leaves the store as it was, and the outputs not yet rewritten too.
  func run() throws -> String {
    let projectURL = URL(fileURLWithPath: command.project)
    let project = try SpecLoader.loadProject(url: projectURL)
    guard let store = try openStore(project) else { return try run(project, store: nil) }
    let history = try project.history.map {
      try (project.resolve($0), Self.readHistory(project.resolve($0)))
    }
    return try store.transaction { transaction in
      if let (file, values) = history {
        try transaction.importHistory(values, source: file.lastPathComponent)
      }
      return try run(project, store: transaction)
    }
  }

  /// Runs every analysis and writes the outputs, recording into `store` when given.
  func run(_ project: ProjectFile, store: StoreTransaction?) throws -> String {
    let out = URL(fileURLWithPath: command.out)
    var sections: [ReportSection] = []
    var goals: [GoalResult] = []
    var printed: [String] = []
    let analyses = project.analyses.enumerated().sorted {
      (Self.order.firstIndex(of: $0.element.kind) ?? 9, $0.offset)
        < (Self.order.firstIndex(of: $1.element.kind) ?? 9, $1.offset)
    }.map(\.element)

    for analysis in analyses {
      switch analysis.kind {
      case .survey, .questionnaire:
        let kind: SurveyKind = analysis.kind == .survey ? .survey : .questionnaire
        let spec = project.resolve(analysis.spec ?? "")
        let job = SurveyJob(
          data: project.resolve(analysis.data ?? ""), spec: spec, period: nil,
          previous: analysis.previous.map {
            (project.resolve($0), analysis.previousSpec.map(project.resolve) ?? spec)
          }, out: out.appendingPathComponent(analysis.id), dialect: command.dialect, kind: kind)
        let output = try job.execute()
        var section = SurveySection.make(
          id: analysis.id, result: output.result, previous: output.previous,
          summary: output.summary, charts: output.charts, groups: output.groups)
        if kind == .questionnaire {
          goals +=
            GoalJudgement.everyQuestion(output.result, analysis: analysis.id).map { [$0] }
            ?? []
        } else {
          goals += output.result.questions.compactMap {
            GoalJudgement.survey(output.result, question: $0, analysis: analysis.id)
          }
        }
        var values = output.result.kpiValues(analysis: analysis.id)
        if let previous = output.previous { values += previous.kpiValues(analysis: analysis.id) }
        try record(
          store, analysis: analysis, period: output.result.period, inputs: output.inputs,
          values: values)
        if let store, let question = output.result.questions.first(where: { $0.goal != nil }) {
          let stored = try store.values(kpi: "\(analysis.id).\(question.id).share")
            .filter { $0.scope == totalGroupName }
          if let table = SurveySection.history(
            caption: "\(question.displayLabel): andel över tid (Totalt)", values: stored,
            label: { _ in kind == .survey ? "Andel nöjda" : "Andel ja" })
          {
            section.blocks.append(.table(table))
          }
        }
        sections.append(section)
        printed.append("\(output.result.title): \(out.appendingPathComponent(analysis.id).path)")
      case .sickleave:
        let job = SickLeaveJob(
          employees: project.resolve(analysis.employees ?? ""),
          spells: project.resolve(analysis.spells ?? ""), period: Int(project.period), years: 3,
          fullTimeHours: SickLeaveTally.defaultFullTimeHours,
          out: out.appendingPathComponent(analysis.id), dialect: command.dialect)
        let output = try job.execute()
        sections.append(
          AnalysisSections.sickLeave(
            id: analysis.id, report: output.report, summary: output.summary,
            charts: output.charts))
        try record(
          store, analysis: analysis, period: project.period,
          inputs: [job.employees, job.spells],
          values: output.report.kpiValues(analysis: analysis.id))
        printed.append("Sjukfrånvaro: \(job.out.path)")
      case .visitors:
        let options = VisitorOptions(
          baseYears: analysis.baseYears, summer: 6...8, duplicates: .reject,
          goal: analysis.goal, through: nil)
        let job = VisitorsJob(
          data: project.resolve(analysis.data ?? ""), options: options, noun: "besökare",
          out: out.appendingPathComponent(analysis.id), dialect: command.dialect)
        let output = try job.execute()
        sections.append(
          AnalysisSections.visitors(
            id: analysis.id, result: output.result, summary: output.summary,
            charts: output.charts))
        if let goal = output.result.goalResult(analysis: analysis.id, period: project.period) {
          goals.append(goal)
        }
        try record(
          store, analysis: analysis, period: project.period, inputs: [job.data],
          values: output.result.kpiValues(analysis: analysis.id))
        printed.append("Besökare: \(job.out.path)")
      }
    }
    goals += project.goals.map { GoalJudgement.manual($0, period: project.period) }

    let document = ReportDocument(
      organisation: project.organisation, period: project.period, goals: goals,
      sections: sections, command: command.commandLine)
    let writer = CSVWriter(dialect: command.dialect)
    try AtomicFile.write(
      writer.document(header: GoalTables.header, rows: GoalTables.rows(goals)),
      to: out.appendingPathComponent("goals.csv"))
    try AtomicFile.write(HTMLReport.render(document), to: out.appendingPathComponent("report.html"))
    if let notebook = command.notebook {
      try AtomicFile.write(Notebook.render(document), to: URL(fileURLWithPath: notebook))
    }
    var text = "\(project.organisation), \(project.period)\n"
    text += document.tallyLines.map { $0 + "\n" }.joined()
    for goal in goals where goal.isContradicted {
      text += "Obs: \(goal.text): \(goal.note)\n"
    }
    text += printed.map { $0 + "\n" }.joined()
    text += "Rapport: \(out.appendingPathComponent("report.html").path)\n"
    return text
  }

  /// The store, unless `--no-store`.
  func openStore(_ project: ProjectFile) throws -> KPIStore? {
    if command.noStore { return nil }
    let url =
      command.store.map { URL(fileURLWithPath: $0) }
      ?? project.resolve(project.store ?? "kpi.sqlite")
    return try KPIStore(url: url)
  }

  /// Records one analysis run with its inputs' hashes.
  func record(
    _ store: StoreTransaction?, analysis: AnalysisEntry, period: String, inputs: [URL],
    values: [KPIValue]
  ) throws {
    guard let store else { return }
    let digests = try inputs.map {
      (name: $0.lastPathComponent, sha256: try FileDigest.sha256(of: $0))
    }
    let time = ISO8601DateFormatter().string(from: Date())
    try store.record(
      RunRecord(
        analysis: analysis.id, kind: analysis.kind.rawValue, period: period, inputs: digests,
        time: time), values: values)
  }

  /// Reads published aggregates of earlier years: columns kpi, period, scope, value.
  static func readHistory(_ url: URL) throws -> [KPIValue] {
    var table = try TableReader.open(url)
    let columns = try ["kpi", "period", "scope", "value"].map { try table.requireColumn($0) }
    var values: [KPIValue] = []
    var collector = DiagnosticCollector()
    while let row = try table.nextRow() {
      let text = row[columns[3]]
      let value = CellParser.number(text)
      if value == nil && !text.isEmpty {
        try collector.add(
          Diagnostic(
            file: table.fileName, row: row.line, column: columns[3] + 1,
            message: "expected a number, found \(Diagnostic.quote(text))"))
      }
      values.append(
        KPIValue(
          kpi: row[columns[0]], period: row[columns[1]], scope: row[columns[2]], value: value))
    }
    try collector.finish()
    return values
  }
}
