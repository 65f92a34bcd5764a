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
    var units = 0
    for character in text { units += Int(advance(character)) }
    return width(units: units, size: size, bold: bold)
  }

  /// Width in pixels of text whose advance widths sum to `units`.
  ///
  /// Advance widths are whole units, so a sum in `Int` is exact and any way of adding them
  /// up gives the same width.
  static func width(units: Int, size: Double, bold: Bool = false) -> Double {
    Double(units) / 1000 * size * 1.05 * (bold ? 1.07 : 1)
  }

  /// The advance width of `character` in units of 1/1000 of the size: for a character of
  /// one scalar below U+0100 from a table made from ``listedAdvance(_:)`` once, since the
  /// `switch` compares a character with each of its cases in turn (for 2 000 questions'
  /// 4 000 charts a tenth of the run).
  fileprivate static func advance(_ character: Character) -> Double {
    let scalars = character.unicodeScalars
    if let first = scalars.first, first.value < 0x100,
      scalars.index(after: scalars.startIndex) == scalars.endIndex
    {
      return latin1Advances[Int(first.value)]
    }
    return listedAdvance(character)
  }

  /// ``listedAdvance(_:)`` of U+0000 to U+00FF.
  private static let latin1Advances: [Double] = (0..<256).map {
    listedAdvance(Character(Unicode.Scalar(UInt8($0))))
  }

  /// Arial's advance widths, by character.
  private static func listedAdvance(_ character: Character) -> Double {
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
  ///
  /// Each character is measured once: widths are sums of whole advance units, so a line's
  /// width is a difference of prefix sums, exactly the sum `width(_:size:bold:)` computes,
  /// and a 100 000-character word is cut in linear time rather than re-measured at every
  /// cut. Lines past the one after `maxLines` are never built: only they decide the result.
  /// - Returns: The lines, and whether anything was cut.
  static func wrap(
    _ text: String, maxWidth: Double, size: Double, bold: Bool = false, maxLines: Int
  ) -> (lines: [String], truncated: Bool) {
    let measured = MeasuredText(text)
    func fits(_ units: Int) -> Bool { width(units: units, size: size, bold: bold) <= maxWidth }
    let space = Int(advance(" "))
    var lines: [String] = []
    // The line being filled: its words as character ranges, joined by one space.
    var pieces: [Range<Int>] = []
    var units = 0
    func flush() {
      lines.append(pieces.map { measured.text($0) }.joined(separator: " "))
      pieces = []
      units = 0
    }
    var index = 0
    let count = measured.count
    while index < count && lines.count <= maxLines {
      if measured.isSpace[index] {
        index += 1
        continue
      }
      var end = index
      while end < count && !measured.isSpace[end] { end += 1 }
      let wordUnits = measured.units(index..<end)
      if pieces.isEmpty ? fits(wordUnits) : fits(units + space + wordUnits) {
        units += pieces.isEmpty ? wordUnits : space + wordUnits
        pieces.append(index..<end)
        index = end
        continue
      }
      if !pieces.isEmpty { flush() }
      var start = index
      // A word longer than the line: cut it where it stops fitting.
      while !fits(measured.units(start..<end)) && end - start > 1 && lines.count <= maxLines {
        var cut = start
        while cut < end && fits(measured.units(start..<(cut + 1))) { cut += 1 }
        if cut == start { cut += 1 }
        lines.append(measured.text(start..<cut))
        start = cut
      }
      pieces = [start..<end]
      units = measured.units(start..<end)
      index = end
    }
    if !pieces.isEmpty && lines.count <= maxLines { flush() }
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
  ///
  /// Linear in the length of `text`: each shorter head's width is a prefix sum, and the
  /// spaces it would end in are skipped by an index computed once.
  static func truncate(
    _ text: String, maxWidth: Double, size: Double, bold: Bool = false, force: Bool = false
  ) -> String {
    let measured = MeasuredText(text)
    func fits(_ units: Int) -> Bool { width(units: units, size: size, bold: bold) <= maxWidth }
    if !force && fits(measured.units(0..<measured.count)) { return text }
    let ellipsis = Int(advance("…"))
    // trimmed[k]: the length of the first k characters without the spaces they end in.
    var trimmed = [0]
    trimmed.reserveCapacity(measured.count + 1)
    for index in 0..<measured.count {
      trimmed.append(measured.isSpace[index] ? trimmed[index] : index + 1)
    }
    var length = measured.count
    while length > 0 {
      length -= 1
      let kept = trimmed[length]
      if fits(measured.units(0..<kept) + ellipsis) { return measured.text(0..<kept) + "…" }
    }
    return "…"
  }
}

/// A text cut into characters once, with the running sum of their advance units, so the
/// width of any run of characters is one subtraction.
private struct MeasuredText {
  private let string: String
  /// Where each character starts in `string`, and its end.
  private var bounds: [String.Index] = []
  /// The advance units of the characters before each one; one more entry than characters.
  private var sums: [Int] = [0]
  /// Whether each character is a space, the only place the wrapping breaks a line.
  private(set) var isSpace: [Bool] = []

  init(_ string: String) {
    self.string = string
    var index = string.startIndex
    while index < string.endIndex {
      bounds.append(index)
      let character = string[index]
      sums.append(sums[sums.count - 1] + Int(TextMetrics.advance(character)))
      isSpace.append(character == " ")
      index = string.index(after: index)
    }
    bounds.append(string.endIndex)
  }

  var count: Int { isSpace.count }

  func units(_ range: Range<Int>) -> Int { sums[range.upperBound] - sums[range.lowerBound] }

  func text(_ range: Range<Int>) -> String {
    String(string[bounds[range.lowerBound]..<bounds[range.upperBound]])
  }
}
