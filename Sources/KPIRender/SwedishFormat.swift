import Foundation
import KPIModel

/// Numbers as Swedish reports print them (SPEC §6): `94 %`, `2,2 %`, `73 416` with a narrow
/// no-break space between thousands, a decimal comma, and a real minus sign.
public enum SwedishFormat {
  /// U+202F NARROW NO-BREAK SPACE, the thousands separator.
  public static let thousandsSeparator = "\u{202F}"
  /// U+00A0 NO-BREAK SPACE, between a number and `%`, so the two never part at a line end.
  public static let unitSpace = "\u{00A0}"

  /// `value` with `decimals` decimals, decimal comma, thousands grouped: `73 416`, `2,2`.
  public static func number(_ value: Double, decimals: Int = 0) -> String {
    guard value.isFinite else { return "–" }
    let factor = pow(10, Double(decimals))
    var rounded = (abs(value) * factor).rounded(.toNearestOrAwayFromZero) / factor
    if rounded == 0 { rounded = 0 }
    let negative = value < 0 && rounded != 0
    let whole = Int64(rounded.rounded(.towardZero))
    var digits = String(whole)
    var grouped = ""
    while digits.count > 3 {
      grouped = thousandsSeparator + digits.suffix(3) + grouped
      digits.removeLast(3)
    }
    grouped = digits + grouped
    if decimals > 0 {
      let fraction = Int64(((rounded - Double(whole)) * factor).rounded())
      let text = String(fraction)
      grouped += "," + String(repeating: "0", count: decimals - text.count) + text
    }
    return (negative ? "−" : "") + grouped
  }

  /// A fraction as a percentage: `0.937` → `94 %`, with `decimals` decimals.
  public static func percent(_ fraction: Double, decimals: Int = 0) -> String {
    number(fraction * 100, decimals: decimals) + unitSpace + "%"
  }

  /// How many of a questionnaire's questions: `3 av 4 frågor`, `0 av 1 fråga`.
  public static func questions(_ count: Int, of total: Int) -> String {
    "\(count) av \(total) \(total == 1 ? "fråga" : "frågor")"
  }

  /// A change in percentage points with its sign: `+3 procentenheter`.
  public static func points(_ difference: Double, decimals: Int = 0) -> String {
    let text = number(difference * 100, decimals: decimals)
    return (difference * 100 > 0 && text != "0" ? "+" : "") + text + unitSpace + "procentenheter"
  }

  /// A day as Swedish prose writes it: `31 augusti 2023` (a whole month: `augusti 2023`).
  public static func longDate(_ date: CalendarDate) -> String {
    let month = monthNames[date.month - 1] + " \(date.year)"
    return date.day.map { "\($0) " + month } ?? month
  }

  /// Swedish month names, January first.
  public static let monthNames = [
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december",
  ]

  /// Swedish month abbreviations for axes, January first: `jan`, `feb`, … `dec`, lower case
  /// as Swedish writes months, without full stops (Språkrådet allows them dropped in tables
  /// and figures where space is short).
  public static let monthAbbreviations = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
  ]
}
