/// What a survey or questionnaire export holds and how to read it (SPEC §4.1).
///
/// One spec type serves both the nätverksenkät (a 4-step scale, one question, per network) and
/// Närvårdskontoret's questionnaire (Ja/Delvis/Nej, many questions, per-question recipients).
public struct SurveySpec: Sendable, Equatable {
  /// Report title, e.g. `Nätverksenkät 2025`.
  public var title: String
  /// The period the answers belong to, e.g. `2025` or `2025-12`.
  public var period: String?
  /// Name of the column holding the respondent's group (network, committee), if any.
  public var groupColumn: String?
  /// Name of a column holding a frequency weight (an aggregated row such as `Freq`), if any.
  public var weightColumn: String?
  /// The answer scale, ordered best to worst.
  public var scale: [String]
  /// The answers that count as positive (top boxes).
  public var positive: [String]
  /// Answers left out of the denominator, e.g. `Vet ej`; `""` stands for a blank cell.
  public var notSubstantive: [String]
  /// Other spellings mapped onto the scale, e.g. `Till viss del → Delvis`.
  public var synonyms: [String: String]
  /// The questions to analyse.
  public var questions: [QuestionSpec]
  /// How many were invited.
  public var invited: Invited?
  /// Groups with fewer answers than this are suppressed in outputs.
  public var minimumGroupSize: Int

  /// `min_group_size` when a spec gives none.
  public static let defaultMinimumGroupSize = 5

  /// The reports' rule for a small group (SPEC §5.2, `suppressed`): fewer answers than the
  /// minimum group size. The one place it is said: the tallies, the multi-select bases and
  /// `kpi compare` all ask it.
  public static func isTooSmall(answered: Double, minimumGroupSize: Int) -> Bool {
    answered < Double(minimumGroupSize)
  }
  /// The sheet of a workbook to read; the first sheet when `nil`.
  public var sheet: String?
  /// Rows the header spans: 1; 2 for exports with question and sub-question rows (joined
  /// into one name per column); 3 for Qualtrics (names, labels, import ids: the first row
  /// names the columns, the second may be used instead); `nil` lets the reader detect 1 or 2.
  public var headerRows: Int?
  /// What a respondent with a blank group cell counts as.
  public var missingGroup: MissingGroup
  /// The lines above the header to skip (a title or a note some tools write first).
  public var skipRows: Int
  /// Warnings on the spec's file, located (`spec.yaml:4:31: …`): a text a `#` may have cut
  /// short. Set by the loader; empty for a spec made in code.
  public var warnings: [String] = []

  /// Creates a spec.
  public init(
    title: String, period: String? = nil, groupColumn: String? = nil,
    weightColumn: String? = nil, scale: [String], positive: [String],
    notSubstantive: [String] = [""], synonyms: [String: String] = [:],
    questions: [QuestionSpec], invited: Invited? = nil,
    minimumGroupSize: Int = defaultMinimumGroupSize,
    sheet: String? = nil, headerRows: Int? = nil, missingGroup: MissingGroup = .notStated,
    skipRows: Int = 0
  ) {
    self.title = title
    self.period = period
    self.groupColumn = groupColumn
    self.weightColumn = weightColumn
    self.scale = scale
    self.positive = positive
    self.notSubstantive = notSubstantive
    self.synonyms = synonyms
    self.questions = questions
    self.invited = invited
    self.minimumGroupSize = minimumGroupSize
    self.sheet = sheet
    self.headerRows = headerRows
    self.missingGroup = missingGroup
    self.skipRows = skipRows
  }

  /// The answers a single-answer question's codes point into: the scale, then the non-blank
  /// `not_substantive` answers.
  public var answerLabels: [String] { scale + notSubstantive.filter { !$0.isEmpty } }

  /// The options of a multi-select question: its `options`, else the scale.
  public func choices(_ question: QuestionSpec) -> [String] { question.options ?? scale }

  /// The count slots every question has per group: a single-answer question uses one per
  /// ``answerLabels``, a multi-select question one per option and one more, after them, for
  /// the respondents who answered it (the base of its shares).
  public var countWidth: Int {
    questions.reduce(answerLabels.count) { width, question in
      question.multiple ? max(width, choices(question).count + 1) : width
    }
  }
}

/// What a respondent whose group cell is blank counts as (the spec's `missing_group:`).
///
/// The default is ``notStated``: the answer was given, so it counts in `Totalt` (which then
/// equals every answer returned, as a reader of the report expects), and the groups still add
/// up to `Totalt` because the respondents without a group are a line of their own.
public enum MissingGroup: String, Sendable, Equatable, CaseIterable {
  /// Counted in `Totalt` and shown as the group ``notStatedGroupName`` (`ej_angivet`).
  case notStated = "ej_angivet"
  /// Counted in `Totalt` only (`totalt`).
  case totalOnly = "totalt"
  /// A blank group cell is an error naming its row (`error`).
  case error
}

/// The group of respondents who left the group blank, under `missing_group: ej_angivet`.
public let notStatedGroupName = "Ej angivet"

/// The group of respondents counted in `Totalt` only: every respondent of an export without a
/// group column, and those with a blank group under `missing_group: totalt`. No group cell can
/// name it, since a blank cell is never a group's name.
public let ungroupedName = ""

/// One question of a survey spec.
public struct QuestionSpec: Sendable, Equatable {
  /// Stable identifier used in outputs, e.g. `helhet`, `kallelse`.
  public var id: String
  /// The header of the column holding the answers.
  public var column: String
  /// Goal share in 0...1 (e.g. 0.85), if the question has one.
  public var goal: Double?
  /// The groups the question was sent to; `nil` means every group.
  public var recipients: [String]?
  /// A short Swedish label for charts and tables, e.g. `Kallelse i tid`; `nil` uses the
  /// column's text.
  public var label: String?
  /// The question as it was asked, for the summary text, when the column's header is not it.
  public var text: String?
  /// Whether the question is a multi-select one ("check all that apply"): a cell holds none,
  /// one or several of the question's options, and each option's share is the respondents who
  /// chose it over those who answered the question.
  public var multiple: Bool
  /// The texts separating the options in a multi-select cell; `nil` means `;` and `,`.
  public var separator: String?
  /// A multi-select question's options, in the order outputs list them; `nil` means the
  /// spec's scale.
  public var options: [String]?
  /// For an export with one column per option (SurveyMonkey, Qualtrics, Netigate): the
  /// columns of ``options``, in their order; a cell that is blank or `0` is not chosen.
  /// ``column`` is then the first of them.
  public var optionColumns: [String]?

  /// The most options a multi-select question may have (a respondent's choices are one word's
  /// bits).
  public static let maximumOptions = 62

  /// The label charts show: ``label``, or the question's text.
  public var displayLabel: String { label ?? column }
  /// The question as the summary text quotes it: ``text``, else ``label``, else the column's
  /// header (a header such as `Q1` or `presenters_prepared` is no sentence for a report).
  public var wording: String { text ?? label ?? column }

  /// Creates a question.
  public init(
    id: String, column: String, goal: Double? = nil, recipients: [String]? = nil,
    label: String? = nil, text: String? = nil, multiple: Bool = false, separator: String? = nil,
    options: [String]? = nil, optionColumns: [String]? = nil
  ) {
    self.id = id
    self.column = column
    self.goal = goal
    self.recipients = recipients
    self.label = label
    self.text = text
    self.multiple = multiple
    self.separator = separator
    self.options = options
    self.optionColumns = optionColumns
  }
}

/// How many were invited to answer: one number, a number per group, or a file listing them.
public enum Invited: Sendable, Equatable {
  /// One total.
  case total(Int)
  /// A number per group, in the order the spec gives them.
  case perGroup([(group: String, count: Int)])
  /// A CSV/XLSX file with columns group and invited, relative to the spec.
  case file(String)

  public static func == (lhs: Invited, rhs: Invited) -> Bool {
    switch (lhs, rhs) {
    case (.total(let a), .total(let b)): a == b
    case (.file(let a), .file(let b)): a == b
    case (.perGroup(let a), .perGroup(let b)):
      a.count == b.count && zip(a, b).allSatisfy { $0.group == $1.group && $0.count == $1.count }
    default: false
    }
  }
}
