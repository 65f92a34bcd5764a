import ArgumentParser
import Foundation
import KPIRender
import KPIStats

extension ProportionMethod: ExpressibleByArgument {}

/// `kpi stats`: the statistical core, one estimate at a time.
struct StatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats",
    abstract: "Single estimates: a proportion with its interval, a linear trend.",
    subcommands: [ProportionCommand.self, TrendCommand.self]
  )
}

/// `kpi stats proportion`: a share with its confidence interval and an optional goal test.
struct ProportionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "proportion",
    abstract: "A share with its confidence interval, and the exact test against a goal.",
    discussion: """
      Prints one CSV header and one row: positive,n,share,method,level,ci_low,ci_high, and \
      with --goal also goal,p_value, where p_value is the exact one-sided binomial test of \
      H0: share <= goal, P(X >= positive | n, goal).

      With --population the interval uses the finite population correction \
      n_eff = n(N-1)/(N-n); when n = N it collapses to the share.

      Example (nätverksenkät 2025: 134 of 143 satisfied, 223 invited, goal 85 %):
        kpi stats proportion --positive 134 --n 143 --population 223 --goal 0.85

      \(specReferenceLine)
      """
  )

  @Option(help: "Number of positive answers (k).")
  var positive: Int

  @Option(help: "Number of answers in the denominator (n).")
  var n: Int

  @Option(help: "Size of the population asked (N, e.g. the number invited).")
  var population: Int?

  @Option(
    help: "Interval method: \(ProportionMethod.allCases.map(\.rawValue).joined(separator: ", ")).")
  var method: ProportionMethod = .wilson

  @Option(help: "Confidence level, strictly between 0 and 1.")
  var level: Double = 0.95

  @Option(help: "Goal share in 0...1; adds the columns goal,p_value.")
  var goal: Double?

  func run() throws {
    try reportingFailures("kpi stats proportion") {
      let interval = try ProportionInterval(
        positive: Double(positive), count: Double(n), level: level, method: method,
        populationSize: population.map(Double.init))
      var header = ["positive", "n", "share", "method", "level", "ci_low", "ci_high"]
      var row: [CSVValue] = [
        .number(Double(positive)), .number(Double(n)), .number(interval.estimate),
        .text(method.rawValue), .number(level), .number(interval.confidenceInterval.lowerBound),
        .number(interval.confidenceInterval.upperBound),
      ]
      if let goal {
        let test = try BinomialTest(positive: positive, count: n, goal: goal)
        header += ["goal", "p_value"]
        row += [.number(goal), .number(test.pValue)]
      }
      print(stdoutCSV.document(header: header, rows: [row]), terminator: "")
    }
  }
}

/// `kpi stats trend`: the least-squares line through x,y points.
struct TrendCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trend",
    abstract: "Ordinary least-squares line y = intercept + slope·x with a 95 % interval.",
    discussion: """
      Reads a CSV with the columns x and y (delimiter , ; or TAB; a decimal comma is \
      accepted when the delimiter is not a comma) and prints one CSV header and one row: \
      n,slope,intercept,slope_ci_low,slope_ci_high,r2,p_value. The interval uses Student's t \
      with n-2 degrees of freedom; p_value is two-sided for slope = 0.

      Example (annual visitors):
        kpi stats trend --data visitors-per-year.csv

      \(specReferenceLine)
      """
  )

  @Option(help: "CSV file with columns x,y.")
  var data: String

  func run() throws {
    try reportingFailures("kpi stats trend") {
      let points = try XYTable.read(path: data)
      let fit = try LinearRegression(x: points.x, y: points.y)
      print(
        stdoutCSV.document(
          header: ["n", "slope", "intercept", "slope_ci_low", "slope_ci_high", "r2", "p_value"],
          rows: [
            [
              .number(Double(fit.count)), .number(fit.slope), .number(fit.intercept),
              .number(fit.slopeConfidenceInterval.lowerBound),
              .number(fit.slopeConfidenceInterval.upperBound), .number(fit.rSquared),
              .number(fit.pValue),
            ]
          ]), terminator: "")
    }
  }
}
