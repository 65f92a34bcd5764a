import KPIAnalysis
import KPIModel
import Testing

@testable import KPIRender

/// The specs the sick-leave charts build from a small hand-made breakdown (see
/// `SickLeaveFixtures`), above all that no chart shows what the tables withhold.
///
/// 2025: sick hours 556 of the 15 women's 30 000 scheduled hours, 444 of the 12 men's 24 000,
/// 1 000 of 54 000 in all; by spell class 100, 400 and 500 hours (10, 40, 50 %).
/// 2024: 520 of the women's hours, 120 of the men's, 640 in all; 15–59 days 160 of 640 hours
/// (25 %), while 60 days or more is one woman's 400 hours, so withheld.
@Suite("Sick-leave chart specs")
struct SickLeaveChartsTests {
  struct Unexpected: Error {}

  static func bars(_ spec: ChartSpec?) throws -> BarChart {
    guard case .bars(let chart) = spec?.kind else { throw Unexpected() }
    return chart
  }

  static func stacked(_ spec: ChartSpec?) throws -> StackedBarChart {
    guard case .stackedBars(let chart) = spec?.kind else { throw Unexpected() }
    return chart
  }

  static let withheld = Measure.missing(note: "ej redovisat")

  @Test func allChartsInReportOrder() throws {
    let specs = SickLeaveCharts.all(try SickLeaveFixtures.report())
    #expect(
      specs.map(\.id) == [
        "sickleave-2025-kon-och-alder", "sickleave-2025-sjukperioder",
        "sickleave-2025-jamforelse",
      ])
  }

  @Test func ratesBySexAndAgeBand() throws {
    let spec = SickLeaveCharts.bySexAndAge(try SickLeaveFixtures.report())
    #expect(spec?.title == "Sjukfrånvaro per kön och åldersgrupp 2025")
    let chart = try Self.bars(spec)
    #expect(chart.series.map(\.name) == ["Kvinnor", "Män", "Totalt"])
    #expect(
      chart.rows.map(\.label) == ["29 år och yngre", "30–49 år", "50 år och äldre", "Alla åldrar"])
    #expect(chart.rows.last?.emphasis == .total)
    #expect(chart.namesSeriesInGaps)
    let all: [Measure] = [
      .value(556.0 / 30_000), .value(444.0 / 24_000), .value(1_000.0 / 54_000),
    ]
    #expect(chart.rows[3].measures == all)
    // Nobody is 50 or older, and no man is under 30: no one to describe, so no value, and
    // not called withheld.
    #expect(chart.rows[2].measures.allSatisfy { $0 == .missing(note: "inga anställda") })
    #expect(chart.rows[0].measures[1] == .missing(note: "inga anställda"))
    // The three young women are a group of at most ten.
    #expect(chart.rows[0].measures[0] == Self.withheld)
  }

  // Every bar is a published figure and every withheld figure is a gap, in every chart.
  @Test func chartsShowExactlyWhatTheTableShows() throws {
    let report = try SickLeaveFixtures.report()
    let year = try #require(report.years.last)
    let chart = try Self.bars(SickLeaveCharts.bySexAndAge(report))
    let bands = AgeGroup.bands + [.all]
    let sexes: [SexGroup] = [.women, .men, .all]
    for (row, band) in zip(chart.rows, bands) {
      for (measure, sex) in zip(row.measures, sexes) {
        let figure = try #require(year.figure(.rate, sex: sex, age: band))
        if figure.isSuppressed {
          #expect(measure == Self.withheld, "\(band) \(sex)")
        } else {
          #expect(measure.value == figure.value, "\(band) \(sex)")
        }
      }
    }
    let comparison = try Self.bars(SickLeaveCharts.yearComparison(report))
    for (row, sex) in zip(comparison.rows, [SexGroup.women, .men, .all]) {
      for (measure, year) in zip(row.measures, report.years) {
        let figure = try #require(year.figure(.rate, sex: sex))
        #expect(figure.isSuppressed ? measure == Self.withheld : measure.value == figure.value)
      }
    }
  }

  // A report for HR's own use keeps withheld values: the charts must not show them.
  @Test func internalValuesNeverReachAChart() throws {
    let published = SickLeaveCharts.all(try SickLeaveFixtures.report())
    let internalUse = SickLeaveCharts.all(try SickLeaveFixtures.report(disclosure: .internalUse))
    #expect(internalUse == published)
    let svg = internalUse.map { $0.svg() }.joined()
    // The withheld 60+ share of 2024 is 400 / 640 = 62,5 %.
    #expect(!svg.contains("62,5"))
  }

  @Test func spellClassesStackTo100PercentOrAreAGap() throws {
    let spec = SickLeaveCharts.spellClasses(try SickLeaveFixtures.report())
    #expect(spec?.title == "Sjukfrånvaro efter sjukperiodens längd 2024–2025")
    let chart = try Self.stacked(spec)
    #expect(chart.segments.map(\.name) == ["1–14 dagar", "15–59 dagar", "60 dagar eller mer"])
    #expect(chart.axis.domain == 0...1)
    #expect(chart.rows.map(\.label) == ["2024", "2025"])
    // 2024: one class published, two withheld; a bar would give the others away as what is
    // left of 100 %.
    #expect(chart.rows[0].values == nil)
    #expect(
      chart.rows[0].note
        == "15–59 dagar: 25,0\u{00A0}%; 1–14 dagar och 60 dagar eller mer: ej redovisat")
    #expect(chart.rows[1].values == [0.1, 0.4, 0.5])
    #expect(spec?.description.contains("Fördelningen 2024 redovisas inte.") == true)
    #expect(spec?.notes.first?.hasPrefix("Ett år där någon del inte redovisas") == true)
  }

  @Test func yearsSideBySideOldestLightest() throws {
    let spec = SickLeaveCharts.yearComparison(try SickLeaveFixtures.report())
    #expect(spec?.title == "Sjukfrånvaro 2024–2025, totalt och per kön")
    let chart = try Self.bars(spec)
    #expect(chart.series.map(\.name) == ["2024", "2025"])
    #expect(chart.series.map(\.color) == [ChartColor("#4393C3"), ChartColor("#2166AC")])
    #expect(chart.rows.map(\.label) == ["Kvinnor", "Män", "Totalt"])
    let men: [Measure] = [.value(120.0 / 24_000), .value(444.0 / 24_000)]
    #expect(chart.rows[1].measures == men)
    #expect(
      spec?.description.hasPrefix(
        "Sjukfrånvaron totalt var 1,9\u{00A0}% 2025 och 1,2\u{00A0}% 2024.") == true)
  }

  @Test func oneYearHasNoComparison() throws {
    var report = try SickLeaveFixtures.report()
    report.years.removeFirst()
    #expect(SickLeaveCharts.yearComparison(report) == nil)
    #expect(SickLeaveCharts.all(report).count == 2)
  }

  // Five employees: every group is at most ten, so everything is withheld, and the duty to
  // report lapses; the charts say both and show no bar.
  @Test func aSmallEmployerShowsOnlyGaps() throws {
    var tally = SickLeaveTally()
    for index in 1...5 {
      try tally.add(
        SickLeaveEmployee(
          id: "E\(index)", period: 2025, sex: index % 2 == 0 ? .man : .woman, age: 40,
          scheduledHours: 2_000))
    }
    try tally.add(
      SickLeaveSpell(
        employeeID: "E1", start: SickLeaveFixtures.day("2025-03-03"),
        end: SickLeaveFixtures.day("2025-03-05"), sickHours: 24))
    try tally.add(
      SickLeaveSpell(
        employeeID: "E2", start: SickLeaveFixtures.day("2025-04-07"),
        end: SickLeaveFixtures.day("2025-04-08"), sickHours: 16))
    let report = try tally.report(years: 1)
    let spec = SickLeaveCharts.bySexAndAge(report)
    let chart = try Self.bars(spec)
    #expect(chart.rows.allSatisfy { $0.measures.allSatisfy { $0.value == nil } })
    #expect(spec?.notes.contains { $0.hasPrefix("Redovisning krävs inte 2025") } == true)
    let layout = ChartLayout.layout(try #require(spec))
    #expect(ChartLayoutTests.rects(layout).filter { $0.height == 14 }.isEmpty)
  }
}
