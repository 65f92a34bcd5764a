import Foundation
import KPIAnalysis
import KPIModel
import KPIRender

/// One analysis, ready to run: its configuration with every path resolved.
///
/// The four kinds of SPEC §1 conform (``SurveyAnalysis``, ``SickLeaveAnalysis``,
/// ``VisitorsAnalysis``), and so may a fifth: ``ReportRun`` runs any list of them. Running
/// reads the inputs and computes everything, but writes and prints nothing: the caller
/// decides where the files go (``AnalysisOutcome/write(to:)``) and how notices are shown.
public protocol Analysis: Sendable {
  /// Stable identifier: the folder of its outputs in a report, the prefix of its KPI ids.
  var id: String { get }
  /// The kind as the store records a run of it, e.g. `survey`.
  var kindName: String { get }
  /// Where the analysis stands in the annual report; equal ones keep the project's order.
  var reportOrder: Int { get }
  /// Reads the inputs and computes the outcome.
  /// - Throws: `IngestError` for inputs that cannot be read or are wrong (located in their
  ///   file), `StatsError` for data no estimate can be made from.
  func run(_ context: AnalysisContext) throws -> AnalysisOutcome
}

/// What an analysis is run for: on its own or as part of a project's report.
public struct AnalysisContext: Sendable {
  /// The report's period (`2025`, `2025-08`), or `nil` for a single command.
  public var reportPeriod: String?
  /// The reporting date of an interim report (the project's `as_of:`), or `nil`: an analysis
  /// of dated counts leaves out those after it, so that a partial year is compared with the
  /// same days of earlier years.
  public var asOf: CalendarDate?
  /// The dialect of the CSV tables.
  public var dialect: CSVDialect

  /// Creates a context.
  public init(reportPeriod: String? = nil, asOf: CalendarDate? = nil, dialect: CSVDialect = .rfc) {
    self.reportPeriod = reportPeriod
    self.asOf = asOf
    self.dialect = dialect
  }
}

/// A note or warning an analysis has for the person running it (never an error: errors are
/// thrown).
public struct Notice: Sendable, Equatable {
  /// How the notice is shown: `kpi: note: …` or `kpi COMMAND: warning: …`.
  public enum Level: Sendable, Equatable {
    /// Information, e.g. which encoding a file was read in.
    case note
    /// Something the figures depend on, e.g. a month without counts.
    case warning
  }

  /// Note or warning.
  public var level: Level
  /// The text, without a prefix.
  public var text: String

  /// Creates a notice.
  public init(_ level: Level, _ text: String) {
    self.level = level
    self.text = text
  }

  /// The line for standard error: `kpi: note: …` or `kpi visitors: warning: …`.
  /// - Parameter command: The command running, e.g. `kpi visitors`.
  public func line(command: String) -> String {
    switch level {
    case .note: "kpi: note: \(text)"
    case .warning: "\(command): warning: \(text)"
    }
  }
}

/// An error found after the inputs were read, with the notes on them that the user is told
/// before it (for example that a file was read as Windows-1252, before the overlaps in it).
public struct NoticedError: Error {
  /// The error itself.
  public var error: any Error
  /// What to say first.
  public var notices: [Notice]

  /// Creates the error.
  public init(error: any Error, notices: [Notice]) {
    self.error = error
    self.notices = notices
  }
}

/// One output file of an analysis, by name within its folder.
public struct OutputFile: Sendable, Equatable {
  /// File name, e.g. `survey.csv`.
  public var name: String
  /// The whole content.
  public var contents: String

  /// Creates a file.
  public init(_ name: String, _ contents: String) {
    self.name = name
    self.contents = contents
  }
}

extension CSVWriter {
  /// A CSV output file: the header, then the rows, in this writer's dialect.
  func file<Rows: Sequence<[CSVValue]>>(_ name: String, header: [String], rows: Rows)
    -> OutputFile
  {
    OutputFile(name, document(header: header, rows: rows))
  }
}

/// A table of a KPI's stored values over the periods, which the report adds to a section
/// when the store holds more than one period of it.
public struct HistoryRequest: Sendable, Equatable {
  /// The KPI id, e.g. `natverksenkat.helhet.share`.
  public var kpi: String
  /// The scope shown, e.g. `Totalt`.
  public var scope: String
  /// The table's caption.
  public var caption: String
  /// The row's label, e.g. `Andel nöjda`.
  public var label: String

  /// Creates a request.
  public init(kpi: String, scope: String, caption: String, label: String) {
    self.kpi = kpi
    self.scope = scope
    self.caption = caption
    self.label = label
  }
}

/// Everything one run of an analysis produced.
public struct AnalysisOutcome: Sendable {
  /// The files of its output folder.
  public var files: [OutputFile]
  /// The Swedish summary a single command prints.
  public var summary: String
  /// The analysis as `kpi report` names it on its line of output, e.g. `Sjukfrånvaro`.
  public var headline: String
  /// The period its values are recorded under.
  public var period: String
  /// The files read, for the store's fingerprint of the run.
  public var inputs: [URL]
  /// The values for the store.
  public var values: [KPIValue]
  /// The computed goals for the måluppfyllelse table.
  public var goals: [GoalResult]
  /// Its part of the report.
  public var section: ReportSection
  /// A history table the report adds from the store, if any.
  public var history: HistoryRequest?
  /// Notes and warnings, in the order they arose.
  public var notices: [Notice]

  /// Creates an outcome.
  public init(
    files: [OutputFile], summary: String, headline: String, period: String, inputs: [URL],
    values: [KPIValue], goals: [GoalResult], section: ReportSection,
    history: HistoryRequest? = nil, notices: [Notice] = []
  ) {
    self.files = files
    self.summary = summary
    self.headline = headline
    self.period = period
    self.inputs = inputs
    self.values = values
    self.goals = goals
    self.section = section
    self.history = history
    self.notices = notices
  }

  /// Writes the files into a run's staging folder, under `folder` (e.g. the analysis' id in
  /// a report; the top of the output folder for a single command).
  /// - Throws: `RenderError` when a file cannot be written.
  public func write(into output: StagedOutput, folder: String = "") throws {
    for file in files {
      try output.write(file.contents, to: folder.isEmpty ? file.name : folder + "/" + file.name)
    }
  }
}

/// Runs one analysis on its own, as a single command does.
public enum Engine {
  /// Runs `analysis` and puts its files into `out` in one step (``StagedOutput``): nothing
  /// changes there when it fails, is killed, or an output would replace one of its inputs.
  /// - Returns: What it produced, with its notices for the caller to show.
  public static func run(
    _ analysis: any Analysis, out: URL, dialect: CSVDialect = .rfc
  ) throws -> AnalysisOutcome {
    let outcome = try analysis.run(AnalysisContext(dialect: dialect))
    try OutputGuard.check(
      outputs: outcome.files.map { out.appendingPathComponent($0.name) }, inputs: outcome.inputs)
    let output = try StagedOutput(out: out)
    try outcome.write(into: output)
    try output.commit()
    return outcome
  }
}
