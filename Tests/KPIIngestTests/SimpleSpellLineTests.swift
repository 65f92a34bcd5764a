import Foundation
import KPIModel
import Testing

@testable import KPIIngest

@Suite("Fast spell lines against the ordinary reader")
struct SimpleSpellLineTests {
  /// `SimpleSpellLine.day` on the ten bytes of `text`.
  static func simpleDay(_ text: String) -> Int? {
    var bytes = Array(text.utf8)
    precondition(bytes.count == 10)
    var cache = YearCache()
    return bytes.withUnsafeMutableBufferPointer { SimpleSpellLine.day($0.baseAddress!, &cache) }
  }

  // Every month of 1896–2104 and years 1, 9999 (1900 and 2100 are not leap years, 2000 is),
  // every day number 00–32 and the month numbers 00 and 13: the one-pass day number is the
  // ordinary reader's (CellParser through CalendarDate), and it refuses what that refuses.
  // The year cache carries over between dates here, as it does in a block.
  @Test func everyDayAsTheOrdinaryReaderReadsIt() {
    var cache = YearCache()
    var checked = 0
    var valid = 0
    for year in Array(1896...2104) + [1, 9999] {
      for month in 0...13 {
        for day in 0...32 {
          let text =
            String(format: "%04d-%02d-%02d", year, month, day)
          var bytes = Array(text.utf8)
          let fast = bytes.withUnsafeMutableBufferPointer {
            SimpleSpellLine.day($0.baseAddress!, &cache)
          }
          let expected = SickLeaveReader.day(text)?.daysSince1970
          #expect(fast == expected, "\(text)")
          checked += 1
          if expected != nil { valid += 1 }
        }
      }
    }
    // 211 years × 14 months × 33 days; valid: 365 or 366 days a year, 51 leap years in
    // 1896–2104 (2100 is not one, 1896 and 2104 are).
    #expect(checked == 211 * 14 * 33)
    #expect(valid == 211 * 365 + 51)
    #expect(Self.simpleDay("0000-01-01") == nil)
    #expect(Self.simpleDay("2025-0a-01") == nil)
    #expect(Self.simpleDay("2025/01/01") == nil)
    #expect(Self.simpleDay("1970-01-01") == 0)
    // 2025-03-01: 55 years after 1970, 14 of them leap (1972 … 2024), 59 days in Jan–Feb.
    #expect(Self.simpleDay("2025-03-01") == 55 * 365 + 14 + 59)
  }

  /// Reads `line` (which must end with LF) with the one-pass reader.
  static func simpleRead(_ line: String, roles: [SpellField], delimiter: UInt8 = 0x2C)
    -> (id: String, first: Int, last: Int, hours: Double, length: Int)?
  {
    var bytes = Array(line.utf8)
    var reader = SimpleSpellLine(roles: roles, delimiter: delimiter)
    var cache = YearCache()
    return bytes.withUnsafeMutableBufferPointer { buffer in
      guard let length = reader.read(buffer.baseAddress!, buffer.count, &cache) else {
        return nil
      }
      return (
        String(decoding: reader.id, as: UTF8.self), reader.first, reader.last, reader.hours,
        length
      )
    }
  }

  // Plain lines are read in one pass; anything unusual is left to the field scanner.
  @Test func plainLinesAndWhatIsLeftToTheScanner() throws {
    let standard: [SpellField] = [.id, .start, .end, .hours]
    let read = try #require(
      Self.simpleRead("E1,2024-02-28,2024-03-01,12.8\nE2,", roles: standard))
    #expect(read.id == "E1")
    // 2024-02-28: 54 years after 1970, 13 leap years before 2024 (1972 … 2020), 58 days.
    #expect(read.first == 54 * 365 + 13 + 58)
    #expect(read.last == read.first + 2)
    #expect(read.hours == 12.8)
    #expect(read.length == 30)
    // Another order, an extra column and the Swedish delimiter with a decimal comma.
    let other: [SpellField] = [.other, .hours, .id, .end, .start]
    let swedish = try #require(
      Self.simpleRead(
        "Sjuk åter;7,25;E9;2025-01-31;2025-01-02\n", roles: other, delimiter: 0x3B))
    // 10 bytes of "Sjuk åter" (å is two), 4 of hours, 2 of id, two dates of 10, 5 ; and LF.
    #expect(swedish.id == "E9" && swedish.hours == 7.25 && swedish.length == 41)
    #expect(swedish.last - swedish.first == 29)
    // Windows line breaks, with the hours or a date last: 31 bytes (2 + 10 + 10 + 4, three
    // commas, CR LF) and 30 (3 + 2 + 10 + 10, three semicolons, CR LF).
    let crlf = try #require(Self.simpleRead("E1,2024-02-28,2024-03-01,12.8\r\nE2", roles: standard))
    #expect(crlf.length == 31 && crlf.hours == 12.8)
    let dateLast = try #require(
      Self.simpleRead(
        "7,5;E1;2024-02-28;2024-03-01\r\n", roles: [.hours, .id, .start, .end], delimiter: 0x3B))
    #expect(dateLast.length == 30 && dateLast.last - dateLast.first == 2 && dateLast.hours == 7.5)
    for line in [
      "\"E1\",2024-01-01,2024-01-01,8\n",  // quotes
      " E1,2024-01-01,2024-01-01,8\n",  // a space to trim
      "E1,2024-01-01,2024-01-01,8\r",  // a CR alone
      "E1,2024-01-01,2024-01-01,8\rE2",  // a CR alone
      "E1,2024-01-01,2024-01-01,8,\n",  // one field more
      "E1,2024-01-01,2024-01-01\n",  // one field less
      "E1,2024-1-1,2024-01-01,8\n",  // a date in another form
      "E1,2024-01-01,2024-01-01,-8\n",  // negative hours
      "E1,2024-01-01,2024-01-01,1234567890123456\n",  // 16 digits
      "E1,2024-01-01,2024-01-01,1.5.\n",  // two separators
      "E1,2024-01-01,2024-01-01,\n",  // no hours
      ",2024-01-01,2024-01-01,8\n",  // no id
      "E1,2024-01-01,2024-01-01,8",  // no line break yet
      "\n",
    ] {
      #expect(Self.simpleRead(line, roles: standard) == nil, "\(line.debugDescription)")
    }
  }

  /// Spells as the ordinary reader reads them, as the fast path's records; `nil` where the
  /// ordinary path reports a problem (a bad cell, an unknown employee, end before start).
  static func ordinarySpells(_ url: URL, persons: [String]) throws -> [SpellRecord]? {
    var table = try TableReader.open(url)
    var records: [SpellRecord] = []
    var clean = true
    do {
      try SickLeaveReader.readSpells(&table) { spell in
        guard let person = persons.firstIndex(of: spell.employeeID),
          spell.end.daysSince1970 >= spell.start.daysSince1970
        else {
          clean = false
          return
        }
        records.append(
          SpellRecord(
            person: Int32(person), start: Int32(spell.start.daysSince1970),
            end: Int32(spell.end.daysSince1970), hours: spell.sickHours))
      }
    } catch {
      return nil
    }
    return clean ? records : nil
  }

  // 1 500 random files of plain and unusual spell lines (quotes, spaces, CR LF, blank lines,
  // another column order, an extra column, Swedish dates and decimals, bad dates and hours,
  // unknown ids), in blocks of 64 bytes and of 1 MB: the fast path gives exactly the
  // ordinary reader's spells, or gives up exactly where the ordinary path has a problem.
  @Test func randomFilesReadAsTheOrdinaryReaderReadsThem() throws {
    var random = SeededRandom(state: 2026)
    let persons = ["E1", "E2", "E3", "E10", "LONG-EMPLOYEE-ID-0000000001"]
    var table = ByteTable()
    for person in persons { table.insert(person) }
    let known = table
    func pick<T>(_ common: T, _ rare: [T], _ percent: Int) -> T {
      random.next(100) < percent ? rare[random.next(rare.count)] : common
    }
    var agreedClean = 0
    var simpleLines = 0
    for file in 0..<1_500 {
      let delimiter = file % 3 == 2 ? ";" : ","
      let withNote = file % 4 == 1
      let reversed = file % 5 == 3
      var header =
        reversed
        ? ["sick_hours", "end", "start", "employee_id"]
        : ["employee_id", "start", "end", "sick_hours"]
      if withNote { header.insert("note", at: 2) }
      var text = header.joined(separator: delimiter) + "\n"
      for _ in 0..<(1 + random.next(6)) {
        let year = [1900, 2000, 2023, 2024, 2100][random.next(5)]
        let month = 1 + random.next(12)
        let day = 1 + random.next(28)
        let start = String(format: "%04d-%02d-%02d", year, month, day)
        let end = String(format: "%04d-%02d-%02d", year, month, day + random.next(2))
        let decimal = delimiter == ";" ? "7,25" : "\"7,25\""
        var cells: [String: String] = [
          "employee_id": pick(
            persons[random.next(persons.count)], [" E2", "E3 ", "\"E1\"", "E9", "", "E\"1"],
            6),
          "start": pick(
            start, [" " + start, "\"\(start)\"", "1 mars 2024", "2023-02-29", "2024-13-01"], 6),
          "end": pick(end, ["2024-1-5", "2025-00-10", "\"\(end)\""], 4),
          "sick_hours": pick(
            ["8", "12.8", "0", ".5", "5.", "123456789012345"][random.next(6)],
            [decimal, "-1", " 8", "1e3", "", "1234567890123456", "8.0.0", "\"8\""], 6),
        ]
        cells["note"] = pick("", ["x", "a b", "\"q\(delimiter)\"\"x\"\"\"", "å", "\"\""], 50)
        let line = header.map { cells[$0] ?? "" }.joined(separator: delimiter)
        text += line + pick("\n", ["\r\n", "\n\n"], 5)
      }
      if random.next(10) == 0 { text.removeLast() }
      let url = try temporaryFile(text)
      defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
      let expected = try Self.ordinarySpells(url, persons: persons)
      let reader = try TableReader.open(url)
      let columns = try #require(SickLeaveReader.spellColumns(reader))
      let layout = try #require(reader.blockLayout)
      for blockSize in [64, 1 << 20] {
        var fast: [SpellRecord] = []
        let finished = CSVBlocks.scan(layout, blockSize: blockSize, threshold: 0) { records in
          SickLeaveReader.parseSpells(&records, columns: columns, persons: known)
        } merge: {
          fast += $0
        }
        if let expected {
          #expect(finished && fast == expected, "file \(file):\n\(text)")
        } else {
          #expect(!finished, "file \(file):\n\(text)")
        }
      }
      if expected != nil { agreedClean += 1 }
      // How many of the lines the one-pass reader takes itself.
      let roles = columns.roles
      for line in text.split(separator: "\n") {
        if Self.simpleRead(String(line) + "\n", roles: roles, delimiter: delimiter.utf8.first!)
          != nil
        {
          simpleLines += 1
        }
      }
    }
    // Not a test that cannot fail: most files are clean, and most lines take the one-pass way.
    #expect(agreedClean > 500)
    #expect(simpleLines > 3_000)
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
