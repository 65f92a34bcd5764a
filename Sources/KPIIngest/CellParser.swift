import KPIModel

/// Reads typed values from the text of a cell, the way Swedish exports write them.
///
/// Numbers: decimal comma or point (one of them, once), thousands separated by space, no-break
/// space or narrow no-break space (`73 416`, `1 234,5`), a leading `-`, `+` or `−`.
/// Dates: ISO (`2025-03-01`, `2025-03`, with an optional time after `T` or a space, which is
/// ignored) and Swedish month names, full or abbreviated, with or without day
/// (`1 mars 2025`, `mars 2025`, `jan. 2025`).
public enum CellParser {
  /// The number a cell holds, or `nil` when it holds none.
  public static func number(_ text: String) -> Double? {
    var digits = ""
    digits.reserveCapacity(text.utf8.count)
    var seenSeparator = false
    var seenDigit = false
    var lastWasDigit = false
    var pendingGroupSpace = false
    let scalars = Array(text.trimmingSpaces.unicodeScalars)
    guard !scalars.isEmpty else { return nil }
    for (index, scalar) in scalars.enumerated() {
      switch scalar {
      case "0"..."9":
        digits.unicodeScalars.append(scalar)
        seenDigit = true
        lastWasDigit = true
        pendingGroupSpace = false
      case ",", ".":
        guard !seenSeparator, !pendingGroupSpace else { return nil }
        seenSeparator = true
        digits.append(".")
        lastWasDigit = false
      case " ", "\u{00A0}", "\u{202F}":
        // A thousands separator sits between digits, before any decimal separator.
        guard lastWasDigit, !seenSeparator, index + 1 < scalars.count,
          ("0"..."9").contains(scalars[index + 1])
        else { return nil }
        lastWasDigit = false
        pendingGroupSpace = true
      case "-", "−", "+":
        guard index == 0 else { return nil }
        if scalar != "+" { digits.append("-") }
      default:
        return nil
      }
    }
    guard seenDigit, let value = Double(digits), value.isFinite else { return nil }
    return value
  }

  /// The whole number a cell holds, or `nil` (also for `2,5`).
  public static func integer(_ text: String) -> Int? {
    guard let value = number(text), value == value.rounded(), abs(value) < 1e15 else {
      return nil
    }
    return Int(value)
  }

  /// A cell of plain digits (up to 15) as ``integer(_:)`` reads it, without a `String`; `nil`
  /// for anything else (which then goes to ``integer(_:)``).
  @inline(__always)
  static func plainWholeNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !bytes.isEmpty, bytes.count <= 15 else { return nil }
    var value = 0
    for byte in bytes {
      let digit = byte &- 0x30
      guard digit < 10 else { return nil }
      value = value * 10 + Int(digit)
    }
    return value
  }

  /// Swedish month names and their common abbreviations.
  static let months: [String: Int] = [
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4,
    "apr": 4, "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
  ]

  /// The day or month a cell holds, or `nil`.
  public static func date(_ text: String) -> CalendarDate? {
    let trimmed = text.trimmingSpaces
    if let iso = isoDate(String(trimmed)) { return iso }
    let words = trimmed.lowercased().split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" })
      .map { $0.hasSuffix(".") ? $0.dropLast() : $0 }
    switch words.count {
    case 2:
      guard let month = months[String(words[0])], let year = Int(words[1]) else { return nil }
      return CalendarDate(year: year, month: month)
    case 3:
      guard let day = Int(words[0]), let month = months[String(words[1])],
        let year = Int(words[2])
      else { return nil }
      return CalendarDate(year: year, month: month, day: day)
    default:
      return nil
    }
  }

  private static func isoDate(_ text: String) -> CalendarDate? {
    var datePart = Substring(text)
    if let cut = text.firstIndex(where: { $0 == "T" || $0 == " " }) {
      datePart = text[..<cut]
    }
    let pieces = datePart.split(separator: "-", omittingEmptySubsequences: false)
    guard pieces.count == 2 || pieces.count == 3, pieces[0].count == 4,
      pieces.dropFirst().allSatisfy({ $0.count == 2 }),
      pieces.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let year = Int(pieces[0]), let month = Int(pieces[1])
    else { return nil }
    return CalendarDate(year: year, month: month, day: pieces.count == 3 ? Int(pieces[2]) : nil)
  }
}

extension String {
  /// The text without leading and trailing spaces, tabs and no-break spaces.
  var trimmingSpaces: Substring {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" }
    guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = lastIndex(where: { !isSpace($0) })!
    return self[first...last]
  }
}

extension Substring {
  var trimmingSpaces: Substring { String(self).trimmingSpaces }
}
