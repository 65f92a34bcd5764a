internal import CGSL

/// The one place that talks to GSL.
///
/// GSL's default error handler calls `abort()`, so a domain error anywhere would kill the
/// process. It is switched off once, before the first call, and every status GSL returns is
/// turned into a thrown ``StatsError`` that names the GSL function, in the way swift-nio's
/// `syscall(where:)` turns errno into errors. Functions that signal failure by returning NaN
/// (the `gsl_cdf_*` inverses) go through ``value(_:_:)``.
enum GSL {
  /// Turning the handler off is process-wide; a lazily initialised global runs it exactly once.
  private static let handlerSwitchedOff: Void = {
    _ = gsl_set_error_handler_off()
  }()

  /// The version of the GSL library linked at run time, e.g. `"2.7.1"`.
  static var version: String {
    String(cString: cgsl_version())
  }

  /// Runs a status-returning GSL call and throws when it does not return `GSL_SUCCESS`.
  static func call(_ function: String, _ body: () -> Int32) throws(StatsError) {
    _ = handlerSwitchedOff
    let status = body()
    guard status == 0 else {
      let reason = String(cString: gsl_strerror(status))
      throw StatsError(.numerical(status: status), function: function, message: reason)
    }
  }

  /// Runs a value-returning GSL call and throws when the value is not finite, which is how
  /// GSL reports a domain error once the abort handler is off.
  static func value(_ function: String, _ body: () -> Double) throws(StatsError) -> Double {
    _ = handlerSwitchedOff
    let result = body()
    guard result.isFinite else {
      throw StatsError(
        .numerical(status: 1), function: function,
        message: "returned \(result) (argument outside the function's domain)")
    }
    return result
  }

  /// Refuses arguments outside a GSL function's domain before the call. GSL does not always
  /// report these: `gsl_cdf_beta_Pinv` with a shape of 0 never returns.
  static func requireDomain(_ function: String, _ condition: Bool, _ what: String)
    throws(StatsError)
  {
    guard condition else {
      throw StatsError(
        .numerical(status: 1), function: function, message: "input domain error: \(what)")
    }
  }

  // MARK: - Descriptive statistics

  /// Mean of a sample (`gsl_stats_mean`), stride 1.
  static func mean(_ values: [Double]) throws(StatsError) -> Double {
    try value("gsl_stats_mean") {
      values.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
    }
  }

  /// Sample variance with n − 1 in the denominator (`gsl_stats_variance`); at least 2 values.
  static func variance(_ values: [Double]) throws(StatsError) -> Double {
    try requireDomain("gsl_stats_variance", values.count >= 2, "fewer than two values")
    return try value("gsl_stats_variance") {
      values.withUnsafeBufferPointer { gsl_stats_variance($0.baseAddress, 1, $0.count) }
    }
  }

  /// Type 7 quantile of sorted values (`gsl_stats_quantile_from_sorted_data`).
  static func quantileFromSorted(_ sorted: [Double], _ p: Double) throws(StatsError) -> Double {
    try requireDomain(
      "gsl_stats_quantile_from_sorted_data", !sorted.isEmpty && p >= 0 && p <= 1,
      "an empty sample or p outside [0, 1]")
    return try value("gsl_stats_quantile_from_sorted_data") {
      sorted.withUnsafeBufferPointer {
        gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, $0.count, p)
      }
    }
  }

  /// Total sum of squares about the mean (`gsl_stats_tss`), or the weighted one
  /// (`gsl_stats_wtss`).
  static func totalSumOfSquares(_ y: [Double], weights: [Double]?) throws(StatsError) -> Double {
    guard let weights else {
      return try value("gsl_stats_tss") {
        y.withUnsafeBufferPointer { gsl_stats_tss($0.baseAddress, 1, $0.count) }
      }
    }
    try requireDomain("gsl_stats_wtss", weights.count == y.count, "weights and y differ in length")
    return try value("gsl_stats_wtss") {
      weights.withUnsafeBufferPointer { ws in
        y.withUnsafeBufferPointer { ys in
          gsl_stats_wtss(ws.baseAddress, 1, ys.baseAddress, 1, ys.count)
        }
      }
    }
  }

  // MARK: - Least squares

  /// A straight-line fit as `gsl_fit_linear` returns it.
  struct LineFit {
    var intercept: Double
    var slope: Double
    var cov00: Double
    var cov01: Double
    var cov11: Double
    /// The (weighted) residual sum of squares.
    var sumOfSquares: Double
  }

  /// Least squares y = c0 + c1·x (`gsl_fit_linear`), or with weights as inverse variances
  /// (`gsl_fit_wlinear`).
  static func fitLine(x: [Double], y: [Double], weights: [Double]?) throws(StatsError) -> LineFit {
    var fit = LineFit(intercept: 0, slope: 0, cov00: 0, cov01: 0, cov11: 0, sumOfSquares: 0)
    let n = x.count
    try requireDomain("gsl_fit_linear", y.count == n, "x and y differ in length")
    if let weights {
      try requireDomain("gsl_fit_wlinear", weights.count == n, "weights and x differ in length")
      try call("gsl_fit_wlinear") {
        x.withUnsafeBufferPointer { xs in
          weights.withUnsafeBufferPointer { ws in
            y.withUnsafeBufferPointer { ys in
              gsl_fit_wlinear(
                xs.baseAddress, 1, ws.baseAddress, 1, ys.baseAddress, 1, n,
                &fit.intercept, &fit.slope, &fit.cov00, &fit.cov01, &fit.cov11,
                &fit.sumOfSquares)
            }
          }
        }
      }
    } else {
      try call("gsl_fit_linear") {
        x.withUnsafeBufferPointer { xs in
          y.withUnsafeBufferPointer { ys in
            gsl_fit_linear(
              xs.baseAddress, 1, ys.baseAddress, 1, n, &fit.intercept, &fit.slope, &fit.cov00,
              &fit.cov01, &fit.cov11, &fit.sumOfSquares)
          }
        }
      }
    }
    return fit
  }

  /// The line's value at `x` and its standard error (`gsl_fit_linear_est`).
  static func lineEstimate(
    at x: Double, intercept: Double, slope: Double, cov00: Double, cov01: Double, cov11: Double
  ) throws(StatsError) -> (y: Double, standardError: Double) {
    var y = 0.0
    var error = 0.0
    try call("gsl_fit_linear_est") {
      gsl_fit_linear_est(x, intercept, slope, cov00, cov01, cov11, &y, &error)
    }
    return (y, error)
  }

  // MARK: - Distributions

  /// Upper-tail quantile of the standard normal: z with P(Z > z) = q.
  static func normalUpperQuantile(_ q: Double) throws(StatsError) -> Double {
    let name = "gsl_cdf_ugaussian_Qinv"
    try requireDomain(name, q > 0 && q < 1, "tail probability \(q) outside (0, 1)")
    return try value(name) { gsl_cdf_ugaussian_Qinv(q) }
  }

  /// Lower-tail quantile of Beta(a, b): x with P(X ≤ x) = p.
  ///
  /// By bisection on GSL's beta CDF (`gsl_cdf_beta_P`) rather than with `gsl_cdf_beta_Pinv`,
  /// whose Newton steps fail to converge for large shapes (n = 5 000 at the 99 % level, and
  /// any n of 10⁵ and more). Bisection cannot fail to converge: it halves the bracket until
  /// it is two neighbouring doubles, about 60 steps (more for a quantile near 0).
  static func betaLowerQuantile(_ p: Double, _ a: Double, _ b: Double) throws(StatsError) -> Double
  {
    let name = "gsl_cdf_beta_P"
    try requireBeta(name, p, a, b)
    return try betaQuantile(name, p, a, b) { gsl_cdf_beta_P($0, a, b) }
  }

  /// Upper-tail quantile of Beta(a, b): x with P(X > x) = q, by bisection on
  /// `gsl_cdf_beta_Q` (see ``betaLowerQuantile(_:_:_:)``).
  static func betaUpperQuantile(_ q: Double, _ a: Double, _ b: Double) throws(StatsError) -> Double
  {
    let name = "gsl_cdf_beta_Q"
    try requireBeta(name, q, a, b)
    return try betaQuantile(name, q, a, b, falling: true) { gsl_cdf_beta_Q($0, a, b) }
  }

  /// The x in [0, 1] where the tail probability `tail` (rising, or `falling`, in x) equals
  /// `target`, by bisection down to neighbouring doubles.
  ///
  /// GSL's incomplete beta function gives NaN in a narrow band around the mean of very large
  /// shapes (|z| < 0.44 at a = b = 5·10⁶), where its continued fraction runs out of
  /// iterations. The tail probability there is about ½, so such a point is taken to lie on
  /// the median's side of the quantile: right for every tail probability below ½, which is
  /// what an interval at any level above 0 asks for.
  private static func betaQuantile(
    _ name: String, _ target: Double, _ a: Double, _ b: Double, falling: Bool = false,
    _ tail: (Double) -> Double
  ) throws(StatsError) -> Double {
    _ = handlerSwitchedOff
    if target == 0 { return falling ? 1 : 0 }
    if target == 1 { return falling ? 0 : 1 }
    try requireDomain(name, target < 0.5, "tail probability \(target) is not below 1/2")
    var low = 0.0
    var high = 1.0
    while true {
      let middle = low + (high - low) / 2
      guard middle > low && middle < high else { break }
      let value = tail(middle)
      let below = value.isNaN ? falling : (falling ? value > target : value < target)
      if below { low = middle } else { high = middle }
    }
    // The answer must stand where GSL could compute the tail on both sides of it.
    guard low == 0 || tail(low).isFinite, high == 1 || tail(high).isFinite else {
      throw StatsError(
        .numerical(status: 1), function: name,
        message: "did not converge near x = \(low) (a = \(a), b = \(b))")
    }
    return low + (high - low) / 2
  }

  private static func requireBeta(_ name: String, _ p: Double, _ a: Double, _ b: Double)
    throws(StatsError)
  {
    try requireDomain(
      name, p >= 0 && p <= 1 && a > 0 && b > 0 && a.isFinite && b.isFinite,
      "p = \(p), a = \(a), b = \(b)")
  }

  /// P(X > k) for X ~ Binomial(n, p).
  static func binomialUpperTail(_ k: Int, _ p: Double, _ n: Int) throws(StatsError) -> Double {
    let name = "gsl_cdf_binomial_Q"
    try requireDomain(
      name, p >= 0 && p <= 1 && k >= 0 && n >= 0 && n <= Int(UInt32.max),
      "k = \(k), p = \(p), n = \(n)")
    return try value(name) { gsl_cdf_binomial_Q(UInt32(k), p, UInt32(n)) }
  }

  /// Upper-tail quantile of Student's t with `nu` degrees of freedom.
  static func studentUpperQuantile(_ q: Double, _ nu: Double) throws(StatsError) -> Double {
    let name = "gsl_cdf_tdist_Qinv"
    try requireDomain(name, q > 0 && q < 1 && nu > 0, "q = \(q), nu = \(nu)")
    return try value(name) { gsl_cdf_tdist_Qinv(q, nu) }
  }

  /// P(T > t) for Student's t with `nu` degrees of freedom.
  static func studentUpperTail(_ t: Double, _ nu: Double) throws(StatsError) -> Double {
    let name = "gsl_cdf_tdist_Q"
    try requireDomain(name, !t.isNaN && nu > 0, "t = \(t), nu = \(nu)")
    return try value(name) { gsl_cdf_tdist_Q(t, nu) }
  }
}

// MARK: - Robust regression

extension GSL {
  /// What `gsl_multifit_robust` found for a model with p coefficients.
  struct RobustFit {
    /// The coefficients, in the order of the design's columns.
    var coefficients: [Double]
    /// Their p × p covariance matrix, row by row.
    var covariance: [[Double]]
    /// The final weight of each observation, in [0, 1].
    var weights: [Double]
    /// The final residuals y − X·c.
    var residuals: [Double]
    /// GSL's final estimate of the residual scale σ.
    var sigma: Double
    /// n − p.
    var degreesOfFreedom: Int
    /// Reweighting iterations until convergence.
    var iterations: Int
  }

  /// A `gsl_matrix` owned by Swift: freed when the last reference goes.
  final class Matrix {
    let pointer: UnsafeMutablePointer<gsl_matrix>

    init(rows: Int, columns: Int) throws(StatsError) {
      guard let pointer = gsl_matrix_alloc(rows, columns) else {
        throw StatsError(.numerical(status: 8), function: "gsl_matrix_alloc", message: "no memory")
      }
      self.pointer = pointer
    }

    deinit { gsl_matrix_free(pointer) }

    subscript(row: Int, column: Int) -> Double {
      get { gsl_matrix_get(pointer, row, column) }
      set { gsl_matrix_set(pointer, row, column, newValue) }
    }
  }

  /// A `gsl_vector` owned by Swift.
  final class Vector {
    let pointer: UnsafeMutablePointer<gsl_vector>

    init(count: Int) throws(StatsError) {
      guard let pointer = gsl_vector_alloc(count) else {
        throw StatsError(.numerical(status: 8), function: "gsl_vector_alloc", message: "no memory")
      }
      self.pointer = pointer
    }

    convenience init(_ values: [Double]) throws(StatsError) {
      try self.init(count: values.count)
      for (index, value) in values.enumerated() { gsl_vector_set(pointer, index, value) }
    }

    deinit { gsl_vector_free(pointer) }

    var values: [Double] { (0..<pointer.pointee.size).map { gsl_vector_get(pointer, $0) } }
  }

  /// A `gsl_multifit_robust_workspace` with the bisquare weight function.
  final class RobustWorkspace {
    let pointer: UnsafeMutablePointer<gsl_multifit_robust_workspace>

    init(observations: Int, parameters: Int) throws(StatsError) {
      _ = handlerSwitchedOff
      guard
        let pointer = gsl_multifit_robust_alloc(cgsl_robust_bisquare(), observations, parameters)
      else {
        throw StatsError(
          .numerical(status: 8), function: "gsl_multifit_robust_alloc",
          message: "cannot allocate a workspace for \(observations) × \(parameters)")
      }
      self.pointer = pointer
    }

    deinit { gsl_multifit_robust_free(pointer) }
  }

  /// Robust least squares by iteratively reweighted least squares with Tukey's bisquare
  /// weights and GSL's default tuning constant 4.685 (`gsl_multifit_robust`).
  ///
  /// - Parameters:
  ///   - design: The rows of the design matrix X, each with p entries.
  ///   - y: The observations, one per row.
  /// - Returns: The fit, read out of GSL's structures into Swift values.
  /// - Throws: ``StatsError`` when GSL fails, including `GSL_EMAXITER` when the reweighting
  ///   does not converge in GSL's default 100 iterations.
  static func robustFit(design: [[Double]], y: [Double]) throws(StatsError) -> RobustFit {
    let n = design.count
    let p = design.first?.count ?? 0
    try requireDomain(
      "gsl_multifit_robust", n == y.count && p > 0 && n >= p,
      "\(n) observations and \(p) coefficients")
    let x = try Matrix(rows: n, columns: p)
    for (i, row) in design.enumerated() {
      for (j, value) in row.enumerated() { x[i, j] = value }
    }
    let observations = try Vector(y)
    let coefficients = try Vector(count: p)
    let covariance = try Matrix(rows: p, columns: p)
    let workspace = try RobustWorkspace(observations: n, parameters: p)
    try call("gsl_multifit_robust") {
      gsl_multifit_robust(
        x.pointer, observations.pointer, coefficients.pointer, covariance.pointer,
        workspace.pointer)
    }
    let stats = gsl_multifit_robust_statistics(workspace.pointer)
    let weights = (0..<n).map { gsl_vector_get(stats.weights, $0) }
    let residuals = (0..<n).map { gsl_vector_get(stats.r, $0) }
    return RobustFit(
      coefficients: coefficients.values,
      covariance: (0..<p).map { i in (0..<p).map { j in covariance[i, j] } },
      weights: weights, residuals: residuals, sigma: stats.sigma,
      degreesOfFreedom: Int(stats.dof), iterations: Int(stats.numit))
  }
}
