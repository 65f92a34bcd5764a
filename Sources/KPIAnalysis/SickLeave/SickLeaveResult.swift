/// Why a sick-leave figure is withheld (SPEC §5.3, Lag (1997:614) 4 kap. 1 a §, LKBR 11 kap.).
public enum SuppressionReason: String, Sendable, Hashable, CaseIterable {
  /// The group has ten employees or fewer ("högst tio").
  case smallGroup
  /// The figure's sick hours come from one employee, so it describes that person.
  case onePerson
  /// Withheld so that no other withheld figure can be computed from the published ones.
  case secondary
}

/// A remark on a sick-leave figure: why its value is missing, or that the employer need not
/// publish it.
public enum SickLeaveNote: Sendable, Equatable {
  /// The figure is withheld, for these reasons.
  case withheld([SuppressionReason])
  /// The group has no employees.
  case noEmployees
  /// The group has no scheduled hours (a rate without denominator).
  case noScheduledHours
  /// The group has no sick hours (a share without denominator).
  case noSickLeave
  /// The duty to publish lapses: ten or fewer employees on average over these periods.
  case notRequired(averagedPeriods: [Int])
}

/// Whether a breakdown keeps withheld values.
public enum SickLeaveDisclosure: String, Sendable, Equatable {
  /// Withheld figures carry no value, numerator or denominator: what may be published.
  case published
  /// Withheld figures are marked but keep their values: for HR's own checks, never for
  /// publication.
  case internalUse
}

/// One row of `sickleave.csv`: a rate or a spell-class share of one group in one period.
public struct SickLeaveFigure: Sendable, Equatable {
  /// The calendar year.
  public var period: Int
  /// What is measured.
  public var measure: SickLeaveMeasure
  /// The sex breakdown.
  public var sex: SexGroup
  /// The age band (always ``AgeGroup/all`` for the shares).
  public var ageGroup: AgeGroup
  /// Head count of the group.
  public var employees: Int
  /// Full-time equivalents (årsarbetare) of the group.
  public var fte: Double
  /// Sick hours: all of the group's (rate) or those in the spell class (share); `nil` when
  /// withheld.
  public var numeratorHours: Double?
  /// Scheduled hours (rate) or all sick hours (share) of the group; `nil` when withheld.
  public var denominatorHours: Double?
  /// Numerator / denominator as a fraction; `nil` when withheld or when the denominator is 0.
  public var value: Double?
  /// Why the figure is withheld; empty when it is published.
  public var suppression: [SuppressionReason]
  /// Why a value is missing, and other remarks, in order (KPIRender words them for the
  /// `note` column).
  public var notes: [SickLeaveNote]

  /// Whether the figure is withheld.
  public var isSuppressed: Bool { !suppression.isEmpty }
}

/// The breakdown of one period.
public struct SickLeaveYear: Sendable, Equatable {
  /// The calendar year.
  public var period: Int
  /// Head count.
  public var employees: Int
  /// Full-time equivalents (årsarbetare).
  public var fte: Double
  /// Average head count over this period and the one before when both are in the data
  /// (``averagedPeriods``), else this period's.
  public var averageEmployees: Double
  /// The periods ``averageEmployees`` is taken over.
  public var averagedPeriods: [Int]
  /// Whether the law requires the breakdown: more than ten employees on average over two
  /// years.
  public var isRequired: Bool
  /// Rates (total, women, men, then per age band: all, women, men), then the three shares
  /// (all, women, men each): 21 figures.
  public var figures: [SickLeaveFigure]

  /// The figure of one measure and group.
  public func figure(_ measure: SickLeaveMeasure, sex: SexGroup, age: AgeGroup = .all)
    -> SickLeaveFigure?
  {
    figures.first { $0.measure == measure && $0.sex == sex && $0.ageGroup == age }
  }
}

/// The breakdown of several periods, oldest first: the annual report's table.
public struct SickLeaveReport: Sendable, Equatable {
  /// One entry per period.
  public var years: [SickLeaveYear]
  /// Whether withheld values are kept.
  public var disclosure: SickLeaveDisclosure
  /// Whether full-time equivalents come from the employees' `fte` column (`true`) or from
  /// scheduled hours / ``fullTimeHours``.
  public var fteFromColumn: Bool
  /// Scheduled hours of one full-time employee over a year, for FTE without an `fte` column.
  public var fullTimeHours: Double

  /// The latest period.
  public var period: Int? { years.last?.period }
  /// Every figure of every period.
  public var figures: [SickLeaveFigure] { years.flatMap(\.figures) }
}
