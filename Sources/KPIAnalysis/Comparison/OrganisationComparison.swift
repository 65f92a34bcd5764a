import KPIModel

/// One organisation's row of `kpi compare`: its value of one KPI in one period, or why it
/// is withheld.
public struct ComparisonRow: Sendable, Equatable {
  /// The organisation.
  public var organisation: String
  /// The value; `nil` when withheld or missing.
  public var value: Double?
  /// The answers behind it (n), when stored.
  public var count: Double?
  /// The interval's lower end.
  public var lower: Double?
  /// The interval's upper end.
  public var upper: Double?
  /// The goal status as the organisation's report judged it, or `suppressed`, or the stored
  /// machine word (`partial`); `nil` when none was stored.
  public var status: String?

  /// Whether the value is withheld for a small group.
  public var isSuppressed: Bool { status == GoalStatus.suppressed.rawValue }

  /// Creates a row.
  public init(
    organisation: String, value: Double?, count: Double?, lower: Double?, upper: Double?,
    status: String?
  ) {
    self.organisation = organisation
    self.value = value
    self.count = count
    self.lower = lower
    self.upper = upper
    self.status = status
  }
}

/// `kpi compare`: one KPI of one period across organisations, small groups withheld.
public enum OrganisationComparison {
  /// One row per organisation, in the order given, for the values of `scope`.
  ///
  /// A value its report withheld (status `suppressed`) stays withheld, and so does one whose
  /// n is below `minimumGroupSize` by the reports' own rule
  /// (``SurveySpec/isTooSmall(answered:minimumGroupSize:)``): a value imported or computed
  /// under a smaller `min_group_size` is not shown beside the others. A withheld row keeps
  /// no value, n or interval, so nothing of the small group can be read from the table.
  /// - Parameters:
  ///   - values: Each organisation's stored values of the KPI and period.
  ///   - scope: The group compared, `Totalt` by default.
  ///   - minimumGroupSize: The smallest n shown.
  public static func rows(
    _ values: [(organisation: String, value: KPIValue)], scope: String = totalGroupName,
    minimumGroupSize: Int = SurveySpec.defaultMinimumGroupSize
  ) -> [ComparisonRow] {
    values.filter { $0.value.scope == scope }.map { organisation, value in
      let tooSmall =
        value.count.map {
          $0 > 0 && SurveySpec.isTooSmall(answered: $0, minimumGroupSize: minimumGroupSize)
        } ?? false
      if tooSmall || value.status == GoalStatus.suppressed.rawValue {
        return ComparisonRow(
          organisation: organisation, value: nil, count: nil, lower: nil, upper: nil,
          status: GoalStatus.suppressed.rawValue)
      }
      return ComparisonRow(
        organisation: organisation, value: value.value, count: value.count, lower: value.lower,
        upper: value.upper, status: value.status)
    }
  }
}
