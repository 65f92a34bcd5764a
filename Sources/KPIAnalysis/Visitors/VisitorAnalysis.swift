import KPIModel
import KPIStats

/// One row of `visitors.csv`: a category's (or `Totalt`'s) visitors in one period, against the
/// same period a year earlier and against a base year (SPEC §5.4, §6).
public struct VisitorRow: Sendable, Equatable {
  /// The category, or `Totalt`.
  public var category: String
  /// The kind of period.
  public var periodType: VisitorPeriodType
  /// `2025`, `2025-H1`, `2025-Q1`, `2025-summer`, `2025-01`; for ``VisitorPeriodType/rolling12``
  /// the last month.
  public var period: String
  /// The days summed: the whole period, or the part of it the data cover (a partial year).
  public var range: DayRange
  /// Whether ``range`` is less than the whole period.
  public var isPartial: Bool
  /// The sum over ``range``; `nil` when a day or month in it is missing.
  public var visitors: Double?
  /// The sum over the same days a year earlier.
  public var previous: Double?
  /// The base year's period, e.g. `2019-H1`; `nil` without base years.
  public var basePeriod: String?
  /// The sum over the same days of the base year.
  public var baseVisitors: Double?
  /// Why a value is missing or what the row compares, in order; empty when nothing needs
  /// saying (KPIRender words them).
  public var notes: [VisitorNote]

  /// `visitors − previous`.
  public var change: Double? {
    guard let visitors, let previous else { return nil }
    return visitors - previous
  }

  /// `visitors / previous − 1` (0.28 = +28 %); `nil` when either is missing or previous is 0.
  public var growth: Double? { Self.growth(visitors, previous) }

  /// `visitors / baseVisitors − 1`.
  public var growthVsBase: Double? { Self.growth(visitors, baseVisitors) }

  static func growth(_ now: Double?, _ then: Double?) -> Double? {
    guard let now, let then, then > 0 else { return nil }
    return now / then - 1
  }
}

/// The growth goal of one year, judged per SPEC §5.2.
public struct GrowthGoal: Sendable, Equatable {
  /// The year, e.g. `2023`.
  public var period: String
  /// Growth of `Totalt` against the previous year, over the days the year covers.
  public var value: Double?
  /// The least growth wanted, e.g. 0.15.
  public var target: Double
  /// Always `>=`: the goal is growth of at least the target.
  public var comparator: Comparator
  /// `met`, `not_met`, or `no_data` when the growth cannot be computed.
  public var status: GoalStatus
  /// `secure` when judged: visitor counts are a census, not a sample, so the "interval" of
  /// SPEC §5.2 is the point itself and lies wholly on one side of the target; `nil` without
  /// a value.
  public var confidence: Confidence?
  /// The days compared, when the year is partial.
  public var partialRange: DayRange?
}

/// Everything a visitor analysis yields.
public struct VisitorResult: Sendable {
  /// The options it ran with.
  public var options: VisitorOptions
  /// The categories, in order of first appearance (without `Totalt`).
  public var categories: [String]
  /// The years with data, ascending.
  public var years: [Int]
  /// The first and last day the data cover.
  public var coverage: DayRange
  /// Years the data cover only in part (a report per 31 August), with the days covered.
  public var partialYears: [Int: DayRange]
  /// The rows of `visitors.csv`, by category (`Totalt` last), period type, period and base
  /// year.
  public private(set) var rows: [VisitorRow]
  /// Seasonal profile, trend and forecast per category, `Totalt` last.
  public private(set) var trends: [VisitorTrend]
  /// Days and months missing inside the covered span (reported, never read as zero).
  public var gaps: [VisitorGap]
  /// Categories missing a whole year that others cover.
  public var absentCategories: [AbsentCategory]
  /// Base years asked for that the data do not hold.
  public var missingBaseYears: [Int]
  /// The growth goal per year that has a previous year, when a goal was given.
  public var goals: [GrowthGoal]
  /// Where each category's rows are in ``rows`` (they stand together), and its trend in
  /// ``trends``: a lookup per row asked for, not a search through every row (the summary
  /// asks for a few rows of each category, so 20 000 categories took seconds).
  private var rowRanges: [String: Range<Int>] = [:]
  private var trendIndex: [String: Int] = [:]

  init(
    options: VisitorOptions, categories: [String], years: [Int], coverage: DayRange,
    partialYears: [Int: DayRange], rows: [VisitorRow], trends: [VisitorTrend],
    gaps: [VisitorGap], absentCategories: [AbsentCategory], missingBaseYears: [Int],
    goals: [GrowthGoal]
  ) {
    self.options = options
    self.categories = categories
    self.years = years
    self.coverage = coverage
    self.partialYears = partialYears
    self.rows = rows
    self.trends = trends
    self.gaps = gaps
    self.absentCategories = absentCategories
    self.missingBaseYears = missingBaseYears
    self.goals = goals
    var start = 0
    while start < rows.count {
      var end = start + 1
      while end < rows.count && rows[end].category == rows[start].category { end += 1 }
      // A category whose rows were not together would be found by its first run only.
      precondition(rowRanges[rows[start].category] == nil, "rows of a category apart")
      rowRanges[rows[start].category] = start..<end
      start = end
    }
    for (index, trend) in trends.enumerated() where trendIndex[trend.category] == nil {
      trendIndex[trend.category] = index
    }
  }

  /// The row of a category and period (for a base year, when given).
  public func row(
    _ category: String, _ type: VisitorPeriodType, _ period: String, base: Int? = nil
  ) -> VisitorRow? {
    guard let range = rowRanges[category] else { return nil }
    return rows[range].first {
      $0.periodType == type && $0.period == period
        && (base == nil || $0.basePeriod?.hasPrefix("\(base!)") == true)
    }
  }

  /// The rows of one category (or `Totalt`), in the order of ``rows``.
  public func rows(of category: String) -> ArraySlice<VisitorRow> {
    rowRanges[category].map { rows[$0] } ?? []
  }

  /// The trend of a category or `Totalt`.
  public func trend(_ category: String) -> VisitorTrend? {
    trendIndex[category].map { trends[$0] }
  }
}

/// The visitor analysis of SPEC §5.4 on counts already read: sums per period, changes against
/// the previous year and base years, rolling 12-month sums, seasonal indices, trend, forecast
/// and the growth goal.
///
/// Missing data are never zero. A day or month missing inside the span the data cover is a
/// *warning*, not an error (SPEC §4.3 asks only that it be reported): the run goes on, the gap
/// is listed in ``VisitorResult/gaps``, and every period that contains it is shown without a
/// value and with a note, so no total is understated. Duplicates are errors unless summing is
/// asked for.
///
/// A partial year (data through 31 August) is compared only over the same days of earlier
/// years, and its rows say so; a year absent altogether (2020–2021) is simply not there:
/// comparisons against it are empty and the trend is fitted to the years that exist, spaced
/// as they are.
public enum VisitorAnalysis {
  /// Runs the analysis.
  ///
  /// - Parameters:
  ///   - counts: The counts, in any order.
  ///   - options: Base years, summer months, duplicates, goal, cut-off.
  /// - Returns: The result.
  /// - Throws: ``StatsError``: `insufficientData` when no count is left, `invalidArgument` for
  ///   a negative count, a duplicate (under ``DuplicatePolicy/reject``), a month given both as
  ///   a total and as days, summer months outside 1–12 or a base year outside 1–9999.
  public static func analyse(_ counts: [VisitorCount], options: VisitorOptions = VisitorOptions())
    throws(StatsError) -> VisitorResult
  {
    var gathered = VisitorCounts(options: options)
    for count in counts { gathered.add(count) }
    return try analyse(gathered)
  }

  /// Runs the analysis on counts gathered one at a time (see ``VisitorCounts``), with the
  /// options they were gathered under.
  /// - Throws: ``StatsError`` as ``analyse(_:options:)``.
  public static func analyse(_ gathered: VisitorCounts) throws(StatsError) -> VisitorResult {
    let options = gathered.options
    let name = "VisitorAnalysis"
    guard options.summer.lowerBound >= 1, options.summer.upperBound <= 12 else {
      throw StatsError(
        .invalidArgument, function: name,
        message: "summer months must lie within 1–12, found \(options.summer)")
    }
    if let year = options.baseYears.first(where: { !(1...9999).contains($0) }) {
      throw StatsError(
        .invalidArgument, function: name, message: "a base year must lie in 1–9999, found \(year)")
    }
    if let problem = gathered.problems.first {
      throw StatsError(
        .invalidArgument, function: name,
        message: (problem.line > 0 ? "line \(problem.line): " : "") + problem.message)
    }
    let series = gathered.series
    guard let firstYear = series.years.first, let lastYear = series.years.last else {
      throw StatsError(
        .insufficientData, function: name,
        message: options.through == nil
          ? "no visitor counts" : "no visitor counts on or before \(options.through!)")
    }
    let years = series.years
    var partial: [Int: DayRange] = [:]
    for year in years {
      let span = series.coverage[year]!
      if span.start != .first(year: year, month: 1) || span.end != .last(year: year, month: 12) {
        partial[year] = DayRange(span.start, span.end)
      }
    }
    let builder = RowBuilder(series: series, options: options)
    var rows: [VisitorRow] = []
    // At most a row per category, period (1 + 2 + 4 + 12 + 12 + 1 a year) and base year:
    // room for them at once, so that a long series is not copied while the list grows.
    let periodsPerYear = VisitorPeriodType.allCases.reduce(0) {
      $0 + VisitorPeriod.all($1, in: 2000).count
    }
    rows.reserveCapacity(
      (series.categories.count + 1) * years.count * periodsPerYear
        * max(1, options.baseYears.count))
    for c in Array(series.categories.indices).map(Optional.some) + [nil] {
      for type in VisitorPeriodType.allCases {
        for year in years {
          for period in VisitorPeriod.all(type, in: year) {
            rows += builder.rows(c, period)
          }
        }
      }
    }
    // Each category's trend and forecast is fitted on its own: one per core at a time.
    let trends = concurrentMap(series.categories.count + 1) { index in
      index < series.categories.count
        ? VisitorTrend.fit(series, category: index, name: series.categories[index])
        : VisitorTrend.fit(series, category: nil, name: totalGroupName)
    }

    var goals: [GrowthGoal] = []
    if let target = options.goal {
      for year in years where series.years.contains(year - 1) {
        let row = rows.first {
          $0.category == totalGroupName && $0.periodType == .year && $0.period == "\(year)"
        }
        let growth = row?.growth
        goals.append(
          GrowthGoal(
            period: "\(year)", value: growth, target: target, comparator: .atLeast,
            status: growth.map { Comparator.atLeast.holds($0, target) ? .met : .notMet } ?? .noData,
            confidence: growth == nil ? nil : .secure,
            partialRange: row?.isPartial == true ? row?.range : nil))
      }
    }
    let first = series.coverage[firstYear]!.start
    let last = series.coverage[lastYear]!.end
    return VisitorResult(
      options: options, categories: series.categories, years: years,
      coverage: DayRange(first, last), partialYears: partial, rows: rows, trends: trends,
      gaps: series.gaps, absentCategories: series.absentCategories,
      missingBaseYears: options.baseYears.filter { !years.contains($0) }, goals: goals)
  }
}

/// Visitor counts gathered one at a time, as a reader streams them, for
/// ``VisitorAnalysis/analyse(_:)``: they are arranged by category, month and day at once, and
/// not kept as a list, so memory grows with the days and categories covered, not the rows.
public struct VisitorCounts: Sendable {
  /// The options of the analysis (duplicates and cut-off apply while gathering).
  public let options: VisitorOptions
  fileprivate var series: VisitorSeries
  /// The counts that could not be added (up to ``maximumProblems``), in the order given; the
  /// analysis refuses to run while there are any.
  public private(set) var problems: [VisitorProblem] = []
  /// How many problems are kept, as a reader reports at most 20 bad cells at once.
  public static let maximumProblems = 20

  /// No counts yet.
  public init(options: VisitorOptions = VisitorOptions()) {
    self.options = options
    series = VisitorSeries(duplicates: options.duplicates, through: options.through)
  }

  /// Adds a count read from `line` of its file (0 when it was not read from one). A count
  /// that cannot be added (see ``VisitorAnalysis/analyse(_:)``) is kept in ``problems``
  /// instead, and the counts after it are still checked.
  public mutating func add(_ count: VisitorCount, line: Int = 0) {
    guard problems.count < Self.maximumProblems else { return }
    do {
      try series.add(count, line: line)
    } catch {
      problems.append(error)
    }
  }
}

extension VisitorCounts {
  /// More years than this between two years with data is a mistyped date, not a gap.
  public static let maximumYearGap = 30

  /// A year far from all the others (more than ``maximumYearGap`` years from the next one),
  /// as a mistyped date gives it (9999-12-31, 2205-03-01): a problem on the line of its first
  /// count. Of the two sides of the widest such gap, the one with fewer years is taken for
  /// the mistake (the later one when they have as many).
  public var implausibleYear: VisitorProblem? {
    let years = series.years
    guard years.count > 1,
      let cut = years.indices.dropLast().max(by: {
        years[$0 + 1] - years[$0] < years[$1 + 1] - years[$1]
      }),
      years[cut + 1] - years[cut] > Self.maximumYearGap
    else { return nil }
    let before = years[...cut]
    let after = years[(cut + 1)...]
    let (odd, other) =
      after.count <= before.count ? (after.first!, before.last!) : (before.last!, after.first!)
    let distance = abs(odd - other)
    return VisitorProblem(
      line: series.yearLines[odd] ?? 0,
      message: "the year \(odd) is \(distance) years from the nearest year with counts "
        + "(\(other)); a mistyped date? Counts of years more than \(Self.maximumYearGap) years "
        + "apart are refused")
  }

  /// The whole years between the first and the last year with counts that have none: left
  /// out, never read as 0, and said.
  public var missingYears: [Int] {
    let years = series.years
    guard let first = years.first, let last = years.last else { return [] }
    let present = Set(years)
    return (first...last).filter { !present.contains($0) }
  }
}

/// Builds the rows of one category and period.
private struct RowBuilder {
  var series: VisitorSeries
  var options: VisitorOptions

  func sum(_ c: Int?, _ range: (Day, Day)) -> RangeSum {
    c.map { series.sum($0, range.0, range.1) } ?? series.totalSum(range.0, range.1)
  }

  func rows(_ c: Int?, _ period: VisitorPeriod) -> [VisitorRow] {
    let full = period.range(summer: options.summer)
    let window: (Day, Day)
    if period.type == .rolling12 {
      guard series.isCovered(full.0, full.1) else { return [] }
      window = full
    } else {
      guard let span = series.coverage[period.year] else { return [] }
      window = (max(full.0, span.start), min(full.1, span.end))
      guard window.0 <= window.1 else { return [] }
    }
    if let c, !(window.0.year...window.1.year).allSatisfy(series.categoryYears[c].contains) {
      return []
    }
    let isPartial = window != full
    let range = DayRange(window.0, window.1)
    var notes: [VisitorNote] = []
    if isPartial { notes.append(.partialPeriod(range)) }
    let value = sum(c, window)
    if let shortfall = VisitorShortfall(value) { notes.append(.incomplete(nil, shortfall)) }
    if c == nil {
      // The included categories once per row, not once per category (20 000 categories
      // took a minute).
      let included = Set(series.totalCategories(window.0, window.1))
      let excluded = series.categories.indices.filter { !included.contains($0) }
      if !excluded.isEmpty { notes.append(.totalWithout(excluded.map { series.categories[$0] })) }
    }
    let (previous, previousNote) = compare(c, window, years: -1, with: .previousYear)
    if let previousNote { notes.append(previousNote) }

    var row = VisitorRow(
      category: c.map { series.categories[$0] } ?? totalGroupName, periodType: period.type,
      period: period.name, range: range, isPartial: isPartial, visitors: value.value,
      previous: previous, basePeriod: nil, baseVisitors: nil, notes: notes)
    guard !options.baseYears.isEmpty else { return [row] }
    return options.baseYears.map { base in
      var baseRow = row
      let offset = base - period.year
      baseRow.basePeriod = period.inYear(base).name
      let (baseValue, baseNote) = compare(c, window, years: offset, with: .baseYear(base))
      baseRow.baseVisitors = baseValue
      if let baseNote { baseRow.notes.append(baseNote) }
      return baseRow
    }
  }

  /// The sum over the window moved by `years`, and a note when it cannot be had although the
  /// other year has data (an absent year says nothing: its row is simply empty).
  func compare(_ c: Int?, _ window: (Day, Day), years: Int, with who: VisitorComparison)
    -> (Double?, VisitorNote?)
  {
    let moved = (window.0.shifted(years: years), window.1.shifted(years: years))
    let touched = moved.0.year...moved.1.year
    guard touched.allSatisfy({ series.coverage[$0] != nil }) else { return (nil, nil) }
    if let c, !touched.allSatisfy(series.categoryYears[c].contains) {
      return (nil, .comparisonLacksCategory(who, series.categories[c]))
    }
    let value = sum(c, moved)
    var note = VisitorShortfall(value).map { VisitorNote.incomplete(who, $0) }
    if c == nil, value.value != nil {
      let now = Set(series.totalCategories(window.0, window.1))
      let then = Set(series.totalCategories(moved.0, moved.1))
      let missing = now.subtracting(then).sorted().map { series.categories[$0] }
      if !missing.isEmpty { note = .comparisonWithout(who, missing) }
    }
    return (value.value, note)
  }

}
