import Foundation
import KPIAnalysis
import KPIIngest
import KPIModel
import KPIRender
import KPIStore

extension AnalysisEntry {
  /// The analysis this entry describes, its paths relative to `folder`.
  public func analysis(folder: URL?) -> any Analysis {
    switch self {
    case .survey(let entry): SurveyAnalysis(.survey, entry, folder: folder)
    case .questionnaire(let entry): SurveyAnalysis(.questionnaire, entry, folder: folder)
    case .sickleave(let entry): SickLeaveAnalysis(entry, folder: folder)
    case .visitors(let entry): VisitorsAnalysis(entry, folder: folder)
    }
  }
}

/// `kpi report`: every analysis of a project, the goals, the page, the notebook, the store.
public struct ReportRun {
  /// The project.
  public var project: ProjectFile
  /// The project file, when the project was read from one: an input no output may replace.
  public var projectFile: URL?
  /// The analyses run, by default the project's; run in the order of the annual report.
  public var analyses: [any Analysis]
  /// Folder of the results: `<out>/<id>/` per analysis, `goals.csv`, `report.html`.
  public var out: URL
  /// Where the notebook goes, if one is wanted.
  public var notebook: URL?
  /// The store (an SQLite file or a PostgreSQL server), or `nil` to keep none.
  public var store: StoreLocation?
  /// The dialect of the CSV tables.
  public var dialect: CSVDialect
  /// The command as the page and the notebook show it.
  public var commandLine: String

  /// A run of `project`'s analyses.
  public init(
    project: ProjectFile, projectFile: URL? = nil, analyses: [any Analysis]? = nil, out: URL,
    notebook: URL? = nil, store: StoreLocation?, dialect: CSVDialect = .rfc, commandLine: String
  ) {
    self.project = project
    self.projectFile = projectFile
    self.analyses =
      analyses ?? project.analyses.map { $0.analysis(folder: project.baseDirectory) }
    self.out = out
    self.notebook = notebook
    self.store = store
    self.dialect = dialect
    self.commandLine = commandLine
  }

  /// The store a project keeps when the command names none: its `store:`, else
  /// `kpi.sqlite` beside the project file.
  public static func defaultStore(_ project: ProjectFile) -> URL {
    project.resolve(project.store ?? "kpi.sqlite")
  }

  /// The store of a run: `--store` when given, else `KPI_STORE`, else the project's
  /// `store:` (a file beside the project, or a `postgres://` URL), else `kpi.sqlite` beside
  /// the project file.
  /// - Throws: `StoreError` for a URL that cannot be read or holds a password.
  public static func storeLocation(
    option: String?, project: ProjectFile,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> StoreLocation {
    if option != nil || !(environment["KPI_STORE"] ?? "").isEmpty {
      return try StoreLocation.resolve(
        option: option, fallback: defaultStore(project), environment: environment)
    }
    if let text = project.store, StoreLocation.isServerURL(text) {
      return try StoreLocation.parse(text, environment: environment)
    }
    return .sqlite(defaultStore(project))
  }

  /// What a report run produced.
  public struct Outcome {
    /// What `kpi report` prints: the organisation, the goal tallies, a line per analysis.
    public var text: String
    /// The notices of every analysis, in order.
    public var notices: [Notice]
    /// Every goal of the måluppfyllelse table.
    public var goals: [GoalResult]
    /// Each analysis' outcome, in the order run; its files' contents are in the out folder,
    /// not here (each is empty).
    public var analyses: [AnalysisOutcome]
  }

  /// Runs the report. Every analysis is computed first, without the store, and its files
  /// written into the run's staging folder as soon as it is done (``written(_:folder:into:)``);
  /// then one transaction imports the history, records each analysis' run, reads the
  /// history tables, and commits only after the last output file is written and the staging
  /// folder put in place. A run that fails anywhere leaves the store and `out` as they were,
  /// and another run waits for the store only that short while.
  public func run() throws -> Outcome {
    let ordered = analyses.enumerated().sorted {
      ($0.element.reportOrder, $0.offset) < ($1.element.reportOrder, $1.offset)
    }.map(\.element)
    let context = AnalysisContext(
      reportPeriod: project.period, asOf: project.asOf, dialect: dialect)
    var output: StagedOutput?
    let outcomes = try ordered.enumerated().map { index, analysis in
      ProgressMeter.shared.analysis(index, of: ordered.count, id: analysis.id)
      let outcome = try analysis.run(context)
      // Made once the first analysis has run, so that its errors come first.
      let staged = try output ?? StagedOutput(out: out)
      output = staged
      return (analysis, try Self.written(outcome, folder: analysis.id, into: staged))
    }
    try guardInputs(outcomes)
    let staged = try output ?? StagedOutput(out: out)
    guard let store else { return try finish(outcomes, output: staged, store: nil) }
    let history = try project.history.map {
      try (project.resolve($0), Self.readHistory(project.resolve($0)))
    }
    let kpiStore = try store.open()
    return try kpiStore.transaction { transaction in
      if let (file, values) = history {
        try transaction.importHistory(
          values, source: file.lastPathComponent, organisation: project.organisation)
      }
      return try finish(outcomes, output: staged, store: transaction)
    }
  }

  /// Writes an analysis' files into the staging folder under `folder` and lets go of their
  /// contents, so that a run holds one analysis' files at a time, not the whole report's
  /// (a survey of 2 000 questions makes 6 000 charts). The section's charts whose files
  /// hold their SVGs are read from there when the page and the notebook are written.
  /// - Returns: The outcome with every file's contents empty.
  static func written(_ outcome: AnalysisOutcome, folder: String, into output: StagedOutput)
    throws -> AnalysisOutcome
  {
    try outcome.write(into: output, folder: folder)
    var outcome = outcome
    let svgs = Dictionary(
      outcome.files.filter { $0.name.hasSuffix(".svg") }.map { ($0.name, $0.contents) },
      uniquingKeysWith: { a, _ in a })
    outcome.section.blocks = outcome.section.blocks.map { block in
      guard case .chart(let chart, let table) = block else { return block }
      let name = "\(chart.id).svg"
      // The same string as the chart's drawing (a comparison of one pointer, as a rule).
      guard svgs[name] == chart.svg() else { return block }
      return .chart(chart.drawing(keptIn: output.staged(folder + "/" + name)), table: table)
    }
    outcome.files = outcome.files.map { OutputFile($0.name, "") }
    return outcome
  }

  /// Refuses before anything is written when an output (a file of an analysis' folder,
  /// goals.csv, report.html, the notebook or the store) is one of the run's inputs.
  func guardInputs(_ outcomes: [(any Analysis, AnalysisOutcome)]) throws {
    var outputs = outcomes.flatMap { analysis, outcome in
      outcome.files.map { out.appendingPathComponent(analysis.id).appendingPathComponent($0.name) }
    }
    outputs += [out.appendingPathComponent("goals.csv"), out.appendingPathComponent("report.html")]
    outputs += [notebook, store?.fileURL].compactMap { $0 }
    let inputs =
      outcomes.flatMap(\.1.inputs) + [projectFile].compactMap { $0 }
      + (project.history.map { [project.resolve($0)] } ?? [])
    try OutputGuard.check(outputs: outputs, inputs: inputs)
  }

  /// Records the outcomes in `store` when given, adds the history tables, and writes the
  /// rest of the outputs: goals.csv and report.html into `output`, which is then put in
  /// place in one step, and the notebook.
  func finish(
    _ outcomes: [(any Analysis, AnalysisOutcome)], output: StagedOutput,
    store: (any ValueStoreTransaction)?
  ) throws -> Outcome {
    var sections: [ReportSection] = []
    var goals: [GoalResult] = []
    var printed: [String] = []
    var notices: [Notice] = []
    for (analysis, outcome) in outcomes {
      let folder = out.appendingPathComponent(analysis.id)
      notices += outcome.notices
      goals += outcome.goals
      var section = outcome.section
      if let store {
        try record(store, analysis: analysis, outcome: outcome)
        if let request = outcome.history {
          let stored = try store.values(kpi: request.kpi, organisation: project.organisation)
            .filter { $0.scope == request.scope }
          if let table = SurveySection.history(
            caption: request.caption, values: stored, label: { _ in request.label })
          {
            section.blocks.append(.table(table))
          }
        }
      }
      sections.append(section)
      printed.append("\(outcome.headline): \(folder.path)")
    }
    goals += project.goals.map { GoalJudgement.manual($0, period: project.period) }

    let document = ReportDocument(
      organisation: project.organisation, period: project.period, asOf: project.asOf,
      goals: goals, sections: sections, command: commandLine)
    let writer = CSVWriter(dialect: dialect)
    try output.write(
      writer.document(header: GoalTables.header, rows: GoalTables.rows(goals)), to: "goals.csv")
    // The notebook is written beside its place on a thread of its own while the page is
    // written here (both read the charts from their files in the staging folder), and put
    // in place after the whole folder is, in one step (the store's transaction commits
    // only when both are).
    let notebookWriter = notebook.map { url in
      BackgroundValue {
        Result { () throws -> AtomicFile.Pending in
          try AtomicFile.prepare(url) { sink in Notebook.render(document, write: sink.write) }
        }
      }
    }
    let page = Result {
      try output.write(to: "report.html") { sink in
        HTMLReport.render(document, write: sink.write)
      }
    }
    let pending = notebookWriter?.wait()
    do {
      try page.get()
      let file = try pending?.get()
      try output.commit()
      try file?.put()
    } catch {
      if case .success(let file)? = pending { file.discard() }
      throw error
    }
    var text = "\(project.organisation), \(document.periodText)\n"
    text += document.tallyLines.map { $0 + "\n" }.joined()
    for goal in goals where goal.isContradicted {
      text += "Obs: \(goal.text): \(goal.note)\n"
    }
    text += printed.map { $0 + "\n" }.joined()
    text += "Rapport: \(out.appendingPathComponent("report.html").path)\n"
    return Outcome(text: text, notices: notices, goals: goals, analyses: outcomes.map(\.1))
  }

  /// Records one analysis run with its inputs' hashes.
  func record(
    _ store: any ValueStoreTransaction, analysis: any Analysis, outcome: AnalysisOutcome
  ) throws {
    let digests = try outcome.inputs.map {
      (name: $0.lastPathComponent, sha256: try FileDigest.sha256(of: $0))
    }
    let time = ISO8601DateFormatter().string(from: Date())
    try store.record(
      RunRecord(
        organisation: project.organisation, analysis: analysis.id, kind: analysis.kindName,
        period: outcome.period,
        inputs: digests, time: time), values: outcome.values)
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
