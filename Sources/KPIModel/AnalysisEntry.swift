import Foundation

/// One analysis of a project file (SPEC §4.4), or of a single command: its kind and its typed
/// configuration.
///
/// Each kind has its own configuration with its own defaults, written once here, so that
/// `kpi report` and the single commands (`kpi survey`, `kpi sickleave`, …) run an analysis
/// with the same settings unless one of them says otherwise. Code that treats kinds
/// differently switches over this enum, so the compiler names every place a new kind must
/// fill.
public enum AnalysisEntry: Sendable, Equatable {
  /// Nätverksenkät: a survey with a Likert scale, per network.
  case survey(SurveyEntry)
  /// Närvårdskontoret's questionnaire: yes/partly/no per question.
  case questionnaire(SurveyEntry)
  /// Sick leave from an HR export (SPEC §5.3).
  case sickleave(SickLeaveEntry)
  /// Navet's visitor counts (SPEC §5.4).
  case visitors(VisitorsEntry)

  /// Stable identifier used in outputs and in the store, e.g. `natverksenkat`.
  public var id: String {
    switch self {
    case .survey(let entry), .questionnaire(let entry): entry.id
    case .sickleave(let entry): entry.id
    case .visitors(let entry): entry.id
    }
  }

  /// The kind's name as a project file writes it (`kind: survey`).
  public var kindName: String {
    switch self {
    case .survey: "survey"
    case .questionnaire: "questionnaire"
    case .sickleave: "sickleave"
    case .visitors: "visitors"
    }
  }
}

/// The two survey jobs: they differ in what the response rate counts.
public enum SurveyKind: String, Sendable, Equatable {
  /// The nätverksenkät: response rate = respondents / invited.
  case survey
  /// Närvårdskontoret's questionnaire: response rate per question = answered / the invited of
  /// the groups the question went to.
  case questionnaire
}

/// A survey or questionnaire round: its export and spec, and optionally last round's.
///
/// Paths are as written, relative to the project file's folder (or to the working directory
/// for a single command).
public struct SurveyEntry: Sendable, Equatable {
  /// Stable identifier, e.g. `natverksenkat`.
  public var id: String
  /// The export, one row per respondent (CSV or XLSX).
  public var data: String
  /// The spec (SPEC §4.1).
  public var spec: String
  /// The previous round's export, for the year-over-year comparison.
  public var previous: String?
  /// The previous round's spec when it differs (other invited counts); ``spec`` when `nil`.
  public var previousSpec: String?
  /// The sheet of a workbook export; the spec's `sheet:`, else the first sheet, when `nil`.
  public var sheet: String?
  /// The period, instead of the spec's `period:`.
  public var period: String?

  /// Creates an entry.
  public init(
    id: String, data: String, spec: String, previous: String? = nil,
    previousSpec: String? = nil, sheet: String? = nil, period: String? = nil
  ) {
    self.id = id
    self.data = data
    self.spec = spec
    self.previous = previous
    self.previousSpec = previousSpec
    self.sheet = sheet
    self.period = period
  }
}

/// The sick-leave breakdown: the HR system's two exports and the years to show.
public struct SickLeaveEntry: Sendable, Equatable {
  /// Scheduled hours of one full-time equivalent, when the employees file gives no fte.
  public static let defaultFullTimeHours = 2080.0
  /// How many years the annual report's table spans.
  public static let defaultYears = 3

  /// Stable identifier, e.g. `sjukfranvaro`.
  public var id: String
  /// One row per employee and period.
  public var employees: String
  /// One row per sick-leave spell.
  public var spells: String
  /// The last year of the table; the latest in the employees file when `nil`.
  public var period: Int?
  /// How many years the table spans.
  public var years: Int
  /// Scheduled hours of one full-time equivalent.
  public var fullTimeHours: Double

  /// Creates an entry.
  public init(
    id: String, employees: String, spells: String, period: Int? = nil,
    years: Int = defaultYears, fullTimeHours: Double = defaultFullTimeHours
  ) {
    self.id = id
    self.employees = employees
    self.spells = spells
    self.period = period
    self.years = years
    self.fullTimeHours = fullTimeHours
  }
}

/// Visitor counts: the file, the comparisons and the goal.
public struct VisitorsEntry: Sendable, Equatable {
  /// What is counted, in Swedish plural, for the summary, unless the entry says otherwise.
  public static let defaultNoun = "besökare"

  /// Stable identifier, e.g. `navet`.
  public var id: String
  /// The counts (CSV or XLSX).
  public var data: String
  /// The sheet of a workbook; the first sheet when `nil`.
  public var sheet: String?
  /// Base years, summer, duplicates, goal and cut-off.
  public var options: VisitorOptions
  /// What is counted, in Swedish plural (`besökare`, `konferenser`).
  public var noun: String

  /// Creates an entry.
  public init(
    id: String, data: String, sheet: String? = nil, options: VisitorOptions = VisitorOptions(),
    noun: String = defaultNoun
  ) {
    self.id = id
    self.data = data
    self.sheet = sheet
    self.options = options
    self.noun = noun
  }
}

/// The settings of a visitor analysis (`kpi visitors`, or `kind: visitors` in a project file).
public struct VisitorOptions: Sendable, Equatable {
  /// Years every period is also compared with (2019, the last year before the pandemic;
  /// 2022, the first after it). Each gives its own row.
  public var baseYears: [Int]
  /// The summer months, June–August by default.
  public var summer: ClosedRange<Int>
  /// Whether a day given twice is an error or added up.
  public var duplicates: DuplicatePolicy
  /// A goal on growth against the previous year: 0.15 = at least +15 %.
  public var goal: Double?
  /// Leave out counts after this day or month, as a report per 31 August sees the data.
  public var through: CalendarDate?

  /// Summer months written `first-last`, e.g. `6-8` for June–August; `nil` for anything else
  /// (months outside 1–12, the last before the first).
  public static func summerMonths(_ text: String) -> ClosedRange<Int>? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false).map {
      Int($0.trimmingCharacters(in: .whitespaces))
    }
    guard parts.count == 2, let first = parts[0], let last = parts[1], 1 <= first,
      first <= last, last <= 12
    else { return nil }
    return first...last
  }

  /// Creates options.
  public init(
    baseYears: [Int] = [], summer: ClosedRange<Int> = 6...8, duplicates: DuplicatePolicy = .reject,
    goal: Double? = nil, through: CalendarDate? = nil
  ) {
    self.baseYears = baseYears
    self.summer = summer
    self.duplicates = duplicates
    self.goal = goal
    self.through = through
  }
}
