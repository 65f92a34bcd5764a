import KPIAnalysis

/// The machine tables of a survey round (SPEC §6): `survey.csv`, `survey-answers.csv` and,
/// with an earlier round, `survey-change.csv`.
public enum SurveyTables {
  /// `period,group,question,invited,respondents,answered,positive,share,ci_low,ci_high,
  /// response_rate,goal,status,confidence`.
  public static let shareHeader = [
    "period", "group", "question", "invited", "respondents", "answered", "positive", "share",
    "ci_low", "ci_high", "response_rate", "goal", "status", "confidence",
  ]

  /// One row per group and question, `Totalt` after each question's groups.
  public static func shares(_ result: SurveyResult) -> [[CSVValue]] {
    result.rows.map { row in
      [
        .text(row.period), .text(row.group), .text(row.question),
        .number(row.invited.map(Double.init)), .number(row.respondents), .number(row.answered),
        .number(row.positive), .number(row.share),
        .number(row.estimate?.confidenceInterval.lowerBound),
        .number(row.estimate?.confidenceInterval.upperBound), .number(row.responseRate),
        .number(row.goal), row.status.map { .text($0.rawValue) } ?? .empty,
        row.confidence.map { .text($0.rawValue) } ?? .empty,
      ]
    }
  }

  /// `period,group,question,answer,count,share`.
  public static let answerHeader = ["period", "group", "question", "answer", "count", "share"]

  /// One row per group, question and answer.
  public static func answers(_ result: SurveyResult) -> [[CSVValue]] {
    result.answers.map { row in
      [
        .text(row.period), .text(row.group), .text(row.question), .text(row.answer),
        .number(row.count), .number(row.share),
      ]
    }
  }

  /// `period,previous_period,group,question,share,previous_share,difference,ci_low,ci_high`.
  public static let changeHeader = [
    "period", "previous_period", "group", "question", "share", "previous_share", "difference",
    "ci_low", "ci_high",
  ]

  /// One row per group and question published in both rounds.
  public static func changes(_ changes: [ShareChange]) -> [[CSVValue]] {
    changes.map { change in
      [
        .text(change.period), .text(change.previousPeriod), .text(change.group),
        .text(change.question), .number(change.share), .number(change.previousShare),
        .number(change.difference.estimate),
        .number(change.difference.confidenceInterval.lowerBound),
        .number(change.difference.confidenceInterval.upperBound),
      ]
    }
  }
}
