import KPIStats

/// Holt–Winters exponential smoothing with an additive trend and multiplicative seasonality
/// (Winters 1960), the alternative forecast of SPEC §5.4.
///
/// With season length m = 12, level ℓ, trend b and seasonal factors s:
///
///     ℓₜ = α·xₜ / sₜ₋ₘ + (1 − α)·(ℓₜ₋₁ + bₜ₋₁)
///     bₜ = β·(ℓₜ − ℓₜ₋₁) + (1 − β)·bₜ₋₁
///     sₜ = γ·xₜ / ℓₜ + (1 − γ)·sₜ₋ₘ
///     x̂ₜ₊ₕ = (ℓₜ + h·bₜ)·sₜ₊ₕ₋ₘ₍ₖ₊₁₎,   k = ⌊(h − 1)/m⌋
///
/// Start values are the classical ones: ℓ₀ the mean of the first year, b₀ the difference of
/// the first two years' means divided by m, and sᵢ = xᵢ / ℓ₀ over the first year. α, β and γ
/// are chosen on a grid of step 0.05 (α in [0.05, 1], β and γ in [0, 1]) to minimise the sum
/// of squared one-step errors over the second year onwards; a grid keeps the fit
/// deterministic and free of a local optimiser's starting point.
///
/// The forecast band is approximate: one-step errors are taken as relative, with standard
/// deviation σ from the fit, and the h-step variance factor is that of the additive model,
/// `1 + Σⱼ₌₁ʰ⁻¹ (α(1 + jβ) + γ·[j mod m = 0])²` (Hyndman, Koehler, Ord & Snyder 2008,
/// table 6.1, used for the multiplicative model as their §6.5 suggests for short horizons).
///
/// Edge behaviour: needs at least 24 months and every value positive (the seasonal factors
/// divide).
public struct HoltWinters: Sendable, Equatable {
  /// The smoothing parameter of the level.
  public var alpha: Double
  /// The smoothing parameter of the trend.
  public var beta: Double
  /// The smoothing parameter of the seasonal factors.
  public var gamma: Double
  /// The level after the last observation.
  public var level: Double
  /// The trend (per month) after the last observation.
  public var trend: Double
  /// The seasonal factors of the next 12 months, the first for the month after the last
  /// observation.
  public var nextSeasonals: [Double]
  /// The standard deviation of the relative one-step errors.
  public var relativeErrorDeviation: Double
  /// The sum of squared one-step errors the parameters minimise.
  public var sumOfSquaredErrors: Double

  static let period = 12

  /// Fits the model.
  ///
  /// - Parameter values: Consecutive monthly values, at least 24, all positive.
  /// - Throws: ``StatsError``: `insufficientData` for fewer than 24 months, `invalidArgument`
  ///   for a value that is not positive.
  public init(fitting values: [Double]) throws(StatsError) {
    let name = "HoltWinters"
    let m = Self.period
    guard values.count >= 2 * m else {
      throw StatsError(
        .insufficientData, function: name,
        message: "Holt–Winters needs two full years (24 consecutive months), found \(values.count)")
    }
    guard values.allSatisfy({ $0.isFinite && $0 > 0 }) else {
      throw StatsError(
        .invalidArgument, function: name,
        message: "multiplicative seasonality needs every month above 0")
    }
    let grid = (0...20).map { Double($0) / 20 }
    var best: (sse: Double, alpha: Double, beta: Double, gamma: Double)?
    let firstMean = values[0..<m].reduce(0, +) / Double(m)
    let secondMean = values[m..<(2 * m)].reduce(0, +) / Double(m)
    let initial = (0..<m).map { values[$0] / firstMean }
    // The search only needs the sum of squares: the recursions of `run` without its arrays.
    values.withUnsafeBufferPointer { x in
      initial.withUnsafeBufferPointer { start in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: m) { seasonals in
          for alpha in grid.dropFirst() {
            for beta in grid {
              for gamma in grid {
                _ = seasonals.initialize(from: start)
                // A point whose sum passes the best so far cannot win: its sum is cut short.
                let sse = Self.sumOfSquares(
                  x, alpha, beta, gamma, level: firstMean,
                  trend: (secondMean - firstMean) / Double(m), seasonals: seasonals,
                  stoppingAbove: best?.sse ?? .infinity)
                if best == nil || sse < best!.sse { best = (sse, alpha, beta, gamma) }
              }
            }
          }
        }
      }
    }
    let chosen = best!
    let state = Self.run(values, chosen.alpha, chosen.beta, chosen.gamma)
    alpha = chosen.alpha
    beta = chosen.beta
    gamma = chosen.gamma
    level = state.level
    trend = state.trend
    nextSeasonals = state.seasonals
    sumOfSquaredErrors = state.sse
    relativeErrorDeviation = state.relativeDeviation
  }

  /// The sum of squared one-step errors of ``run(_:_:_:_:)``, computed the same way, step by
  /// step, on a caller's buffer of seasonal factors; once the partial sum passes `limit` it is
  /// returned as it is (the whole sum, never smaller, passes it too).
  static func sumOfSquares(
    _ x: UnsafeBufferPointer<Double>, _ alpha: Double, _ beta: Double, _ gamma: Double,
    level start: Double, trend startTrend: Double, seasonals: UnsafeMutableBufferPointer<Double>,
    stoppingAbove limit: Double = .infinity
  ) -> Double {
    let m = period
    var level = start
    var trend = startTrend
    var sse = 0.0
    var slot = 0
    for t in m..<x.count {
      let s = seasonals[slot]
      let forecast = (level + trend) * s
      let error = x[t] - forecast
      sse += error * error
      if sse > limit { return sse }
      let previousLevel = level
      level = alpha * x[t] / s + (1 - alpha) * (level + trend)
      trend = beta * (level - previousLevel) + (1 - beta) * trend
      seasonals[slot] = gamma * x[t] / level + (1 - gamma) * s
      slot = slot + 1 == m ? 0 : slot + 1
    }
    return sse
  }

  /// Runs the recursions with given parameters.
  static func run(_ x: [Double], _ alpha: Double, _ beta: Double, _ gamma: Double) -> (
    level: Double, trend: Double, seasonals: [Double], sse: Double, relativeDeviation: Double
  ) {
    let m = period
    let firstMean = x[0..<m].reduce(0, +) / Double(m)
    let secondMean = x[m..<(2 * m)].reduce(0, +) / Double(m)
    var level = firstMean
    var trend = (secondMean - firstMean) / Double(m)
    // seasonals[i] is the factor for the month i positions after the current one, modulo m.
    var seasonals = (0..<m).map { x[$0] / firstMean }
    var sse = 0.0
    var relativeSquares = 0.0
    for t in m..<x.count {
      let s = seasonals[t % m]
      let forecast = (level + trend) * s
      let error = x[t] - forecast
      sse += error * error
      relativeSquares += forecast != 0 ? (error / forecast) * (error / forecast) : 0
      let previousLevel = level
      level = alpha * x[t] / s + (1 - alpha) * (level + trend)
      trend = beta * (level - previousLevel) + (1 - beta) * trend
      seasonals[t % m] = gamma * x[t] / level + (1 - gamma) * s
    }
    let next = (0..<m).map { seasonals[(x.count + $0) % m] }
    let steps = Double(x.count - m)
    return (level, trend, next, sse, (relativeSquares / steps).squareRoot())
  }

  /// The forecast h = 1, 2, … months after the last observation, with its approximate band.
  ///
  /// - Parameters:
  ///   - horizon: How many months ahead.
  ///   - level: The band's coverage, e.g. 0.95.
  /// - Returns: One (forecast, band) per month; the band's lower end is not below 0.
  /// - Throws: ``StatsError`` for a level outside (0, 1).
  public func forecast(_ horizon: Int, level coverage: Double = 0.95) throws(StatsError)
    -> [(estimate: Double, band: ClosedRange<Double>)]
  {
    let z = try Quantile.standardNormal(1 - (1 - coverage) / 2)
    let m = Self.period
    return (1...max(1, horizon)).map { h in
      let estimate = (level + Double(h) * trend) * nextSeasonals[(h - 1) % m]
      var factor = 1.0
      if h > 1 {
        for j in 1..<h {
          let c = alpha * (1 + Double(j) * beta) + (j % m == 0 ? gamma : 0)
          factor += c * c
        }
      }
      let spread = z * relativeErrorDeviation * factor.squareRoot() * abs(estimate)
      return (estimate, max(0, estimate - spread)...(estimate + spread))
    }
  }
}
