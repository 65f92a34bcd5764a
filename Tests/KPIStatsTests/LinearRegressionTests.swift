import Testing

@testable import KPIStats

@Suite("Least-squares trend")
struct LinearRegressionTests {
  // Annual visitor-like totals; reference values from scripts/reference/stats_reference.py.
  static let years: [Double] = [2019, 2022, 2023, 2024, 2025]
  static let visitors: [Double] = [41000, 44000, 61000, 66800, 73416]

  // SciPy 1.17.1: r = linregress(years, visitors); slope CI = slope ± t.ppf(0.975, 3)·r.stderr
  @Test func matchesSciPyLinregress() throws {
    let fit = try LinearRegression(x: Self.years, y: Self.visitors)
    #expect(fit.count == 5)
    #expect(isClose(fit.slope, 5665.962264150943))
    #expect(isClose(fit.intercept, -11402732.075471697))
    #expect(isClose(fit.rSquared, 0.8441597206837153))
    #expect(isClose(fit.pValue, 0.027444304871408778))
    #expect(isClose(fit.slopeStandardError, 1405.5315427852677))
    #expect(isClose(fit.interceptStandardError, 2842829.5716531943))
    #expect(isClose(fit.slopeConfidenceInterval.lowerBound, 1192.933598854259))
    #expect(isClose(fit.slopeConfidenceInterval.upperBound, 10138.990929447627))
    #expect(!fit.isWeighted)
  }

  // statsmodels 0.15.0: OLS(y, add_constant(x)).fit().get_prediction([[1, 2026]])
  //   .summary_frame(alpha=0.05)
  @Test func predictionMatchesStatsmodels() throws {
    let fit = try LinearRegression(x: Self.years, y: Self.visitors)
    let prediction = try fit.predict(at: 2026)
    #expect(isClose(prediction.estimate, 76507.47169811279))
    #expect(isClose(prediction.confidenceInterval.lowerBound, 58727.534410021006))
    #expect(isClose(prediction.confidenceInterval.upperBound, 94287.40898620457))
    #expect(isClose(prediction.predictionInterval.lowerBound, 49299.100535757796))
    #expect(isClose(prediction.predictionInterval.upperBound, 103715.84286046778))
  }

  // The smallest valid trend, n = 3: linregress([1, 2, 3], [2, 4.5, 5]).
  @Test func threePoints() throws {
    let fit = try LinearRegression(x: [1, 2, 3], y: [2, 4.5, 5])
    #expect(isClose(fit.slope, 1.5))
    #expect(isClose(fit.intercept, 0.8333333333333335))
    #expect(isClose(fit.rSquared, 0.870967741935484))
    #expect(isClose(fit.pValue, 0.2339080492819212))
  }

  // statsmodels 0.15.0: WLS(y, add_constant(x), weights=[1, 2, 1, 3, 2]).fit():
  // params, bse, conf_int(alpha=0.05), rsquared, pvalues
  @Test func weightedMatchesStatsmodelsWLS() throws {
    let fit = try LinearRegression(x: Self.years, y: Self.visitors, weights: [1, 2, 1, 3, 2])
    #expect(isClose(fit.slope, 6312.861538460884))
    #expect(isClose(fit.intercept, -12711927.876921754))
    #expect(isClose(fit.slopeStandardError, 1595.2830208732298))
    #expect(isClose(fit.slopeConfidenceInterval.lowerBound, 1235.9589828010412))
    #expect(isClose(fit.slopeConfidenceInterval.upperBound, 11389.764094120726))
    #expect(isClose(fit.rSquared, 0.8392237240105742))
    #expect(isClose(fit.pValue, 0.028807091890470548))
    #expect(fit.isWeighted)
  }

  // By hand: y = 2 + 3x exactly has slope 3, intercept 2, r² = 1, zero error, p = 0.
  @Test func perfectFit() throws {
    let fit = try LinearRegression(x: [0, 1, 2, 3], y: [2, 5, 8, 11])
    #expect(isClose(fit.slope, 3))
    #expect(isClose(fit.intercept, 2))
    #expect(isClose(fit.rSquared, 1))
    #expect(fit.pValue == 0)
  }

  // A flat series: slope 0; r² = 0 and p = 1 by SciPy's convention.
  @Test func constantSeries() throws {
    let fit = try LinearRegression(x: [1, 2, 3, 4], y: [7, 7, 7, 7])
    #expect(fit.slope == 0)
    #expect(fit.rSquared == 0)
    #expect(fit.pValue == 1)
  }

  @Test func invalidInputsThrow() {
    let tooFew = #expect(throws: StatsError.self) {
      try LinearRegression(x: [1, 2], y: [1, 2])
    }
    #expect(tooFew?.code == .insufficientData)
    #expect(throws: StatsError.self) { try LinearRegression(x: [1, 1, 1], y: [1, 2, 3]) }
    #expect(throws: StatsError.self) { try LinearRegression(x: [1, 2, 3], y: [1, 2]) }
    #expect(throws: StatsError.self) { try LinearRegression(x: [1, 2, .nan], y: [1, 2, 3]) }
    #expect(throws: StatsError.self) {
      try LinearRegression(x: [1, 2, 3], y: [1, 2, 3], weights: [1, -1, 1])
    }
    #expect(throws: StatsError.self) {
      try LinearRegression(x: [1, 2, 3], y: [1, 2, 4], level: 1.5)
    }
  }
}
