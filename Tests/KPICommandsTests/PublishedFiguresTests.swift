import Foundation
import KPIIngest
import Testing

/// The repository's root, from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// A published figure of datasets/reference/published-figures.csv.
struct PublishedFigure: Sendable, CustomTestStringConvertible {
  var dataset: String
  var kpi: String
  var period: String
  var scope: String
  var value: Double
  var decimals: Int
  /// The document and line, e.g. `DR2023:5169`.
  var source: String
  var note: String
  var testDescription: String { "\(dataset) \(kpi) \(period) \(scope)" }

  static func load(dataset: String) throws -> [PublishedFigure] {
    try load().filter { $0.dataset == dataset }
  }

  /// Every figure of the file, in its order.
  static func load() throws -> [PublishedFigure] {
    let url = repositoryRoot.appendingPathComponent("datasets/reference/published-figures.csv")
    var table = try TableReader(source: try CSVSource(url: url))
    let columns = try [
      "dataset", "kpi", "period", "scope", "value", "decimals", "source", "note",
    ].map { try table.requireColumn($0) }
    var figures: [PublishedFigure] = []
    while let row = try table.nextRow() {
      figures.append(
        PublishedFigure(
          dataset: row[columns[0]], kpi: row[columns[1]], period: row[columns[2]],
          scope: row[columns[3]], value: Double(row[columns[4]])!,
          decimals: Int(row[columns[5]])!, source: row[columns[6]], note: row[columns[7]]))
    }
    return figures
  }
}

/// Reads an output CSV (rfc dialect) into dictionaries by header.
func readOutput(_ url: URL) throws -> [[String: String]] {
  var table = try TableReader(source: try CSVSource(url: url))
  var rows: [[String: String]] = []
  while let row = try table.nextRow() {
    rows.append(Dictionary(uniqueKeysWithValues: zip(table.header, row.fields)))
  }
  return rows
}

/// A fraction as the report prints it: percent rounded to `decimals`, half away from zero.
func published(_ fraction: Double, decimals: Int) -> Double {
  let factor = pow(10, Double(decimals))
  return (fraction * 100 * factor).rounded(.toNearestOrAwayFromZero) / factor
}

@Suite("Bundled survey data reproduce the published figures")
struct PublishedSurveyFiguresTests {
  /// The questionnaire's published scopes and the question ids of the bundled specs.
  static let questionIDs: [String: [String]] = [
    "Q1 spridningskonferens": ["spridningskonferens"], "Q2 kallelse i tid": ["kallelse"],
    "Q3 protokoll för justering": ["protokoll_justering"],
    "Q4 informationsbrev": ["informationsbrev"],
    "Q5 professionella": ["professionella"], "Q6 tillgängliga": ["tillgangliga"],
    "Q7 ärenden väl beredda": ["arenden"], "Q8 stöd uppdragsgrupper": ["stod_uppdragsgrupper"],
    "Q9 handledning projektledare": ["handledning"], "Q10 mötesanteckningar": ["motesanteckningar"],
    "Q11 protokoll tydliga": ["protokoll"],
    "Mål 1 värdeskapande möten (all questions)": [
      "kallelse", "arenden", "protokoll", "informationsbrev", "motesanteckningar",
    ],
    "Mål 2 professionella": ["professionella"],
    "Mål 2 tillgängliga / stötta ordförande / handledning": [
      "tillgangliga", "stod_ordforande", "handledning",
    ],
    "every question": [
      "kallelse", "arenden", "protokoll", "informationsbrev", "motesanteckningar",
      "professionella", "tillgangliga", "stod_ordforande", "handledning",
    ],
  ]

  /// Published figures the bundled data reproduce as the consistent value instead (see
  /// datasets/README.md): Q7's "57 % (3 av 5 personer)" is 3/5 = 60 %.
  static let consistentInstead: [String: Double] = [
    "response_rate 2023-08 Q7 ärenden väl beredda": 60
  ]

  static func runQuestionnaire(_ period: String) throws -> [[String: String]] {
    let out = try temporaryFolder()
    let run = try kpi(
      "questionnaire", "--data", "datasets/narvard/\(period).csv",
      "--spec", "datasets/narvard/spec-\(period).yaml", "--out", out.path,
      in: repositoryRoot)
    #expect(run.status == 0, "\(run.stderr)")
    return try readOutput(out.appendingPathComponent("questionnaire.csv"))
  }

  @Test func questionnaire() throws {
    let figures = try PublishedFigure.load(dataset: "questionnaire")
    #expect(figures.count == 26)  // 22 from 2023-08, 4 from 2025-12
    let outputs = [
      "2023-08": try Self.runQuestionnaire("2023-08"),
      "2025-12": try Self.runQuestionnaire("2025-12"),
    ]
    for figure in figures {
      let rows = try #require(outputs[figure.period], "\(figure.testDescription)")
      let ids = try #require(Self.questionIDs[figure.scope], "\(figure.testDescription)")
      for id in ids {
        let total = try #require(
          rows.first { $0["group"] == "Totalt" && $0["question"] == id }, "\(id)")
        let column =
          switch figure.kpi {
          case "response_rate": "response_rate"
          case "share_yes": "share"
          default: "goal"
          }
        let value = try #require(total[column].flatMap(Double.init), "\(figure.testDescription)")
        let expected =
          Self.consistentInstead["\(figure.kpi) \(figure.period) \(figure.scope)"] ?? figure.value
        #expect(
          published(value, decimals: figure.decimals) == expected,
          "\(figure.testDescription) (\(id)): \(value)")
      }
    }
  }
}

extension PublishedSurveyFiguresTests {
  // The command as README and datasets/README.md show it: 2025 (XLSX) against 2024 (CSV).
  @Test func networkSurvey() throws {
    let out = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let outputs = try ["2025", "2024"].reduce(into: [String: URL]()) { outputs, year in
      let folder = out.appendingPathComponent(year)
      let data = year == "2025" ? "2025.xlsx" : "2024.csv"
      let run = try kpi(
        "survey", "--data", "datasets/natverksenkat/\(data)",
        "--spec", "datasets/natverksenkat/spec-\(year).yaml", "--out", folder.path,
        in: repositoryRoot)
      #expect(run.status == 0, "\(run.stderr)")
      outputs[year] = folder
    }
    let figures = try PublishedFigure.load(dataset: "network_survey")
    #expect(figures.count == 11)
    for figure in figures {
      let folder = try #require(outputs[figure.period])
      let shares = try readOutput(folder.appendingPathComponent("survey.csv"))
      let total = try #require(shares.first { $0["group"] == "Totalt" })
      let value: Double
      switch figure.kpi {
      case "respondents": value = try #require(total["respondents"].flatMap(Double.init))
      case "networks_surveyed": value = Double(shares.filter { $0["group"] != "Totalt" }.count)
      case "response_rate":
        value = published(try #require(total["response_rate"].flatMap(Double.init)), decimals: 0)
      case "share_satisfied":
        value = published(try #require(total["share"].flatMap(Double.init)), decimals: 0)
      case "goal": value = published(try #require(total["goal"].flatMap(Double.init)), decimals: 0)
      case "answer_share":
        let answers = try readOutput(folder.appendingPathComponent("survey-answers.csv"))
        let row = try #require(
          answers.first { $0["group"] == "Totalt" && $0["answer"] == figure.scope })
        value = published(try #require(row["share"].flatMap(Double.init)), decimals: 0)
      default:
        Issue.record("unexpected figure \(figure.testDescription)")
        continue
      }
      #expect(value == figure.value, "\(figure.testDescription)")
    }
  }

  @Test func networkSurveySummaryReadsLikeTheReport() throws {
    let out = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try kpi(
      "survey", "--data", "datasets/natverksenkat/2025.xlsx",
      "--spec", "datasets/natverksenkat/spec-2025.yaml",
      "--previous", "datasets/natverksenkat/2024.csv",
      "--previous-spec", "datasets/natverksenkat/spec-2024.yaml", "--out", out.path,
      in: repositoryRoot)
    #expect(run.status == 0)
    let nbsp = "\u{00A0}"
    #expect(
      run.lines == [
        "143 personer svarade på enkäten som skickades till 22 nätverk, vilket motsvarar "
          + "64\(nbsp)% svarsfrekvens, jämfört med 63\(nbsp)% föregående år.",
        "Följande fråga ställdes: I vilken utsträckning är du nöjd med nätverket i sin helhet?",
        "45\(nbsp)% svarade I mycket hög grad och 49\(nbsp)% I hög grad, totalt 94\(nbsp)% nöjda. "
          + "Detta kan jämföras med 42\(nbsp)% respektive 53\(nbsp)% föregående år.",
        "Målet (minst 85\(nbsp)%) är uppfyllt.",
      ])
    // 134/143 against 133/140: statsmodels 0.15.0
    // confint_proportions_2indep(134, 143, 133, 140, method="newcomb", compare="diff")
    let change = try readOutput(out.appendingPathComponent("survey-change.csv"))
    let total = try #require(change.first { $0["group"] == "Totalt" })
    #expect(isClose(total["difference"].flatMap(Double.init), 134.0 / 143.0 - 0.95))
    #expect(isClose(total["ci_low"].flatMap(Double.init), -0.07119275796721602))
    #expect(isClose(total["ci_high"].flatMap(Double.init), 0.04476644161485559))
  }
}
