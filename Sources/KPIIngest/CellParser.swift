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
    var text = text
    return text.withUTF8 { number($0) }
  }

  /// The number a cell's UTF-8 bytes hold, or `nil`: the one reading of numbers, for strings
  /// and for fields read as bytes alike.
  ///
  /// Up to 15 digits and 22 decimals the digits and the power of ten are exact doubles and
  /// one division rounds correctly, as `Double(String)` does; longer numbers go through
  /// `Double(String)`.
  @inline(__always)
  public static func number(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    // Most cells are plain: digits with at most one separator, nothing to trim.
    if let p = cell.baseAddress, cell.count <= 16 {
      var mantissa = 0
      var decimals = -1
      var i = 0
      while i < cell.count {
        let digit = p[i] &- 0x30
        if digit < 10 {
          mantissa = mantissa &* 10 &+ Int(digit)
          if decimals >= 0 { decimals += 1 }
        } else if (p[i] == 0x2E || p[i] == 0x2C) && decimals < 0 {
          decimals = 0
        } else {
          break
        }
        i += 1
      }
      let digits = cell.count - (decimals >= 0 ? 1 : 0)
      if i == cell.count && digits > 0 && digits <= 15 {
        return Double(mantissa) / powerOfTen(max(0, decimals))
      }
    }
    return generalNumber(cell)
  }

  /// ``number(_:)-(UnsafeBufferPointer<UInt8>)`` for every cell that is not plain (kept out
  /// of line, so that the plain case stays small enough to inline).
  @inline(never)
  private static func generalNumber(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    let bytes = trimmed(cell)
    guard let p = bytes.baseAddress, !bytes.isEmpty else { return nil }
    let n = bytes.count
    var mantissa = 0
    var digits = 0
    var decimals = 0
    var negative = false
    var seenSeparator = false
    var lastWasDigit = false
    var pendingGroupSpace = false
    var i = 0
    while i < n {
      let byte = p[i]
      let digit = byte &- 0x30
      if digit < 10 {
        mantissa = mantissa &* 10 &+ Int(digit)
        digits += 1
        if seenSeparator { decimals += 1 }
        lastWasDigit = true
        pendingGroupSpace = false
        i += 1
        continue
      }
      // The width of a thousands separator (space, no-break space, narrow no-break space)
      // or a minus sign (− is three bytes) at `i`.
      var space = 0
      var sign = 0
      switch byte {
      case 0x2C, 0x2E:
        guard !seenSeparator, !pendingGroupSpace else { return nil }
        seenSeparator = true
        lastWasDigit = false
        i += 1
        continue
      case 0x20: space = 1
      case 0xC2 where i + 1 < n && p[i + 1] == 0xA0: space = 2
      case 0xE2 where i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0xAF: space = 3
      case 0x2D, 0x2B: sign = 1
      case 0xE2 where i + 2 < n && p[i + 1] == 0x88 && p[i + 2] == 0x92: sign = 3
      default: return nil
      }
      if space > 0 {
        // A thousands separator sits between digits, before any decimal separator.
        guard lastWasDigit, !seenSeparator, i + space < n, p[i + space] &- 0x30 < 10 else {
          return nil
        }
        lastWasDigit = false
        pendingGroupSpace = true
        i += space
      } else {
        guard i == 0 else { return nil }
        negative = byte != 0x2B
        i += sign
      }
    }
    guard digits > 0 else { return nil }
    if digits <= 15 && decimals <= 22 {
      let value = Double(mantissa) / powerOfTen(decimals)
      return negative ? -value : value
    }
    // Too many digits to be exact in one division: the digits as text, for Double(String).
    var text = negative ? "-" : ""
    for index in 0..<n where p[index] &- 0x30 < 10 || p[index] == 0x2C || p[index] == 0x2E {
      text.append(p[index] &- 0x30 < 10 ? Character(UnicodeScalar(p[index])) : ".")
    }
    guard let value = Double(text), value.isFinite else { return nil }
    return value
  }

  /// A cell without leading and trailing spaces, tabs and no-break spaces (as
  /// ``Swift/String/trimmingSpaces`` trims text).
  @inline(__always)
  static func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    guard let p = cell.baseAddress else { return cell }
    var low = 0
    var high = cell.count
    while low < high {
      if p[low] == 0x20 || p[low] == 0x09 {
        low += 1
      } else if p[low] == 0xC2 && low + 1 < high && p[low + 1] == 0xA0 {
        low += 2
      } else {
        break
      }
    }
    while high > low {
      if p[high - 1] == 0x20 || p[high - 1] == 0x09 {
        high -= 1
      } else if p[high - 1] == 0xA0 && high - 2 >= low && p[high - 2] == 0xC2 {
        high -= 2
      } else {
        break
      }
    }
    return UnsafeBufferPointer(start: p + low, count: high - low)
  }

  /// 10^exponent for 0 ≤ exponent ≤ 22, exact (written out, so no table is initialised).
  @inline(__always)
  private static func powerOfTen(_ exponent: Int) -> Double {
    switch exponent {
    case 0: 1
    case 1: 10
    case 2: 100
    case 3: 1e3
    case 4: 1e4
    case 5: 1e5
    case 6: 1e6
    case 7: 1e7
    case 8: 1e8
    case 9: 1e9
    case 10: 1e10
    case 11: 1e11
    case 12: 1e12
    case 13: 1e13
    case 14: 1e14
    case 15: 1e15
    case 16: 1e16
    case 17: 1e17
    case 18: 1e18
    case 19: 1e19
    case 20: 1e20
    case 21: 1e21
    default: 1e22
    }
  }

  /// The whole number a cell holds, or `nil` (also for `2,5`).
  public static func integer(_ text: String) -> Int? {
    guard let value = number(text), value == value.rounded(), abs(value) < 1e15 else {
      return nil
    }
    return Int(value)
  }

  /// The whole number a cell's bytes hold, or `nil` (also for `2,5`).
  @inline(__always)
  public static func integer(_ cell: UnsafeBufferPointer<UInt8>) -> Int? {
    if let plain = plainWholeNumber(cell) { return plain }
    guard let value = number(cell), value == value.rounded(), abs(value) < 1e15 else {
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

  /// A whole day (not a month) in a cell's bytes as days since 1970-01-01, or `nil`: the
  /// one reading of days, ISO `YYYY-MM-DD` directly and anything else through
  /// ``date(_:)``.
  public static func day(_ cell: UnsafeBufferPointer<UInt8>) -> Int? {
    var months = MonthCache()
    return day(cell, &months)
  }

  /// ``day(_:)`` for a reader of many dates, which keeps the months it has seen in `months`.
  @inline(__always)
  static func day(_ cell: UnsafeBufferPointer<UInt8>, _ months: inout MonthCache) -> Int? {
    if cell.count == 10, let p = cell.baseAddress, p[4] == 0x2D, p[7] == 0x2D {
      let y = (p[0] &- 0x30, p[1] &- 0x30, p[2] &- 0x30, p[3] &- 0x30)
      let m = (p[5] &- 0x30, p[6] &- 0x30)
      let d = (p[8] &- 0x30, p[9] &- 0x30)
      if y.0 < 10, y.1 < 10, y.2 < 10, y.3 < 10, m.0 < 10, m.1 < 10, d.0 < 10, d.1 < 10 {
        let year = Int(y.0) &* 1000 &+ Int(y.1) &* 100 &+ Int(y.2) &* 10 &+ Int(y.3)
        let month = Int(m.0) &* 10 &+ Int(m.1)
        let day = Int(d.0) &* 10 &+ Int(d.1)
        guard let (first, length) = months.month(year: year, month: month), day >= 1,
          day <= length
        else { return nil }
        return first &+ day &- 1
      }
    }
    guard let date = date(String(decoding: cell, as: UTF8.self)), date.day != nil else {
      return nil
    }
    return date.daysSince1970
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

/// The months a reader of many dates has seen, by year and month: the epoch day of each
/// month's first day and its length, as ``CalendarDate`` gives them (64 slots, direct-mapped:
/// the few years of an export never collide).
struct MonthCache {
  /// Per slot: year × 16 + month, the epoch day of the month's first day, its length.
  private var slots = [(key: Int32, first: Int32, length: Int32)](
    repeating: (-1, 0, 0), count: 64)

  /// The first day (days since 1970-01-01) and length of a month; `nil` when there is no such
  /// month (``CalendarDate`` refuses it).
  @inline(__always)
  mutating func month(year: Int, month: Int) -> (first: Int, length: Int)? {
    let key = Int32(truncatingIfNeeded: year &* 16 &+ month)
    let slot = (year & 3) << 4 | (month & 15)
    let entry = slots[slot]
    if entry.key == key { return (Int(entry.first), Int(entry.length)) }
    return miss(year: year, month: month, slot: slot)
  }

  @inline(never)
  private mutating func miss(year: Int, month: Int, slot: Int) -> (first: Int, length: Int)? {
    guard let date = CalendarDate(year: year, month: month, day: 1) else { return nil }
    let length = CalendarDate.daysIn(month: month, year: year)
    slots[slot] = (
      Int32(truncatingIfNeeded: year &* 16 &+ month), Int32(date.daysSince1970), Int32(length)
    )
    return (date.daysSince1970, length)
  }
}
