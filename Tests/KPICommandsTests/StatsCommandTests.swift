import Foundation
import Testing

@Suite("kpi stats")
struct StatsCommandTests {
  // statsmodels 0.15.0 proportion_confint(134, 143, method=…) and
  // SciPy 1.17.1 binomtest(134, 143, 0.85, alternative="greater").pvalue
  @Test(
    arguments: [
      ("wilson", 0.8847197160733575, 0.9665385117043683),
      ("clopper-pearson", 0.8838890182279661, 0.9708199899403996),
      ("jeffreys", 0.8883002676893402, 0.968405486072926),
      ("agresti-coull", 0.8831922065095964, 0.9680660212681295),
    ])
  func proportionMatchesStatsmodels(method: String, low: Double, high: Double) throws {
    let run = try kpi(
      "stats", "proportion", "--positive", "134", "--n", "143", "--method", method, "--goal",
      "0.85")
    #expect(run.status == 0)
    #expect(run.lines.first == "positive,n,share,method,level,ci_low,ci_high,goal,p_value")
    let row = run.record
    #expect(row["positive"] == "134")
    #expect(row["n"] == "143")
    #expect(row["method"] == method)
    #expect(row["level"] == "0.95")
    #expect(isClose(row["share"].flatMap(Double.init), 134.0 / 143.0))
    #expect(isClose(row["ci_low"].flatMap(Double.init), low))
    #expect(isClose(row["ci_high"].flatMap(Double.init), high))
    #expect(row["goal"] == "0.85")
    #expect(isClose(row["p_value"].flatMap(Double.init), 0.001107522341851574))
  }

  @Test func wilsonIsTheDefaultAndGoalIsOptional() throws {
    let run = try kpi("stats", "proportion", "--positive", "134", "--n", "143")
    #expect(run.status == 0)
    #expect(run.lines.first == "positive,n,share,method,level,ci_low,ci_high")
    #expect(run.record["method"] == "wilson")
  }

  // Hand computation (see KPIStatsTests finitePopulation): n_eff = 143·222/80 = 396.825.
  @Test func populationNarrowsTheInterval() throws {
    let run = try kpi(
      "stats", "proportion", "--positive", "134", "--n", "143", "--population", "223")
    #expect(run.status == 0)
    #expect(isClose(run.record["ci_low"].flatMap(Double.init), 0.9087270850889692))
    #expect(isClose(run.record["ci_high"].flatMap(Double.init), 0.9570179563626618))
  }

  @Test(
    "bad numbers exit 65 with one line",
    arguments: [
      ["--positive", "5", "--n", "0"],
      ["--positive", "6", "--n", "5"],
      ["--positive", "3", "--n", "5", "--level", "1.5"],
      ["--positive", "3", "--n", "5", "--population", "4"],
      ["--positive", "3", "--n", "5", "--goal", "2"],
    ])
  func badNumbers(arguments: [String]) throws {
    let process = try kpi(["stats", "proportion"] + arguments)
    #expect(process.status == 65)
    #expect(process.stdout.isEmpty)
    #expect(process.stderr.hasPrefix("kpi stats proportion: error: "))
    #expect(process.stderr.split(separator: "\n").count == 1)
  }

  @Test func zeroAnswersMessage() throws {
    let run = try kpi("stats", "proportion", "--positive", "5", "--n", "0")
    #expect(run.stderr == "kpi stats proportion: error: n must be positive, found 0\n")
  }

  @Test func usageErrorsExit64() throws {
    #expect(try kpi("stats", "proportion", "--positive", "x", "--n", "3").status == 64)
    #expect(try kpi("stats", "proportion", "--n", "3").status == 64)
    #expect(
      try kpi("stats", "proportion", "--positive", "1", "--n", "3", "--method", "exact").status
        == 64)
  }

  // SciPy 1.17.1: linregress([2019, 2022, 2023, 2024, 2025], [41000, 44000, 61000, 66800, 73416])
  @Test(
    "trend matches SciPy linregress",
    arguments: [
      "x,y\n2019,41000\n2022,44000\n2023,61000\n2024,66800\n2025,73416\n",
      "\u{FEFF}X;Y\r\n2019;41000,0\r\n2022;44000\r\n2023;61000\r\n2024;66800\r\n2025;73416\r\n",
      "y\tx\n41000\t2019\n44000\t2022\n\n61000\t2023\n66800\t2024\n73416\t2025",
    ])
  func trend(content: String) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("besokare.csv")
    try Data(content.utf8).write(to: file)
    let run = try kpi("stats", "trend", "--data", file.path)
    #expect(run.status == 0)
    #expect(run.lines.first == "n,slope,intercept,slope_ci_low,slope_ci_high,r2,p_value")
    let row = run.record
    #expect(row["n"] == "5")
    #expect(isClose(row["slope"].flatMap(Double.init), 5665.962264150943))
    #expect(isClose(row["intercept"].flatMap(Double.init), -11402732.075471697))
    // slope ± t.ppf(0.975, 3)·stderr
    #expect(isClose(row["slope_ci_low"].flatMap(Double.init), 1192.933598854259))
    #expect(isClose(row["slope_ci_high"].flatMap(Double.init), 10138.990929447627))
    #expect(isClose(row["r2"].flatMap(Double.init), 0.8441597206837153))
    #expect(isClose(row["p_value"].flatMap(Double.init), 0.027444304871408778))
  }

  @Test func trendRejectsABadCellNamingRowAndColumn() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("trend.csv")
    try Data("x,y\n1,2\n2,tre\n3,4\n".utf8).write(to: file)
    let run = try kpi("stats", "trend", "--data", file.path)
    #expect(run.status == 65)
    #expect(
      run.stderr == "kpi stats trend: error: trend.csv:3:2: expected a number, found \"tre\"\n")
  }

  @Test func trendNeedsThreePoints() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("trend.csv")
    try Data("x,y\n1,2\n2,3\n".utf8).write(to: file)
    let run = try kpi("stats", "trend", "--data", file.path)
    #expect(run.status == 65)
    #expect(run.stderr.contains("at least 3 points, found 2"))
  }

  @Test func trendMissingFileExits66() throws {
    let run = try kpi("stats", "trend", "--data", "/nonexistent/trend.csv")
    #expect(run.status == 66)
  }

  @Test func helpShowsAnExample() throws {
    let run = try kpi("stats", "proportion", "--help")
    #expect(run.status == 0)
    #expect(
      run.stdout.contains(
        "kpi stats proportion --positive 134 --n 143 --population 223 --goal 0.85"))
  }
}
