import Foundation
import Testing

@Suite("Bundled Navet data reproduce the published visitor figures")
struct PublishedVisitorTests {
  /// The annual report's run: base years 2019 and 2022, goal +15 %.
  static func annualRun() throws -> URL {
    let out = try temporaryFolder()
    let run = try kpi(
      "visitors", "--data", "datasets/navet/visitors.csv", "--base-year", "2019",
      "--base-year", "2022", "--goal", "0.15", "--out", out.path, in: repositoryRoot)
    #expect(run.status == 0, "\(run.stderr)")
    // The bundled data have no gaps inside their years; 2020 and 2021 (Navet closed in the
    // pandemic, no counts) are said once and left out.
    #expect(
      run.stderr
        == "kpi: note: visitors.csv: no counts at all for 2020–2021; the years are left out, "
        + "not counted as 0\n", "\(run.stderr)")
    return out
  }

  /// The conference count as the interim report per 31 August of `year` sees it.
  static func conferencesThroughAugust(_ year: String) throws -> [[String: String]] {
    let out = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try kpi(
      "visitors", "--data", "datasets/navet/conferences.csv", "--through", "\(year)-08",
      "--noun", "konferenser", "--out", out.path, in: repositoryRoot)
    #expect(run.status == 0, "\(run.stderr)")
    return try readOutput(out.appendingPathComponent("visitors.csv"))
  }

  /// The category of a published scope.
  static func category(_ scope: String) -> String {
    // "all" and "all incl. outreach" are Totalt; "allmänhet" is a category.
    if scope == "all" || scope.hasPrefix("all ") { return "Totalt" }
    return String(scope.split(separator: " ")[0])
  }

  /// `2025` → year, `2023-H1` → half, `2023-summer` → summer.
  static func periodType(_ period: Substring) -> String {
    if period.hasSuffix("summer") { return "summer" }
    if period.contains("-H") { return "half" }
    if period.contains("-Q") { return "quarter" }
    return period.count == 4 ? "year" : "month"
  }

  @Test func everyVisitorFigure() throws {
    let figures = try PublishedFigure.load(dataset: "visitors")
    #expect(figures.count == 10)
    let out = try Self.annualRun()
    defer { try? FileManager.default.removeItem(at: out) }
    let rows = try readOutput(out.appendingPathComponent("visitors.csv"))
    let goals = try readOutput(out.appendingPathComponent("visitors-goals.csv"))

    for figure in figures {
      let category = Self.category(figure.scope)
      switch figure.kpi {
      case "visitors_total":
        let row = try #require(
          rows.first {
            $0["category"] == category && $0["period_type"] == "year"
              && $0["period"] == figure.period
          }, "\(figure.testDescription)")
        #expect(Double(row["visitors"] ?? "") == figure.value, "\(figure.testDescription)")

      case "change_pct":
        // "2023-H1 vs 2019-H1": against the previous year's period it is `growth`, against any
        // other year the base-year row's `growth_vs_base`.
        let parts = figure.period.components(separatedBy: " vs ")
        let (period, against) = (parts[0], parts[1])
        let previous = Int(period.prefix(4))! - 1 == Int(against.prefix(4))!
        let candidates = rows.filter {
          $0["category"] == category && $0["period_type"] == Self.periodType(Substring(period))
            && $0["period"] == period
        }
        let row = try #require(
          previous
            ? candidates.first
            : candidates.first { $0["base_period"] == against }, "\(figure.testDescription)")
        let growth = try #require(
          Double(row[previous ? "growth" : "growth_vs_base"] ?? ""), "\(figure.testDescription)")
        #expect(
          published(growth, decimals: figure.decimals) == figure.value,
          "\(figure.testDescription): \(growth)")

      case "conferences":
        // "2023-01..2023-08": the conferences of January–August, as the year's row of a run
        // cut at the end of August.
        let year = String(figure.period.prefix(4))
        let conferences = try Self.conferencesThroughAugust(year)
        let row = try #require(
          conferences.first {
            $0["category"] == "konferenser" && $0["period_type"] == "year" && $0["period"] == year
          })
        #expect(Double(row["visitors"] ?? "") == figure.value, "\(figure.testDescription)")
        #expect(row["note"]?.contains("januari–augusti") == true)

      case "goal":
        let goal = try #require(goals.first { $0["period"] == figure.period })
        let target = try #require(Double(goal["target"] ?? ""))
        #expect(published(target, decimals: figure.decimals) == figure.value)
        #expect(goal["comparator"] == ">=")
        #expect(goal["status"] == "met")

      default:
        Issue.record("unexpected figure \(figure.testDescription)")
      }
    }
  }

  // The interim report's sentence, word for word as the report has it, from the data as they
  // stood on 31 August 2023.
  @Test func interimSummaryReadsLikeTheReport() throws {
    let out = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try kpi(
      "visitors", "--data", "datasets/navet/visitors.csv", "--base-year", "2019",
      "--through", "2023-08", "--goal", "0.15", "--out", out.path, in: repositoryRoot)
    #expect(run.status == 0, "\(run.stderr)")
    let nbsp = "\u{00A0}"
    #expect(
      run.lines.contains(
        "Antal besökare under första halvåret 2023 ökade med 28\(nbsp)% jämfört med 2022 och "
          + "43\(nbsp)% jämfört med 2019."))
    #expect(
      run.lines.contains {
        $0.hasPrefix(
          "Antal besökare under sommaren 2023 (juni–augusti) fördubblades jämfört med 2022")
      })
    #expect(
      run.lines.first == "2023 omfattar januari–augusti och jämförs med samma månader tidigare år.")
    #expect(
      run.lines.contains {
        $0.hasPrefix(
          "Målet om minst 15\(nbsp)% fler besökare än föregående år är uppfyllt för "
            + "januari–augusti 2023")
      })
  }
}

@Suite("kpi visitors on bad input")
struct VisitorCommandFailureTests {
  static func write(_ text: String, in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent("besok.csv")
    try Data(text.utf8).write(to: url)
    return url
  }

  // A duplicate day: exit 65, the location on stderr, nothing written.
  @Test func duplicateDayExits65() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = try Self.write(
      "date,category,visitors\n2023-05-02,A,3\n2023-05-02,A,4\n", in: folder)
    let out = folder.appendingPathComponent("out")
    let run = try kpi("visitors", "--data", data.path, "--out", out.path)
    #expect(run.status == 65)
    #expect(run.stderr.contains("besok.csv:3:1: 2023-05-02 for \"A\" is already on line 2"))
    #expect(!FileManager.default.fileExists(atPath: out.path))
    let summed = try kpi("visitors", "--data", data.path, "--sum-duplicates", "--out", out.path)
    #expect(summed.status == 0, "\(summed.stderr)")
  }

  // A missing month is a warning: exit 0, the gap on stderr and in the summary, the periods
  // holding it empty.
  @Test func missingMonthIsAWarning() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let months = (1...12).filter { $0 != 3 }.map { "2022-\($0 < 10 ? "0" : "")\($0),A,100" }
    let data = try Self.write(
      "date,category,visitors\n" + months.joined(separator: "\n"), in: folder)
    let out = folder.appendingPathComponent("out")
    let run = try kpi("visitors", "--data", data.path, "--out", out.path)
    #expect(run.status == 0)
    #expect(run.stderr.contains("kpi visitors: warning: besok.csv: no count for A: 2022-03"))
    #expect(run.stdout.contains("Data saknas för A: 2022-03."))
    let rows = try readOutput(out.appendingPathComponent("visitors.csv"))
    let year = try #require(rows.first { $0["category"] == "A" && $0["period"] == "2022" })
    #expect(year["visitors"] == "")
    #expect(year["note"] == "saknar data för 2022-03")
  }

  @Test func missingFileExits66() throws {
    let run = try kpi("visitors", "--data", "/nonexistent/besok.csv", "--out", "/tmp/unused")
    #expect(run.status == 66)
  }

  @Test func badSummerIsAUsageError() throws {
    let run = try kpi("visitors", "--data", "x.csv", "--summer", "8-6")
    #expect(run.status == 64)
  }
}
