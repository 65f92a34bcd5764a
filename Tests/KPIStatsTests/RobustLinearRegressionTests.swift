import Testing

@testable import KPIStats

@Suite("Robust trend (gsl_multifit_robust, bisquare)")
struct RobustLinearRegressionTests {
  // Six years on the line y = 1000 + 100·(x − 2019) with small alternating noise, and one
  // closure year far below it. By hand: the clean points have residuals of ±1 around the
  // line, the closure year −2 000; its standardised residual is far beyond 4.685 robust
  // standard deviations, so its bisquare weight is 0 and the fit is (nearly: the others'
  // weights are 0.94–0.98, not 1) the least-squares line of the other six points.
  static let years: [Double] = [2018, 2019, 2020, 2021, 2022, 2023, 2024]
  static let noise: [Double] = [1, -1, 0, 1, -1, 1, -1]
  static var visitors: [Double] {
    zip(years, noise).map { 1000 + 100 * ($0 - 2019) + $1 }
  }

  @Test func closureYearGetsNoWeight() throws {
    var y = Self.visitors
    y[2] -= 2000  // 2020: closed
    let robust = try RobustLinearRegression(x: Self.years, y: y)
    #expect(robust.weights[2] == 0)
    #expect(robust.outliers == [2])
    // The six clean points alone: ordinary least squares on them.
    var cleanX = Self.years
    var cleanY = y
    cleanX.remove(at: 2)
    cleanY.remove(at: 2)
    let clean = try LinearRegression(x: cleanX, y: cleanY)
    #expect(abs(robust.slope - clean.slope) < 0.05)
    #expect(abs(try robust.predict(at: 2021).estimate - (try clean.predict(at: 2021).estimate)) < 1)
    // Ordinary least squares on all seven points is pulled away from 100 per year.
    let ols = try LinearRegression(x: Self.years, y: y)
    #expect(abs(ols.slope - 100) > 20)
    #expect(abs(robust.slope - 100) < 1)
    #expect(robust.slopeConfidenceInterval.contains(100))
    // GSL's final σ̂ blends in the least-squares σ when n is small (DuMouchel & O'Brien), so
    // the interval stays wide with seven points; it must still hold the true slope.
    #expect(robust.scale > 0)
  }

  // Without an outlier every weight is near 1 and the fit is close to least squares.
  @Test func cleanDataStayNearLeastSquares() throws {
    let robust = try RobustLinearRegression(x: Self.years, y: Self.visitors)
    let ols = try LinearRegression(x: Self.years, y: Self.visitors)
    #expect(robust.outliers.isEmpty)
    #expect(abs(robust.slope - ols.slope) < 0.5)
    let prediction = try robust.predict(at: 2025)
    #expect(abs(prediction.estimate - 1600) < 5)
    #expect(prediction.predictionInterval.lowerBound < prediction.confidenceInterval.lowerBound)
    #expect(prediction.confidenceInterval.contains(prediction.estimate))
  }

  @Test func refusesTooFewOrConstantPoints() {
    #expect(throws: StatsError.self) { try RobustLinearRegression(x: [1, 2], y: [1, 2]) }
    #expect(throws: StatsError.self) { try RobustLinearRegression(x: [1, 1, 1], y: [1, 2, 3]) }
    #expect(throws: StatsError.self) {
      try RobustLinearRegression(x: [1, 2, 3], y: [1, .nan, 3])
    }
  }

  @Test func normalQuantile() throws {
    #expect(abs(try Quantile.standardNormal(0.975) - 1.959963984540054) < 1e-12)
    #expect(throws: StatsError.self) { try Quantile.standardNormal(1) }
  }
}

extension RobustLinearRegressionTests {
  // Points exactly on a line, or all equal: no spread, so by hand the prediction at x is the
  // line's value and both intervals collapse to it. This once trapped on a NaN range.
  @Test(
    arguments: [
      ([2022.0, 2023, 2024, 2025], [500.0, 500, 500, 500], 2026.0, 500.0),
      ([1.0, 2, 3, 4], [2.0, 4, 6, 8], 5.0, 10.0),
    ])
  func perfectFitPredictsTheLine(x: [Double], y: [Double], at: Double, expected: Double) throws {
    let fit = try RobustLinearRegression(x: x, y: y)
    let prediction = try fit.predict(at: at)
    #expect(abs(prediction.estimate - expected) < 1e-6)
    #expect(prediction.predictionInterval.lowerBound <= prediction.estimate)
    #expect(prediction.predictionInterval.upperBound >= prediction.estimate)
  }
}
