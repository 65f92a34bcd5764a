import KPIModel
import KPIStats
import Testing

@testable import KPIAnalysis

@Suite("Visitor periods and comparisons, by hand")
struct VisitorAnalysisTests {
  /// A note's case, without its values.
  static func kind(_ note: VisitorNote) -> String {
    String(String(describing: note).prefix { $0 != "(" })
  }

  typealias Data = VisitorTestData

  // MARK: - Partial year

  // 2022: 1 visitor a day (365). 2023: 2 a day, 1 January – 31 March only (an interim report).
  // Year 2023 = 2·90 = 180 against January–March 2022 = 90: +100 %, and the row says it is
  // partial. Q1 2023 is whole (no note); Q2 2023 does not exist.
  @Test func partialYearComparesTheSameMonths() throws {
    let counts =
      Data.daily("A", from: (2022, 1, 1), to: (2022, 12, 31)) { _ in 1 }
      + Data.daily("A", from: (2023, 1, 1), to: (2023, 3, 31)) { _ in 2 }
    let result = try VisitorAnalysis.analyse(counts)
    #expect(result.partialYears[2023]?.description == "2023-01-01..2023-03-31")
    #expect(result.partialYears[2022] == nil)

    let year = try #require(result.row("A", .year, "2023"))
    #expect(year.visitors == 180)
    #expect(year.previous == 90)
    #expect(year.change == 90)
    #expect(year.growth == 1)
    #expect(year.isPartial)
    // The wording is KPIRender's (VisitorNotesTests): "ofullständig period (januari–mars);
    // jämförs med samma månader tidigare år".
    #expect(year.notes.map(Self.kind) == ["partialPeriod"])
    #expect(year.notes.first == .partialPeriod(year.range))
    #expect(year.range.description == "2023-01-01..2023-03-31" && year.range.isWholeMonths)

    let half = try #require(result.row("A", .half, "2023-H1"))
    #expect(half.visitors == 180 && half.previous == 90 && half.isPartial)
    let quarter = try #require(result.row("A", .quarter, "2023-Q1"))
    #expect(quarter.visitors == 180 && quarter.previous == 90 && !quarter.isPartial)
    #expect(quarter.notes.isEmpty)
    #expect(result.row("A", .quarter, "2023-Q2") == nil)
    #expect(result.row("A", .summer, "2023-summer") == nil)
    #expect(result.row("A", .year, "2022")?.visitors == 365)
    #expect(result.row("A", .year, "2022")?.previous == nil)
    // Totalt of a single category is the category.
    #expect(result.row(totalGroupName, .year, "2023")?.visitors == 180)
  }

  // Data through 15 March 2023: the year is 1 January – 15 March (2·74 = 148) against the
  // same days of 2022 (74); March 2023 is itself partial: 30 against 15.
  @Test func partialYearEndingMidMonthComparesTheSameDays() throws {
    let counts =
      Data.daily("A", from: (2022, 1, 1), to: (2022, 12, 31)) { _ in 1 }
      + Data.daily("A", from: (2023, 1, 1), to: (2023, 3, 31)) { _ in 2 }
    let result = try VisitorAnalysis.analyse(
      counts, options: VisitorOptions(through: Data.day(2023, 3, 15)))
    let year = try #require(result.row("A", .year, "2023"))
    #expect(year.visitors == 148)
    #expect(year.previous == 74)
    #expect(year.notes == [.partialPeriod(year.range)])
    #expect(year.range.description == "2023-01-01..2023-03-15" && !year.range.isWholeMonths)
    let march = try #require(result.row("A", .month, "2023-03"))
    #expect(march.visitors == 30 && march.previous == 15 && march.isPartial)
    #expect(result.row("A", .month, "2023-02")?.isPartial == false)
  }

  // MARK: - Leap day

  // 2023: 1 a day. 2024: 1 a day from 1 January to 29 February, but 10 on the leap day.
  // February 2024 = 28 + 10 = 38, a whole month, against February 2023 = 28; the year 2024
  // (January–February) = 31 + 38 = 69 against 59. The leap day is no gap in 2023.
  @Test func leapDayBelongsToFebruary() throws {
    let counts =
      Data.daily("A", from: (2023, 1, 1), to: (2023, 12, 31)) { _ in 1 }
      + Data.daily("A", from: (2024, 1, 1), to: (2024, 2, 29)) {
        $0.month == 2 && $0.day == 29 ? 10 : 1
      }
    let result = try VisitorAnalysis.analyse(counts)
    let february = try #require(result.row("A", .month, "2024-02"))
    #expect(february.visitors == 38)
    #expect(february.previous == 28)
    #expect(!february.isPartial)
    let year = try #require(result.row("A", .year, "2024"))
    #expect(year.visitors == 69)
    #expect(year.previous == 59)
    #expect(year.notes == [.partialPeriod(year.range)])
    #expect(year.range.description == "2024-01-01..2024-02-29" && year.range.isWholeMonths)
    #expect(result.gaps.isEmpty)
  }

  // The other way: 2024 in full (the leap day 10), 2025 through 28 February, which ends
  // February, so 2025 is compared with the whole of January–February 2024, leap day included:
  // 59 against 31 + 28 + 10 = 69.
  @Test func monthEndInANonLeapYearReachesTheLeapDay() throws {
    let counts =
      Data.daily("A", from: (2024, 1, 1), to: (2024, 12, 31)) {
        $0.month == 2 && $0.day == 29 ? 10 : 1
      }
      + Data.daily("A", from: (2025, 1, 1), to: (2025, 2, 28)) { _ in 1 }
    let result = try VisitorAnalysis.analyse(counts)
    let year = try #require(result.row("A", .year, "2025"))
    #expect(year.visitors == 59)
    #expect(year.previous == 69)
    #expect(abs(try #require(year.growth) - (59.0 / 69.0 - 1)) < 1e-15)
  }

  // Through 28 February 2024, which is not the end of February in a leap year: the same
  // days of 2023 are 1 January – 28 February, all of them.
  @Test func leapYearCutBeforeTheLeapDay() throws {
    let counts =
      Data.daily("A", from: (2023, 1, 1), to: (2023, 12, 31)) { _ in 1 }
      + Data.daily("A", from: (2024, 1, 1), to: (2024, 2, 29)) { _ in 1 }
    let result = try VisitorAnalysis.analyse(
      counts, options: VisitorOptions(through: Data.day(2024, 2, 28)))
    let february = try #require(result.row("A", .month, "2024-02"))
    #expect(february.visitors == 28 && february.previous == 28 && february.isPartial)
    #expect(february.notes == [.partialPeriod(february.range)])
    #expect(february.range.description == "2024-02-01..2024-02-28")
  }

  // MARK: - Missing data

  // Month totals of 100 for 2022 and 2023, March 2022 missing. It is a gap (a warning): the
  // periods containing it have no value and say why; the others are computed; 2023's
  // comparisons with 2022 over March are empty with a note; nothing is read as 0.
  @Test func missingMonthIsReportedNotZero() throws {
    let counts = Data.monthly("A", years: [2022, 2023]) { year, month in
      year == 2022 && month == 3 ? nil : 100
    }
    let result = try VisitorAnalysis.analyse(counts)
    #expect(
      result.gaps
        == [
          VisitorGap(
            category: "A", first: CalendarDate(year: 2022, month: 3)!,
            last: CalendarDate(year: 2022, month: 3)!, count: 1)
        ])
    let year2022 = try #require(result.row("A", .year, "2022"))
    #expect(year2022.visitors == nil)
    #expect(year2022.notes == [.incomplete(nil, .missing(CalendarDate(year: 2022, month: 3)!))])
    #expect(result.row("A", .quarter, "2022-Q1")?.visitors == nil)
    #expect(result.row("A", .quarter, "2022-Q2")?.visitors == 300)
    #expect(result.row("A", .month, "2022-03")?.visitors == nil)
    #expect(result.row("A", .month, "2022-04")?.visitors == 100)
    #expect(result.row(totalGroupName, .half, "2022-H1")?.visitors == nil)

    let year2023 = try #require(result.row("A", .year, "2023"))
    #expect(year2023.visitors == 1200)
    #expect(year2023.previous == nil)
    #expect(year2023.growth == nil)
    #expect(
      year2023.notes
        == [.incomplete(.previousYear, .missing(CalendarDate(year: 2022, month: 3)!))])
    #expect(result.row("A", .quarter, "2023-Q2")?.growth == 0)
    // A year with a gap is no full year for the trend.
    #expect(result.trend("A")?.years == [2023])
  }

  // Daily counts with 14–16 March 2022 absent: one gap of three days, named by its ends.
  @Test func missingDaysAreMergedIntoOneGap() throws {
    let counts = Data.daily("A", from: (2022, 1, 1), to: (2022, 12, 31)) { _ in 5 }
      .filter { !($0.date.month == 3 && (14...16).contains($0.date.day!)) }
    let result = try VisitorAnalysis.analyse(counts)
    #expect(
      result.gaps
        == [
          VisitorGap(
            category: "A", first: Data.day(2022, 3, 14), last: Data.day(2022, 3, 16), count: 3)
        ])
    #expect(
      result.row("A", .month, "2022-03")?.notes == [
        .incomplete(nil, .missing(Data.day(2022, 3, 14)))
      ])
    #expect(result.row("A", .month, "2022-04")?.visitors == 150)
  }

  // A category with no count in a whole year is not a gap but absent: its rows for that year
  // are not shown and Totalt that year is the others' sum, which the rows say.
  @Test func absentCategoryIsLeftOutOfTotalt() throws {
    let counts =
      Data.monthly("A", years: [2022, 2023]) { _, _ in 10 }
      + Data.monthly("B", years: [2023]) { _, _ in 5 }
    let result = try VisitorAnalysis.analyse(counts)
    #expect(result.absentCategories == [AbsentCategory(category: "B", year: 2022)])
    #expect(result.gaps.isEmpty)
    #expect(result.row("B", .year, "2022") == nil)
    let total2022 = try #require(result.row(totalGroupName, .year, "2022"))
    #expect(total2022.visitors == 120)
    #expect(total2022.notes == [.totalWithout(["B"])])
    let total2023 = try #require(result.row(totalGroupName, .year, "2023"))
    #expect(total2023.visitors == 180)
    #expect(total2023.previous == 120)
    #expect(total2023.notes == [.comparisonWithout(.previousYear, ["B"])])
    #expect(result.row("B", .year, "2023")?.notes == [.comparisonLacksCategory(.previousYear, "B")])
  }

  // MARK: - Duplicates

  // The same day twice is an error; with summing asked for, 3 + 4 = 7.
  @Test func duplicateDayIsAnErrorUnlessSummed() throws {
    let counts = [
      VisitorCount(date: Data.day(2023, 5, 2), category: "A", visitors: 3),
      VisitorCount(date: Data.day(2023, 5, 2), category: "A", visitors: 4),
      VisitorCount(date: Data.day(2023, 5, 2), category: "B", visitors: 1),
    ]
    let error = #expect(throws: StatsError.self) { try VisitorAnalysis.analyse(counts) }
    #expect(error?.message.hasPrefix("2023-05-02 for \"A\" is counted twice") == true)
    // The data cover one day, so every period is that day: A = 7, Totalt = 8.
    let result = try VisitorAnalysis.analyse(counts, options: VisitorOptions(duplicates: .sum))
    #expect(result.coverage.description == "2023-05-02..2023-05-02")
    #expect(result.row("A", .month, "2023-05")?.visitors == 7)
    #expect(result.row("A", .year, "2023")?.visitors == 7)
    #expect(result.row("A", .year, "2023")?.isPartial == true)
    #expect(result.row(totalGroupName, .year, "2023")?.visitors == 8)
  }

  @Test func duplicateMonthTotalIsAnError() throws {
    let counts = [
      VisitorCount(date: CalendarDate(year: 2023, month: 5)!, category: "A", visitors: 3),
      VisitorCount(date: CalendarDate(year: 2023, month: 5)!, category: "A", visitors: 3),
    ]
    #expect(throws: StatsError.self) { try VisitorAnalysis.analyse(counts) }
    let summed = try VisitorAnalysis.analyse(counts, options: VisitorOptions(duplicates: .sum))
    #expect(summed.row("A", .month, "2023-05")?.visitors == 6)
  }

  // A month as a total and as days would be counted twice whatever the policy.
  @Test func monthTotalAndDaysTogetherAreAnError() {
    let counts = [
      VisitorCount(date: CalendarDate(year: 2023, month: 5)!, category: "A", visitors: 30),
      VisitorCount(date: Data.day(2023, 5, 2), category: "A", visitors: 3),
    ]
    for policy in DuplicatePolicy.allCases {
      #expect(throws: StatsError.self) {
        try VisitorAnalysis.analyse(counts, options: VisitorOptions(duplicates: policy))
      }
    }
  }

  @Test func negativeCountIsAnError() {
    let counts = [VisitorCount(date: Data.day(2023, 5, 2), category: "A", visitors: -1)]
    #expect(throws: StatsError.self) { try VisitorAnalysis.analyse(counts) }
    #expect(throws: StatsError.self) { try VisitorAnalysis.analyse([]) }
  }

  // MARK: - Base years, rolling sums, summer, goal

  // Month totals: 2019 10 a month, 2022 20, 2023 30 (Jan–Jun 25, Jul–Dec 35 → also 360).
  static func threeYears() -> [VisitorCount] {
    Data.monthly("A", years: [2019, 2022, 2023]) { year, month in
      switch year {
      case 2019: 10
      case 2022: 20
      default: month <= 6 ? 25 : 35
      }
    }
  }

  // One row per base year; 2023-H1 = 150 against 2022-H1 = 120 (+25 %) and 2019-H1 = 60
  // (+150 %). A base year the data lack is reported and leaves the base cells empty.
  @Test func everyBaseYearGetsARow() throws {
    let result = try VisitorAnalysis.analyse(
      Self.threeYears(), options: VisitorOptions(baseYears: [2019, 2022, 2018]))
    let rows = result.rows.filter { $0.category == "A" && $0.period == "2023-H1" }
    #expect(rows.map(\.basePeriod) == ["2019-H1", "2022-H1", "2018-H1"])
    #expect(rows.allSatisfy { $0.visitors == 150 && $0.previous == 120 && $0.growth == 0.25 })
    #expect(rows.map(\.baseVisitors) == [60, 120, nil])
    #expect(rows[0].growthVsBase == 1.5)
    #expect(rows[2].growthVsBase == nil)
    #expect(result.missingBaseYears == [2018])
    #expect(throws: StatsError.self) {
      try VisitorAnalysis.analyse(Self.threeYears(), options: VisitorOptions(baseYears: [Int.min]))
    }
    // 2022's previous year (2021) is absent: empty, without a note.
    let row2022 = try #require(result.row("A", .year, "2022"))
    #expect(row2022.previous == nil && row2022.notes.isEmpty)
  }

  // Rolling 12 months ending June 2023 = 6·20 + 6·25 = 270 against the twelve months ending
  // June 2022, which reach into 2021 (absent): no comparison, and no rolling row at all for
  // June 2022. December 2023: 360 against 240.
  @Test func rollingTwelveMonths() throws {
    let result = try VisitorAnalysis.analyse(Self.threeYears())
    let june = try #require(result.row("A", .rolling12, "2023-06"))
    #expect(june.visitors == 270)
    #expect(june.previous == nil)
    #expect(result.row("A", .rolling12, "2022-06") == nil)
    let december = try #require(result.row("A", .rolling12, "2023-12"))
    #expect(december.visitors == 360 && december.previous == 240)
    #expect(result.row("A", .rolling12, "2019-12")?.visitors == 120)
  }

  // Summer June–August = 25 + 35 + 35 = 95 against 60; configured as July–August, 70 vs 40.
  @Test func summerIsConfigurable() throws {
    let standard = try VisitorAnalysis.analyse(Self.threeYears())
    let summer = try #require(standard.row("A", .summer, "2023-summer"))
    #expect(summer.visitors == 95 && summer.previous == 60)
    let short = try VisitorAnalysis.analyse(
      Self.threeYears(), options: VisitorOptions(summer: 7...8))
    let july = try #require(short.row("A", .summer, "2023-summer"))
    #expect(july.visitors == 70 && july.previous == 40)
    #expect(throws: StatsError.self) {
      try VisitorAnalysis.analyse(Self.threeYears(), options: VisitorOptions(summer: 0...2))
    }
  }

  // Goal +15 %: 2023 = 360 against 2022 = 240, +50 %: met; 2022 has no previous year in the
  // data and gets no goal row. With a goal of +60 % it is not met.
  @Test func growthGoal() throws {
    let met = try VisitorAnalysis.analyse(Self.threeYears(), options: VisitorOptions(goal: 0.15))
    #expect(met.goals.map(\.period) == ["2023"])
    let goal = try #require(met.goals.first)
    #expect(goal.value == 0.5)
    #expect(goal.status == .met)
    #expect(goal.confidence == .secure)
    #expect(goal.comparator == .atLeast)
    let missed = try VisitorAnalysis.analyse(
      Self.threeYears(), options: VisitorOptions(goal: 0.6))
    #expect(missed.goals.first?.status == .notMet)
  }

  // A goal for a year whose comparison has a gap cannot be judged: no_data.
  @Test func growthGoalWithoutDataIsNoData() throws {
    let counts = Self.threeYears().filter {
      !($0.date.year == 2022 && $0.date.month == 3)
    }
    let result = try VisitorAnalysis.analyse(counts, options: VisitorOptions(goal: 0.15))
    let goal = try #require(result.goals.first { $0.period == "2023" })
    #expect(goal.status == .noData)
    #expect(goal.value == nil)
    #expect(goal.confidence == nil)
  }

  // A month total cannot be cut: data through 15 March give a partial March for a category
  // with days, and a category with only month totals cannot be compared over 1–15 March.
  @Test func monthTotalsCannotBeSplit() throws {
    let counts =
      Data.monthly("M", years: [2022, 2023]) { _, _ in 100 }
      + Data.daily("D", from: (2022, 1, 1), to: (2023, 3, 15)) { _ in 1 }
    let result = try VisitorAnalysis.analyse(
      counts, options: VisitorOptions(through: Data.day(2023, 3, 15)))
    // March 2023 as a month total ends after the cut-off, so it is left out: a gap.
    #expect(result.row("M", .month, "2023-03")?.visitors == nil)
    #expect(result.row("D", .month, "2023-03")?.visitors == 15)
    let year = try #require(result.row("M", .year, "2023"))
    #expect(year.visitors == nil)
  }

  // Issue 17, item 7: 20 000 categories took a minute (every Totalt row searched every
  // category, every lookup every row). Now a lookup per row: the figures of 2 000
  // categories of one month each, by hand: category c has c % 97 visitors, so Totalt is
  // Σ (c % 97) for c < 2 000 = 20 · (0 + … + 96) + (0 + … + 59) = 20 · 4 656 + 1 770 = 94 890.
  @Test func manyCategoriesAreLookedUpDirectly() throws {
    let counts = (0..<2000).map {
      VisitorCount(
        date: CalendarDate(year: 2024, month: 1)!, category: "k\($0)", visitors: Double($0 % 97))
    }
    let result = try VisitorAnalysis.analyse(counts)
    #expect(result.categories.count == 2000)
    #expect(result.row("k1999", .month, "2024-01")?.visitors == Double(1999 % 97))
    #expect(result.row("k0", .year, "2024")?.visitors == 0)
    #expect(result.row("k2000", .month, "2024-01") == nil)
    #expect(result.row(totalGroupName, .month, "2024-01")?.visitors == 94_890)
    #expect(result.rows(of: "k5").allSatisfy { $0.category == "k5" })
    #expect(result.rows(of: "k5").count == result.rows(of: "k6").count)
    #expect(result.trend("k1999")?.category == "k1999")
  }
}

// Issue 17, item 12: a mistyped year is refused with the line of its first count; whole
// years missing inside the span are said, not read as 0.
@Suite("Visitor years that do not fit")
struct VisitorYearPlausibilityTests {
  typealias Data = VisitorTestData

  static func gathered(_ years: [(year: Int, line: Int)]) -> VisitorCounts {
    var counts = VisitorCounts()
    for (year, line) in years {
      counts.add(VisitorCount(date: Data.day(year, 3, 1), category: "A", visitors: 5), line: line)
    }
    return counts
  }

  // 2019, 2021, 2022 and 9999 (line 40): 9999 is 7 977 years after 2022, more than 30, and
  // alone on its side of the gap; 2020 is missing inside 2019–2022 (9999 aside, since it is
  // refused, the whole span 2023–9998 would be "missing" as well).
  @Test func aFarYearIsRefusedOnItsLine() throws {
    let counts = Self.gathered([(2019, 2), (2021, 3), (2022, 4), (9999, 40)])
    let problem = try #require(counts.implausibleYear)
    #expect(problem.line == 40)
    #expect(problem.message.hasPrefix("the year 9999 is 7977 years from the nearest year"))
  }

  // A year typed 1025 before 2023–2025 (line 2): the earlier side is the odd one.
  @Test func aFarEarlyYearIsTheOddOne() throws {
    let counts = Self.gathered([(1025, 2), (2023, 3), (2024, 4), (2025, 5)])
    #expect(counts.implausibleYear?.line == 2)
    #expect(counts.implausibleYear?.message.contains("1025 is 998 years") == true)
  }

  // 1995 and 2025 are 30 years apart: allowed (an old base year); 2019, 2022, 2025 lack
  // 2020, 2021, 2023 and 2024.
  @Test func gapsUpToThirtyYearsAreMissingYears() {
    #expect(Self.gathered([(1995, 2), (2025, 3)]).implausibleYear == nil)
    let counts = Self.gathered([(2019, 2), (2022, 3), (2025, 4)])
    #expect(counts.implausibleYear == nil)
    #expect(counts.missingYears == [2020, 2021, 2023, 2024])
    #expect(Self.gathered([(2024, 2), (2025, 3)]).missingYears.isEmpty)
  }
}
