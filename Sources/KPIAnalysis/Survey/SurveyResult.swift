import KPIModel
import KPIStats

/// Whether an estimate's interval lies wholly on one side of its goal (SPEC §5.2).
public enum Confidence: String, Sendable, Equatable {
  /// The whole interval is on the same side of the target as the estimate.
  case secure
  /// The interval straddles the target.
  case uncertain
}

/// One group's (or `Totalt`'s) result for one question: a row of `survey.csv`.
public struct ShareRow: Sendable, Equatable {
  /// The period, e.g. `2025`.
  public var period: String
  /// The group, or ``totalGroupName``.
  public var group: String
  /// The question's id.
  public var question: String
  /// How many were invited (the question's recipients for a questionnaire), when known.
  public var invited: Int?
  /// Respondents in the group (summed weights).
  public var respondents: Double
  /// Substantive answers: not blank and not `not_substantive`.
  public var answered: Double
  /// Positive answers; `nil` when suppressed.
  public var positive: Double?
  /// The share with its interval (Wilson, finite population corrected when `invited` is
  /// known); `nil` when suppressed or nothing was answered.
  public var estimate: ProportionInterval?
  /// Respondents (survey) or answered (questionnaire) over invited.
  public var responseRate: Double?
  /// The goal share, if the question has one.
  public var goal: Double?
  /// Goal status; `nil` when the question has no goal and the row is not suppressed or empty.
  public var status: GoalStatus?
  /// Whether the interval agrees with the status.
  public var confidence: Confidence?
  /// Why the share is withheld or missing, if it is (KPIRender words it).
  public var withheld: ShareWithheld?

  /// The share, or `nil`.
  public var share: Double? { estimate?.estimate }
  /// Whether the row's values are withheld for the group's size.
  public var isSuppressed: Bool { status == .suppressed }
}

/// Why a row of `survey.csv` has no share.
public enum ShareWithheld: Sendable, Equatable {
  /// Nothing substantive was answered.
  case noAnswers
  /// Fewer answers than the spec's `min_group_size`.
  case tooFewAnswers(minimum: Int)
  /// Withheld although large enough, so that a smaller withheld group cannot be computed as
  /// `Totalt` minus the others (secondary suppression).
  case complementary
}

/// The count and share of one answer in one group: a row of `survey-answers.csv`.
public struct AnswerRow: Sendable, Equatable {
  public var period: String
  public var group: String
  public var question: String
  /// The answer as the scale writes it, a `not_substantive` answer such as `Vet ej`, or an
  /// option of a multi-select question.
  public var answer: String
  /// Summed weight of the answer; `nil` when suppressed.
  public var count: Double?
  /// Count over the group's substantive answers to the question (blank and
  /// `not_substantive` answers left out), the base of the share and the goal, so the scale's
  /// shares add up to 1; `nil` when suppressed, when nothing substantive was answered, and for
  /// a `not_substantive` answer (such as `Vet ej`), which is outside the base. For an option
  /// of a multi-select question: the respondents who chose it over those who answered the
  /// question (``ChoiceRow/answered``), so the options' shares may add up to more than 1.
  public var share: Double?
}

/// One group's (or `Totalt`'s) base for a multi-select question: the respondents who chose
/// at least one option, which every option's share in ``SurveyResult/answers`` divides by.
public struct ChoiceRow: Sendable, Equatable {
  public var period: String
  /// The group, or ``totalGroupName``.
  public var group: String
  /// The question's id.
  public var question: String
  /// How many were invited (the question's recipients), when known.
  public var invited: Int?
  /// Respondents in the group (summed weights).
  public var respondents: Double
  /// Respondents who answered the question (summed weights): the base of its shares.
  public var answered: Double
  /// Why the group's counts and shares are withheld or missing, if they are.
  public var withheld: ShareWithheld?

  /// Whether the row's counts are withheld for the group's size.
  public var isSuppressed: Bool {
    switch withheld {
    case .tooFewAnswers, .complementary: true
    case .noAnswers, nil: false
    }
  }
}

/// Everything one survey round yields.
public struct SurveyResult: Sendable, Equatable {
  /// The kind of survey.
  public var kind: SurveyKind
  /// The spec's title.
  public var title: String
  /// The period.
  public var period: String
  /// The groups in report order (the spec's `invited` order, then first appearance, then
  /// ``notStatedGroupName``); without a group column, none.
  public var groups: [String]
  /// The single-answer questions, in spec order (the multi-select ones are
  /// ``choiceQuestions``).
  public var questions: [QuestionSpec]
  /// The scale, best first.
  public var scale: [String]
  /// The positive answers.
  public var positive: [String]
  /// One row per group and question the group received, then `Totalt` per question (only
  /// `Totalt` without a group column).
  public var rows: [ShareRow]
  /// The answer distribution per group and question, `Totalt` included.
  public var answers: [AnswerRow]
  /// Respondents in all groups (summed weights).
  public var respondents: Double
  /// Invited in all, when known.
  public var invited: Int?
  /// How many groups `invited:` gives a count for; 0 for a total or none.
  public var invitedGroups: Int = 0
  /// Answers from groups a question was not sent to, left out of that question.
  public var ignoredAnswers: Double
  /// The multi-select questions, in spec order: they have no share or goal of their own,
  /// only a share per option (in ``answers``, one row per option) over ``choiceRows``' base.
  public var choiceQuestions: [QuestionSpec] = []
  /// The base of each multi-select question per group, then `Totalt`, as ``rows`` are.
  public var choiceRows: [ChoiceRow] = []

  /// The `Totalt` row of a question.
  public func total(_ question: String) -> ShareRow? {
    rows.first { $0.group == totalGroupName && $0.question == question }
  }

  /// For a questionnaire: `met` when every question with a goal meets it, `not_met` when one
  /// does not, `no_data` when none could be judged.
  public var overallStatus: GoalStatus {
    let statuses = questions.compactMap { q in q.goal == nil ? nil : total(q.id)?.status }
    if statuses.isEmpty || statuses.allSatisfy({ $0 == .noData }) { return .noData }
    if statuses.contains(.notMet) { return .notMet }
    // Partly met needs a question that met it: with none judged, the goal is not judged.
    if !statuses.contains(.met) { return statuses.contains(.suppressed) ? .suppressed : .noData }
    if statuses.contains(where: { $0 == .suppressed || $0 == .noData }) { return .partlyMet }
    return .met
  }
}
