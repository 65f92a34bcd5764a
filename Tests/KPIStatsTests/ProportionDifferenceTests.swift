import Testing

@testable import KPIStats

@Suite("Newcombe's hybrid score interval")
struct ProportionDifferenceTests {
  // statsmodels 0.15.0:
  // confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff")
  @Test(
    arguments: [
      (134.0, 143.0, 141.0, 148.0, -0.07330663000562547, 0.039928310660864164),
      (0.0, 10.0, 10.0, 10.0, -1.0, -0.6075093504305241),
      (5.0, 20.0, 5.0, 20.0, -0.2586740485808227, 0.2586740485808227),
      (1.0, 1.0, 0.0, 3.0, 0.027969698422441902, 1.0),
    ])
  func matchesStatsmodels(row: (Double, Double, Double, Double, Double, Double)) throws {
    let difference = try ProportionDifference(
      positive1: row.0, count1: row.1, positive2: row.2, count2: row.3)
    #expect(isClose(difference.estimate, row.0 / row.1 - row.2 / row.3))
    #expect(isClose(difference.confidenceInterval.lowerBound, row.4))
    #expect(isClose(difference.confidenceInterval.upperBound, row.5))
  }

  @Test func emptySampleThrows() {
    #expect(throws: StatsError.self) {
      try ProportionDifference(positive1: 1, count1: 2, positive2: 0, count2: 0)
    }
  }
}
