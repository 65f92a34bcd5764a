/// A calendar day or a whole month, as visitor counts and sick-leave spells carry them.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The year, e.g. 2025.
  public var year: Int
  /// The month, 1–12.
  public var month: Int
  /// The day of the month, or `nil` for a whole month.
  public var day: Int?

  /// Creates a date, or `nil` when the month or day does not exist (2025-02-29).
  @inlinable
  public init?(year: Int, month: Int, day: Int? = nil) {
    guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
    if let day {
      guard day >= 1, day <= CalendarDate.daysIn(month: month, year: year) else { return nil }
    }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Days in a month (1–12) of the Gregorian calendar.
  @inlinable
  public static func daysIn(month: Int, year: Int) -> Int {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 1 : 0
    // Arithmetic rather than a switch, which readers of many dates would mispredict: 31 for
    // odd months up to July and even ones from August.
    return month == 2 ? 28 + leap : 30 + ((month ^ (month >> 3)) & 1)
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

extension CalendarDate {
  /// Days from 1970-01-01 to this day (negative before) in the proleptic Gregorian calendar;
  /// a whole month counts as its first day. H. Hinnant, "chrono-compatible low-level date
  /// algorithms", `days_from_civil`.
  public var daysSince1970: Int {
    Self.daysSince1970(year: year, month: month, day: day ?? 1)
  }

  /// Days from 1970-01-01 to a day given by its numbers, which must make a valid date (see
  /// ``init(year:month:day:)``); for readers that check a date themselves and want no value
  /// built.
  @inlinable
  public static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let monthIndex = (month + 9) % 12  // March = 0
    let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// Year, month and day `days` days after 1970-01-01 (Hinnant's `civil_from_days`), for any
  /// year, also those ``CalendarDate`` does not accept.
  public static func civil(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth)
  }
}

/// The order of day and month in a numeric date such as `3/4/2025`, which Swedish and
/// British exports read as 3 April and American ones as 4 March.
///
/// A reader settles it once for a whole column, never row by row: from a value whose first
/// or second number is over 12, or from the spec's `date_format:` (SPEC §4).
public enum DayMonthOrder: String, Sendable, Equatable, CaseIterable {
  /// `31/1/2025`: day, month, year.
  case dayFirst = "d/m/yyyy"
  /// `1/31/2025`: month, day, year.
  case monthFirst = "m/d/yyyy"

  /// The order a `date_format:` setting names: `d/m/yyyy`, `dd/mm/yyyy`, `%d/%m/%Y`, `dmy`
  /// (any separators, any case) for day first; `m/d/yyyy`, `mm/dd/yyyy`, `%m/%d/%Y`, `mdy`
  /// for month first. `nil` for anything else (a year first needs no setting).
  public init?(format: String) {
    let letters = format.lowercased().filter { $0.isLetter }
    let squeezed = letters.reduce(into: "") { text, letter in
      if text.last != letter { text.append(letter) }
    }
    switch squeezed {
    case "dmy": self = .dayFirst
    case "mdy": self = .monthFirst
    default: return nil
    }
  }

  /// How messages write the order, e.g. `day/month/year`.
  public var words: String {
    switch self {
    case .dayFirst: "day/month/year"
    case .monthFirst: "month/day/year"
    }
  }
}
