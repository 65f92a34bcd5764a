import KPIModel

/// The sex breakdown of a sick-leave figure: both sexes, or one.
public enum SexGroup: String, Sendable, Hashable, CaseIterable {
  /// Everyone in the group.
  case all
  /// Women only.
  case women
  /// Men only.
  case men

  /// The group an employee of `sex` belongs to besides ``all``.
  public init(_ sex: Sex) {
    self = sex == .woman ? .women : .men
  }
}

/// The age bands the law asks for (SPEC §5.3), by age in whole years at the end of the
/// period.
public enum AgeGroup: String, Sendable, Hashable, CaseIterable {
  /// Every age.
  case all
  /// 29 years or younger.
  case upTo29 = "<=29"
  /// 30 to 49 years.
  case from30To49 = "30-49"
  /// 50 years or older.
  case from50 = ">=50"

  /// The three bands, youngest first.
  public static let bands: [AgeGroup] = [.upTo29, .from30To49, .from50]

  /// The band of an age: ≤ 29, 30–49 or ≥ 50 (never ``all``).
  public init(age: Int) {
    self = age <= 29 ? .upTo29 : age <= 49 ? .from30To49 : .from50
  }
}

/// The duration class of a sick-leave spell by its calendar length (SPEC §5.3).
///
/// The length counts every calendar day from the first to the last inclusive, weekends and
/// holidays too, and is the length of the whole spell even when it crosses a year boundary.
public enum SpellClass: Int, Sendable, Hashable, CaseIterable {
  /// 1–14 calendar days.
  case days1To14
  /// 15–59 calendar days.
  case days15To59
  /// 60 calendar days or more.
  case days60OrMore

  /// The class of a spell `days` calendar days long.
  /// - Precondition: `days` ≥ 1.
  public init(days: Int) {
    precondition(days >= 1, "a spell lasts at least one day")
    self = days <= 14 ? .days1To14 : days <= 59 ? .days15To59 : .days60OrMore
  }

  /// The measure whose value is this class's share of all sick hours.
  public var measure: SickLeaveMeasure {
    switch self {
    case .days1To14: .share1To14
    case .days15To59: .share15To59
    case .days60OrMore: .share60Plus
    }
  }
}

/// What a row of `sickleave.csv` measures (SPEC §6).
public enum SickLeaveMeasure: String, Sendable, Hashable, CaseIterable {
  /// Sick hours / scheduled hours of the group.
  case rate
  /// Sick hours in spells of 1–14 days / all sick hours of the group.
  case share1To14 = "share_1_14"
  /// Sick hours in spells of 15–59 days / all sick hours of the group.
  case share15To59 = "share_15_59"
  /// Sick hours in spells of 60 days or more / all sick hours of the group.
  case share60Plus = "share_60_plus"

  /// The spell class of a share; `nil` for ``rate``.
  public var spellClass: SpellClass? {
    switch self {
    case .rate: nil
    case .share1To14: .days1To14
    case .share15To59: .days15To59
    case .share60Plus: .days60OrMore
    }
  }
}
