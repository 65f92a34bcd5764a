/// A straight line `y = intercept + slope·x` fitted robustly, so that one aberrant point (a
/// year the building was closed, a pandemic year) cannot pull the line towards itself.
///
/// The fit is GSL's `gsl_multifit_robust` with Tukey's bisquare weights and the tuning constant
/// 4.685 (95 % efficiency under normal errors): iteratively reweighted least squares starting
/// from ordinary least squares, where a point's weight is `(1 − u²)²` for `|u| < 1` and 0
/// beyond, with `u = rᵢ / (4.685·σ̂·√(1 − hᵢ))`, residual rᵢ, leverage hᵢ and GSL's robust
/// scale σ̂ (Holland & Welsch 1977; Street, Carroll & Ruppert 1988). The coefficients'
/// covariance is GSL's (DuMouchel & O'Brien 1989); the slope's interval and the two-sided
/// p-value use Student's t with n − 2 degrees of freedom, as for ``LinearRegression``.
///
/// x is centred on its mean before the fit, so that years (≈ 2 000) do not make the design
/// ill-conditioned; the reported intercept is moved back to x = 0.
///
/// A point whose weight falls to 0 is ignored entirely; ``outliers`` lists the points whose
/// weight is below one half, i.e. whose standardised residual exceeds about 2.5 robust
/// standard deviations.
public struct RobustLinearRegression: Sendable, Equatable {
  /// Number of points.
  public var count: Int
  /// The slope b.
  public var slope: Double
  /// The intercept a (the line's value at x = 0).
  public var intercept: Double
  /// Standard error of the slope.
  public var slopeStandardError: Double
  /// Confidence interval of the slope at ``level``.
  public var slopeConfidenceInterval: ClosedRange<Double>
  /// Two-sided p-value of slope = 0.
  public var pValue: Double
  /// GSL's final estimate σ̂ of the residual standard deviation: the larger of the robust
  /// estimate and `√((σ_ols²·p² + σ_rob²·n) / (n + p²))`, which for few points keeps the
  /// intervals from being too narrow (DuMouchel & O'Brien 1989). With five annual totals the
  /// robust intervals are therefore wide.
  public var scale: Double
  /// The final bisquare weight of each point, in input order, in [0, 1].
  public var weights: [Double]
  /// The confidence level of the intervals.
  public var level: Double
  /// Reweighting iterations GSL needed.
  public var iterations: Int

  private var centre: Double
  /// Coefficients (intercept at the centre, slope) and their covariance, for predictions.
  private var centredIntercept: Double
  private var covariance: [[Double]]

  /// The indices of points whose weight is below ½.
  public var outliers: [Int] { weights.indices.filter { weights[$0] < 0.5 } }

  /// Fits the line.
  ///
  /// - Parameters:
  ///   - x: Abscissae; at least three, not all equal.
  ///   - y: Ordinates, as many as `x`.
  ///   - level: Confidence level in (0, 1). Defaults to 0.95.
  /// - Throws: ``StatsError``: `insufficientData` for fewer than three points,
  ///   `invalidArgument` for unequal lengths, non-finite values, constant x or a bad level;
  ///   `numerical` when GSL fails or the reweighting does not converge.
  public init(x: [Double], y: [Double], level: Double = 0.95) throws(StatsError) {
    let name = "RobustLinearRegression"
    guard x.count == y.count else { throw .invalid(name, "x and y must have the same length") }
    guard x.count >= 3 else {
      throw StatsError(
        .insufficientData, function: name,
        message: "a trend needs at least 3 points, found \(x.count)")
    }
    guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
      throw .invalid(name, "x and y must be finite numbers")
    }
    try ProportionInterval.checkLevel(level, name)
    guard x.contains(where: { $0 != x[0] }) else {
      throw .invalid(name, "x does not vary, so no slope can be fitted")
    }
    let centre = x.reduce(0, +) / Double(x.count)
    let fit = try GSL.robustFit(design: x.map { [1, $0 - centre] }, y: y)
    let degrees = Double(x.count - 2)
    let t = try GSL.studentUpperQuantile((1 - level) / 2, degrees)
    let slope = fit.coefficients[1]
    let error = max(0, fit.covariance[1][1]).squareRoot()

    self.count = x.count
    self.slope = slope
    self.intercept = fit.coefficients[0] - slope * centre
    self.slopeStandardError = error
    self.slopeConfidenceInterval = (slope - t * error)...(slope + t * error)
    if error == 0 {
      self.pValue = slope == 0 ? 1 : 0
    } else {
      self.pValue = min(1, 2 * (try GSL.studentUpperTail(abs(slope / error), degrees)))
    }
    self.scale = fit.sigma
    self.weights = fit.weights
    self.level = level
    self.iterations = fit.iterations
    self.centre = centre
    self.centredIntercept = fit.coefficients[0]
    self.covariance = fit.covariance
  }

  /// Predicts y at `x`: the line's value, the confidence interval of the line there, and the
  /// prediction interval of a new point, `ŷ ± t·√(se(ŷ)² + σ̂²)`, with n − 2 degrees of
  /// freedom.
  ///
  /// - Parameter x: Where to predict.
  /// - Returns: The estimate and its two intervals.
  /// - Throws: ``StatsError`` when GSL fails.
  public func predict(at x: Double) throws(StatsError) -> LinearRegression.Prediction {
    let u = x - centre
    let estimate = centredIntercept + slope * u
    // The variance of c₀ + c₁·u is the quadratic form (1, u)ᵀ C (1, u), as
    // gsl_multifit_robust_est computes it.
    let variance = covariance[0][0] + 2 * u * covariance[0][1] + u * u * covariance[1][1]
    guard estimate.isFinite else {
      throw StatsError(
        .numerical(status: 1), function: "RobustLinearRegression.predict",
        message: "the fitted line is not finite at x = \(x)")
    }
    // A perfect fit (points on a line, or all equal) leaves GSL's robust scale and covariance
    // at NaN: there is no spread, so the intervals collapse to the line.
    let meanError = variance.isFinite ? max(0, variance).squareRoot() : 0
    let spread = scale.isFinite ? scale : 0
    let newError = (meanError * meanError + spread * spread).squareRoot()
    let t = try GSL.studentUpperQuantile((1 - level) / 2, Double(count - 2))
    return LinearRegression.Prediction(
      x: x, estimate: estimate,
      confidenceInterval: (estimate - t * meanError)...(estimate + t * meanError),
      predictionInterval: (estimate - t * newError)...(estimate + t * newError))
  }
}

/// Quantiles of the distributions the analyses need, through GSL.
public enum Quantile {
  /// The standard normal quantile z with P(Z ≤ z) = p.
  ///
  /// - Parameter p: A probability in (0, 1).
  /// - Returns: `gsl_cdf_ugaussian_Qinv(1 − p)`.
  /// - Throws: ``StatsError`` for p outside (0, 1).
  public static func standardNormal(_ p: Double) throws(StatsError) -> Double {
    try GSL.normalUpperQuantile(1 - p)
  }
}
