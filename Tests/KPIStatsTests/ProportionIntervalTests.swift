import Testing

@testable import KPIStats

@Suite("Proportion intervals")
struct ProportionIntervalTests {
  struct Row: Sendable, CustomTestStringConvertible {
    var positive: Double
    var count: Double
    var method: ProportionMethod
    var level: Double
    var low: Double
    var high: Double
    var testDescription: String { "\(Int(positive))/\(Int(count)) \(method.rawValue) \(level)" }

    init(
      _ positive: Double, _ count: Double, _ method: ProportionMethod, _ level: Double,
      _ low: Double, _ high: Double
    ) {
      (self.positive, self.count, self.method, self.level, self.low, self.high) =
        (positive, count, method, level, low, high)
    }
  }

  // Every row: statsmodels 0.15.0, `proportion_confint(k, n, alpha=1-level, method=…)`,
  // printed by scripts/reference/stats_reference.py.
  static let rows: [Row] = [
    // proportion_confint(k, n, method="wilson")
    Row(134, 143, .wilson, 0.95, 0.8847197160733575, 0.9665385117043683),
    Row(0, 10, .wilson, 0.95, 0.0, 0.27753279986288926),
    Row(10, 10, .wilson, 0.95, 0.7224672001371106, 1.0),
    Row(1, 1, .wilson, 0.95, 0.2065493143772374, 1.0),
    Row(0, 1, .wilson, 0.95, 0.0, 0.7934506856227627),
    Row(3, 5, .wilson, 0.95, 0.2307242812760129, 0.8823792257673522),
    Row(45, 223, .wilson, 0.95, 0.15437274871099094, 0.25931467557449084),
    // proportion_confint(k, n, method="beta")
    Row(134, 143, .clopperPearson, 0.95, 0.8838890182279661, 0.9708199899403996),
    Row(0, 10, .clopperPearson, 0.95, 0.0, 0.30849710781876083),
    Row(10, 10, .clopperPearson, 0.95, 0.6915028921812392, 1.0),
    Row(1, 1, .clopperPearson, 0.95, 0.025, 1.0),
    Row(0, 1, .clopperPearson, 0.95, 0.0, 0.975),
    Row(3, 5, .clopperPearson, 0.95, 0.14663279963467313, 0.9472550494736831),
    Row(45, 223, .clopperPearson, 0.95, 0.15116298313957757, 0.26053757734402905),
    // proportion_confint(k, n, method="jeffreys")
    Row(134, 143, .jeffreys, 0.95, 0.8883002676893402, 0.968405486072926),
    Row(0, 10, .jeffreys, 0.95, 4.7890433157581876e-05, 0.2171962675092106),
    Row(10, 10, .jeffreys, 0.95, 0.7828037324907894, 0.9999521095668424),
    Row(1, 1, .jeffreys, 0.95, 0.14674631630957513, 0.9996144190192441),
    Row(0, 1, .jeffreys, 0.95, 0.0003855809807559011, 0.8532536836904249),
    Row(3, 5, .jeffreys, 0.95, 0.20941666407600484, 0.905609672655656),
    Row(45, 223, .jeffreys, 0.95, 0.15315918101039092, 0.25810965261283064),
    // proportion_confint(k, n, method="agresti_coull")
    Row(134, 143, .agrestiCoull, 0.95, 0.8831922065095964, 0.9680660212681295),
    Row(0, 10, .agrestiCoull, 0.95, 0.0, 0.3208873057505458),
    Row(10, 10, .agrestiCoull, 0.95, 0.6791126942494543, 1.0),
    Row(1, 1, .agrestiCoull, 0.95, 0.167499485479413, 1.0),
    Row(0, 1, .agrestiCoull, 0.95, 0.0, 0.832500514520587),
    Row(3, 5, .agrestiCoull, 0.95, 0.2290901565883562, 0.8840133504550088),
    Row(45, 223, .agrestiCoull, 0.95, 0.15413439102777798, 0.2595530332577038),
    // proportion_confint(134, 143, alpha=0.10, method=…)
    Row(134, 143, .wilson, 0.90, 0.8948743931564294, 0.9630202142603521),
    Row(134, 143, .clopperPearson, 0.90, 0.8927449800659886, 0.9667772289956833),
    Row(134, 143, .jeffreys, 0.90, 0.8970205887243344, 0.9641888070317847),
    Row(134, 143, .agrestiCoull, 0.90, 0.8939386798110229, 0.9639559276057585),
  ]

  @Test("matches statsmodels proportion_confint", arguments: rows)
  func matchesStatsmodels(row: Row) throws {
    let interval = try ProportionInterval(
      positive: row.positive, count: row.count, level: row.level, method: row.method)
    #expect(interval.estimate == row.positive / row.count)
    #expect(isClose(interval.confidenceInterval.lowerBound, row.low))
    #expect(isClose(interval.confidenceInterval.upperBound, row.high))
    #expect(interval.effectiveSampleSize == row.count)
    #expect(interval.method == row.method)
    #expect(interval.level == row.level)
  }

  // Finite population correction, written out (scripts/reference/stats_reference.py):
  //   n_eff = n(N−1)/(N−n); 143·222/80 = 396.825; 5·11/7 = 7.857142857142857
  //   z = norm.isf(0.025); d = 1 + z²/n_eff; c = (p + z²/2n_eff)/d;
  //   h = z·√(p(1−p)/n_eff + z²/4n_eff²)/d; interval c ± h
  @Test(
    "finite population correction narrows the Wilson interval",
    arguments: [
      (134.0, 143.0, 223.0, 396.825, 0.9087270850889692, 0.9570179563626618),
      (3.0, 5.0, 12.0, 7.857142857142857, 0.28452049920542244, 0.8498056890607912),
    ])
  func finitePopulation(
    row: (Double, Double, Double, Double, Double, Double)
  ) throws {
    let (k, n, population, effective, low, high) = row
    let corrected = try ProportionInterval(positive: k, count: n, populationSize: population)
    let plain = try ProportionInterval(positive: k, count: n)
    #expect(isClose(corrected.effectiveSampleSize, effective))
    #expect(isClose(corrected.confidenceInterval.lowerBound, low))
    #expect(isClose(corrected.confidenceInterval.upperBound, high))
    #expect(corrected.confidenceInterval.lowerBound > plain.confidenceInterval.lowerBound)
    #expect(corrected.confidenceInterval.upperBound < plain.confidenceInterval.upperBound)
  }

  @Test(
    "everyone answered: the interval collapses to the share", arguments: ProportionMethod.allCases)
  func wholePopulation(method: ProportionMethod) throws {
    let interval = try ProportionInterval(
      positive: 3, count: 5, method: method, populationSize: 5)
    #expect(interval.effectiveSampleSize == .infinity)
    #expect(interval.confidenceInterval == 0.6...0.6)
  }

  // Frequency weights are counts: rows (yes, 3), (no, 1), (yes, 2) are 5 of 6.
  @Test func frequencyWeightsAreCounts() throws {
    let weighted = try ProportionInterval(
      isPositive: [true, false, true], weights: [3, 1, 2], kind: .frequency)
    let counted = try ProportionInterval(positive: 5, count: 6)
    #expect(weighted == counted)
  }

  // Sampling weights: Σw = 6, Σw² = 14, n_eff = 36/14 = 2.571428…, p = 5/6;
  // the interval is Wilson's at (p·n_eff, n_eff).
  @Test func samplingWeightsUseKishEffectiveSize() throws {
    let weighted = try ProportionInterval(
      isPositive: [true, false, true], weights: [3, 1, 2], kind: .sampling)
    let effective = 36.0 / 14.0
    let direct = try ProportionInterval(positive: 5.0 / 6.0 * effective, count: effective)
    #expect(isClose(weighted.estimate, 5.0 / 6.0))
    #expect(weighted.positive == 5)
    #expect(weighted.count == 6)
    #expect(isClose(weighted.confidenceInterval.lowerBound, direct.confidenceInterval.lowerBound))
    #expect(isClose(weighted.confidenceInterval.upperBound, direct.confidenceInterval.upperBound))
  }

  @Test(
    "invalid arguments throw",
    arguments: [
      (5.0, 0.0, 0.95, nil),  // n = 0
      (6.0, 5.0, 0.95, nil),  // k > n
      (-1.0, 5.0, 0.95, nil),  // k < 0
      (3.0, 5.0, 1.0, nil),  // level 1
      (3.0, 5.0, 0.0, nil),  // level 0
      (3.0, 5.0, 0.95, 4.0),  // N < n
      (Double.nan, 5.0, 0.95, nil),
    ] as [(Double, Double, Double, Double?)])
  func invalidArguments(row: (Double, Double, Double, Double?)) {
    #expect(throws: StatsError.self) {
      try ProportionInterval(
        positive: row.0, count: row.1, level: row.2, populationSize: row.3)
    }
  }

  @Test func errorNamesTheEstimator() {
    let error = #expect(throws: StatsError.self) {
      try ProportionInterval(positive: 5, count: 0)
    }
    #expect(error?.code == .invalidArgument)
    #expect(error?.description == "ProportionInterval: n must be positive, found 0")
  }

  @Test func badWeightsThrow() {
    #expect(throws: StatsError.self) {
      try ProportionInterval(isPositive: [true], weights: [-1], kind: .frequency)
    }
    #expect(throws: StatsError.self) {
      try ProportionInterval(isPositive: [true, false], weights: [0, 0], kind: .sampling)
    }
    #expect(throws: StatsError.self) {
      try ProportionInterval(isPositive: [true, false], weights: [1], kind: .sampling)
    }
  }
}
