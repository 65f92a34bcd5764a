/// The difference of two independent proportions with Newcombe's hybrid score interval.
///
/// This is method 10 of Newcombe (1998), "Interval estimation for the difference between
/// independent proportions", Statistics in Medicine 17: 873–890, as statsmodels'
/// `confint_proportions_2indep(..., method="newcomb", compare="diff")`. With Wilson intervals
/// (l₁, u₁) and (l₂, u₂) of the two shares and d = p₁ − p₂:
///
///     lower = d − √((p₁ − l₁)² + (u₂ − p₂)²)
///     upper = d + √((u₁ − p₁)² + (p₂ − l₂)²)
///
/// It is used for "this year against last year" in percentage points.
public struct ProportionDifference: Sendable, Equatable {
  /// The first (usually the current) proportion.
  public var first: ProportionInterval
  /// The second (usually the earlier) proportion.
  public var second: ProportionInterval
  /// `first.estimate − second.estimate`.
  public var estimate: Double
  /// Newcombe's hybrid score interval of the difference, within [−1, 1].
  public var confidenceInterval: ClosedRange<Double>
  /// The confidence level.
  public var level: Double

  /// Estimates `p₁ − p₂` and its interval.
  ///
  /// - Parameters:
  ///   - positive1: Positives in the first sample.
  ///   - count1: Size of the first sample, positive.
  ///   - positive2: Positives in the second sample.
  ///   - count2: Size of the second sample, positive.
  ///   - level: Confidence level in (0, 1).
  /// - Throws: ``StatsError`` under the same conditions as ``ProportionInterval``.
  public init(
    positive1: Double, count1: Double, positive2: Double, count2: Double, level: Double = 0.95
  ) throws(StatsError) {
    let first = try ProportionInterval(positive: positive1, count: count1, level: level)
    let second = try ProportionInterval(positive: positive2, count: count2, level: level)
    let (p1, l1, u1) = (
      first.estimate, first.confidenceInterval.lowerBound,
      first.confidenceInterval.upperBound
    )
    let (p2, l2, u2) = (
      second.estimate, second.confidenceInterval.lowerBound,
      second.confidenceInterval.upperBound
    )
    let difference = p1 - p2
    let lower = difference - ((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)).squareRoot()
    let upper = difference + ((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)).squareRoot()
    self.first = first
    self.second = second
    self.estimate = difference
    self.confidenceInterval = max(lower, -1)...min(upper, 1)
    self.level = level
  }
}
