import KPIModel

/// Reads typed values from the text of a cell, the way Swedish exports write them.
///
/// Numbers: decimal comma or point (one of them, once), thousands separated by space, no-break
/// space or narrow no-break space (`73 416`, `1 234,5`), a leading `-`, `+` or `−`.
/// Dates: ISO (`2025-03-01`, `2025-03`), Swedish (`31/1 2025`, `31 januari 2025`,
/// `mars 2025`), English (`January 31, 2025`, `31-Jan-25`), numeric dates whose day/month
/// order a column settles (`1/31/2025`, `3/4/2025`; ``DateColumn``), each with an optional
/// time (`8:53:03 fm CET`, `01:27:00 PM`), and in a date column Excel serial numbers (see
/// ``dateText(_:)``).
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
    if let plain = plainNumber(cell) { return plain }
    return generalNumber(cell)
  }

  /// The number of a plain cell — digits with at most one separator, nothing to trim, so
  /// never negative — or `nil` for any other, which ``generalNumber(_:)`` reads. Whether a
  /// cell is plain does not wait for the division that makes its value, so a reader that
  /// needs only that goes on meanwhile (see ``SickLeaveCells/nonNegative(_:)``).
  @inline(__always)
  static func plainNumber(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
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
    return nil
  }

  /// ``number(_:)-(UnsafeBufferPointer<UInt8>)`` for every cell that is not plain (kept out
  /// of line, so that the plain case stays small enough to inline).
  @inline(never)
  static func generalNumber(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
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

  /// Month names, Swedish and English, full and abbreviated (without a final `.`).
  static let months: [String: Int] = [
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "mars": 3,
    "march": 3, "mar": 3, "april": 4, "apr": 4, "maj": 5, "may": 5, "juni": 6, "june": 6,
    "jun": 6, "juli": 7, "july": 7, "jul": 7, "augusti": 8, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
  ]

  /// The day or month a cell holds, or `nil`: every form ``dateText(_:)`` reads that needs no
  /// day/month order (a numeric `3/4/2025` does; a reader of a column settles it with
  /// ``DateColumn``, so a single value is never read one way and the next the other).
  public static func date(_ text: String) -> CalendarDate? {
    guard let parsed = dateText(text), let date = parsed.date(order: nil) else { return nil }
    return date
  }

  /// A whole day (not a month) in a cell's bytes as days since 1970-01-01, or `nil`: the
  /// one reading of days, ISO `YYYY-MM-DD` directly and anything else through
  /// ``date(_:)``.
  public static func day(_ cell: UnsafeBufferPointer<UInt8>) -> Int? {
    var months = MonthCache()
    return day(cell, &months)
  }

  /// ``day(_:)`` for a reader of many dates, which keeps the months it has seen in `months`;
  /// a numeric date such as `3/4/2025` is read in `order` (and is no day without one).
  @inline(__always)
  static func day(
    _ cell: UnsafeBufferPointer<UInt8>, _ months: inout MonthCache, order: DayMonthOrder? = nil
  ) -> Int? {
    if cell.count == 10, let p = cell.baseAddress {
      // `YYYY-MM-DD` checked and read a word at a time, without a branch per byte: XOR with
      // `0000-00-00` makes a digit 0–9 and a dash 0, so each byte must stay at most 9 (a
      // digit) or 0 (a dash) — adding 0x76 or 0x7F to it must leave its high bit clear.
      let raw = UnsafeRawPointer(p)
      let head = raw.loadUnaligned(as: UInt64.self).littleEndian ^ 0x2D30_302D_3030_3030
      let tail =
        UInt64(raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self).littleEndian)
        ^ 0x3030
      let wrong =
        ((head | (head &+ 0x7F76_767F_7676_7676)) | (tail | (tail &+ 0x7676)) << 48)
        & 0x8080_8080_8080_8080
      if wrong == 0 {
        @inline(__always) func digit(_ word: UInt64, _ index: Int) -> Int {
          Int(truncatingIfNeeded: (word >> UInt64(index * 8)) & 0xFF)
        }
        let year =
          digit(head, 0) &* 1000 &+ digit(head, 1) &* 100 &+ digit(head, 2) &* 10
          &+ digit(head, 3)
        let month = digit(head, 5) &* 10 &+ digit(head, 6)
        let day = digit(tail, 0) &* 10 &+ digit(tail, 1)
        guard let (first, length) = months.month(year: year, month: month), day >= 1,
          day <= length
        else { return nil }
        return first &+ day &- 1
      }
    }
    return otherDay(cell, order: order)
  }

  /// ``day(_:_:order:)`` for every cell that is not ISO `YYYY-MM-DD` (out of line, so that
  /// the ISO path stays as small as it was).
  @inline(never)
  static func otherDay(_ cell: UnsafeBufferPointer<UInt8>, order: DayMonthOrder?) -> Int? {
    guard let parsed = dateText(String(decoding: cell, as: UTF8.self)),
      let date = parsed.date(order: order), date.day != nil
    else { return nil }
    return date.daysSince1970
  }

  /// What a date cell says, before a column's day/month order is applied.
  ///
  /// The forms, each with an optional time after it (see ``time(_:)``):
  /// - ISO `2025-03-01`, `2025-03` (a month), `2025-03-01T08:53:03`; year first with `/` or
  ///   `.` (`2022/03/22`, Google Forms in a Swedish account).
  /// - Swedish `31/1 2025` (day first, always), `31 januari 2025`, `31 jan. 2025`,
  ///   `mars 2025` (a month); `31.1.2025` (day first, always).
  /// - English `January 31, 2025`, `Jan 2025`, `31-Jan-25`, `01-May-17`, `31-Jan-2025`.
  /// - Numeric `1/31/2025`, `31/1/2025`, `3/4/2025`, `3-4-2025`, `3/4/25`: day and month in
  ///   the column's order (``DayMonthOrder``); `needsOrder` is set.
  ///
  /// A two-digit year is read as Excel reads it: 00–29 are 2000–2029, 30–99 are 1930–1999.
  static func dateText<S: StringProtocol>(_ text: S) -> DateText? {
    var text = Substring(text).trimmingSpaces
    guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
    // ISO's `T` between the date and the time.
    if let t = text.firstIndex(of: "T"), t != text.startIndex,
      text[..<t].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") })
    {
      text = Substring(String(text[..<t]) + " " + text[text.index(after: t)...])
    }
    let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" || $0 == "\t" })
    // The time is the first token with a colon and everything after it.
    let timeStart = tokens.firstIndex { $0.contains(":") } ?? tokens.endIndex
    var secondOfDay: Int?
    if timeStart < tokens.endIndex {
      guard let seconds = time(tokens[timeStart...]) else { return nil }
      secondOfDay = seconds
    }
    let words = tokens[..<timeStart].map { word -> Substring in
      let lower = Substring(word.lowercased())
      return lower.hasSuffix(".") && lower.count > 1 ? lower.dropLast() : lower
    }
    guard var parsed = datePart(words) else { return nil }
    parsed.secondOfDay = secondOfDay
    return parsed
  }

  /// The date tokens of ``dateText(_:)``, lower case, a final `.` dropped.
  private static func datePart(_ words: [Substring]) -> DateText? {
    func number(_ text: Substring, digits: ClosedRange<Int>) -> Int? {
      guard digits.contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
        return nil
      }
      return Int(text)
    }
    func year(_ text: Substring) -> Int? {
      if let year = number(text, digits: 4...4) { return year }
      guard let short = number(text, digits: 2...2) else { return nil }
      return short < 30 ? 2000 + short : 1900 + short
    }
    switch words.count {
    case 1:
      let word = words[0]
      for separator: Character in ["-", "/", "."] {
        let parts = word.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3 else { continue }
        // Year first: ISO, 2022/03/22, 2022.03.22.
        if let y = number(parts[0], digits: 4...4) {
          guard let m = number(parts[1], digits: 1...2) else { return nil }
          if separator == "-" && parts[1].count != 2 { return nil }
          if parts.count == 2 {
            guard separator == "-" else { return nil }
            return DateText(year: y, first: m, second: nil, needsOrder: false, monthFirst: true)
          }
          guard let d = number(parts[2], digits: 1...2), separator != "-" || parts[2].count == 2
          else { return nil }
          return DateText(year: y, first: m, second: d, needsOrder: false, monthFirst: true)
        }
        guard parts.count == 3, let a = number(parts[0], digits: 1...2) else { continue }
        // 31-Jan-25, 01-May-17, 31-jan-2025.
        if separator == "-", let m = months[String(parts[1])] {
          guard let y = year(parts[2]) else { return nil }
          return DateText(year: y, first: m, second: a, needsOrder: false, monthFirst: true)
        }
        guard let b = number(parts[1], digits: 1...2) else { return nil }
        let y = separator == "-" ? number(parts[2], digits: 4...4) : year(parts[2])
        guard let y else { return nil }
        // 31.1.2025 is day first wherever dots are written.
        if separator == "." {
          return DateText(year: y, first: b, second: a, needsOrder: false, monthFirst: true)
        }
        return DateText(year: y, first: a, second: b, needsOrder: true, monthFirst: false)
      }
      return nil
    case 2:
      // mars 2025, jan 2025: a month.
      if let m = months[String(words[0])], let y = number(words[1], digits: 4...4) {
        return DateText(year: y, first: m, second: nil, needsOrder: false, monthFirst: true)
      }
      // 31/1 2025: the Swedish short date, day first.
      let parts = words[0].split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count == 2, let d = number(parts[0], digits: 1...2),
        let m = number(parts[1], digits: 1...2), let y = number(words[1], digits: 4...4)
      else { return nil }
      return DateText(year: y, first: m, second: d, needsOrder: false, monthFirst: true)
    case 3:
      // 31 januari 2025, 31 jan. 2025.
      if let d = number(words[0], digits: 1...2), let m = months[String(words[1])],
        let y = number(words[2], digits: 4...4)
      {
        return DateText(year: y, first: m, second: d, needsOrder: false, monthFirst: true)
      }
      // January 31, 2025.
      let day = words[1].hasSuffix(",") ? words[1].dropLast() : words[1]
      guard let m = months[String(words[0])], let d = number(day, digits: 1...2),
        let y = number(words[2], digits: 4...4)
      else { return nil }
      return DateText(year: y, first: m, second: d, needsOrder: false, monthFirst: true)
    default:
      return nil
    }
  }

  /// The second of the day a time writes, or `nil`: `H:MM`, `H:MM:SS` or `H:MM:SS.fff`
  /// (fractions dropped), then optionally `AM`/`PM` or the Swedish `fm`/`em` (also with
  /// dots, or joined to the time: `1:27PM`), then optionally a time zone (`CET`, `UTC`, `Z`,
  /// `+01:00`), which is ignored: the day is the one the export writes.
  static func time<C: Collection<Substring>>(_ tokens: C) -> Int? {
    var rest = Array(tokens.map { Substring($0.lowercased()) })
    guard !rest.isEmpty else { return nil }
    var clock = rest.removeFirst()
    var meridiem: Substring?
    for suffix in ["am", "pm", "fm", "em", "a.m.", "p.m.", "f.m.", "e.m."]
    where clock.hasSuffix(suffix) {
      meridiem = Substring(suffix)
      clock = clock.dropLast(suffix.count)
      break
    }
    if clock.hasSuffix("z") { clock = clock.dropLast() }
    if let zone = clock.firstIndex(where: { $0 == "+" }) ?? clock.dropFirst().firstIndex(of: "-") {
      clock = clock[..<zone]
    }
    let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
    guard (2...3).contains(fields.count) else { return nil }
    func digits(_ text: Substring, _ range: ClosedRange<Int>) -> Int? {
      guard (1...2).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }),
        let value = Int(text), range.contains(value)
      else { return nil }
      return value
    }
    var secondText = fields.count == 3 ? fields[2] : "0"
    if let dot = secondText.firstIndex(of: ".") {
      guard secondText[secondText.index(after: dot)...].allSatisfy({ $0.isASCII && $0.isNumber })
      else { return nil }
      secondText = secondText[..<dot]
    }
    guard fields[1].count == 2, var hour = digits(fields[0], 0...23),
      let minute = digits(fields[1], 0...59), let second = digits(secondText, 0...59)
    else { return nil }
    if meridiem == nil, let first = rest.first,
      ["am", "pm", "fm", "em", "a.m.", "p.m.", "f.m.", "e.m.", "a.m", "p.m", "f.m", "e.m"]
        .contains(String(first))
    {
      meridiem = first
      rest.removeFirst()
    }
    if let meridiem {
      guard (1...12).contains(hour) else { return nil }
      let afternoon = meridiem.hasPrefix("p") || meridiem.hasPrefix("e")
      hour = hour % 12 + (afternoon ? 12 : 0)
    }
    // A time zone: letters (CET, CEST, UTC, GMT, Z) or an offset, which is ignored.
    if let zone = rest.first {
      guard rest.count == 1,
        zone.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-:".contains($0)) }),
        zone.count <= 9
      else { return nil }
    }
    return hour * 3600 + minute * 60 + second
  }

  /// The second of the day an hour cell gives, or `nil`: a whole hour `0`–`23`, a time
  /// (`13:00`, `1:00 PM`), or a span whose start counts (`13:00-14:00`, `13-14`).
  public static func timeOfDay(_ text: String) -> Int? {
    var text = text.trimmingSpaces
    if let dash = text.dropFirst().firstIndex(where: { $0 == "-" || $0 == "–" }) {
      text = text[..<dash].trimmingSpaces
    }
    if let hour = Int(text), (0...23).contains(hour), text.allSatisfy(\.isASCII) {
      return hour * 3600
    }
    return time(text.split(separator: " "))
  }

  /// The day an Excel serial number stands for (1900 date system; see
  /// ``CellText/date(serial:kind:date1904:)``), its fraction the time of day; `nil` outside
  /// 10 000 (1927-05-18) … 2 958 465 (9999-12-31): a smaller number in a date column is far
  /// likelier a year or a count than a day before 1927.
  static func excelSerial(_ value: Double) -> (date: CalendarDate, secondOfDay: Int)? {
    guard value >= 10_000, value < 2_958_466 else { return nil }
    let seconds = Int((value * 86_400).rounded())
    let civil = CellText.civil(serialDay: seconds / 86_400, date1904: false)
    guard let date = CalendarDate(year: civil.year, month: civil.month, day: civil.day) else {
      return nil
    }
    return (date, seconds % 86_400)
  }
}

/// A date as a cell writes it, before a column's day/month order is applied (see
/// ``CellParser/dateText(_:)``).
public struct DateText: Sendable, Equatable {
  /// The year.
  var year: Int
  /// The month, or for a numeric date that needs an order the first number.
  var first: Int
  /// The day (`nil` for a month), or for a numeric date that needs an order the second number.
  var second: Int?
  /// Whether day and month are two numbers whose order the column settles (`3/4/2025`).
  var needsOrder: Bool
  /// Whether ``first`` is the month (set for every form but the order-dependent one).
  var monthFirst: Bool
  /// The time of day in seconds, when the cell writes one.
  var secondOfDay: Int?

  init(year: Int, first: Int, second: Int?, needsOrder: Bool, monthFirst: Bool) {
    self.year = year
    self.first = first
    self.second = second
    self.needsOrder = needsOrder
    self.monthFirst = monthFirst
  }

  /// The order the numbers themselves show: day first when the first is over 12, month first
  /// when the second is; `nil` when both could be either (or the form needs no order).
  var evidence: DayMonthOrder? {
    guard needsOrder, let second else { return nil }
    if first > 12 && second <= 12 { return .dayFirst }
    if second > 12 && first <= 12 { return .monthFirst }
    return nil
  }

  /// Whether the order makes no difference (`5/5/2025`, or a form without an order).
  var isOrderFree: Bool { !needsOrder || first == second }

  /// The date in `order` (needed only when ``needsOrder`` and the numbers differ); `nil` when
  /// there is no such day, or an order is needed and `order` is `nil`.
  func date(order: DayMonthOrder?) -> CalendarDate? {
    if !needsOrder || first == second {
      return CalendarDate(year: year, month: first, day: second)
    }
    guard let order, let second else { return nil }
    return order == .monthFirst
      ? CalendarDate(year: year, month: first, day: second)
      : CalendarDate(year: year, month: second, day: first)
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
