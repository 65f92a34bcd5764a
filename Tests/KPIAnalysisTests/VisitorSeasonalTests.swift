import Foundation
import KPIModel
import KPIStats
import Testing

@testable import KPIAnalysis

@Suite("Visitor seasonal indices, Holt–Winters and trend")
struct VisitorSeasonalTests {
  // The reference factors are statsmodels'
  // seasonal_decompose(x, model="multiplicative", period=12) on the monthly totals of the
  // bundled data, January 2022 – December 2025
  // (python3 scripts/reference/visitor_seasonal_reference.py writes them).
  @Test(arguments: VisitorSeasonalReference.series.map(\.category))
  func indicesMatchStatsmodels(category: String) throws {
    let reference = try #require(VisitorSeasonalReference.series.first { $0.category == category })
    let index = try SeasonalIndex(values: reference.months, firstMonth: 1)
    #expect(index.monthCount == 48)
    for month in 1...12 {
      #expect(
        abs(index[month] - reference.factors[month - 1]) < 1e-9,
        "\(category) month \(month): \(index[month]) vs \(reference.factors[month - 1])")
    }
  }

  // The whole path on the bundled daily counts: the engine's monthly sums are the reference's
  // monthly totals, and the seasonal indices it reports are statsmodels' factors.
  @Test func bundledDataGiveTheReferenceIndices() throws {
    let result = try VisitorAnalysis.analyse(try VisitorTestData.bundled())
    for reference in VisitorSeasonalReference.series {
      let trend = try #require(result.trend(reference.category))
      let seasonal = try #require(trend.seasonal, "\(reference.category)")
      #expect(trend.seasonalMonths?.lowerBound.description == "2022-01")
      #expect(trend.seasonalMonths?.upperBound.description == "2025-12")
      for month in 1...12 {
        #expect(abs(seasonal[month] - reference.factors[month - 1]) < 1e-9)
      }
      for (offset, total) in reference.months.enumerated() {
        let year = 2022 + offset / 12
        let month = offset % 12 + 1
        let period = "\(year)-" + (month < 10 ? "0\(month)" : "\(month)")
        #expect(result.row(reference.category, .month, period)?.visitors == total)
      }
    }
  }

  // Position → month: a run starting in July puts its first ratio average on July. Two
  // identical years starting in July, value = month number: the index of month m is
  // proportional to m, so December / June = 2.
  @Test func runStartingMidYear() throws {
    let values = (0..<36).map { Double(($0 + 6) % 12 + 1) }
    let index = try SeasonalIndex(values: values, firstMonth: 7)
    #expect(abs(index[12] / index[6] - 2) < 1e-12)
    #expect(abs(index.indices.reduce(0, +) / 12 - 1) < 1e-12)
  }

  @Test func seasonalNeedsTwoYears() {
    #expect(throws: StatsError.self) {
      try SeasonalIndex(values: Array(repeating: 1, count: 23), firstMonth: 1)
    }
  }

  // A series that is exactly (level + trend·t) × season: Holt–Winters must continue it
  // closely (within 2 % a month over the next year).
  @Test func holtWintersContinuesATrendingSeason() throws {
    let season: [Double] = [0.8, 0.85, 0.95, 1.0, 1.05, 1.2, 1.4, 1.3, 1.0, 0.9, 0.8, 0.75]
    let x = (0..<48).map { (1000 + 10 * Double($0)) * season[$0 % 12] }
    let model = try HoltWinters(fitting: x)
    let forecast = try model.forecast(12)
    for h in 1...12 {
      let truth = (1000 + 10 * Double(47 + h)) * season[(47 + h) % 12]
      #expect(abs(forecast[h - 1].estimate / truth - 1) < 0.02, "h = \(h)")
      #expect(forecast[h - 1].band.contains(forecast[h - 1].estimate))
    }
  }

  // The grid search cuts a point's sum short once it passes the best so far; on noisy
  // random series the parameters are those of the whole grid evaluated in full (first
  // smallest sum in grid order), and the winning sum is the full one.
  @Test func holtWintersShortCutChoosesAsTheFullGrid() throws {
    var state: UInt64 = 3
    func noise() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
    for _ in 0..<6 {
      let x = (0..<36).map { 500 + 300 * noise() + 40 * Double($0 % 12) }
      let model = try HoltWinters(fitting: x)
      let m = 12
      let firstMean = x[0..<m].reduce(0, +) / Double(m)
      let secondMean = x[m..<(2 * m)].reduce(0, +) / Double(m)
      var best: (sse: Double, alpha: Double, beta: Double, gamma: Double)?
      let grid = (0...20).map { Double($0) / 20 }
      for alpha in grid.dropFirst() {
        for beta in grid {
          for gamma in grid {
            var seasonals = (0..<m).map { x[$0] / firstMean }
            let sse = x.withUnsafeBufferPointer { values in
              seasonals.withUnsafeMutableBufferPointer {
                HoltWinters.sumOfSquares(
                  values, alpha, beta, gamma, level: firstMean,
                  trend: (secondMean - firstMean) / Double(m), seasonals: $0)
              }
            }
            if best == nil || sse < best!.sse { best = (sse, alpha, beta, gamma) }
          }
        }
      }
      let full = try #require(best)
      #expect(model.alpha == full.alpha && model.beta == full.beta && model.gamma == full.gamma)
      #expect(model.sumOfSquaredErrors == full.sse)
    }
  }

  @Test func holtWintersRefusesZeros() {
    var x = (0..<24).map { Double($0 + 1) }
    x[6] = 0
    #expect(throws: StatsError.self) { try HoltWinters(fitting: x) }
  }

  // Annual totals 1 200·k in the years 2015–2021, with 2020 a closure year at a tenth:
  // least squares is pulled down, the bisquare weight of 2020 falls below ½, and the forecast
  // uses the robust trend.
  @Test func closureYearIsAnOutlier() throws {
    let years = [2015, 2016, 2017, 2018, 2019, 2020, 2021]
    let counts = VisitorTestData.monthly("A", years: years) { year, month in
      let level = Double(100 + 10 * (year - 2015)) * (1 + 0.3 * Double(month % 3))
      return year == 2020 ? (level / 10).rounded() : level
    }
    let result = try VisitorAnalysis.analyse(counts)
    let trend = try #require(result.trend("A"))
    #expect(trend.years == years)
    #expect(trend.outlierYears == [2020])
    #expect(trend.method == .seasonalTrendRobust)
    let ordinary = try #require(trend.ordinary)
    let robust = try #require(trend.robust)
    #expect(robust.slope > ordinary.slope)
    // The trend is fitted on the annual totals as they are.
    let direct = try LinearRegression(x: years.map(Double.init), y: trend.totals)
    #expect(ordinary.slope == direct.slope)
    #expect(trend.forecastYear == 2022)
    #expect(trend.forecast.count == 12)
    #expect(trend.forecast.first?.month.description == "2022-01")
  }

  // Growth of 3 % a month compounds: a straight line through annual totals falls behind,
  // while Holt–Winters follows the level month by month. The hold-out year (2023) shows it,
  // and Holt–Winters makes the forecast.
  @Test func holtWintersWinsOnCompoundGrowth() throws {
    let season: [Double] = [0.8, 0.85, 0.95, 1.0, 1.05, 1.2, 1.4, 1.3, 1.0, 0.9, 0.8, 0.75]
    let counts = VisitorTestData.monthly("A", years: Array(2018...2023)) { year, month in
      let t = Double((year - 2018) * 12 + month - 1)
      return (100 * pow(1.03, t) * season[month - 1]).rounded()
    }
    let trend = try #require(try VisitorAnalysis.analyse(counts).trend("A"))
    let methods = trend.holdout.map(\.method)
    #expect(methods == [.seasonalTrendOrdinary, .holtWinters])
    let holtWinters = try #require(trend.holdout.first { $0.method == .holtWinters })
    let seasonalTrend = try #require(trend.holdout.first { $0.method != .holtWinters })
    #expect(
      holtWinters.weightedAbsolutePercentageError < seasonalTrend.weightedAbsolutePercentageError)
    #expect(holtWinters.chosen && !seasonalTrend.chosen)
    #expect(trend.method == .holtWinters)
    #expect(trend.forecast.map(\.month.description).last == "2024-12")
  }

  // The gap of 2020–2021: the trend is fitted to the years that exist, at their places, and
  // the hold-out year is the last full year.
  @Test func bundledTrendSpansTheGap() throws {
    let result = try VisitorAnalysis.analyse(try VisitorTestData.bundled())
    let trend = try #require(result.trend(totalGroupName))
    #expect(trend.years == [2019, 2022, 2023, 2024, 2025])
    #expect(trend.totals.last == 73416)
    #expect(trend.forecastYear == 2026)
    #expect(trend.holdout.map(\.year) == [2025, 2025])
    #expect(trend.holdout.filter(\.chosen).count == 1)
    #expect(trend.forecast.map(\.month.description).first == "2026-01")
    #expect(trend.forecast.allSatisfy { $0.band.lowerBound >= 0 })
  }
}
