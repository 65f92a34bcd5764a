import Foundation
import Testing

/// The interim report per 31 August 2023 (DR2023) from the bundled interim project,
/// `datasets/sjuharad-2023-08.yaml`, run as README shows it.
@Suite("The bundled interim project reproduces the interim report's figures")
struct PublishedInterimTests {
  static let arguments = [
    "report", "datasets/sjuharad-2023-08.yaml", "--out", "out-2023-08", "--notebook",
    "notebooks-export/sjuharad-2023-08.ipynb",
  ]

  /// The report run in a copy of the datasets (its store stays out of the working tree);
  /// returns the copy's folder, which holds `out-2023-08/` and the notebook.
  static func run() throws -> (folder: URL, stdout: String) {
    let folder = try ReportCommandTests.workspace()
    try? FileManager.default.removeItem(
      at: folder.appendingPathComponent("datasets/kpi-2023-08.sqlite"))
    let run = try kpi(arguments, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    return (folder, run.stdout)
  }

  /// The DR2023 figures that are manually judged goals of the whole federation ("fyra av 17",
  /// "tre nåtts" of twelve): the interim project holds no manual goals, because the report
  /// lists neither all 17 goals nor their statuses, and its own counts disagree (8 delvis + 3
  /// nådda of 12). They are left out here and named, so that a new DR2023 row is not skipped
  /// silently.
  static let notInTheProject: Set<String> = [
    "goals regional_goals_met 2023-08 Regional utveckling", "goals goals_met 2023-08 all units",
  ]

  @Test func everyInterimFigure() throws {
    let figures = try PublishedFigure.load().filter { $0.source.hasPrefix("DR2023:") }
    #expect(figures.count == 30)  // 22 questionnaire, 6 visitors, 2 goals
    let (folder, _) = try Self.run()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out-2023-08")
    let questionnaire = try readOutput(out.appendingPathComponent("narvard/questionnaire.csv"))
    let visitors = try readOutput(out.appendingPathComponent("navet/visitors.csv"))
    let conferences = try readOutput(
      out.appendingPathComponent("navet-konferenser/visitors.csv"))
    let goals = try readOutput(out.appendingPathComponent("goals.csv"))
    var checked = 0

    for figure in figures {
      switch (figure.dataset, figure.kpi) {
      case ("questionnaire", "response_rate"), ("questionnaire", "share_yes"):
        let ids = try #require(
          PublishedSurveyFiguresTests.questionIDs[figure.scope], "\(figure.testDescription)")
        for id in ids {
          let total = try #require(
            questionnaire.first { $0["group"] == "Totalt" && $0["question"] == id }, "\(id)")
          let column = figure.kpi == "response_rate" ? "response_rate" : "share"
          let value = try #require(
            total[column].flatMap(Double.init), "\(figure.testDescription)")
          // The one figure whose note says it is inconsistent: Q7's response rate, printed
          // "57 % (3 av 5 personer)". 3 of 5 is 60 %, and the data follow the counts, so the
          // consistent 60 is asserted instead of the printed 57.
          let expected =
            PublishedSurveyFiguresTests.consistentInstead[
              "\(figure.kpi) \(figure.period) \(figure.scope)"] ?? figure.value
          if expected != figure.value { #expect(figure.note.contains("inconsistent")) }
          #expect(
            published(value, decimals: figure.decimals) == expected,
            "\(figure.testDescription) (\(id)): \(value)")
        }

      case ("visitors", "change_pct"):
        // "2023-H1 vs 2022-H1" is the row's `growth`; "2023-H1 vs 2019-H1" the base year's
        // `growth_vs_base`. The interim run sees the counts through 31 August 2023 only.
        let parts = figure.period.components(separatedBy: " vs ")
        let (period, against) = (parts[0], parts[1])
        let previous = Int(period.prefix(4))! - 1 == Int(against.prefix(4))!
        let rows = visitors.filter {
          $0["category"] == PublishedVisitorTests.category(figure.scope)
            && $0["period_type"] == PublishedVisitorTests.periodType(Substring(period))
            && $0["period"] == period
        }
        let row = try #require(
          previous ? rows.first : rows.first { $0["base_period"] == against },
          "\(figure.testDescription)")
        let growth = try #require(
          Double(row[previous ? "growth" : "growth_vs_base"] ?? ""), "\(figure.testDescription)")
        #expect(
          published(growth, decimals: figure.decimals) == figure.value,
          "\(figure.testDescription): \(growth)")

      case ("visitors", "conferences"):
        // "2023-01..2023-08": the year 2023 as the interim report sees it, January–August;
        // "2022-01..2022-08": the same months of 2022, which that row is compared with.
        let row = try #require(
          conferences.first {
            $0["category"] == "konferenser" && $0["period_type"] == "year"
              && $0["period"] == "2023"
          })
        #expect(row["note"]?.contains("januari–augusti") == true, "\(row)")
        let column = figure.period.hasPrefix("2023") ? "visitors" : "previous"
        #expect(Double(row[column] ?? "") == figure.value, "\(figure.testDescription)")

      case ("visitors", "goal"):
        // "ökat antal besökare 15%": judged on January–August 2023 against the same months
        // of 2022 (+49 %).
        let goal = try #require(goals.first { $0["id"] == "navet-tillvaxt" })
        let target = try #require(Double(goal["target"] ?? ""))
        #expect(published(target, decimals: figure.decimals) == figure.value)
        #expect(goal["comparator"] == ">=")
        #expect(goal["status"] == "met")
        #expect(goal["text"]?.contains("jämförbar del av året") == true)

      default:
        #expect(
          Self.notInTheProject.contains(figure.testDescription),
          "unexpected figure \(figure.testDescription)")
        continue
      }
      checked += 1
    }
    #expect(checked == 28)
  }

  // The page, the notebook and the printed lines say it is the interim report, not the
  // annual one.
  @Test func theReportSaysItIsAnInterimReport() throws {
    let (folder, stdout) = try Self.run()
    defer { try? FileManager.default.removeItem(at: folder) }
    let html = try String(
      contentsOf: folder.appendingPathComponent("out-2023-08/report.html"), encoding: .utf8)
    #expect(
      html.contains(
        "<title>Delårsrapport per 31 augusti 2023 – Boråsregionen Sjuhärads kommunalförbund"
          + "</title>"))
    #expect(html.contains("<h1>Delårsrapport per 31 augusti 2023</h1>"))
    #expect(!html.contains("Måluppfyllelse och nyckeltal"))
    #expect(html.contains("<h2>Navet – konferenser</h2>"))
    #expect(
      stdout.hasPrefix(
        "Boråsregionen Sjuhärads kommunalförbund, delårsrapport per 31 augusti 2023\n"))
    #expect(stdout.contains("Konferenser: "))
    let summary = try String(
      contentsOf: folder.appendingPathComponent("out-2023-08/navet/visitors-summary.txt"),
      encoding: .utf8)
    #expect(
      summary.hasPrefix(
        "2023 omfattar januari–augusti och jämförs med samma månader tidigare år.\n"))
    let notebook = try String(
      contentsOf: folder.appendingPathComponent("notebooks-export/sjuharad-2023-08.ipynb"),
      encoding: .utf8)
    #expect(notebook.contains("\"# Delårsrapport per 31 augusti 2023\\n\""))
  }

  // Like the annual notebook: the committed interim notebook is what the command writes today.
  @Test func committedNotebookIsUpToDate() throws {
    let (folder, _) = try Self.run()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = "notebooks-export/sjuharad-2023-08.ipynb"
    let fresh = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    let committed = try String(
      contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    #expect(fresh == committed, "\(path) is out of date: run make interim and commit it")
    let validation = try tool(
      "python3",
      [
        "-c",
        "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))",
        folder.appendingPathComponent(path).path,
      ])
    #expect(validation.0 == 0, "nbformat rejects the notebook")
  }
}
