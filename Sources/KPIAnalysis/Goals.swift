import KPIModel

/// One goal as the måluppfyllelse table shows it: computed from an analysis or judged by
/// people in the project file (SPEC §5.2).
public struct GoalResult: Sendable, Equatable {
  /// Stable id, e.g. `natverksenkat-helhet`.
  public var id: String
  /// The goal as the plan words it.
  public var text: String
  /// The period.
  public var period: String
  /// The measured value, when there is one.
  public var value: Double?
  /// The target, when there is one.
  public var target: Double?
  /// How value and target compare.
  public var comparator: Comparator?
  /// `percent` when value and target are fractions shown as percent, or another unit.
  public var unit: String?
  /// The status.
  public var status: GoalStatus
  /// Whether the interval agrees with the status (computed goals only).
  public var confidence: Confidence?
  /// `computed:<analysis>` or `manual`.
  public var source: String
  /// A remark, e.g. that a manual status contradicts the numbers beside it.
  public var note: String
  /// Whether a manual status contradicts the value and target beside it.
  public var isContradicted: Bool = false

  /// Creates a goal result.
  public init(
    id: String, text: String, period: String, value: Double? = nil, target: Double? = nil,
    comparator: Comparator? = nil, unit: String? = nil, status: GoalStatus,
    confidence: Confidence? = nil, source: String, note: String = ""
  ) {
    self.id = id
    self.text = text
    self.period = period
    self.value = value
    self.target = target
    self.comparator = comparator
    self.unit = unit
    self.status = status
    self.confidence = confidence
    self.source = source
    self.note = note
  }
}
