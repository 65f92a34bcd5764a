import ArgumentParser

/// The `kpi` command: survey and KPI analytics for the follow-up of a kommunalförbund.
public struct KPICommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "kpi",
    abstract: "Survey and KPI analytics for annual and interim reports.",
    discussion: """
      Turns survey exports, HR exports and visitor counts into the figures, tables and \
      charts of a kommunalförbund's annual and interim reports.

      Exit codes: 0 success, 64 usage error, 65 bad input data, 66 input missing or \
      unreadable, 73 output cannot be written.

      \(specReferenceLine)
      """,
    subcommands: [
      ReportCommand.self, SurveyCommand.self, QuestionnaireCommand.self,
      SickLeaveCommand.self, VisitorsCommand.self, HistoryCommand.self, CompareCommand.self,
      StoreCommand.self, StatsCommand.self,
      InspectCommand.self, InitCommand.self, CheckCommand.self, SpecCommand.self,
    ]
  )

  public init() {}
}
