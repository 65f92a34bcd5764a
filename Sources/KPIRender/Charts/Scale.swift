import Foundation

/// A linear map from data values to pixels.
public struct LinearScale: Sendable, Equatable {
  /// The data interval.
  public var domain: ClosedRange<Double>
  /// The pixel interval `domain` maps onto.
  public var range: ClosedRange<Double>

  /// Creates a scale.
  /// - Parameters:
  ///   - domain: Data values; an empty domain maps everything to the start of `range`.
  ///   - range: Pixels.
  public init(domain: ClosedRange<Double>, range: ClosedRange<Double>) {
    self.domain = domain
    self.range = range
  }

  /// The pixel position of a value; values outside the domain extrapolate linearly.
  /// - Parameter value: A data value.
  /// - Returns: Pixels, not rounded (marks round when they are made).
  public func callAsFunction(_ value: Double) -> Double {
    let span = domain.upperBound - domain.lowerBound
    guard span > 0 else { return range.lowerBound }
    return range.lowerBound
      + (value - domain.lowerBound) / span * (range.upperBound - range.lowerBound)
  }

  /// Pixels per data unit.
  public var pixelsPerUnit: Double {
    let span = domain.upperBound - domain.lowerBound
    return span > 0 ? (range.upperBound - range.lowerBound) / span : 0
  }
}

/// Axis ticks at "nice" values (1, 2 or 5 times a power of ten), and the domain they cover.
public struct Ticks: Sendable, Equatable {
  /// The domain widened outwards to whole steps.
  public var domain: ClosedRange<Double>
  /// The tick values, ascending, from `domain.lowerBound` to `domain.upperBound`.
  public var values: [Double]
  /// The distance between ticks.
  public var step: Double
  /// Decimals a tick label needs as a plain number (`0.5` needs 1, `20` needs 0).
  public var decimals: Int

  /// Nice ticks covering `extent`, about `count` of them.
  ///
  /// The step is chosen as d3's `tickIncrement` does: the raw step `span / count` is rounded to
  /// 1, 2 or 5 × 10ᵏ, switching up at √2, √10 and √50 times the power of ten, so the number of
  /// ticks stays close to `count`. Tick values are computed as integers over a power of ten, so
  /// `0.6` is `0.6` and not `0.6000000000000001`.
  /// - Parameters:
  ///   - extent: The data to cover. An empty extent at 0 becomes `0...1`; any other empty extent
  ///     is widened to include 0.
  ///   - count: The wanted number of intervals, at least 1.
  /// - Returns: The ticks.
  public init(covering extent: ClosedRange<Double>, count: Int = 5) {
    var low = extent.lowerBound
    var high = extent.upperBound
    if low == high {
      if low == 0 { high = 1 } else if low > 0 { low = 0 } else { high = 0 }
    }
    let raw = (high - low) / Double(max(count, 1))
    var exponent = Int((log10(raw)).rounded(.down))
    let error = raw / pow(10, Double(exponent))
    var mantissa: Int
    if error >= 50.squareRoot() {
      mantissa = 1
      exponent += 1
    } else if error >= 10.squareRoot() {
      mantissa = 5
    } else if error >= 2.squareRoot() {
      mantissa = 2
    } else {
      mantissa = 1
    }
    let power = pow(10, Double(abs(exponent)))
    func value(_ multiple: Int) -> Double {
      exponent >= 0 ? Double(multiple * mantissa) * power : Double(multiple * mantissa) / power
    }
    let unit = value(1)
    // The tolerance keeps 0.6 / 0.2 = 2.9999999999999996 from adding a tick.
    let first = Int((low / unit + 1e-9).rounded(.down))
    let last = Int((high / unit - 1e-9).rounded(.up))
    values = (first...max(first, last)).map(value)
    domain = value(first)...value(max(first, last))
    step = unit
    decimals = max(0, -exponent)
  }
}

/// Approximate text widths, so the layout can wrap labels and keep them apart without a font
/// engine.
///
/// Widths are Arial's advance widths (Liberation Sans has the same metrics) widened by 5 %
/// to cover the other fonts of the stack (Segoe UI, San Francisco, Roboto); bold adds 7 %.
/// Overestimating only costs a little space; underestimating would let labels collide.
enum TextMetrics {
  /// Width of `text` in pixels at `size`.
  static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
    var units = 0.0
    for character in text { units += advance(character) }
    return units / 1000 * size * 1.05 * (bold ? 1.07 : 1)
  }

  private static func advance(_ character: Character) -> Double {
    switch character {
    case "i", "j", "l": 222
    case " ", "!", ",", ".", "/", ":", ";", "I", "[", "]", "f", "t", "\\", "\u{00A0}": 278
    case "'", "|": 220
    case "\u{202F}": 200
    case "\"": 355
    case "(", ")", "-", "r", "`": 333
    case "*": 389
    case "^": 469
    case "J", "c", "k", "s", "v", "x", "y", "z": 500
    case "+", "<", "=", ">", "~", "−": 584
    case "F", "T", "Z": 611
    case "A", "B", "E", "K", "P", "S", "V", "X", "Y", "Å", "Ä", "É": 667
    case "C", "D", "H", "N", "R", "U", "w": 722
    case "G", "O", "Q", "Ö": 778
    case "M", "m": 833
    case "%": 889
    case "W": 944
    case "@", "…", "—": 1000
    default:
      if let scalar = character.unicodeScalars.first, scalar.value >= 0x2E80 { 1000 } else { 556 }
    }
  }

  /// Breaks `text` into at most `maxLines` lines no wider than `maxWidth`, at spaces where it
  /// can and inside a word where it must. When the text does not fit, the last line ends in
  /// `…`.
  /// - Returns: The lines, and whether anything was cut.
  static func wrap(
    _ text: String, maxWidth: Double, size: Double, bold: Bool = false, maxLines: Int
  ) -> (lines: [String], truncated: Bool) {
    let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    var lines: [String] = []
    var current = ""
    func fits(_ line: String) -> Bool { width(line, size: size, bold: bold) <= maxWidth }
    for word in words {
      let candidate = current.isEmpty ? word : current + " " + word
      if fits(candidate) {
        current = candidate
        continue
      }
      if !current.isEmpty { lines.append(current) }
      current = word
      while !fits(current) && current.count > 1 {
        // A word longer than the line: cut it where it stops fitting.
        var head = ""
        for character in current {
          if !fits(head + String(character)) { break }
          head.append(character)
        }
        if head.isEmpty { head = String(current.prefix(1)) }
        lines.append(head)
        current = String(current.dropFirst(head.count))
      }
    }
    if !current.isEmpty { lines.append(current) }
    if lines.isEmpty { return ([""], false) }
    guard lines.count > maxLines else { return (lines, false) }
    var kept = Array(lines.prefix(maxLines))
    kept[maxLines - 1] = truncate(
      kept[maxLines - 1] + " " + lines[maxLines], maxWidth: maxWidth, size: size, bold: bold,
      force: true)
    return (kept, true)
  }

  /// `text` shortened with `…` until it fits in `maxWidth`; unchanged when it fits, unless
  /// `force` says something after it was already cut.
  static func truncate(
    _ text: String, maxWidth: Double, size: Double, bold: Bool = false, force: Bool = false
  ) -> String {
    if !force && width(text, size: size, bold: bold) <= maxWidth { return text }
    var head = text
    while !head.isEmpty {
      head.removeLast()
      let trimmed = String(head.reversed().drop { $0 == " " }.reversed())
      if width(trimmed + "…", size: size, bold: bold) <= maxWidth { return trimmed + "…" }
    }
    return "…"
  }
}
