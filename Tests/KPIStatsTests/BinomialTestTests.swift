import Testing

@testable import KPIStats

@Suite("Exact binomial test of share > goal")
struct BinomialTestTests {
  // SciPy 1.17.1: binomtest(k, n, p, alternative="greater").pvalue
  @Test(
    arguments: [
      (134, 143, 0.85, 0.001107522341851574),  // binomtest(134, 143, 0.85, alternative="greater")
      (0, 10, 0.5, 1.0),  // binomtest(0, 10, 0.5, alternative="greater")
      (10, 10, 0.5, 0.0009765625),  // binomtest(10, 10, 0.5, alternative="greater")
      (1, 1, 0.95, 0.95),  // binomtest(1, 1, 0.95, alternative="greater")
      (3, 5, 0.95, 0.998841875),  // binomtest(3, 5, 0.95, alternative="greater")
      (130, 143, 0.95, 0.9872303449678406),  // binomtest(130, 143, 0.95, alternative="greater")
      (1, 40, 0.01, 0.3310282414303195),  // binomtest(1, 40, 0.01, alternative="greater")
    ])
  func matchesSciPy(row: (Int, Int, Double, Double)) throws {
    let test = try BinomialTest(positive: row.0, count: row.1, goal: row.2)
    #expect(isClose(test.pValue, row.3))
  }

  // By hand: P(X ≥ 3 | 3, 1) = 1 (certain); P(X ≥ 1 | 3, 0) = 0 (impossible).
  @Test func goalsAtTheEnds() throws {
    #expect(try BinomialTest(positive: 3, count: 3, goal: 1).pValue == 1)
    #expect(try BinomialTest(positive: 1, count: 3, goal: 0).pValue == 0)
    #expect(try BinomialTest(positive: 0, count: 3, goal: 0).pValue == 1)
  }

  @Test(arguments: [(5, 0, 0.5), (4, 3, 0.5), (-1, 3, 0.5), (1, 3, 1.5), (1, 3, -0.1)])
  func invalidArguments(row: (Int, Int, Double)) {
    #expect(throws: StatsError.self) {
      try BinomialTest(positive: row.0, count: row.1, goal: row.2)
    }
  }
}
