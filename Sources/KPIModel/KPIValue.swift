/// One aggregate figure of a period: what the store keeps and multi-year tables read.
///
/// Only aggregates: never a respondent's or an employee's row (SPEC §7).
public struct KPIValue: Sendable, Hashable {
  /// The figure's id, e.g. `natverksenkat.share`, `sjukfranvaro.rate`.
  public var kpi: String
  /// The period, e.g. `2025`, `2025-12`.
  public var period: String
  /// What the figure covers: a group, `Totalt`, `women <=29`.
  public var scope: String
  /// The value; `nil` when withheld or missing.
  public var value: Double?
  /// The number of observations behind it, when meaningful.
  public var count: Double?
  /// The interval, when there is one.
  public var lower: Double?
  /// The interval's upper end.
  public var upper: Double?
  /// A goal status or `suppressed`, as the machine name.
  public var status: String?

  /// Creates a value.
  public init(
    kpi: String, period: String, scope: String, value: Double?, count: Double? = nil,
    lower: Double? = nil, upper: Double? = nil, status: String? = nil
  ) {
    self.kpi = kpi
    self.period = period
    self.scope = scope
    self.value = value
    self.count = count
    self.lower = lower
    self.upper = upper
    self.status = status
  }
}
