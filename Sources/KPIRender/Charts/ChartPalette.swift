import Foundation

/// The colours of the charts: Okabe & Ito's colour-blind-safe set for series, and a blue–orange
/// diverging ramp (ColorBrewer PuOr's orange end, RdBu's blue end) for answer scales, best
/// answers dark blue and worst dark orange.
///
/// Within a ramp the colours differ in lightness as well as hue, so they stay apart for
/// readers with any kind of colour-vision deficiency and in greyscale print.
public enum ChartPalette {
  /// Okabe–Ito blue: the current period, the `Totalt` bar.
  public static let blue = ChartColor("#0072B2")
  /// Okabe–Ito sky blue: groups' bars, the previous period.
  public static let skyBlue = ChartColor("#56B4E9")
  /// Okabe–Ito orange.
  public static let orange = ChartColor("#E69F00")
  /// Okabe–Ito vermillion.
  public static let vermillion = ChartColor("#D55E00")
  /// Okabe–Ito bluish green.
  public static let bluishGreen = ChartColor("#009E73")
  /// Okabe–Ito reddish purple.
  public static let reddishPurple = ChartColor("#CC79A7")
  /// Text and lines that must read: near black.
  public static let ink = ChartColor("#1A1A1A")
  /// Secondary text (axis titles, notes, gaps): 7:1 contrast on white.
  public static let muted = ChartColor("#595959")
  /// Grid lines.
  public static let grid = ChartColor("#DDDDDD")
  /// The rule above the `Totalt` row.
  public static let rule = ChartColor("#B3B3B3")
  /// Answers outside the scale (`Vet ej`).
  public static let notSubstantive = ChartColor("#BDBDBD")
  /// The band of a forecast's interval: a pale orange, under the vermillion point.
  public static let forecastBand = ChartColor("#FDD9B5")
  /// The background.
  public static let white = ChartColor("#FFFFFF")

  /// Positive side of the answer scale, darkest (best) first.
  static let positiveRamp = ["#2166AC", "#4393C3", "#92C5DE"].map(ChartColor.init)
  /// Negative side of the answer scale, darkest (worst) first.
  static let negativeRamp = ["#B35806", "#E08214", "#FDB863"].map(ChartColor.init)

  /// Colours for an answer scale split into positive and negative answers.
  ///
  /// The best answer is the darkest blue and the worst the darkest orange; the answers
  /// nearest the middle are the lightest. A side with more than three answers repeats
  /// shades.
  /// - Parameters:
  ///   - positive: How many positive answers, listed best first.
  ///   - negative: How many negative answers, listed mildest first.
  /// - Returns: The positive colours best first, and the negative colours mildest first.
  public static func diverging(positive: Int, negative: Int) -> (
    positive: [ChartColor], negative: [ChartColor]
  ) {
    func pick(_ ramp: [ChartColor], _ count: Int) -> [ChartColor] {
      guard count > 1 else { return Array(ramp.prefix(count)) }
      let last = Double(ramp.count - 1)
      return (0..<count).map { ramp[Int((Double($0) * last / Double(count - 1)).rounded())] }
    }
    return (pick(positiveRamp, positive), pick(negativeRamp, negative).reversed())
  }

  /// Whether white text contrasts more than ink with `color`: WCAG relative luminance below
  /// 0.2, where the two contrast ratios cross for ink `#1a1a1a`.
  static func isDark(_ color: ChartColor) -> Bool {
    let hex = color.hex.dropFirst()
    func channel(_ offset: Int) -> Double {
      let start = hex.index(hex.startIndex, offsetBy: offset)
      let value = Double(Int(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0) / 255
      return value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
    }
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    return luminance < 0.2
  }
}
