/// Descriptive statistics of a sample, through GSL's `gsl_stats_*` (by way of ``GSL``).
///
/// The values are sorted once at construction, so any number of quantiles can be read.
/// Quantiles interpolate linearly between order statistics at `(n − 1)·p`, which is
/// Hyndman & Fan's (1996) type 7, R's default and NumPy's `linear`.
public struct DescriptiveStatistics: Sendable, Equatable {
  /// The values in ascending order.
  public let sortedValues: [Double]
  /// Number of values.
  public var count: Int { sortedValues.count }
  /// Arithmetic mean.
  public let mean: Double
  /// Sample variance, with n − 1 in the denominator (0 when n = 1).
  public let variance: Double
  /// Sample standard deviation, √variance.
  public var standardDeviation: Double { variance.squareRoot() }
  /// Smallest value.
  public var minimum: Double { sortedValues[0] }
  /// Largest value.
  public var maximum: Double { sortedValues[sortedValues.count - 1] }
  /// The median: the type 7 quantile at ½.
  public let median: Double

  /// Summarises a sample.
  ///
  /// - Parameter values: At least one finite value.
  /// - Throws: ``StatsError`` for an empty sample or a value that is not finite.
  public init(_ values: [Double]) throws(StatsError) {
    let name = "DescriptiveStatistics"
    guard !values.isEmpty else { throw .invalid(name, "the sample is empty") }
    guard values.allSatisfy(\.isFinite) else {
      throw .invalid(name, "the sample holds a value that is not a finite number")
    }
    let sorted = values.sorted()
    sortedValues = sorted
    mean = try GSL.mean(sorted)
    variance = sorted.count < 2 ? 0 : try GSL.variance(sorted)
    median = try GSL.quantileFromSorted(sorted, 0.5)
  }

  /// The type 7 quantile at probability `p`.
  ///
  /// - Parameter p: A probability in [0, 1].
  /// - Returns: `x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])` with `h = (n − 1)·p`.
  /// - Throws: ``StatsError`` when `p` is outside [0, 1].
  public func quantile(_ p: Double) throws(StatsError) -> Double {
    guard p >= 0, p <= 1 else {
      throw .invalid("DescriptiveStatistics.quantile", "p must lie in 0...1, found \(p)")
    }
    return try GSL.quantileFromSorted(sortedValues, p)
  }
}
