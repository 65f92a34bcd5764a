import Foundation
import KPIAnalysis
import KPIEngine
import KPIModel
import KPIRender
import KPIStore
import Testing

/// The bundled datasets, found from this file.
let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("datasets")

/// A fresh temporary folder.
func temporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("kpi-engine-\(UUID())")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// The engine called directly, without a subprocess, for every kind, on the bundled data.
/// The expected figures are the ones the federation printed (`datasets/reference/
/// published-figures.csv`, with the line of the report each comes from).
@Suite("Engine: every kind run directly")
struct EngineKindTests {
  @Test func survey() throws {
    let analysis = SurveyAnalysis(
      .survey,
      SurveyEntry(
        id: "natverksenkat", data: "natverksenkat/2025.xlsx", spec: "natverksenkat/spec-2025.yaml",
        previous: "natverksenkat/2024.csv", previousSpec: "natverksenkat/spec-2024.yaml"),
      folder: datasets)
    let outcome = try analysis.run(AnalysisContext())
    // AR2025:1970 143 respondents; AR2025:342 94 % satisfied; AR2025:1972 64 % answered.
    let total = try #require(
      outcome.values.first {
        $0.kpi == "natverksenkat.helhet.share" && $0.period == "2025" && $0.scope == "Totalt"
      })
    #expect(total.count == 143)
    #expect(((total.value ?? 0) * 100).rounded() == 94)
    let rate = try #require(
      outcome.values.first {
        $0.kpi == "natverksenkat.helhet.response_rate" && $0.period == "2025"
          && $0.scope == "Totalt"
      })
    #expect(((rate.value ?? 0) * 100).rounded() == 64)
    // 2024's round is stored too, from --previous: AR2025:1972 63 %.
    #expect(outcome.values.contains { $0.period == "2024" })
    #expect(outcome.goals.map(\.id) == ["natverksenkat-helhet"])
    #expect(outcome.goals.first?.status == .met)
    #expect(outcome.headline == "Nätverksenkät 2025" && outcome.period == "2025")
    #expect(
      outcome.history
        == HistoryRequest(
          kpi: "natverksenkat.helhet.share", scope: "Totalt",
          caption: "Nöjda med nätverket i sin helhet: andel över tid (Totalt)",
          label: "Andel nöjda"))
    #expect(
      Set(outcome.files.map(\.name)).isSuperset(of: [
        "survey.csv", "survey-answers.csv", "survey-summary.txt", "survey-change.csv",
      ]))
  }

  @Test func questionnaire() throws {
    let analysis = SurveyAnalysis(
      .questionnaire,
      SurveyEntry(id: "narvard", data: "narvard/2025-12.csv", spec: "narvard/spec-2025-12.yaml"),
      folder: datasets)
    let outcome = try analysis.run(AnalysisContext(dialect: .excelSwedish))
    // AR2025:5052: every question answered "ja" by at least 95 %; AR2025:5100: the lowest
    // is "professionella" at 96 %.
    let goal = try #require(outcome.goals.first)
    #expect(outcome.goals.count == 1 && goal.id == "narvard-samtliga-fragor")
    #expect(goal.status == .met && ((goal.value ?? 0) * 100).rounded() == 96)
    #expect(outcome.history?.label == "Andel ja")
    let csv = try #require(outcome.files.first { $0.name == "questionnaire.csv" })
    // excel-sv: BOM, semicolons.
    #expect(csv.contents.hasPrefix("\u{FEFF}period;group;question;"))
  }

  @Test func sickLeave() throws {
    let analysis = SickLeaveAnalysis(
      SickLeaveEntry(
        id: "sjukfranvaro", employees: "sjukfranvaro/employees.csv",
        spells: "sjukfranvaro/spells.csv"),
      folder: datasets)
    // A report's period names the table's last year.
    let outcome = try analysis.run(AnalysisContext(reportPeriod: "2025"))
    func rate(_ period: String, _ sex: String) -> Double? {
      outcome.values.first {
        $0.kpi == "sjukfranvaro.rate" && $0.period == period && $0.scope == "\(sex) all"
      }?.value
    }
    // AR2025:475: 52,8 årsarbetare in 2025. AR2025:477-481: 3,3 / 2,0 / 2,2 % in all; women
    // 2,8 % and men 0,6 % in 2025.
    let fte = outcome.values.first { $0.kpi == "sjukfranvaro.fte" && $0.period == "2025" }
    #expect(((fte?.value ?? 0) * 10).rounded() / 10 == 52.8)
    let printed =
      [("2023", "all", 3.3), ("2024", "all", 2.0), ("2025", "all", 2.2)]
      + [("2025", "women", 2.8), ("2025", "men", 0.6)]
    for (period, sex, percent) in printed {
      let value = try #require(rate(period, sex), "\(period) \(sex)")
      #expect((value * 1000).rounded() / 10 == percent, "\(period) \(sex)")
    }
    #expect(outcome.goals.isEmpty && outcome.period == "2025" && outcome.notices.isEmpty)
    #expect(outcome.headline == "Sjukfrånvaro")
  }

  @Test func visitors() throws {
    let analysis = VisitorsAnalysis(
      VisitorsEntry(
        id: "navet", data: "navet/visitors.csv",
        options: VisitorOptions(baseYears: [2019, 2022], goal: 0.15)),
      folder: datasets)
    let outcome = try analysis.run(AnalysisContext(reportPeriod: "2025"))
    // AR2025:5583: 73 416 visitors in 2025, a record year; 65 453 in 2024 gives
    // 73 416 / 65 453 − 1 = 12,2 %, short of the goal of +15 %.
    let csv = try #require(outcome.files.first { $0.name == "visitors.csv" })
    #expect(csv.contents.contains("\nTotalt,year,2025,73416,65453,7963,"))
    let goal = try #require(outcome.goals.first)
    #expect(goal.id == "navet-tillvaxt" && goal.status == .notMet)
    #expect(abs((goal.value ?? 0) - (73416.0 / 65453.0 - 1)) < 1e-12)
    #expect(
      goal.text == "Antalet besökare ska öka med minst 15\u{00A0}% jämfört med föregående år")
    // Issue 17, item 10: with base years the values reach the store, once per category and
    // year (there is a row per base year in visitors.csv).
    let stored = outcome.values.filter { $0.kpi == "navet.visitors" }
    #expect(stored.first { $0.period == "2025" && $0.scope == "Totalt" }?.value == 73416)
    #expect(Set(stored.map { "\($0.period) \($0.scope)" }).count == stored.count)
    #expect(stored.contains { $0.period == "2019" })
    // No `title:`: the section is headed by the noun, not by Navet's name (a museum or a
    // footfall counter is no Navet); the bundled project writes its own.
    #expect(outcome.section.title == "Besökare")
    var titled = analysis.entry
    titled.title = "Navet – besökare"
    let named = try VisitorsAnalysis(titled, folder: datasets).run(
      AnalysisContext(reportPeriod: "2025"))
    #expect(named.section.title == "Navet – besökare")
  }

  // An interim report's date cuts the counts where the entry does not: 2023 is then
  // January–August against the same months of 2022 (DR2023:204-206), and the goal is that of
  // 2023 although the report's period is 2023-08. An entry's own `through` is kept.
  @Test func visitorsAsOfAnInterimReport() throws {
    let entry = VisitorsEntry(
      id: "navet", data: "navet/visitors.csv",
      options: VisitorOptions(baseYears: [2019], goal: 0.15))
    let context = AnalysisContext(
      reportPeriod: "2023-08", asOf: CalendarDate(year: 2023, month: 8, day: 31))
    let outcome = try VisitorsAnalysis(entry, folder: datasets).run(context)
    let csv = try #require(outcome.files.first { $0.name == "visitors.csv" })
    #expect(!csv.contents.contains("\nTotalt,year,2024,"))
    #expect(csv.contents.contains("\nTotalt,half,2023-H1,27136,21200,5936,0.28,2019-H1,18976,"))
    #expect(csv.contents.contains("\nTotalt,summer,2023-summer,19400,9700,9700,1,"))
    #expect(csv.contents.contains("\nTotalt,year,2023,40905,27441,"))
    let goal = try #require(outcome.goals.first)
    #expect(goal.status == .met && goal.period == "2023-08")
    #expect(abs((goal.value ?? 0) - (40905.0 / 27441.0 - 1)) < 1e-12)

    var own = entry
    own.options.through = CalendarDate(year: 2023, month: 6)
    let cut = try VisitorsAnalysis(own, folder: datasets).run(context)
    let rows = try #require(cut.files.first { $0.name == "visitors.csv" })
    #expect(rows.contents.contains("\nTotalt,year,2023,27136,21200,"))
  }

  @Test func aNoticeIsReturnedNotPrinted() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // March 2022 missing between two months that are there.
    try Data("date,category,visitors\n2022-01,A,10\n2022-02,A,12\n2022-04,A,9\n".utf8).write(
      to: folder.appendingPathComponent("besok.csv"))
    let outcome = try VisitorsAnalysis(VisitorsEntry(id: "v", data: "besok.csv"), folder: folder)
      .run(AnalysisContext())
    #expect(outcome.notices.contains(Notice(.warning, "besok.csv: no count for A: 2022-03")))
    #expect(
      outcome.notices.first?.line(command: "kpi visitors")
        == "kpi visitors: warning: besok.csv: no count for A: 2022-03")
  }
}

/// A fifth kind, written here the way `docs/ARCHITECTURE.md` says one is added: rows counted
/// per category of a CSV, with a goal on the total. It proves that the engine and the
/// report's loop take any ``Analysis``.
struct RowCountAnalysis: Analysis {
  var id: String
  var data: URL
  var goal: Double

  var kindName: String { "rowcount" }
  var reportOrder: Int { 4 }

  func run(_ context: AnalysisContext) throws -> AnalysisOutcome {
    let text = try String(contentsOf: data, encoding: .utf8)
    var counts: [String: Int] = [:]
    for line in text.split(separator: "\n").dropFirst() {
      counts[String(line.split(separator: ",")[0]), default: 0] += 1
    }
    let categories = counts.keys.sorted()
    let total = Double(counts.values.reduce(0, +))
    let period = context.reportPeriod ?? "2025"
    let writer = CSVWriter(dialect: context.dialect)
    let csv = writer.document(
      header: ["category", "rows"],
      rows: categories.map { [.text($0), .number(Double(counts[$0]!))] })
    let summary = "\(Int(total)) rader i \(categories.count) kategorier.\n"
    return AnalysisOutcome(
      files: [OutputFile("rowcount.csv", csv), OutputFile("rowcount-summary.txt", summary)],
      summary: summary, headline: "Rader", period: period, inputs: [data],
      values: categories.map {
        KPIValue(kpi: "\(id).rows", period: period, scope: $0, value: Double(counts[$0]!))
      },
      goals: [
        GoalResult(
          id: "\(id)-rader", text: "Minst \(Int(goal)) rader", period: period, value: total,
          target: goal, comparator: .atLeast, status: total >= goal ? .met : .notMet,
          source: "computed:\(id)")
      ],
      section: ReportSection(id: id, title: "Rader per kategori", blocks: [.paragraph(summary)]))
  }
}

@Suite("Engine: a fifth analysis kind")
struct FifthKindTests {
  static let rows = "category,note\nbibliotek,x\nmuseum,y\nbibliotek,z\n"

  @Test func runsOnItsOwn() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("rows.csv")
    try Data(Self.rows.utf8).write(to: data)
    let out = folder.appendingPathComponent("out")
    let outcome = try Engine.run(RowCountAnalysis(id: "rader", data: data, goal: 3), out: out)
    // bibliotek 2, museum 1: 3 rows, the goal of at least 3 met.
    #expect(
      try String(contentsOf: out.appendingPathComponent("rowcount.csv"), encoding: .utf8)
        == "category,rows\r\nbibliotek,2\r\nmuseum,1\r\n")
    #expect(outcome.goals.first?.status == .met)
  }

  @Test func runsInTheReportLoopBesideTheBuiltInKinds() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("rows.csv")
    try Data(Self.rows.utf8).write(to: data)
    let project = ProjectFile(
      organisation: "Testförbundet", period: "2025",
      analyses: [
        .visitors(
          VisitorsEntry(
            id: "navet", data: datasets.appendingPathComponent("navet/visitors.csv").path,
            options: VisitorOptions(goal: 0.15)))
      ],
      goals: [ManualGoal(id: "m", text: "Ett manuellt mål", status: .partlyMet)],
      baseDirectory: folder)
    let out = folder.appendingPathComponent("out")
    let store = folder.appendingPathComponent("kpi.sqlite")
    let analyses =
      [RowCountAnalysis(id: "rader", data: data, goal: 4)]
      + project.analyses.map { $0.analysis(folder: project.baseDirectory) }
    let run = ReportRun(
      project: project, analyses: analyses, out: out, store: .sqlite(store),
      commandLine: "kpi report t")
    let outcome = try run.run()
    // The report's order puts the fifth kind (order 4) after visitors (3).
    #expect(outcome.analyses.map(\.headline) == ["Besökare", "Rader"])
    // Goals: visitors' growth (12,2 % < 15 %, not met), 3 rows < 4 (not met), the manual one.
    #expect(outcome.goals.map(\.id) == ["navet-tillvaxt", "rader-rader", "m"])
    #expect(outcome.goals.map(\.status) == [.notMet, .notMet, .partlyMet])
    let goals = try String(contentsOf: out.appendingPathComponent("goals.csv"), encoding: .utf8)
    #expect(goals.contains("\r\nrader-rader,Minst 4 rader,2025,3,4,>=,not_met,,computed:rader,"))
    let page = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(page.contains("Rader per kategori") && page.contains("3 rader i 2 kategorier."))
    #expect(
      FileManager.default.fileExists(atPath: out.appendingPathComponent("rader/rowcount.csv").path))
    #expect(outcome.text.contains("Rader: \(out.appendingPathComponent("rader").path)\n"))
    // The store holds its values under its own run.
    let values = try SQLiteStore(url: store).values(kpi: "rader.rows")
    #expect(values.map(\.scope).sorted() == ["bibliotek", "museum"])
    #expect(values.first { $0.scope == "bibliotek" }?.value == 2)
  }
}
