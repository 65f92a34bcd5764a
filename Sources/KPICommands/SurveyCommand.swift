import ArgumentParser
import Foundation
import KPIAnalysis
import KPIIngest
import KPIModel
import KPIRender

extension CSVDialect: ExpressibleByArgument {}

/// The options `kpi survey` and `kpi questionnaire` share.
struct SurveyOptions: ParsableArguments {
  @Option(help: "The export: CSV or XLSX, one row per respondent.")
  var data: String

  @Option(help: "The spec (YAML): scale, questions, goals, invited.")
  var spec: String

  @Option(help: "The period, e.g. 2025 or 2025-12; overrides the spec's.")
  var period: String?

  @Option(help: "The export of the previous year or round, to compare with.")
  var previous: String?

  @Option(help: "The spec of the previous export; the same spec when left out.")
  var previousSpec: String?

  @Option(help: "Folder for the results.")
  var out: String = "out"

  @Option(help: "CSV dialect of the tables: rfc or excel-sv.")
  var dialect: CSVDialect = .rfc
}

/// `kpi survey`: the nätverksenkät.
struct SurveyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "survey",
    abstract: "Share satisfied, response rate and goal per group and in total.",
    discussion: """
      Writes survey.csv, survey-answers.csv, survey-summary.txt and, with --previous, \
      survey-change.csv to the --out folder, and prints the summary.

      Example (nätverksenkät 2025 against 2024):
        kpi survey --data datasets/natverksenkat/2025.xlsx \\
          --spec datasets/natverksenkat/spec-2025.yaml \\
          --previous datasets/natverksenkat/2024.csv \\
          --previous-spec datasets/natverksenkat/spec-2024.yaml --out out/natverk
      """
  )

  @OptionGroup var options: SurveyOptions

  func run() throws {
    try reportingFailures("kpi survey") {
      print(try SurveyJob(options: options, kind: .survey).run(), terminator: "")
    }
  }
}

/// `kpi questionnaire`: Närvårdskontoret's questionnaire.
struct QuestionnaireCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "questionnaire",
    abstract: "Per question: response rate among its recipients, share yes, goal.",
    discussion: """
      Writes questionnaire.csv, questionnaire-answers.csv, questionnaire-summary.txt and, \
      with --previous, questionnaire-change.csv to the --out folder, and prints the summary.

      Example (december 2025):
        kpi questionnaire --data datasets/narvard/2025-12.csv \\
          --spec datasets/narvard/spec-2025-12.yaml --out out/narvard
      """
  )

  @OptionGroup var options: SurveyOptions

  func run() throws {
    try reportingFailures("kpi questionnaire") {
      print(try SurveyJob(options: options, kind: .questionnaire).run(), terminator: "")
    }
  }
}

/// Reads, analyses and writes one survey round; shared by the commands and `kpi report`.
struct SurveyJob {
  var data: URL
  var spec: URL
  var period: String?
  var previous: (data: URL, spec: URL)?
  var out: URL
  var dialect: CSVDialect
  var kind: SurveyKind

  init(
    data: URL, spec: URL, period: String?, previous: (data: URL, spec: URL)?, out: URL,
    dialect: CSVDialect, kind: SurveyKind
  ) {
    self.data = data
    self.spec = spec
    self.period = period
    self.previous = previous
    self.out = out
    self.dialect = dialect
    self.kind = kind
  }

  init(options: SurveyOptions, kind: SurveyKind) {
    data = URL(fileURLWithPath: options.data)
    spec = URL(fileURLWithPath: options.spec)
    period = options.period
    previous = options.previous.map {
      (URL(fileURLWithPath: $0), URL(fileURLWithPath: options.previousSpec ?? options.spec))
    }
    out = URL(fileURLWithPath: options.out)
    dialect = options.dialect
    self.kind = kind
  }

  /// What a run produced.
  struct Output {
    var spec: SurveySpec
    var result: SurveyResult
    var previous: SurveyResult?
    var changes: [ShareChange]?
    var summary: String
    var charts: [ChartSpec]
    var groups: GroupNoun
    /// Input files and their roles, for the store's fingerprint.
    var inputs: [URL]
  }

  /// Runs the job and returns the summary text.
  func run() throws -> String {
    try execute().summary
  }

  /// Runs the job: reads, analyses, writes every file, and returns what it produced.
  func execute() throws -> Output {
    var spec = try SpecLoader.loadSurveySpec(url: self.spec)
    if let period { spec.period = period }
    let result = try Self.analyse(data: data, spec: spec, specURL: self.spec, kind: kind)
    var previousResult: SurveyResult?
    var inputs = [data, self.spec]
    if let previous {
      let previousSpec = try SpecLoader.loadSurveySpec(url: previous.spec)
      previousResult = try Self.analyse(
        data: previous.data, spec: previousSpec, specURL: previous.spec, kind: kind)
      inputs += [previous.data, previous.spec]
    }
    let changes = try previousResult.map { try ShareChange.compare(result, with: $0) }
    let groups = Self.groupNoun(spec.groupColumn)
    let summary = SurveySummary.text(result, previous: previousResult, groups: groups)
    let charts = Self.charts(result, previous: previousResult, groups: groups)

    // Everything is computed before the first file is written: a failure leaves the previous
    // outputs as they were.
    let writer = CSVWriter(dialect: dialect)
    let name = kind.rawValue
    var files: [(String, String)] = [
      (
        "\(name).csv",
        writer.document(header: SurveyTables.shareHeader, rows: SurveyTables.shares(result))
      ),
      (
        "\(name)-answers.csv",
        writer.document(header: SurveyTables.answerHeader, rows: SurveyTables.answers(result))
      ),
      ("\(name)-summary.txt", summary),
    ]
    if let changes {
      files.append(
        (
          "\(name)-change.csv",
          writer.document(header: SurveyTables.changeHeader, rows: SurveyTables.changes(changes))
        ))
    }
    files += charts.map { ("\($0.id).svg", $0.svg()) }
    try AtomicFile.write(files, in: out)
    return Output(
      spec: spec, result: result, previous: previousResult, changes: changes, summary: summary,
      charts: charts, groups: groups, inputs: inputs)
  }

  /// The charts of a round: per question the share per group and the answer distribution
  /// (a questionnaire: one chart of every question's share instead), and with an earlier
  /// round the comparison.
  static func charts(_ result: SurveyResult, previous: SurveyResult?, groups: GroupNoun)
    -> [ChartSpec]
  {
    var charts: [ChartSpec] = []
    if result.kind == .questionnaire { charts.append(SurveyCharts.questionShares(result)) }
    for question in result.questions {
      if result.kind == .survey {
        charts.append(SurveyCharts.shareByGroup(result, question: question.id, groups: groups))
      }
      charts.append(SurveyCharts.answerDistribution(result, question: question.id, groups: groups))
      if let previous, previous.questions.contains(where: { $0.id == question.id }) {
        charts.append(
          SurveyCharts.periodComparison(
            current: result, previous: previous, question: question.id, groups: groups))
      }
    }
    return charts
  }

  /// Reads an export against its spec and tallies it (see ``SurveyInput``).
  static func analyse(data: URL, spec: SurveySpec, specURL: URL, kind: SurveyKind) throws
    -> SurveyResult
  {
    let (tally, notices) = try SurveyInput.read(
      data: data, spec: spec, specURL: specURL, kind: kind)
    for notice in notices { printError("kpi: note: \(notice)") }
    return try tally.result()
  }

  /// Reads `invited:` given as a file: columns group and invited.
  static func readInvited(_ url: URL) throws -> Invited {
    var table = try TableReader.open(url)
    let group = try table.requireColumn("group", purpose: "invited per group")
    let count = try table.requireColumn("invited", purpose: "invited per group")
    var list: [(group: String, count: Int)] = []
    var collector = DiagnosticCollector()
    while let row = try table.nextRow() {
      if let n = CellParser.integer(row[count]), n >= 0 {
        list.append((group: row[group], count: n))
      } else {
        try collector.add(
          Diagnostic(
            file: table.fileName, row: row.line, column: count + 1,
            message: "expected a whole number of invited, found \(Diagnostic.quote(row[count]))"))
      }
    }
    try collector.finish()
    try table.requireData()
    return .perGroup(list)
  }

  /// What a group column holds, for the summary and the charts.
  static func groupNoun(_ column: String?) -> GroupNoun {
    switch column?.lowercased() {
    case "nätverk": .network
    default: .group
    }
  }
}
