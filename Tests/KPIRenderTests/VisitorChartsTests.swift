import KPIAnalysis
import KPIModel
import Testing

@testable import KPIRender

/// The specs the visitor charts build from a small hand-made result (see `VisitorFixtures`
/// for the numbers), before any layout.
@Suite("Visitor chart specs")
struct VisitorChartsTests {
  struct Unexpected: Error {}

  static func lines(_ spec: ChartSpec?) throws -> LineChart {
    guard case .lines(let chart) = spec?.kind else { throw Unexpected() }
    return chart
  }

  static func columns(_ spec: ChartSpec?) throws -> ColumnChart {
    guard case .columns(let chart) = spec?.kind else { throw Unexpected() }
    return chart
  }

  static func bars(_ spec: ChartSpec?) throws -> BarChart {
    guard case .bars(let chart) = spec?.kind else { throw Unexpected() }
    return chart
  }

  static let nnbsp = "\u{202F}"
  static let nbsp = "\u{00A0}"

  @Test func allChartsInReportOrder() throws {
    let specs = VisitorCharts.all(try VisitorFixtures.result())
    #expect(
      specs.map(\.id) == [
        "visitors-2024-per-manad", "visitors-2024-per-ar", "visitors-2024-sasongsindex",
        "visitors-2024-kategorier",
      ])
  }

  @Test func monthlyComparesWithThePreviousAndEachBaseYear() throws {
    let spec = VisitorCharts.monthly(try VisitorFixtures.result())
    #expect(spec?.title == "Besökare per månad 2024 jämfört med 2023, 2022 och 2019")
    let chart = try Self.lines(spec)
    #expect(
      chart.categories == [
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep",
        "okt", "nov", "dec",
      ])
    #expect(chart.series.map(\.name) == ["2024", "2023", "2022", "2019"])
    // 2024 stands out: thickest, with points.
    #expect(chart.series[0].width == 3 && chart.series[0].showsPoints)
    #expect(chart.series.dropFirst().allSatisfy { $0.width == 2 && !$0.showsPoints })
    // Totalt: 1 820 an ordinary month of 2024, 1 850 in July.
    #expect(chart.series[0].values[0] == 1_820 && chart.series[0].values[6] == 1_850)
    #expect(chart.axis.format == .number(decimals: 0))
  }

  // Skolprogram has no March 2022: the total of that month is a gap, not a zero.
  @Test func aMissingMonthIsAGapNeverAZero() throws {
    let spec = VisitorCharts.monthly(try VisitorFixtures.result())
    let chart = try Self.lines(spec)
    let year2022 = try #require(chart.series.first { $0.name == "2022" })
    #expect(year2022.values[2] == nil)
    #expect(year2022.values.compactMap { $0 }.count == 11)
    #expect(!year2022.values.contains(0))
    #expect(spec?.notes.contains { $0.contains("mars 2022") && $0.contains("inte") } == true)
    #expect(spec?.description.contains("data saknas för månaden (mars 2022)") == true)
  }

  @Test func monthlyDescriptionNamesTheExtremesAndTheGrowth() throws {
    let text = try #require(VisitorCharts.monthly(try VisitorFixtures.result())?.description)
    #expect(
      text.contains(
        "Flest besökare 2024 kom i juli (1\(Self.nnbsp)850), färst i januari (1\(Self.nnbsp)820)."))
    // 21 870 / 19 520 − 1 = 12,0 %.
    #expect(
      text.contains("Under hela 2024 var antalet 21\(Self.nnbsp)870, 12\(Self.nbsp)% fler än 2023.")
    )
  }

  // A report per 30 June 2025: the months after June are no data, not zeros, and the year
  // says how far it goes.
  @Test func aPartialYearStopsWhereTheDataStop() throws {
    let spec = VisitorCharts.monthly(try VisitorFixtures.result(partial: true))
    let chart = try Self.lines(spec)
    #expect(chart.series[0].name == "2025")
    #expect(chart.series[0].values.prefix(6).allSatisfy { $0 == 1_820 })
    #expect(chart.series[0].values.suffix(6).allSatisfy { $0 == nil })
    #expect(spec?.notes.first == "2025 omfattar januari–juni.")
    // Every month the same: no month is named the largest.
    #expect(spec?.description.contains("Flest") == false)
    #expect(spec?.description.contains("samma månader 2024") == true)
  }

  @Test func annualBarsHaveGapsTrendAndForecast() throws {
    let result = try VisitorFixtures.result()
    let spec = VisitorCharts.annual(result)
    let chart = try Self.columns(spec)
    #expect(chart.columns.map(\.label) == (2019...2025).map(String.init))
    #expect(chart.columns[0].measure == .value(15_100))
    #expect(chart.columns[1].measure == .missing(note: "ingen data"))
    #expect(chart.columns[2].measure == .missing(note: "ingen data"))
    // 2022 has a missing month, so no total.
    #expect(chart.columns[3].measure == .missing(note: "luckor i data"))
    #expect(chart.columns[4].measure == .value(19_520))
    #expect(chart.columns[5].measure == .value(21_870))
    #expect(chart.columns[6].measure == nil)

    let trend = try #require(result.trend("Totalt"))
    let fit = try #require(trend.ordinary)
    let line = try #require(chart.trend)
    #expect(line.values.count == 7 && line.values.allSatisfy { $0 != nil })
    #expect(line.values[0] == fit.intercept + fit.slope * 2019)
    #expect(line.values[6] == fit.intercept + fit.slope * 2025)
    #expect(line.name == "Linjär trend 2019, 2023–2024")

    // The forecast the summary gives: the twelve months of 2025 added up.
    let forecast = try #require(chart.forecast)
    #expect(forecast.column == 6)
    let months = trend.forecast
    #expect(months.count == 12 && months.allSatisfy { $0.month.year == 2025 })
    #expect(forecast.estimate == months.reduce(0) { $0 + $1.estimate })
    #expect(forecast.interval.upperBound == months.reduce(0) { $0 + $1.band.upperBound })
    let method = try #require(trend.method)
    #expect(spec?.description.contains("gjord med \(method.swedish)") == true)
    #expect(spec?.title == "Besökare per år 2019–2024 med trend och prognos")
  }

  // Without a forecast covering the next calendar year (the months after June 2025 are not
  // a calendar year), the trend's own prediction is shown, and the method says so.
  @Test func annualPartialYearIsAGapAndTheTrendPredicts() throws {
    let result = try VisitorFixtures.result(partial: true)
    let spec = VisitorCharts.annual(result)
    let chart = try Self.columns(spec)
    #expect(chart.columns.last?.label == "2025")
    #expect(chart.columns.last?.measure == .missing(note: "ofullständigt år"))
    let prediction = try #require(result.trend("Totalt")?.ordinaryForecast)
    #expect(chart.forecast?.estimate == prediction.estimate)
    #expect(chart.forecast?.column == 6)
    #expect(spec?.description.contains("gjord med linjär trend") == true)
    #expect(spec?.notes.last == "2025 omfattar bara januari–juni och visas därför utan stapel.")
  }

  @Test func annualWithoutThreeWholeYearsHasNoTrend() throws {
    let counts = VisitorFixtures.counts().filter { $0.date.year >= 2023 }
    let result = try VisitorAnalysis.analyse(counts)
    let spec = VisitorCharts.annual(result)
    let chart = try Self.columns(spec)
    #expect(chart.trend == nil && chart.forecast == nil)
    #expect(spec?.title == "Besökare per år 2023–2024")
    #expect(spec?.notes == ["Trend kräver minst tre hela år, data har 2."])
  }

  @Test func seasonalProfileHasTotaltFirstAndTheAverageMonth() throws {
    let result = try VisitorFixtures.result()
    let spec = VisitorCharts.seasonal(result)
    let chart = try Self.lines(spec)
    #expect(chart.series.map(\.name) == ["Totalt", "allmänhet", "skolprogram"])
    let index = try #require(result.trend("Totalt")?.seasonal)
    #expect(chart.series[0].values == index.indices.map(Optional.some))
    #expect(chart.reference == ReferenceLine(value: 1, label: "1 = genomsnittlig månad"))
    // The run of whole months starts after the gap in March 2022.
    #expect(spec?.description.contains("april 2022–december 2024") == true)
    #expect(spec?.description.contains("allmänhet juli") == true)
  }

  @Test func seasonalNeedsTwoYearsOfWholeMonths() throws {
    let counts = VisitorFixtures.counts().filter { $0.date.year == 2024 }
    #expect(VisitorCharts.seasonal(try VisitorAnalysis.analyse(counts)) == nil)
  }

  // 2024: allmänhet 15 500 and skolprogram 6 370 of 21 870.
  @Test func categorySharesOfTheLatestWholeYear() throws {
    let spec = VisitorCharts.categoryShares(try VisitorFixtures.result(partial: true))
    let chart = try Self.bars(spec)
    #expect(spec?.title == "Andel av besökarna per kategori 2024")
    #expect(chart.rows.map(\.label) == ["allmänhet", "skolprogram"])
    #expect(chart.rows.map { $0.measures[0].value } == [15_500 / 21_870, 6_370 / 21_870])
    #expect(chart.rows[0].detail == "15\(Self.nnbsp)500 besökare")
    #expect(spec?.notes == ["2025 är inte ett helt år; diagrammet visar 2024."])
    #expect(
      spec?.description
        == "Av 21\(Self.nnbsp)870 besökare 2024 var 71\(Self.nbsp)% allmänhet (15\(Self.nnbsp)500) "
        + "och 29\(Self.nbsp)% skolprogram (6\(Self.nnbsp)370).")
  }

  @Test func oneCategoryHasNoShares() throws {
    let counts = VisitorFixtures.counts().filter { $0.category == "allmänhet" }
    let result = try VisitorAnalysis.analyse(counts)
    #expect(VisitorCharts.categoryShares(result) == nil)
    // The seasonal profile is then Totalt alone, with its values printed.
    let chart = try Self.lines(VisitorCharts.seasonal(result))
    #expect(chart.series.count == 1 && chart.series[0].labelsValues)
  }
}
