import Foundation
import KPIModel
import Testing

@testable import KPIIngest

@Suite("Cell decoders on bytes")
struct CellDecoderTests {
  static func day(_ text: String) -> Int? {
    Array(text.utf8).withUnsafeBufferPointer { CellParser.day($0) }
  }

  static func number(_ text: String) -> Double? {
    Array(text.utf8).withUnsafeBufferPointer { CellParser.number($0) }
  }

  // Every month of 1896–2104 and years 1, 9999 (1900 and 2100 are not leap years, 2000 is),
  // every day number 00–32 and the month numbers 00 and 13: the day of the bytes is the day
  // CalendarDate makes of the numbers, and nothing where CalendarDate refuses them.
  @Test func everyDayAsCalendarDateHasIt() {
    var checked = 0
    var valid = 0
    for year in Array(1896...2104) + [1, 9999] {
      for month in 0...13 {
        for day in 0...32 {
          let text = String(format: "%04d-%02d-%02d", year, month, day)
          let expected = CalendarDate(year: year, month: month, day: day)?.daysSince1970
          #expect(Self.day(text) == expected, "\(text)")
          checked += 1
          if expected != nil { valid += 1 }
        }
      }
    }
    // 211 years × 14 months × 33 days; valid: 365 or 366 days a year, 51 leap years in
    // 1896–2104 (2100 is not one, 1896 and 2104 are).
    #expect(checked == 211 * 14 * 33)
    #expect(valid == 211 * 365 + 51)
    #expect(Self.day("0000-01-01") == nil)
    // The word-at-a-time check of `YYYY-MM-DD` against the general reading of dates: every
    // byte at every place of `2024-02-29` (a leap day), so that any byte that is not a digit
    // or not the dash, also those just past '9' and before '0' and those with the high bit
    // set, is read as the general reader reads it (2 560 cells).
    for place in 0..<10 {
      for byte in 0...255 {
        var bytes = Array("2024-02-29".utf8)
        bytes[place] = UInt8(byte)
        let fast = bytes.withUnsafeBufferPointer { CellParser.day($0) }
        let general = bytes.withUnsafeBufferPointer { CellParser.otherDay($0, order: nil) }
        #expect(fast == general, "\(bytes)")
      }
    }
    // 2024-02-29 is 54 years after 1970, 13 of them leap (1972 … 2020), and 31 + 28 days on.
    #expect(Self.day("2024-02-29") == 54 * 365 + 13 + 59)
    #expect(Self.day("2024-02-2:") == nil)
    #expect(Self.day("2024-02-2/") == nil)
    #expect(Self.day("2024-02-\u{7F}9") == nil)
    #expect(Self.day("2025-0a-01") == nil)
    // Year first with slashes is a date since issue 16 (Google Forms, Swedish account); a
    // day/month order is not: a single cell never picks one (DateFormTests).
    #expect(Self.day("2025/01/01") == Self.day("2025-01-01"))
    #expect(Self.day("3/4/2025") == nil)
    #expect(Self.day("2025-03") == nil)
    #expect(Self.day("1970-01-01") == 0)
    // 2025-03-01: 55 years after 1970, 14 of them leap (1972 … 2024), 59 days in Jan–Feb.
    #expect(Self.day("2025-03-01") == 55 * 365 + 14 + 59)
    // Swedish dates go the long way, to the same day.
    #expect(Self.day(" 1 mars 2025") == 55 * 365 + 14 + 59)
  }

  // The number of the bytes is the one Double(String) makes of the digits: exact plain
  // decimals, Swedish thousands separators, signs, and too many digits for one division.
  @Test(arguments: [
    ("8", 8.0), ("7,5", 7.5), ("0.1", 0.1), ("-3", -3.0), ("−2,5", -2.5), ("+4", 4.0),
    ("1 234,5", 1234.5), ("73\u{00A0}416", 73416.0), ("1\u{202F}000", 1000.0),
    (" 12 ", 12.0), ("5.", 5.0), (".5", 0.5), ("1234567890123456789", 1234567890123456789.0),
    ("0.1234567890123456789012345", 0.1234567890123456789012345),
  ])
  func numbers(text: String, expected: Double) {
    #expect(Self.number(text) == expected)
    #expect(CellParser.number(text) == expected)
  }

  /// The plain cells' quick reading against the general reading, which reads plain digits by
  /// the same division: every cell of 1–5 bytes from digits, both separators, a minus, a
  /// space, a letter, the byte after '9', a high byte and a zero byte (12 bytes: 271 452
  /// cells), and 20 000 random ones of 6–8 bytes, the same bits or both nothing.
  @Test func shortNumbersAsTheGeneralReading() {
    let alphabet: [UInt8] = Array("0159.,- a:".utf8) + [0x80, 0x00]
    func check(_ bytes: [UInt8]) -> Bool {
      bytes.withUnsafeBufferPointer { cell in
        let fast = CellParser.number(cell)
        let general = CellParser.generalNumber(cell)
        return fast?.bitPattern == general?.bitPattern
      }
    }
    var cells = 0
    var wrong: [[UInt8]] = []
    func all(_ prefix: [UInt8], _ left: Int) {
      if !prefix.isEmpty {
        cells += 1
        if !check(prefix) { wrong.append(prefix) }
      }
      guard left > 0 else { return }
      for byte in alphabet { all(prefix + [byte], left - 1) }
    }
    all([], 5)
    var random = SeededRandom(state: 8)
    for _ in 0..<20_000 {
      let digits: [UInt8] = Array("0123456789.,".utf8)
      let bytes = (0..<(6 + random.next(3))).map { _ in
        random.next(20) == 0 ? alphabet[random.next(alphabet.count)] : digits[random.next(12)]
      }
      cells += 1
      if !check(bytes) { wrong.append(bytes) }
    }
    #expect(cells == 12 + 144 + 1_728 + 20_736 + 248_832 + 20_000)
    let disagreements = wrong.count
    #expect(disagreements == 0, "for example \(wrong.prefix(5))")
    #expect(Self.number("0,75") == 0.75)
    #expect(Self.number("12345678") == 12_345_678)
    #expect(Self.number("1234567.8") == 1_234_567.8)
    #expect(Self.number("235.2") == 235.2)
  }

  @Test(arguments: ["", " ", "1,2,3", "1 ,5", "1 000,5 0", "12-", "e5", "1e5", "--1", "tre"])
  func notNumbers(text: String) {
    #expect(Self.number(text) == nil)
  }

  /// The reading of numbers before it went to bytes (CellParser.number on the scalars of a
  /// String), kept as the reference the byte reading must agree with.
  static func referenceNumber(_ text: String) -> Double? {
    var digits = ""
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

  // 200 000 random cells of digits, separators, spaces of three kinds, tabs, signs and a
  // letter, up to 24 characters: the byte reading agrees with the String reading it replaced
  // (bit for bit, and on which cells hold no number).
  @Test func numbersAgreeWithTheStringReading() {
    let alphabet: [String] = [
      "0", "1", "5", "9", "0", "7", ",", ".", " ", "\u{00A0}", "\u{202F}", "\t", "-", "−", "+",
      "e", "3", "2",
    ]
    var state: UInt64 = 12_345
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    var numbers = 0
    for _ in 0..<200_000 {
      let text = (0..<next(25)).map { _ in alphabet[next(alphabet.count)] }.joined()
      let expected = Self.referenceNumber(text)
      let found = Self.number(text)
      #expect(found?.bitPattern == expected?.bitPattern, "\(text.debugDescription)")
      if expected != nil { numbers += 1 }
    }
    // Not a test that cannot fail: many of the cells are numbers.
    #expect(numbers > 5_000)
  }
}

@Suite("Small byte cache")
struct SmallByteCacheTests {
  // 100 keys of 0–40 bytes (past the 64 of the slot table, keys of 24 and 25 bytes, keys
  // that differ only in the middle, only in one byte past 24, or only in length): every key
  // finds its own value, whichever order they are looked up in, and 200 keys that were
  // never added find nothing.
  @Test func findsWhatWasAddedAndNothingElse() {
    var random = SeededRandom(state: 99)
    var keys: [[UInt8]] = []
    let base = Array("I mycket hög grad, med en lång svarstext".utf8)
    for length in [0, 1, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 40] {
      keys.append(Array(base.prefix(length)))
    }
    while keys.count < 100 {
      var key = Array(base.prefix(random.next(base.count + 1)))
      if !key.isEmpty { key[random.next(key.count)] = UInt8(0x41 + random.next(26)) }
      if !keys.contains(key) { keys.append(key) }
    }
    var cache = SmallByteCache()
    for (index, key) in keys.enumerated() {
      key.withUnsafeBufferPointer { cache.add($0, index * 3) }
    }
    #expect(cache.count == 100)
    for index in (0..<keys.count).reversed() {
      let found = keys[index].withUnsafeBufferPointer { cache.find($0) }
      #expect(found == index * 3, "key \(index): \(keys[index].count) bytes")
    }
    var absent = 0
    while absent < 200 {
      var key = Array(base.prefix(random.next(base.count + 1)))
      if !key.isEmpty { key[random.next(key.count)] = UInt8(0x61 + random.next(26)) }
      guard !keys.contains(key) else { continue }
      absent += 1
      #expect(key.withUnsafeBufferPointer { cache.find($0) } == nil)
    }
  }
}

@Suite("UTF-8 check of a block")
struct FastUTF8Tests {
  // 20 000 random byte strings of up to 40 pieces: ASCII, å ä ö é (two bytes), € (three), an
  // emoji (four), and broken pieces (a lone lead, a lone continuation, overlong C0 80, a
  // surrogate, a code point past U+10FFFF, FF), behind 0–8 bytes of ASCII (or 4 096–4 136)
  // so that sequences fall on every place of the eight-byte words: valid exactly when the
  // standard library's UTF-8 decoder takes them.
  @Test func agreesWithTheStandardLibrary() {
    let good: [[UInt8]] = [
      Array("a".utf8), Array("Nätverk ".utf8), Array("å".utf8), Array("ö".utf8),
      Array("é".utf8), Array("€".utf8), Array("😀".utf8), Array("I hög grad,".utf8),
    ]
    let bad: [[UInt8]] = [
      [0xC3], [0xA4], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF],
      [0xE2, 0x82],
    ]
    var random = SeededRandom(state: 5)
    var valid = 0
    for round in 0..<20_000 {
      // Every fourth string starts with over 4 KB of ASCII, so that the check skips ASCII 32
      // bytes at a time before it meets the pieces, at every offset of those 32.
      let ascii = round % 4 == 3 ? 4096 + round % 41 : round % 9
      var bytes = [UInt8](repeating: 0x20, count: ascii)
      for _ in 0..<random.next(41) {
        bytes += random.next(30) == 0 ? bad[random.next(bad.count)] : good[random.next(good.count)]
      }
      let expected = String(validating: bytes, as: UTF8.self) != nil
      let fast = bytes.withUnsafeBufferPointer { FastUTF8.isValid($0) }
      #expect(fast == expected, "\(bytes)")
      if expected { valid += 1 }
    }
    // Both answers are common.
    #expect(valid > 5_000 && valid < 15_000)
  }
}
