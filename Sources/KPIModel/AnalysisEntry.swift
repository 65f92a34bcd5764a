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
  /// The files' column names and the absence causes that count as sick leave.
  public var layout: SickLeaveLayout

  /// Creates an entry.
  public init(
    id: String, employees: String, spells: String, period: Int? = nil,
    years: Int = defaultYears, fullTimeHours: Double = defaultFullTimeHours,
    layout: SickLeaveLayout = SickLeaveLayout()
  ) {
    self.id = id
    self.employees = employees
    self.spells = spells
    self.period = period
    self.years = years
    self.fullTimeHours = fullTimeHours
    self.layout = layout
  }
}

/// How an HR system's two exports name their columns, and which absence causes are sick
/// leave (SPEC §4.2).
///
/// A role the layout does not name is found by its default names (``defaultNames``), English
/// first, then the Swedish headers of common HR systems; names are compared without regard to
/// case or runs of spaces. A role the layout names is found by those names only.
public struct SickLeaveLayout: Sendable, Equatable {
  /// The roles of the employees file, in the order `--help` lists them.
  public static let employeeRoles = [
    "employee_id", "period", "sex", "birth_year", "age", "scheduled_hours", "fte",
    "employment_rate",
  ]
  /// The roles of the spells file (`employee_id` is in both).
  public static let spellRoles = ["employee_id", "start", "end", "sick_hours", "cause", "extent"]
  /// Every role, each once.
  public static var roles: [String] { employeeRoles + spellRoles.dropFirst() }

  /// The names tried, in this order, for a role the layout does not name.
  public static let defaultNames: [(role: String, names: [String])] = [
    (
      "employee_id",
      [
        "employee_id", "Anställningsnummer", "Anställningsnr", "Anst.nr", "Anstnr",
        "Personalnummer",
      ]
    ),
    ("period", ["period", "year", "År"]),
    ("sex", ["sex", "Kön"]),
    ("birth_year", ["birth_year", "Födelseår"]),
    ("age", ["age", "Ålder"]),
    (
      "scheduled_hours",
      [
        "scheduled_hours", "Ordinarie arbetstid", "Ordinarie arbetstid per år",
        "Ordinarie arbetstid per år (tim)", "Ordinarie arbetstid (tim)",
      ]
    ),
    ("fte", ["fte", "Årsarbetare"]),
    (
      "employment_rate",
      [
        "employment_rate", "Sysselsättningsgrad", "Sysselsättningsgrad (%)", "Tjänstgöringsgrad",
        "Tjänstgöringsgrad (%)",
      ]
    ),
    ("start", ["start", "Från", "Fr.o.m.", "Fr.o.m", "From", "Datum from", "Startdatum"]),
    ("end", ["end", "Till", "T.o.m.", "T.o.m", "Tom", "Datum tom", "Slutdatum"]),
    ("sick_hours", ["sick_hours", "Timmar", "Frånvarotimmar", "Sjuktimmar", "Antal timmar"]),
    ("cause", ["cause", "Frånvaroorsak", "Orsak", "Frånvarotyp"]),
    ("extent", ["extent", "Omfattning", "Sjukskrivningsgrad"]),
  ]

  /// The absence causes that count as sick leave when the layout names none (compared
  /// without regard to case or runs of spaces).
  public static let defaultSickCauses = [
    "Sjuk", "Sjukdom", "Sjukfrånvaro", "Sjuk del av dag", "Sjukskrivning", "Sjukskriven",
    "Sjuklön", "Sjukpenning", "Sick", "Sick leave",
  ]

  /// The default names of one role.
  public static func defaultNames(_ role: String) -> [String] {
    defaultNames.first { $0.role == role }?.names ?? []
  }

  /// Column names by role, for the roles the files name otherwise; several names are tried
  /// in order (the two files may name the employee id differently).
  public var columns: [String: [String]]
  /// The causes that count as sick leave; ``defaultSickCauses`` when `nil`.
  public var sickCauses: [String]?
  /// The order of day and month in numeric dates of the spells (`3/4/2025`); settled from
  /// the dates when `nil`.
  public var dateFormat: DayMonthOrder?

  /// Creates a layout; every setting defaults to what the reader finds.
  public init(
    columns: [String: [String]] = [:], sickCauses: [String]? = nil,
    dateFormat: DayMonthOrder? = nil
  ) {
    self.columns = columns
    self.sickCauses = sickCauses
    self.dateFormat = dateFormat
  }

  /// The names to look for, in order, for `role`.
  public func names(_ role: String) -> [String] {
    columns[role] ?? Self.defaultNames(role)
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
  /// The report section's heading, e.g. `Navet – besökare`; the noun capitalized
  /// (`Besökare`) when `nil`.
  public var title: String?
  /// How the file lays out its counts: column names, wide or long, date order, frequency.
  public var layout: VisitorLayout

  /// Creates an entry.
  public init(
    id: String, data: String, sheet: String? = nil, options: VisitorOptions = VisitorOptions(),
    noun: String = defaultNoun, title: String? = nil, layout: VisitorLayout = VisitorLayout()
  ) {
    self.id = id
    self.data = data
    self.sheet = sheet
    self.options = options
    self.noun = noun
    self.title = title
    self.layout = layout
  }
}

/// How often a visitor file counts, when its dates do not say so themselves.
public enum VisitorFrequency: String, Sendable, Equatable, CaseIterable {
  /// Every date is a day (rows with an hour, or a time in the date, are summed to their day).
  case daily
  /// Every date names its month: `1/1/2014` or `2014-01-31` is January 2014's total.
  case monthly
}

/// The shape of a visitor file (SPEC §4.3): which columns hold what, and how its dates read.
///
/// Long: one row per date and category, a category column and a count column. Wide: one
/// column per category (a museum's monthly table), chosen by ``wideColumns``, or every column
/// but the date and the hour when the file has no category column. A `nil` name means the
/// reader's default names (``VisitorLayout/defaultNames``).
public struct VisitorLayout: Sendable, Equatable {
  /// The column of the dates (a day, a month, or a day with a time).
  public var dateColumn: String?
  /// The column of the category names (long layout).
  public var categoryColumn: String?
  /// The column of the counts (long layout).
  public var visitorsColumn: String?
  /// The column of the hour (0–23, `13:00` or `13:00-14:00`), for counts per hour.
  public var hourColumn: String?
  /// The columns that each hold one category's counts (wide layout); empty for long, or for
  /// every other column when the file has no category column.
  public var wideColumns: [String]
  /// The order of day and month in numeric dates; settled from the column when `nil`.
  public var dateFormat: DayMonthOrder?
  /// Daily or monthly; `nil` reads `YYYY-MM` as months, days as days, and a file whose every
  /// date is the first of its month (in at least two months) as month totals.
  public var frequency: VisitorFrequency?

  /// The names tried, in this order, for a column the layout does not name: English and
  /// Swedish, compared without regard to case or runs of spaces.
  public static let defaultNames: [(role: String, names: [String])] = [
    ("date", ["date", "datum", "day", "dag", "month", "månad", "period"]),
    ("category", ["category", "kategori", "location", "plats"]),
    ("visitors", ["visitors", "besökare", "antal besökare", "antal", "count", "besök", "visits"]),
    ("hour", ["hour", "timme", "klockslag"]),
  ]

  /// The default names of one role (`date`, `category`, `visitors`, `hour`).
  public static func defaultNames(_ role: String) -> [String] {
    defaultNames.first { $0.role == role }?.names ?? []
  }

  /// Creates a layout; every setting defaults to what the reader finds.
  public init(
    dateColumn: String? = nil, categoryColumn: String? = nil, visitorsColumn: String? = nil,
    hourColumn: String? = nil, wideColumns: [String] = [], dateFormat: DayMonthOrder? = nil,
    frequency: VisitorFrequency? = nil
  ) {
    self.dateColumn = dateColumn
    self.categoryColumn = categoryColumn
    self.visitorsColumn = visitorsColumn
    self.hourColumn = hourColumn
    self.wideColumns = wideColumns
    self.dateFormat = dateFormat
    self.frequency = frequency
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
