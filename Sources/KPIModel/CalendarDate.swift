/// A calendar day or a whole month, as visitor counts and sick-leave spells carry them.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The year, e.g. 2025.
  public var year: Int
  /// The month, 1–12.
  public var month: Int
  /// The day of the month, or `nil` for a whole month.
  public var day: Int?

  /// Creates a date, or `nil` when the month or day does not exist (2025-02-29).
  public init?(year: Int, month: Int, day: Int? = nil) {
    guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
    if let day {
      guard day >= 1, day <= CalendarDate.daysIn(month: month, year: year) else { return nil }
    }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Days in a month of the Gregorian calendar.
  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// ISO 8601: `2025-03-01`, or `2025-03` for a month.
  public var description: String {
    let m = month < 10 ? "0\(month)" : "\(month)"
    guard let day else { return "\(year)-\(m)" }
    return "\(year)-\(m)-" + (day < 10 ? "0\(day)" : "\(day)")
  }

  public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
    (a.year, a.month, a.day ?? 0) < (b.year, b.month, b.day ?? 0)
  }
}
