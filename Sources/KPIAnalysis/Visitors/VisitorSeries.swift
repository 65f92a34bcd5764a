import KPIModel
import KPIStats

/// The counts of one category in one month: a month total, or its days, kept in
/// ``VisitorSeries/dayValues`` from `offset` on (NaN for a day the input does not give).
enum MonthCell: Sendable {
  /// A month total, and the line it was read from (0 when not from a file).
  case total(Double, line: Int32)
  /// Daily counts, at `offset` in ``VisitorSeries/dayValues`` and ``VisitorSeries/dayLines``.
  case days(offset: Int)
}

/// Who a visitor row is compared with.
public enum VisitorComparison: Sendable, Equatable {
  /// The same days a year earlier.
  case previousYear
  /// The same days of a base year, e.g. 2019.
  case baseYear(Int)
}

/// Why the sum over a period cannot be had.
public enum VisitorShortfall: Sendable, Equatable {
  /// The first month (day `nil`) or day the input does not give.
  case missing(CalendarDate)
  /// The period reaches outside the days the input covers in that year.
  case uncovered
  /// The period cuts a month the input gives only as a month total.
  case indivisible

  /// The shortfall of a sum; `nil` when it has a value.
  init?(_ sum: RangeSum) {
    switch sum {
    case .value: return nil
    case .missing(let date): self = .missing(date)
    case .uncovered: self = .uncovered
    case .indivisible: self = .indivisible
    }
  }
}

/// What a row of `visitors.csv` must say about its figures, in the order they are explained;
/// the `note` column is KPIRender's wording of them.
public enum VisitorNote: Sendable, Equatable {
  /// The data cover only part of the period (a report per 31 August); the period is compared
  /// with the same months, or days, of other years.
  case partialPeriod(DayRange)
  /// The sum of the period (`nil`) or of what it is compared with cannot be had.
  case incomplete(VisitorComparison?, VisitorShortfall)
  /// `Totalt` leaves out these categories, which have no counts in the period's year.
  case totalWithout([String])
  /// `Totalt` of the comparison leaves out these categories, which this period has.
  case comparisonWithout(VisitorComparison, [String])
  /// The comparison year has no counts of the row's category.
  case comparisonLacksCategory(VisitorComparison, String)
}

/// A count the analysis cannot take, with the line of the file it came from (SPEC §4.3: a
/// day or month seen twice is an error unless the counts are to be summed).
public struct VisitorProblem: Error, Sendable, Equatable {
  /// The line of the count, or 0 when it did not come from a file.
  public var line: Int
  /// What is wrong, e.g. `2023-05-02 for "A" is already on line 2 (…)`.
  public var message: String

  /// Creates a problem.
  public init(line: Int, message: String) {
    self.line = line
    self.message = message
  }
}

/// The outcome of summing a category over a range of days.
enum RangeSum: Sendable, Equatable {
  /// Every day of the range is known.
  case value(Double)
  /// The first month (day `nil`) or day in the range the input does not give.
  case missing(CalendarDate)
  /// The range reaches outside the days the input covers in that year, or the category has
  /// no data at all in a year it touches.
  case uncovered
  /// The range cuts a month the input gives only as a month total.
  case indivisible

  var value: Double? {
    if case .value(let v) = self { return v }
    return nil
  }
}

/// A stretch of days or months the input does not give for a category, inside the span the
/// input covers: reported, never read as zero (SPEC §4.3).
public struct VisitorGap: Sendable, Equatable {
  /// The category.
  public var category: String
  /// The first missing day, or month (day `nil`).
  public var first: CalendarDate
  /// The last missing day or month of the stretch.
  public var last: CalendarDate
  /// How many days or months the stretch holds.
  public var count: Int

  /// Creates a gap.
  public init(category: String, first: CalendarDate, last: CalendarDate, count: Int) {
    self.category = category
    self.first = first
    self.last = last
    self.count = count
  }

}

/// A category that has no count at all in a year in which other categories have some: its
/// figures for that year are not shown, and `Totalt` that year is the sum without it.
public struct AbsentCategory: Sendable, Equatable {
  /// The category.
  public var category: String
  /// The year.
  public var year: Int
}

/// Visitor counts arranged by category and month, with the days each year covers.
///
/// A year's coverage runs from the earliest to the latest day any category gives in that year
/// (a month total covers its whole month). Inside it, a day or month a category does not give
/// is a gap; outside it nothing is expected, which is how a partial year (an interim report
/// per 31 August) and a year the input does not hold at all (2020–2021 for Navet) differ from
/// missing data.
struct VisitorSeries: Sendable {
  /// Categories in order of first appearance.
  private(set) var categories: [String] = []
  /// Per category: month index → counts.
  private(set) var cells: [[Int: MonthCell]] = []
  /// The days of every month given as days, 31 places a month; NaN where a day is not given.
  private(set) var dayValues: [Double] = []
  /// The line each day of ``dayValues`` was first read from (0 for none), to name it when the
  /// day comes again.
  private var dayLines: [Int32] = []
  /// Per year with data: the first and last day covered.
  private(set) var coverage: [Int: (start: Day, end: Day)] = [:]
  /// The line of each year's first count, for messages about a year.
  private(set) var yearLines: [Int: Int] = [:]
  /// Per category: the years it has any count in.
  private(set) var categoryYears: [Set<Int>] = []
  private var categoryIndex: [String: Int] = [:]
  private let duplicates: DuplicatePolicy
  private let cutoff: Day?

  /// An empty series.
  ///
  /// - Parameters:
  ///   - duplicates: Whether a day or month given twice for a category is an error or summed.
  ///   - through: When given, counts after this day (or month) are left out, as for a report
  ///     per 31 August; a month total is kept only when its whole month is on or before it.
  init(duplicates: DuplicatePolicy, through: CalendarDate?) {
    self.duplicates = duplicates
    cutoff = through.map { date in
      date.day == nil ? Day.last(year: date.year, month: date.month) : Day(date)
    }
  }

  /// Adds one count, read from `line` of its file (0 when it was not read from one).
  /// - Throws: ``VisitorProblem`` for a negative or non-finite count, a duplicate under
  ///   ``DuplicatePolicy/reject``, or a month given both as a total and as days; the series
  ///   is then as it was.
  mutating func add(_ count: VisitorCount, line: Int = 0) throws(VisitorProblem) {
    guard count.visitors.isFinite, count.visitors >= 0 else {
      throw VisitorProblem(
        line: line,
        message: "\(count.date), \(count.category): a count must be a non-negative number, "
          + "found \(count.visitors)")
    }
    let date = count.date
    let lastDay = date.day == nil ? Day.last(year: date.year, month: date.month) : Day(date)
    if let cutoff, lastDay > cutoff { return }
    let c: Int
    if let known = categoryIndex[count.category] {
      c = known
    } else {
      c = categories.count
      categoryIndex[count.category] = c
      categories.append(count.category)
      cells.append([:])
      categoryYears.append([])
    }
    let month = Day(date).monthIndex
    let here = Int32(clamping: line)
    func twice(_ earlier: Int32) -> VisitorProblem {
      let category = MessageText.quote(count.category)
      let seen = earlier > 0 ? "is already on line \(earlier)" : "is counted twice"
      return VisitorProblem(
        line: line,
        message: "\(date) for \(category) \(seen) (give --sum-duplicates to add such counts up)")
    }
    func mixed(_ earlier: Int32, earlierIsTotal: Bool) -> VisitorProblem {
      let category = MessageText.quote(count.category)
      let on = earlier > 0 ? " on line \(earlier)" : ""
      return VisitorProblem(
        line: line,
        message: "\(category) has " + (earlierIsTotal ? "a month total" : "daily counts")
          + " for \(date.year)-\(date.month < 10 ? "0" : "")\(date.month)\(on); give the month "
          + "either as days or as one total")
    }
    switch (cells[c][month], date.day) {
    case (nil, nil):
      cells[c][month] = .total(count.visitors, line: here)
    case (nil, let day?):
      let offset = dayValues.count
      dayValues.append(contentsOf: repeatElement(.nan, count: 31))
      dayLines.append(contentsOf: repeatElement(0, count: 31))
      dayValues[offset + day - 1] = count.visitors
      dayLines[offset + day - 1] = here
      cells[c][month] = .days(offset: offset)
    case (.total(let value, let earlier), nil):
      guard duplicates == .sum else { throw twice(earlier) }
      cells[c][month] = .total(value + count.visitors, line: earlier)
    case (.days(let offset), let day?):
      let value = dayValues[offset + day - 1]
      if value.isNaN {
        dayValues[offset + day - 1] = count.visitors
        dayLines[offset + day - 1] = here
      } else {
        guard duplicates == .sum else { throw twice(dayLines[offset + day - 1]) }
        dayValues[offset + day - 1] = value + count.visitors
      }
    case (.total(_, let earlier), _?):
      throw mixed(earlier, earlierIsTotal: true)
    case (.days(let offset), nil):
      let first = (0..<31).map { dayLines[offset + $0] }.filter { $0 > 0 }.min() ?? Int32(0)
      throw mixed(first, earlierIsTotal: false)
    }
    categoryYears[c].insert(date.year)
    let firstDay = date.day == nil ? Day.first(year: date.year, month: date.month) : Day(date)
    if let known = coverage[date.year] {
      coverage[date.year] = (min(known.start, firstDay), max(known.end, lastDay))
    } else {
      coverage[date.year] = (firstDay, lastDay)
      yearLines[date.year] = line
    }
  }

  /// The years with data, ascending.
  var years: [Int] { coverage.keys.sorted() }

  /// Whether every day of the range lies inside the coverage of its year.
  func isCovered(_ start: Day, _ end: Day) -> Bool {
    guard start <= end else { return false }
    for year in start.year...end.year {
      guard let span = coverage[year] else { return false }
      let from = year == start.year ? start : Day.first(year: year, month: 1)
      let to = year == end.year ? end : Day.last(year: year, month: 12)
      guard span.start <= from, to <= span.end else { return false }
    }
    return true
  }

  /// The sum of one category over a range of days.
  func sum(_ c: Int, _ start: Day, _ end: Day) -> RangeSum {
    guard isCovered(start, end) else { return .uncovered }
    guard (start.year...end.year).allSatisfy({ categoryYears[c].contains($0) }) else {
      return .uncovered
    }
    var total = 0.0
    for month in start.monthIndex...end.monthIndex {
      let (y, m) = monthOf(index: month)
      let length = CalendarDate.daysIn(month: m, year: y)
      let low = month == start.monthIndex ? start.day : 1
      let high = month == end.monthIndex ? end.day : length
      switch cells[c][month] {
      case nil:
        return .missing(CalendarDate(year: y, month: m)!)
      case .total(let value, _):
        guard low == 1, high == length else { return .indivisible }
        total += value
      case .days(let offset):
        for d in low...high {
          let value = dayValues[offset + d - 1]
          guard !value.isNaN else {
            return .missing(CalendarDate(year: y, month: m, day: d)!)
          }
          total += value
        }
      }
    }
    return .value(total)
  }

  /// The categories `Totalt` adds up over a range: those with data in every year it touches.
  func totalCategories(_ start: Day, _ end: Day) -> [Int] {
    categories.indices.filter { c in
      (start.year...end.year).allSatisfy { categoryYears[c].contains($0) }
    }
  }

  /// The sum over all categories that have data in the range's years (see
  /// ``totalCategories(_:_:)``); the first problem of any of them otherwise.
  func totalSum(_ start: Day, _ end: Day) -> RangeSum {
    guard isCovered(start, end) else { return .uncovered }
    let included = totalCategories(start, end)
    guard !included.isEmpty else { return .uncovered }
    var total = 0.0
    for c in included {
      let part = sum(c, start, end)
      guard case .value(let value) = part else { return part }
      total += value
    }
    return .value(total)
  }

  /// A month's value when the month is wholly covered and known; `c = nil` for `Totalt`.
  func completeMonth(_ c: Int?, monthIndex: Int) -> Double? {
    let (y, m) = monthOf(index: monthIndex)
    let start = Day.first(year: y, month: m)
    let end = Day.last(year: y, month: m)
    return (c.map { sum($0, start, end) } ?? totalSum(start, end)).value
  }

  /// Every gap inside the coverage, merged into stretches, by category and date.
  var gaps: [VisitorGap] {
    var result: [VisitorGap] = []
    for (c, category) in categories.enumerated() {
      var open: VisitorGap?
      func extend(_ date: CalendarDate, adjacent: Bool) {
        if var gap = open, adjacent, (gap.first.day == nil) == (date.day == nil) {
          gap.last = date
          gap.count += 1
          open = gap
        } else {
          if let gap = open { result.append(gap) }
          open = VisitorGap(category: category, first: date, last: date, count: 1)
        }
      }
      var previousMonth = Int.min
      var previousDay: Day?
      for year in categoryYears[c].sorted() {
        guard let span = coverage[year] else { continue }
        for month in span.start.monthIndex...span.end.monthIndex {
          let (y, m) = monthOf(index: month)
          switch cells[c][month] {
          case nil:
            extend(CalendarDate(year: y, month: m)!, adjacent: month == previousMonth + 1)
            previousMonth = month
          case .total:
            break
          case .days(let offset):
            let low = month == span.start.monthIndex ? span.start.day : 1
            let high =
              month == span.end.monthIndex ? span.end.day : CalendarDate.daysIn(month: m, year: y)
            guard low <= high else { continue }
            for d in low...high where dayValues[offset + d - 1].isNaN {
              let day = Day(year: y, month: m, day: d)
              let adjacent = previousDay.map { next(after: $0) == day } ?? false
              extend(day.calendarDate, adjacent: adjacent)
              previousDay = day
            }
          }
        }
      }
      if let gap = open { result.append(gap) }
    }
    return result
  }

  /// Categories absent in a whole year that others cover.
  var absentCategories: [AbsentCategory] {
    years.flatMap { year in
      categories.indices.filter { !categoryYears[$0].contains(year) }.map {
        AbsentCategory(category: categories[$0], year: year)
      }
    }
  }

  private func next(after day: Day) -> Day {
    if !day.isMonthEnd { return Day(year: day.year, month: day.month, day: day.day + 1) }
    let (y, m) = monthOf(index: day.monthIndex + 1)
    return Day.first(year: y, month: m)
  }
}
