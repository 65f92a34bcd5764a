import KPIStats

/// Multiplicative seasonal indices by classical decomposition: how far above or below the
/// year's level each calendar month lies (1.30 = 30 % above).
///
/// The trend is the centred 2×12 moving average,
/// `Tₜ = (½·xₜ₋₆ + xₜ₋₅ + … + xₜ₊₅ + ½·xₜ₊₆) / 12`, defined from the 7th to the (n − 6)th
/// month. Each month's ratio `xₜ / Tₜ` is averaged over the years where the trend is defined,
/// and the twelve averages are divided by their mean, so the indices average exactly 1 and a
/// year's total is unchanged by seasonal adjustment (Kendall & Stuart 1983; Hyndman &
/// Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed., §3.4). This is what
/// statsmodels' `seasonal_decompose(x, model="multiplicative", period=12)` computes; the
/// tests check the two agree to 1e-9.
///
/// Edge behaviour: at least 24 consecutive months are needed (two full years, as statsmodels
/// requires). A month with 0 visitors is accepted (its index is 0: a school programme in
/// July) where statsmodels refuses any value ≤ 0; a moving average of 0 is not, since the
/// ratios would be undefined.
public struct SeasonalIndex: Sendable, Equatable {
  /// The index of each calendar month, January first; they average 1.
  public var indices: [Double]
  /// The number of months the indices were estimated from.
  public var monthCount: Int

  /// The index of a calendar month, 1–12.
  public subscript(month: Int) -> Double { indices[month - 1] }

  /// Estimates the indices from a run of consecutive monthly values.
  ///
  /// - Parameters:
  ///   - values: Consecutive monthly values, at least 24, none negative.
  ///   - firstMonth: The calendar month (1–12) of `values[0]`.
  /// - Throws: ``StatsError``: `insufficientData` for fewer than 24 months; `invalidArgument`
  ///   for a negative or non-finite value or a moving average of 0.
  public init(values: [Double], firstMonth: Int) throws(StatsError) {
    let name = "SeasonalIndex"
    let period = 12
    guard values.count >= 2 * period else {
      throw StatsError(
        .insufficientData, function: name,
        message: "seasonal indices need two full years (24 consecutive months), found "
          + "\(values.count)")
    }
    guard values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
      throw StatsError(
        .invalidArgument, function: name, message: "monthly values must be non-negative numbers")
    }
    guard (1...12).contains(firstMonth) else {
      throw StatsError(
        .invalidArgument, function: name,
        message: "the first month must be 1–12, found \(firstMonth)")
    }
    let half = period / 2
    var sums = [Double](repeating: 0, count: period)
    var counts = [Int](repeating: 0, count: period)
    for t in half..<(values.count - half) {
      var trend = 0.5 * values[t - half] + 0.5 * values[t + half]
      for k in (t - half + 1)..<(t + half) { trend += values[k] }
      trend /= Double(period)
      guard trend > 0 else {
        throw StatsError(
          .invalidArgument, function: name,
          message: "the 12-month moving average is 0, so no seasonal ratio can be formed")
      }
      sums[t % period] += values[t] / trend
      counts[t % period] += 1
    }
    let averages = (0..<period).map { sums[$0] / Double(counts[$0]) }
    let mean = averages.reduce(0, +) / Double(period)
    // averages[i] belongs to the position i in the series; turn positions into months.
    indices = (1...period).map { month in
      averages[((month - firstMonth) % period + period) % period] / mean
    }
    monthCount = values.count
  }
}
