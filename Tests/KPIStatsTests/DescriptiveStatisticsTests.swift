import Testing

@testable import KPIStats

@Suite("Descriptive statistics")
struct DescriptiveStatisticsTests {
  static let sample: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]

  // NumPy 2.4: v.mean(), v.std(ddof=1), np.median(v)
  @Test func momentsAndMedian() throws {
    let summary = try DescriptiveStatistics(Self.sample)
    #expect(summary.count == 8)
    #expect(isClose(summary.mean, 3.875))
    #expect(isClose(summary.standardDeviation, 2.748376143938713))
    #expect(summary.median == 3.5)
    #expect(summary.minimum == 1)
    #expect(summary.maximum == 9)
  }

  // NumPy 2.4: np.quantile(v, q, method="linear"), which is R's type 7.
  @Test(arguments: [(0.0, 1.0), (0.1, 1.0), (0.25, 1.75), (0.9, 6.8999999999999995), (1.0, 9.0)])
  func type7Quantiles(row: (Double, Double)) throws {
    let summary = try DescriptiveStatistics(Self.sample)
    #expect(isClose(try summary.quantile(row.0), row.1))
  }

  // One value: mean = median = that value, variance 0 by definition here.
  @Test func singleValue() throws {
    let summary = try DescriptiveStatistics([4.5])
    #expect(summary.mean == 4.5)
    #expect(summary.median == 4.5)
    #expect(summary.variance == 0)
    #expect(try summary.quantile(0.3) == 4.5)
  }

  @Test func invalidInputsThrow() throws {
    #expect(throws: StatsError.self) { try DescriptiveStatistics([]) }
    #expect(throws: StatsError.self) { try DescriptiveStatistics([1, .infinity]) }
    #expect(throws: StatsError.self) { try DescriptiveStatistics([1, 2]).quantile(1.5) }
  }
}
