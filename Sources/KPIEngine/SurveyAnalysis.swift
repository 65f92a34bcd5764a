import Foundation
import KPIAnalysis
import KPIIngest
import KPIModel
import KPIRender

/// A survey round (the nätverksenkät) or a questionnaire (Närvårdskontoret's): shares per
/// group and question, response rates, goals, and the change since the previous round.
public struct SurveyAnalysis: Analysis {
  /// Survey or questionnaire.
  public var kind: SurveyKind
  /// The entry, with paths as written.
  public var entry: SurveyEntry
  /// The folder the entry's paths are relative to; the working directory when `nil`.
  public var folder: URL?

  /// Creates the analysis of `entry`.
  public init(_ kind: SurveyKind, _ entry: SurveyEntry, folder: URL? = nil) {
    self.kind = kind
    self.entry = entry
    self.folder = folder
  }

  public var id: String { entry.id }

  public var kindName: String { kind.rawValue }

  public var reportOrder: Int {
    switch kind {
    case .survey: 0
    case .questionnaire: 1
    }
  }

  func resolve(_ path: String) -> URL { ProjectFile.resolve(path, against: folder) }

  /// The export read.
  public var dataURL: URL { resolve(entry.data) }
  /// The spec read.
  public var specURL: URL { resolve(entry.spec) }

  public func run(_ context: AnalysisContext) throws -> AnalysisOutcome {
    let specURL = self.specURL
    var spec = try SpecLoader.loadSurveySpec(url: specURL)
    if let period = entry.period { spec.period = period }
    // A spec without a period belongs to the report's (the project's `period:`).
    if spec.period == nil { spec.period = context.reportPeriod }
    if let sheet = entry.sheet { spec.sheet = sheet }
    var notices = spec.warnings.map { Notice(.warning, $0) }
    let result = try Self.tally(
      data: dataURL, spec: spec, specURL: specURL, kind: kind, notices: &notices)
    var previousResult: SurveyResult?
    var inputs = [dataURL, specURL]
    if let previous = entry.previous.map(resolve) {
      let previousSpecURL = entry.previousSpec.map(resolve) ?? specURL
      let previousSpec = try SpecLoader.loadSurveySpec(url: previousSpecURL)
      if previousSpecURL != specURL {
        notices += previousSpec.warnings.map { Notice(.warning, $0) }
      }
      previousResult = try Self.tally(
        data: previous, spec: previousSpec, specURL: previousSpecURL, kind: kind,
        notices: &notices)
      inputs += [previous, previousSpecURL]
    }
    let changes = try previousResult.map { try ShareChange.compare(result, with: $0) }
    let groups = GroupNoun(column: spec.groupColumn)
    let summary = SurveySummary.text(result, previous: previousResult, groups: groups)
    let charts = ChartSpec.drawn(
      SurveyCharts.all(result, previous: previousResult, groups: groups))

    let writer = CSVWriter(dialect: context.dialect)
    let name = kind.rawValue
    var files = [
      writer.file(
        "\(name).csv", header: SurveyTables.shareHeader, rows: SurveyTables.shares(result)),
      writer.file(
        "\(name)-answers.csv", header: SurveyTables.answerHeader, rows: SurveyTables.answers(result)
      ),
      OutputFile("\(name)-summary.txt", summary),
    ]
    if let changes {
      files.append(
        writer.file(
          "\(name)-change.csv", header: SurveyTables.changeHeader,
          rows: SurveyTables.changes(changes)))
    }
    files += charts.map { OutputFile("\($0.id).svg", $0.svg()) }

    var goals: [GoalResult]
    switch kind {
    case .survey:
      goals = result.questions.compactMap {
        GoalJudgement.survey(result, question: $0, analysis: id)
      }
    case .questionnaire:
      goals = GoalJudgement.everyQuestion(result, analysis: id).map { [$0] } ?? []
    }
    var values = result.kpiValues(analysis: id)
    if let previousResult { values += previousResult.kpiValues(analysis: id) }
    let history = result.questions.first { $0.goal != nil }.map { question in
      HistoryRequest(
        kpi: SurveyResult.shareKPI(analysis: id, question: question.id), scope: totalGroupName,
        caption: "\(question.displayLabel): andel över tid (Totalt)",
        label: kind.historyLabel)
    }
    return AnalysisOutcome(
      files: files, summary: summary, headline: result.title, period: result.period,
      inputs: inputs, values: values, goals: goals,
      section: SurveySection.make(
        id: id, result: result, previous: previousResult, summary: summary, charts: charts,
        groups: groups),
      history: history, notices: notices)
  }

  /// Reads an export against its spec and tallies it (``SurveyInput``); its notes go to
  /// `notices` even when the figures are then refused.
  static func tally(
    data: URL, spec: SurveySpec, specURL: URL, kind: SurveyKind, notices: inout [Notice]
  ) throws -> SurveyResult {
    let (tally, notes) = try SurveyInput.read(data: data, spec: spec, specURL: specURL, kind: kind)
    notices += notes.map { Notice(.note, $0) }
    // Respondents who left the group blank: said, since under `totalt` no table shows them.
    if let column = spec.groupColumn {
      let name = spec.missingGroup == .totalOnly ? ungroupedName : notStatedGroupName
      let blank = tally.respondents(in: name)
      if blank > 0 {
        let counted =
          spec.missingGroup == .totalOnly
          ? "counted in \(totalGroupName) only" : "counted as the group \"\(notStatedGroupName)\""
        notices.append(
          Notice(
            .note,
            "\(data.lastPathComponent): "
              + (blank == blank.rounded() ? String(Int(blank)) : String(blank)) + " "
              + "\(blank == 1 ? "respondent" : "respondents") with a blank "
              + "\(MessageText.quote(column)) \(counted) (missing_group: "
              + "\(spec.missingGroup.rawValue))"))
      }
    }
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
}
