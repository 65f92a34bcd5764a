/// A method for the confidence interval of a binomial proportion.
///
/// The raw values are the names the command line and the output CSV use.
public enum ProportionMethod: String, Sendable, CaseIterable, Codable {
  /// Wilson's score interval (Wilson 1927). The default: good coverage for small n and
  /// shares near 0 or 1, which is what satisfaction surveys produce.
  case wilson
  /// The exact interval of Clopper & Pearson (1934), from beta quantiles, as statsmodels'
  /// `method="beta"`.
  case clopperPearson = "clopper-pearson"
  /// The equal-tailed Jeffreys interval: quantiles of Beta(k + ½, n − k + ½)
  /// (Brown, Cai & DasGupta 2001).
  case jeffreys
  /// The Agresti–Coull "add z²/2 successes and failures" interval (Agresti & Coull 1998).
  case agrestiCoull = "agresti-coull"
}

/// How weights attached to observations are to be read.
public enum WeightKind: String, Sendable, CaseIterable {
  /// Each weight is a count of identical respondents (an aggregated row, such as a `Freq`
  /// column): positives and totals are plain sums of the weights.
  case frequency
  /// Each weight is an inverse inclusion probability: the share is the weighted share and the
  /// interval uses Kish's effective sample size (Σw)² / Σw².
  case sampling
}

/// The estimate of a proportion with its confidence interval: the rich value every share in a
/// report is built from, in the manner of R survey's `svyciprop`.
public struct ProportionInterval: Sendable, Equatable {
  /// Number (or summed weight) of positive answers.
  public var positive: Double
  /// Number (or summed weight) of answers in the denominator.
  public var count: Double
  /// The point estimate, `positive / count`.
  public var estimate: Double
  /// The interval, clipped to [0, 1].
  public var confidenceInterval: ClosedRange<Double>
  /// The confidence level, e.g. 0.95.
  public var level: Double
  /// The method the interval was computed with.
  public var method: ProportionMethod
  /// The size of the finite population the answers were drawn from, when known.
  public var populationSize: Double?
  /// The sample size the interval formula was evaluated at: `count` without a population;
  /// `n·(N−1)/(N−n)` with one (infinite when `n = N`); Kish's `(Σw)²/Σw²` for sampling
  /// weights.
  public var effectiveSampleSize: Double

  /// Estimates a proportion and its confidence interval.
  ///
  /// With a known population `N` (the number invited) and `n < N`, the finite population
  /// correction is applied through the effective sample size `n_eff = n·(N−1)/(N−n)`, and the
  /// chosen formula is evaluated at `n_eff` with `n_eff · p` positives. When `n = N` the whole
  /// population has answered: the share is known exactly and the interval collapses to it.
  ///
  /// Edge behaviour follows statsmodels' `proportion_confint`: Clopper–Pearson is 0 at the
  /// lower end when `positive = 0` and 1 at the upper end when `positive = count`; Jeffreys
  /// has no boundary modification; every interval is clipped to [0, 1].
  ///
  /// - Parameters:
  ///   - positive: Positive answers (a count, or a sum of frequency weights). `0 ≤ positive ≤ count`.
  ///   - count: Answers in the denominator. Must be positive.
  ///   - level: Confidence level in (0, 1). Defaults to 0.95.
  ///   - method: The interval method. Defaults to ``ProportionMethod/wilson``.
  ///   - populationSize: The finite population size `N ≥ count`, or `nil` for an infinite one.
  /// - Throws: ``StatsError`` with code `invalidArgument` for arguments outside these ranges,
  ///   or `numerical` when GSL fails.
  public init(
    positive: Double, count: Double, level: Double = 0.95, method: ProportionMethod = .wilson,
    populationSize: Double? = nil
  ) throws(StatsError) {
    let name = "ProportionInterval"
    guard count.isFinite, count > 0 else {
      throw .invalid(name, "n must be positive, found \(count.messageText)")
    }
    guard positive.isFinite, positive >= 0, positive <= count else {
      throw .invalid(
        name, "positive must lie in 0...n (n = \(count.messageText)), found \(positive.messageText)"
      )
    }
    try Self.checkLevel(level, name)
    var effective = count
    if let population = populationSize {
      guard population.isFinite, population >= count else {
        throw .invalid(
          name,
          "population must be at least n = \(count.messageText), found \(population.messageText)")
      }
      effective = population == count ? .infinity : count * (population - 1) / (population - count)
    }
    let share = positive / count
    let bounds: (Double, Double)
    if effective.isInfinite {
      bounds = (share, share)
    } else {
      bounds = try Self.bounds(
        method: method, positive: share * effective, count: effective, level: level,
        exactEnds: (positive == 0, positive == count))
    }
    self.positive = positive
    self.count = count
    self.estimate = share
    self.confidenceInterval = Self.clip(bounds.0)...Self.clip(bounds.1)
    self.level = level
    self.method = method
    self.populationSize = populationSize
    self.effectiveSampleSize = effective
  }

  /// Estimates a weighted proportion from individual observations.
  ///
  /// - Parameters:
  ///   - isPositive: One flag per observation.
  ///   - weights: One non-negative weight per observation.
  ///   - kind: ``WeightKind/frequency`` sums the weights as counts;
  ///     ``WeightKind/sampling`` evaluates the interval at Kish's effective sample size
  ///     `(Σw)²/Σw²` with the weighted share.
  ///   - level: Confidence level in (0, 1).
  ///   - method: The interval method.
  /// - Throws: ``StatsError`` when the arrays differ in length, a weight is negative or not
  ///   finite, or all weights are zero.
  public init(
    isPositive: [Bool], weights: [Double], kind: WeightKind, level: Double = 0.95,
    method: ProportionMethod = .wilson
  ) throws(StatsError) {
    let name = "ProportionInterval"
    guard isPositive.count == weights.count else {
      throw .invalid(name, "\(isPositive.count) outcomes but \(weights.count) weights")
    }
    var total = 0.0
    var positive = 0.0
    var squares = 0.0
    for (flag, weight) in zip(isPositive, weights) {
      guard weight.isFinite, weight >= 0 else {
        throw .invalid(name, "weights must be finite and non-negative, found \(weight)")
      }
      total += weight
      squares += weight * weight
      if flag { positive += weight }
    }
    guard total > 0 else { throw .invalid(name, "the weights sum to 0") }
    switch kind {
    case .frequency:
      try self.init(positive: positive, count: total, level: level, method: method)
    case .sampling:
      let effective = total * total / squares
      let share = positive / total
      try self.init(positive: share * effective, count: effective, level: level, method: method)
      self.positive = positive
      self.count = total
    }
  }

  // MARK: - Formulas

  static func checkLevel(_ level: Double, _ name: String) throws(StatsError) {
    guard level > 0, level < 1 else {
      throw .invalid(name, "level must lie strictly between 0 and 1, found \(level)")
    }
  }

  static func clip(_ x: Double) -> Double { min(max(x, 0), 1) }

  /// Interval bounds at a possibly non-integer count, before clipping.
  static func bounds(
    method: ProportionMethod, positive k: Double, count n: Double, level: Double,
    exactEnds: (zero: Bool, all: Bool)
  ) throws(StatsError) -> (Double, Double) {
    let alpha = 1 - level
    switch method {
    case .wilson:
      let z = try GSL.normalUpperQuantile(alpha / 2)
      let (lower, upper) = wilson(share: k / n, count: n, z: z)
      // At k = 0 and k = n the formula gives exactly 0 and 1; rounding would not.
      return (exactEnds.zero ? 0 : lower, exactEnds.all ? 1 : upper)
    case .agrestiCoull:
      let z = try GSL.normalUpperQuantile(alpha / 2)
      let z2 = z * z
      let adjustedCount = n + z2
      let adjustedShare = (k + z2 / 2) / adjustedCount
      let half = z * (adjustedShare * (1 - adjustedShare) / adjustedCount).squareRoot()
      return (adjustedShare - half, adjustedShare + half)
    case .clopperPearson:
      let lower = exactEnds.zero ? 0 : try GSL.betaLowerQuantile(alpha / 2, k, n - k + 1)
      let upper = exactEnds.all ? 1 : try GSL.betaUpperQuantile(alpha / 2, k + 1, n - k)
      return (lower, upper)
    case .jeffreys:
      let lower = try GSL.betaLowerQuantile(alpha / 2, k + 0.5, n - k + 0.5)
      let upper = try GSL.betaUpperQuantile(alpha / 2, k + 0.5, n - k + 0.5)
      return (lower, upper)
    }
  }

  /// Wilson's score interval: centre `(p + z²/2n) / (1 + z²/n)`, half-width
  /// `z·√(p(1−p)/n + z²/4n²) / (1 + z²/n)`.
  static func wilson(share p: Double, count n: Double, z: Double) -> (Double, Double) {
    let z2 = z * z
    let denominator = 1 + z2 / n
    let centre = (p + z2 / (2 * n)) / denominator
    let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
    return (centre - half, centre + half)
  }
}
