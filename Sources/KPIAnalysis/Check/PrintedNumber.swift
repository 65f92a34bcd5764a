/// A number as a table prints it, with what the print says about its precision.
///
/// `2,0` stands for any value that rounds to it at one decimal, [1,95; 2,05]; `38` in the
/// same column for [37,5; 38,5]. The decimals are read per cell, because reports drop
/// trailing zeros (`38` for 38,0, `1` for 1,0) and the wider window is the honest one.
/// Written with ten decimals or more, or with an exponent, the number is machine output
/// (`0.03323991768254733`) and is taken as exact up to the last bits of a double.
public struct PrintedNumber: Sendable, Equatable {
  /// The value as printed: `60.7` for `60,7 %`.
  public var value: Double
  /// Decimals after the separator: 1 for `60,7`, 0 for `38`.
  public var decimals: Int
  /// Whether it is machine output rather than a rounded figure.
  public var isMachine: Bool
  /// Whether it was followed by `%`.
  public var isPercent: Bool
  /// The number's own text, trimmed, without what follows it: `57%` of `57% (3 av 5)`.
  public var text: String

  /// Creates a number.
  public init(
    value: Double, decimals: Int, isMachine: Bool = false, isPercent: Bool = false,
    text: String
  ) {
    self.value = value
    self.decimals = decimals
    self.isMachine = isMachine
    self.isPercent = isPercent
    self.text = text
  }

  /// The number a cell holds, or `nil`.
  ///
  /// Accepts a sign (`+`, `-`, `−`), digits grouped by spaces (also no-break and narrow
  /// no-break: `73 416`), one decimal comma or point, an exponent (`1e-05`, machine output
  /// only), a `%`, and after it a remark in parentheses (`57% (3 av 5 personer)`).
  public static func parse(_ text: String) -> PrintedNumber? {
    let scalars = Array(text.unicodeScalars)
    var index = 0
    func isSpace(_ scalar: Unicode.Scalar) -> Bool {
      scalar == " " || scalar == "\t" || scalar == "\u{00A0}" || scalar == "\u{202F}"
    }
    func isDigit(_ i: Int) -> Bool { i < scalars.count && ("0"..."9").contains(scalars[i]) }
    while index < scalars.count && isSpace(scalars[index]) { index += 1 }
    let start = index
    var digits = ""
    if index < scalars.count, ["+", "-", "\u{2212}"].contains(scalars[index]) {
      if scalars[index] != "+" { digits = "-" }
      index += 1
    }
    guard isDigit(index) else { return nil }
    var decimals = 0
    var seenSeparator = false
    var isMachine = false
    scan: while index < scalars.count {
      let scalar = scalars[index]
      switch scalar {
      case "0"..."9":
        digits.unicodeScalars.append(scalar)
        if seenSeparator { decimals += 1 }
      case ",", ".":
        guard !seenSeparator, isDigit(index + 1) else { break scan }
        seenSeparator = true
        digits.append(".")
      case _ where isSpace(scalar):
        // A thousands separator sits between digits before the decimals: `73 416`.
        guard !seenSeparator, isDigit(index + 1), isDigit(index - 1) else { break scan }
      case "e", "E":
        var next = index + 1
        var exponent = "e"
        if next < scalars.count, scalars[next] == "-" || scalars[next] == "+" {
          exponent.unicodeScalars.append(scalars[next])
          next += 1
        }
        guard isDigit(next) else { return nil }
        while isDigit(next) {
          exponent.unicodeScalars.append(scalars[next])
          next += 1
        }
        digits += exponent
        isMachine = true
        index = next
        break scan
      default:
        break scan
      }
      index += 1
    }
    let numberEnd = index
    while index < scalars.count && isSpace(scalars[index]) { index += 1 }
    var isPercent = false
    var end = numberEnd
    if index < scalars.count, scalars[index] == "%" {
      isPercent = true
      index += 1
      end = index
      while index < scalars.count && isSpace(scalars[index]) { index += 1 }
    }
    // Anything after the number must be a remark in parentheses.
    guard index == scalars.count || scalars[index] == "(" else { return nil }
    guard let value = Double(digits), value.isFinite else { return nil }
    var own = String.UnicodeScalarView()
    own.append(contentsOf: scalars[start..<end])
    return PrintedNumber(
      value: value, decimals: decimals, isMachine: isMachine || decimals >= 10,
      isPercent: isPercent, text: String(own))
  }

  /// Whether the decimal separator is a comma.
  var usesComma: Bool { text.contains(",") }

  /// The values the printed number may stand for.
  /// - Parameter exact: Take a whole number as exact (a count), or any number (a machine
  ///   table, whose numbers are not rounded).
  func bounds(exact: Bool = false) -> Bounds {
    if isMachine || exact {
      let slack = isMachine || decimals > 0 ? Bounds.machineSlack * max(1, abs(value)) : 0
      return Bounds(low: value - slack, high: value + slack)
    }
    let half = 0.5 * Bounds.power(-decimals)
    return Bounds(low: value - half, high: value + half, lowIsBoundary: true, highIsBoundary: true)
  }
}

/// The interval of values a printed figure, or a sum of them, may stand for.
///
/// Rounding maps each value to one printed figure, so the windows of two figures printed
/// with the same decimals never share a point: an end that is a rounding boundary belongs to
/// one window only, whichever way halves are rounded. Two windows that touch at such ends
/// are therefore apart; a window that touches an exact value or a machine number is not.
struct Bounds: Sendable, Equatable {
  /// Relative slack of machine output: far above a double's rounding, far below any printed
  /// decimal.
  static let machineSlack = 1e-9

  var low: Double
  var high: Double
  /// Whether `low` is a rounding boundary.
  var lowIsBoundary = false
  /// Whether `high` is a rounding boundary.
  var highIsBoundary = false

  /// An exact value.
  static func point(_ value: Double) -> Bounds { Bounds(low: value, high: value) }

  /// 10 to the power `exponent`, exactly for the small exponents of printed decimals.
  static func power(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(exponent) { result *= 10 }
    return exponent < 0 ? 1 / result : result
  }

  /// Half the width: the rounding the figure allows either way.
  var radius: Double { (high - low) / 2 }

  /// Whether every value of `self` lies below every value of `other`.
  func isBelow(_ other: Bounds) -> Bool {
    let tolerance = 1e-12 * max(1, abs(high), abs(other.low))
    let gap = other.low - high
    if gap > tolerance { return true }
    if gap < -tolerance { return false }
    return highIsBoundary && other.lowIsBoundary
  }

  /// Whether the two intervals share a value.
  func overlaps(_ other: Bounds) -> Bool {
    !isBelow(other) && !other.isBelow(self)
  }

  /// The interval of a sum: an end is a rounding boundary when the summands' ends are
  /// boundaries or exact.
  static func sum(_ terms: [Bounds]) -> Bounds {
    func boundary(_ ends: [(Bool, Bool)]) -> Bool {
      ends.allSatisfy { $0.0 || $0.1 } && ends.contains { $0.0 }
    }
    return Bounds(
      low: terms.map(\.low).reduce(0, +), high: terms.map(\.high).reduce(0, +),
      lowIsBoundary: boundary(terms.map { ($0.lowIsBoundary, $0.low == $0.high) }),
      highIsBoundary: boundary(terms.map { ($0.highIsBoundary, $0.low == $0.high) }))
  }

  /// The smallest interval holding all of `terms`; not empty.
  static func hull(_ terms: [Bounds]) -> Bounds {
    let low = terms.map(\.low).min()!
    let high = terms.map(\.high).max()!
    return Bounds(
      low: low, high: high,
      lowIsBoundary: terms.filter { $0.low == low }.allSatisfy(\.lowIsBoundary),
      highIsBoundary: terms.filter { $0.high == high }.allSatisfy(\.highIsBoundary))
  }
}

/// Numbers for messages, in the table's own style: `60,7` in a Swedish table, `0.607` in a
/// machine one.
struct NumberStyle: Sendable {
  /// Whether the decimal separator is a comma.
  var comma: Bool

  /// `value` with `decimals` decimals, a real minus sign, no grouping.
  func format(_ value: Double, decimals: Int) -> String {
    let decimals = max(0, min(decimals, 12))
    let scaled = (abs(value) * Bounds.power(decimals)).rounded(.toNearestOrAwayFromZero)
    guard scaled < 1e17 else { return "\(value)" }
    var digits = String(Int64(scaled))
    if decimals > 0 {
      if digits.count <= decimals {
        digits = String(repeating: "0", count: decimals - digits.count + 1) + digits
      }
      digits.insert(
        contentsOf: comma ? "," : ".", at: digits.index(digits.endIndex, offsetBy: -decimals))
    }
    return (value < 0 && scaled != 0 ? "\u{2212}" : "") + digits
  }

  /// A machine number in full: the shortest digits that read back to the same double.
  func full(_ value: Double) -> String {
    let text = "\(value)"
    return comma ? String(text.map { $0 == "." ? "," : $0 }) : text
  }
}
