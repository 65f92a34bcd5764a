/// The exact one-sided binomial test of whether a share exceeds a goal.
///
/// Tests H0: p ≤ goal against H1: p > goal. The p-value is `P(X ≥ k | n, goal)` for
/// X ~ Binomial(n, goal), computed through GSL's upper tail `gsl_cdf_binomial_Q`, which is
/// SciPy's `binomtest(k, n, goal, alternative="greater")`.
public struct BinomialTest: Sendable, Equatable {
  /// Observed successes k.
  public var positive: Int
  /// Trials n.
  public var count: Int
  /// The goal p₀ of the null hypothesis p ≤ p₀.
  public var goal: Double
  /// `P(X ≥ k | n, p₀)`.
  public var pValue: Double

  /// Runs the test.
  ///
  /// At the edges: `k = 0` gives p = 1; a goal of 0 gives p = 1 for k = 0 and 0 otherwise;
  /// a goal of 1 gives p = 1 whenever k ≤ n.
  ///
  /// - Parameters:
  ///   - positive: Successes, `0 ≤ k ≤ n`.
  ///   - count: Trials, `n ≥ 1`.
  ///   - goal: The null share, in [0, 1].
  /// - Throws: ``StatsError`` for arguments outside these ranges.
  public init(positive: Int, count: Int, goal: Double) throws(StatsError) {
    let name = "BinomialTest"
    guard count >= 1, count <= Int(UInt32.max) else {
      throw .invalid(name, "n must be at least 1, found \(count)")
    }
    guard positive >= 0, positive <= count else {
      throw .invalid(name, "positive must lie in 0...n (n = \(count)), found \(positive)")
    }
    guard goal >= 0, goal <= 1 else {
      throw .invalid(name, "goal must lie in 0...1, found \(goal)")
    }
    self.positive = positive
    self.count = count
    self.goal = goal
    if positive == 0 {
      pValue = 1
    } else if goal == 0 {
      pValue = 0
    } else if goal == 1 {
      pValue = 1
    } else {
      pValue = try GSL.binomialUpperTail(positive - 1, goal, count)
    }
  }
}
