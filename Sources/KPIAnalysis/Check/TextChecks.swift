import KPIModel

/// Percentages printed with the count they come from, as in `57% (3 av 5 personer)` or
/// `3 av 5 (60 %)`.
///
/// Every cell is read, label and figures alike, whatever its row's kind: such a pair is
/// checkable on its own. The counts may be digits or the small number words reports use
/// (`tre av fem`).
extension CheckContext {
  /// The words for 0–12 as reports write them in running text.
  static let numberWords: [String: Int] = [
    "noll": 0, "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12,
  ]

  /// A percentage and the count it states, found in a text.
  struct StatedRatio {
    var percent: PrintedNumber
    var part: Int
    var whole: Int
    /// The "x av y" as written.
    var words: String
  }

  /// The two ways reports write a percentage with its count.
  struct RatioPatterns {
    /// `57% (3 av 5 personer)`.
    let percentFirst: Regex<AnyRegexOutput>
    /// `3 av 5 personer (60 %)`.
    let countFirst: Regex<AnyRegexOutput>

    init() {
      let count = #"(\d+|noll|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv)"#
      let percent = #"(\d+(?:[.,]\d+)?)\s*(?:%|procent)"#
      // The patterns are constants: a failure here is a programmer's error.
      percentFirst = try! Regex(percent + #"\s*\(\s*"# + count + #"\s+av\s+"# + count + #"\b"#)
        .ignoresCase()
      countFirst = try! Regex(
        #"\b"# + count + #"\s+av\s+"# + count + #"\b[^()%]{0,40}\(\s*"# + percent + #"\s*\)"#
      ).ignoresCase()
    }
  }

  /// The "P % (x av y)" and "x av y (P %)" of a text.
  static func statedRatios(in text: String, _ patterns: RatioPatterns) -> [StatedRatio] {
    var found: [StatedRatio] = []
    func value(_ text: Substring?) -> Int? {
      guard let text else { return nil }
      return Int(text) ?? numberWords[text.lowercased()]
    }
    func add(_ percentText: Substring?, _ x: Substring?, _ y: Substring?) {
      guard let percentText, let number = PrintedNumber.parse(String(percentText) + " %"),
        let part = value(x), let whole = value(y), let x, let y
      else { return }
      found.append(StatedRatio(percent: number, part: part, whole: whole, words: "\(x) av \(y)"))
    }
    for match in text.matches(of: patterns.percentFirst) {
      add(match.output[1].substring, match.output[2].substring, match.output[3].substring)
    }
    for match in text.matches(of: patterns.countFirst) {
      add(match.output[3].substring, match.output[1].substring, match.output[2].substring)
    }
    return found
  }

  /// Percentages that do not match their "x av y".
  mutating func checkRatioTexts() {
    let patterns = RatioPatterns()
    for row in table.rows.indices {
      for column in table.header.indices {
        let text = table.rows[row][column]
        // A cheap test first: most cells hold no "av" at all.
        guard text.lowercased().contains("av") else { continue }
        for stated in Self.statedRatios(in: text, patterns) where stated.whole > 0 {
          let computed = Double(stated.part) / Double(stated.whole) * 100
          // Either way of rounding a half is accepted: the window is closed here.
          let window = stated.percent.bounds()
          let slack = 1e-9 * max(1, computed)
          guard computed < window.low - slack || computed > window.high + slack else { continue }
          let shown = style.format(computed, decimals: stated.percent.decimals + 1)
          report(
            row, column, .error, .ratio,
            "\(style.format(stated.percent.value, decimals: stated.percent.decimals)) % "
              + "does not match \"\(stated.words)\": \(stated.part) / \(stated.whole) = "
              + "\(shown) %")
        }
      }
    }
  }
}
