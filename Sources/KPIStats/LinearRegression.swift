/// An ordinary (or weighted) least-squares line `y = intercept + slope·x` with inference.
///
/// The fit is GSL's `gsl_fit_linear` (`gsl_fit_wlinear` with weights). The slope's interval
/// uses Student's t with n − 2 degrees of freedom, `slope ± t(1 − α/2; n − 2)·se(slope)`, and
/// the p-value is two-sided for slope = 0: `2·P(T > |slope / se|)`, as SciPy's `linregress`.
///
/// With weights `wᵢ` the estimates minimise `Σ wᵢ(yᵢ − a − b·xᵢ)²`, the covariance is
/// `s²·(XᵀWX)⁻¹` with `s² = Σ wᵢ rᵢ² / (n − 2)` and r² is `1 − Σ wᵢ rᵢ² / Σ wᵢ(yᵢ − ȳ_w)²`,
/// as statsmodels' `WLS`.
///
/// A series whose y never varies has slope 0, r² = 0 and p = 1 (SciPy's convention).
public struct LinearRegression: Sendable, Equatable {
  /// Number of points.
  public var count: Int
  /// The slope b.
  public var slope: Double
  /// The intercept a.
  public var intercept: Double
  /// Standard error of the slope.
  public var slopeStandardError: Double
  /// Standard error of the intercept.
  public var interceptStandardError: Double
  /// Covariance of intercept and slope.
  public var covariance: Double
  /// Confidence interval of the slope at ``level``.
  public var slopeConfidenceInterval: ClosedRange<Double>
  /// Confidence interval of the intercept at ``level``.
  public var interceptConfidenceInterval: ClosedRange<Double>
  /// Coefficient of determination.
  public var rSquared: Double
  /// Two-sided p-value of slope = 0.
  public var pValue: Double
  /// Residual variance s² = (weighted) residual sum of squares / (n − 2).
  public var residualVariance: Double
  /// The confidence level of the intervals.
  public var level: Double
  /// Whether the fit was weighted.
  public var isWeighted: Bool

  /// Fits the line.
  ///
  /// - Parameters:
  ///   - x: Abscissae; at least three, not all equal.
  ///   - y: Ordinates, as many as `x`.
  ///   - weights: Optional non-negative weights (inverse variances), as many as `x`.
  ///   - level: Confidence level in (0, 1). Defaults to 0.95.
  /// - Throws: ``StatsError``: `insufficientData` for fewer than three points,
  ///   `invalidArgument` for unequal lengths, non-finite values, bad weights, constant x or a
  ///   level outside (0, 1); `numerical` when GSL fails.
  public init(x: [Double], y: [Double], weights: [Double]? = nil, level: Double = 0.95)
    throws(StatsError)
  {
    let name = "LinearRegression"
    guard x.count == y.count, weights.map({ $0.count == x.count }) ?? true else {
      throw .invalid(name, "x, y and weights must have the same length")
    }
    guard x.count >= 3 else {
      throw StatsError(
        .insufficientData, function: name,
        message: "a trend needs at least 3 points, found \(x.count)")
    }
    guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
      throw .invalid(name, "x and y must be finite numbers")
    }
    if let weights {
      guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }), weights.contains(where: { $0 > 0 })
      else {
        throw .invalid(name, "weights must be finite, non-negative and not all 0")
      }
    }
    try ProportionInterval.checkLevel(level, name)
    guard x.contains(where: { $0 != x[0] }) else {
      throw .invalid(name, "x does not vary, so no slope can be fitted")
    }

    let n = x.count
    let fit = try GSL.fitLine(x: x, y: y, weights: weights)
    let (c0, c1, sumsq) = (fit.intercept, fit.slope, fit.sumOfSquares)
    var (cov00, cov01, cov11) = (fit.cov00, fit.cov01, fit.cov11)
    if weights != nil {
      // gsl_fit_wlinear treats weights as known inverse variances; statsmodels' WLS (and any
      // report reader) expects the covariance scaled by the residual variance.
      let scale = sumsq / Double(n - 2)
      cov00 *= scale
      cov01 *= scale
      cov11 *= scale
    }
    let totalSumOfSquares = try GSL.totalSumOfSquares(y, weights: weights)

    let degrees = Double(n - 2)
    let t = try GSL.studentUpperQuantile((1 - level) / 2, degrees)
    let slopeError = cov11.squareRoot()
    let interceptError = cov00.squareRoot()

    self.count = n
    self.slope = c1
    self.intercept = c0
    self.slopeStandardError = slopeError
    self.interceptStandardError = interceptError
    self.covariance = cov01
    self.slopeConfidenceInterval = (c1 - t * slopeError)...(c1 + t * slopeError)
    self.interceptConfidenceInterval = (c0 - t * interceptError)...(c0 + t * interceptError)
    self.residualVariance = sumsq / degrees
    self.level = level
    self.isWeighted = weights != nil
    if totalSumOfSquares == 0 {
      rSquared = 0
      pValue = 1
    } else {
      rSquared = max(0, 1 - sumsq / totalSumOfSquares)
      if slopeError == 0 {
        pValue = 0
      } else {
        pValue = min(1, 2 * (try GSL.studentUpperTail(abs(c1 / slopeError), degrees)))
      }
    }
  }

  /// A prediction of the line at one x.
  public struct Prediction: Sendable, Equatable {
    /// The abscissa.
    public var x: Double
    /// `intercept + slope·x`.
    public var estimate: Double
    /// Interval of the mean of y at x.
    public var confidenceInterval: ClosedRange<Double>
    /// Interval of a new observation at x (unit weight): the mean's variance plus s².
    public var predictionInterval: ClosedRange<Double>
  }

  /// Predicts y at `x` with the confidence interval of the line and the prediction interval
  /// of a new observation, both at ``level`` with n − 2 degrees of freedom.
  ///
  /// - Parameter x: Where to predict.
  /// - Returns: The estimate and its two intervals.
  /// - Throws: ``StatsError`` when GSL fails.
  public func predict(at x: Double) throws(StatsError) -> Prediction {
    let (y, meanError) = try GSL.lineEstimate(
      at: x, intercept: intercept, slope: slope,
      cov00: interceptStandardError * interceptStandardError, cov01: covariance,
      cov11: slopeStandardError * slopeStandardError)
    let t = try GSL.studentUpperQuantile((1 - level) / 2, Double(count - 2))
    let newError = (meanError * meanError + residualVariance).squareRoot()
    return Prediction(
      x: x, estimate: y,
      confidenceInterval: (y - t * meanError)...(y + t * meanError),
      predictionInterval: (y - t * newError)...(y + t * newError))
  }
}
