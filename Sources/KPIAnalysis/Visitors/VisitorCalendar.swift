import KPIModel

/// A day of the Gregorian calendar, for the arithmetic of periods and windows.
///
/// ``CalendarDate`` carries a day or a whole month as inputs give it; inside the visitor
/// analysis every window is a closed range of days, and these are its ends.
struct Day: Hashable, Comparable, Sendable {
  // Packed (8 bytes, not 24): a long series has tens of thousands of rows with two each.
  private var storedYear: Int32
  private var storedMonth: UInt8
  private var storedDay: UInt8

  var year: Int {
    get { Int(storedYear) }
    set { storedYear = Int32(newValue) }
  }
  var month: Int {
    get { Int(storedMonth) }
    set { storedMonth = UInt8(newValue) }
  }
  var day: Int {
    get { Int(storedDay) }
    set { storedDay = UInt8(newValue) }
  }

  init(year: Int, month: Int, day: Int) {
    storedYear = Int32(year)
    storedMonth = UInt8(month)
    storedDay = UInt8(day)
  }

  static func < (a: Day, b: Day) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  /// The first day of a month.
  static func first(year: Int, month: Int) -> Day { Day(year: year, month: month, day: 1) }

  /// The last day of a month.
  static func last(year: Int, month: Int) -> Day {
    Day(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))
  }

  /// The month as one integer, `year·12 + month − 1`, so months can be counted and stepped.
  var monthIndex: Int { year * 12 + month - 1 }

  /// Whether this is the last day of its month (2024-02-29, 2023-02-28).
  var isMonthEnd: Bool { day == CalendarDate.daysIn(month: month, year: year) }

  /// The same day `years` years later (or earlier). The last day of a month stays the last
  /// day, so a window ending on 29 February 2024 becomes one ending on 28 February 2023 and
  /// one ending on 28 February 2023 (the whole of February) becomes 29 February 2024; any
  /// other day is clamped to the length of its month.
  func shifted(years: Int) -> Day {
    let target = year + years
    let length = CalendarDate.daysIn(month: month, year: target)
    return Day(year: target, month: month, day: isMonthEnd ? length : min(day, length))
  }

  var calendarDate: CalendarDate {
    CalendarDate(year: year, month: month, day: day)!
  }

  init(_ date: CalendarDate) {
    self.init(year: date.year, month: date.month, day: date.day ?? 1)
  }
}

/// The month of a month index (years are positive, so plain division is right).
func monthOf(index: Int) -> (year: Int, month: Int) {
  (index / 12, index % 12 + 1)
}

/// A closed range of days: the part of a period that a sum covers.
public struct DayRange: Sendable, Hashable, CustomStringConvertible {
  /// The first day.
  public var start: CalendarDate
  /// The last day, inclusive.
  public var end: CalendarDate

  init(_ start: Day, _ end: Day) {
    self.start = start.calendarDate
    self.end = end.calendarDate
  }

  var first: Day { Day(start) }
  var last: Day { Day(end) }

  /// `2023-01-01..2023-08-31`.
  public var description: String { "\(start)..\(end)" }

  /// Whether the range starts on the first day of a month and ends on the last day of one.
  public var isWholeMonths: Bool { first.day == 1 && last.isMonthEnd }

}

/// The kinds of period of `visitors.csv` (SPEC §6).
public enum VisitorPeriodType: String, Sendable, CaseIterable {
  /// A calendar year: `2025`.
  case year
  /// A half-year, H1 = January–June: `2025-H1`.
  case half
  /// A quarter: `2025-Q1`.
  case quarter
  /// The summer, June–August unless configured: `2025-summer`.
  case summer
  /// A month: `2025-01`.
  case month
  /// The twelve months ending with a month: `2025-08` is September 2024–August 2025.
  case rolling12
}

/// One period of one year: what a row of `visitors.csv` sums over.
struct VisitorPeriod: Sendable, Hashable {
  var type: VisitorPeriodType
  var year: Int
  /// Half 1–2, quarter 1–4, month 1–12; 0 for a year or summer.
  var number: Int

  /// The period's name in the table.
  var name: String {
    switch type {
    case .year: "\(year)"
    case .half: "\(year)-H\(number)"
    case .quarter: "\(year)-Q\(number)"
    case .summer: "\(year)-summer"
    case .month, .rolling12: "\(year)-" + (number < 10 ? "0\(number)" : "\(number)")
    }
  }

  /// The period moved to another year.
  func inYear(_ other: Int) -> VisitorPeriod {
    VisitorPeriod(type: type, year: other, number: number)
  }

  /// The days the period spans.
  func range(summer: ClosedRange<Int>) -> (Day, Day) {
    switch type {
    case .year: return (.first(year: year, month: 1), .last(year: year, month: 12))
    case .half:
      return (.first(year: year, month: number * 6 - 5), .last(year: year, month: number * 6))
    case .quarter:
      return (.first(year: year, month: number * 3 - 2), .last(year: year, month: number * 3))
    case .summer:
      return (
        .first(year: year, month: summer.lowerBound), .last(year: year, month: summer.upperBound)
      )
    case .month: return (.first(year: year, month: number), .last(year: year, month: number))
    case .rolling12:
      let start = monthOf(index: year * 12 + number - 1 - 11)
      return (.first(year: start.year, month: start.month), .last(year: year, month: number))
    }
  }

  /// Every period of a type in a year, in order.
  static func all(_ type: VisitorPeriodType, in year: Int) -> [VisitorPeriod] {
    let numbers: ClosedRange<Int> =
      switch type {
      case .year, .summer: 0...0
      case .half: 1...2
      case .quarter: 1...4
      case .month, .rolling12: 1...12
      }
    return numbers.map { VisitorPeriod(type: type, year: year, number: $0) }
  }
}
