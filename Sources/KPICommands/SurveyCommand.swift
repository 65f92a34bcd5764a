import ArgumentParser
import Foundation
import KPIEngine
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

  /// The analysis these options describe; `kind` names it too.
  func analysis(_ kind: SurveyKind) -> SurveyAnalysis {
    SurveyAnalysis(
      kind,
      SurveyEntry(
        id: kind.rawValue, data: data, spec: spec, previous: previous,
        previousSpec: previousSpec, period: period))
  }
}

/// The spec's keys, for both commands' help (docs/spec.md says what each does).
let surveySpecKeys = """
  The spec (YAML, every key in docs/spec.md and kpi spec): title, scale (best first), positive, \
  questions (each: id, column, label, text, goal, recipients; a multi-select question: \
  multiple: true with options and separator, or columns, one per option); optional group, \
  missing_group (ej_angivet, the default: a blank group is the group "Ej angivet" and \
  counts in Totalt; totalt; error), weight, not_substantive (e.g. [Vet ej, "6", ""]: left \
  out of every share's base), synonyms, invited (a number, per group, or a file), \
  min_group_size, sheet, header_rows (1, 2 for SurveyMonkey, 3 for Qualtrics), skip_rows.
  """

/// `kpi survey`: the nätverksenkät.
struct SurveyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "survey",
    abstract: "Share satisfied, response rate and goal per group and in total.",
    discussion: """
      Writes survey.csv, survey-answers.csv, survey-summary.txt and, with --previous, \
      survey-change.csv to the --out folder, and prints the summary.

      \(surveySpecKeys)

      Example (nätverksenkät 2025 against 2024):
        kpi survey --data datasets/natverksenkat/2025.xlsx \\
          --spec datasets/natverksenkat/spec-2025.yaml \\
          --previous datasets/natverksenkat/2024.csv \\
          --previous-spec datasets/natverksenkat/spec-2024.yaml --out out/natverk

      \(specReferenceLine)
      """
  )

  @OptionGroup var options: SurveyOptions

  @OptionGroup var progress: ProgressOptions

  func run() throws {
    try reportingFailures("kpi survey", progress: progress) {
      try runAnalysis(
        options.analysis(.survey), out: options.out, dialect: options.dialect,
        command: "kpi survey")
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

      \(surveySpecKeys)

      Example (december 2025):
        kpi questionnaire --data datasets/narvard/2025-12.csv \\
          --spec datasets/narvard/spec-2025-12.yaml --out out/narvard

      \(specReferenceLine)
      """
  )

  @OptionGroup var options: SurveyOptions

  @OptionGroup var progress: ProgressOptions

  func run() throws {
    try reportingFailures("kpi questionnaire", progress: progress) {
      try runAnalysis(
        options.analysis(.questionnaire), out: options.out, dialect: options.dialect,
        command: "kpi questionnaire")
    }
  }
}
