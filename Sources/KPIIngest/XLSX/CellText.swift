import Foundation
import KPIModel

/// The text a cell's value becomes: every source hands out text (see ``Row``).
enum CellText {
  /// The shortest decimal text that reads back as `value`, with a dot and never an exponent:
  /// `12.5`, `3`, `-0.25`, `0.0000001`, `10000000000000000`.
  static func decimal(_ value: Double) -> String {
    if value == 0 { return "0" }
    // Swift prints the shortest digits that round-trip, sometimes with an exponent.
    let printed = "\(value.magnitude)"
    var mantissa = Substring(printed)
    var exponent = 0
    if let e = printed.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = printed[..<e]
      exponent = Int(printed[printed.index(after: e)...]) ?? 0
    }
    let dot = mantissa.firstIndex(of: ".")
    let integerPart = dot.map { mantissa[..<$0] } ?? mantissa
    let fractionPart = dot.map { mantissa[mantissa.index(after: $0)...] } ?? ""
    var digits = Array(integerPart.utf8) + Array(fractionPart.utf8)
    // Where the decimal point falls in `digits`.
    var point = integerPart.utf8.count + exponent
    let zero = UInt8(ascii: "0")
    while digits.count > 1, digits.first == zero {
      digits.removeFirst()
      point -= 1
    }
    while digits.count > 1, digits.last == zero { digits.removeLast() }
    var text = value < 0 ? "-" : ""
    if point <= 0 {
      text += "0." + String(repeating: "0", count: -point) + String(decoding: digits, as: UTF8.self)
    } else if point >= digits.count {
      text +=
        String(decoding: digits, as: UTF8.self)
        + String(repeating: "0", count: point - digits.count)
    } else {
      text +=
        String(decoding: digits[..<point], as: UTF8.self) + "."
        + String(decoding: digits[point...], as: UTF8.self)
    }
    return text
  }

  /// The ISO 8601 text of a date serial: `YYYY-MM-DD` for a date format,
  /// `YYYY-MM-DDTHH:MM:SS` for a date-and-time format, `HH:MM:SS` for a time of day.
  ///
  /// In the 1900 date system serial 1 is 1900-01-01 and serial 60 is 1900-02-29, a day that
  /// never was: Lotus 1-2-3 took 1900 for a leap year and Excel kept the error, so from
  /// serial 61 (1900-03-01) on the count runs from 1899-12-30. In the 1904 system serial 0
  /// is 1904-01-01. Times are rounded to the second, as Excel shows them.
  /// - Returns: `nil` when the serial is no date Excel can show (negative, past 9999).
  static func date(serial: Double, kind: NumberKind, date1904: Bool) -> String? {
    guard serial >= 0, serial < 3_000_000 else { return nil }
    let seconds = Int((serial * 86_400).rounded())
    let days = seconds / 86_400
    let secondOfDay = seconds % 86_400
    let time =
      pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":"
      + pad(secondOfDay % 60, 2)
    if kind == .time && days == 0 { return time }
    let civil = civil(serialDay: days, date1904: date1904)
    guard civil.year <= 9999 else { return nil }
    let date = pad(civil.year, 4) + "-" + pad(civil.month, 2) + "-" + pad(civil.day, 2)
    return kind == .date ? date : date + "T" + time
  }

  /// Year, month and day of a whole serial day (see ``date(serial:kind:date1904:)``): the
  /// one mapping of Excel's day numbers, for formatted cells and for date columns of plain
  /// numbers (``CellParser/excelSerial(_:)``) alike.
  static func civil(serialDay days: Int, date1904: Bool) -> (year: Int, month: Int, day: Int) {
    if date1904 { return CalendarDate.civil(daysSince1970: days - 24_107) }
    if days == 60 { return (1900, 2, 29) }
    if days < 60 { return CalendarDate.civil(daysSince1970: days - 25_568) }
    return CalendarDate.civil(daysSince1970: days - 25_569)
  }

  /// The ISO text of a `t="d"` cell, which holds an ISO 8601 date already: fractions of a
  /// second and a `Z` are dropped, and so is the time when the format shows a date only or,
  /// without a date format, when it is midnight.
  static func isoDate(_ value: Substring, kind: NumberKind) -> String {
    var text = trimmingXMLWhitespace(value)
    if text.hasSuffix("Z") { text = text.dropLast() }
    guard let t = text.firstIndex(of: "T") else { return String(text) }
    let date = text[..<t]
    var time = text[text.index(after: t)...]
    if let fraction = time.firstIndex(of: ".") { time = time[..<fraction] }
    if time.count == 5 { time += ":00" }
    let midnight = time == "00:00:00"
    if kind == .date || (midnight && kind != .dateTime && kind != .time) { return String(date) }
    return String(date) + "T" + time
  }

  private static func pad(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
