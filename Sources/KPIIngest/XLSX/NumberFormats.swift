/// What a number format makes of a number: the reader turns dates and times into ISO text.
enum NumberKind: Sendable, Equatable {
  case number
  case date
  case dateTime
  case time

  /// The kind of a built-in format id (ECMA-376 §18.8.30). Ids 27–36 and 50–58 are dates
  /// only in East Asian locales, where their meaning changes with the locale, so they stay
  /// numbers.
  init(builtIn id: Int) {
    switch id {
    case 14...17: self = .date
    case 22: self = .dateTime
    case 18...21, 45...47: self = .time
    default: self = .number
    }
  }

  /// The kind of a custom format code such as `yyyy\-mm\-dd` or `[$-41D]d mmmm yyyy;@`.
  ///
  /// Looks for the date and time tokens d, m, y, h, s outside quoted text, `[…]` sections
  /// (colours, conditions, locales, elapsed time) and escaped characters (`\d`, `_d`, `*d`).
  /// An `m` is minutes next to an `h` or `s` and a month otherwise, as in Excel.
  init(formatCode code: String) {
    let lowered = code.lowercased()
    if lowered == "general" || lowered == "standard" || lowered == "@" {
      self = .number
      return
    }
    var hasDate = false
    var hasTime = false
    var hasM = false
    var iterator = lowered.unicodeScalars.makeIterator()
    while let scalar = iterator.next() {
      switch scalar {
      case "\"":
        while let next = iterator.next(), next != "\"" {}
      case "[":
        while let next = iterator.next(), next != "]" {}
      case "\\", "_", "*":
        _ = iterator.next()
      case "d", "y": hasDate = true
      case "h", "s": hasTime = true
      case "m": hasM = true
      default: break
      }
    }
    if hasM && !hasTime { hasDate = true }
    switch (hasDate, hasTime) {
    case (true, true): self = .dateTime
    case (true, false): self = .date
    case (false, true): self = .time
    case (false, false): self = .number
    }
  }
}

/// Reads `styles.xml` as far as the reader needs it: the number format of each cell format
/// (`<cellXfs>`), which is what a cell's `s` attribute indexes.
final class StylesHandler: XMLPartHandler {
  private var customFormats: [Int: String] = [:]
  private var formatIDs: [Int] = []
  private var inCellFormats = false

  /// The kind of number each cell format shows, by `s` index.
  var kinds: [NumberKind] {
    formatIDs.map { id in
      // A custom code may redefine a built-in id; LibreOffice writes some that way.
      if let code = customFormats[id] { return NumberKind(formatCode: code) }
      return NumberKind(builtIn: id)
    }
  }

  override func start(_ name: String, _ attributes: [String: String]) {
    switch name {
    case "numFmt":
      if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] {
        customFormats[id] = code
      }
    case "cellXfs": inCellFormats = true
    case "xf" where inCellFormats:
      formatIDs.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
    default: break
    }
  }

  override func end(_ name: String) {
    if name == "cellXfs" { inCellFormats = false }
  }
}
