import Testing

@testable import KPIIngest

/// The person index of the sick-leave reader: ids that are a prefix and a number in a plain
/// array, other ids hashed; both give each id's person, and nothing for any other id.
@Suite("Person index")
struct PersonIndexTests {
  static func index(_ ids: [String]) -> PersonIndex {
    var table = ByteTable()
    for id in ids { _ = table.insert(id) }
    return PersonIndex(table)
  }

  static func find(_ index: PersonIndex, _ id: String) -> Int? {
    var id = id
    return id.withUTF8 { index.find($0) }
  }

  // A short id's word holds its bytes little-endian, the first byte lowest: "E7" is
  // 0x45 | 0x37 << 8. Written out for every length a short id has, 0 to 8 bytes.
  @Test func wordOfEveryShortLength() {
    let bytes: [UInt8] = [0x45, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37]
    var expected: UInt64 = 0
    for length in 0...8 {
      if length > 0 { expected |= UInt64(bytes[length - 1]) << UInt64((length - 1) * 8) }
      let word = bytes.withUnsafeBufferPointer {
        ByteTable.word(UnsafeBufferPointer(rebasing: $0[0..<length]))
      }
      #expect(word == expected, "length \(length)")
    }
    #expect(Array("E7".utf8).withUnsafeBufferPointer(ByteTable.word) == 0x3745)
  }

  // Variable width, no leading zeros (E7, E12, E100): numbered. E07 and E012 are other ids,
  // as are e7, 7, E, E7x and numbers between or beyond them.
  @Test func numbersOfVariableWidth() {
    let index = Self.index(["E7", "E12", "E100"])
    #expect(index.isNumbered)
    #expect(Self.find(index, "E7") == 0)
    #expect(Self.find(index, "E12") == 1)
    #expect(Self.find(index, "E100") == 2)
    for other in ["E07", "E012", "e7", "7", "E", "E7x", "E8", "E101", "E6", "F7", "E1000000"] {
      #expect(Self.find(index, other) == nil, "\(other)")
    }
  }

  // Fixed width with leading zeros (00123, 00007, 00200): numbered, and 123 or 0000123 are
  // not ids.
  @Test func numbersOfFixedWidth() {
    let index = Self.index(["00123", "00007", "00200"])
    #expect(index.isNumbered)
    #expect(Self.find(index, "00007") == 1)
    #expect(Self.find(index, "00200") == 2)
    for other in ["123", "0000123", "7", "00008", "0012"] {
      #expect(Self.find(index, other) == nil, "\(other)")
    }
  }

  // Leading zeros of varying width (07, 123; NR-1, NR-02), two prefixes, letters after the
  // digits, or numbers spread far apart: hashed, with the same answers.
  @Test(arguments: [
    ["07", "123", "5"], ["A1", "B2", "A3"], ["E1a", "E2a"], ["E1", "E999999999"],
    ["ANSTÄLLD-NR-1", "ANSTÄLLD-NR-02"],
  ])
  func otherIdsAreHashed(ids: [String]) {
    let index = Self.index(ids)
    #expect(!index.isNumbered)
    for (person, id) in ids.enumerated() { #expect(Self.find(index, id) == person) }
    #expect(Self.find(index, "E3") == nil && Self.find(index, "8") == nil)
  }

  // 3 000 hashed ids (numbers written backwards with a letter: "1x", "2x", … "0003x") looked
  // up together in the order of their slots, with 500 unknown ones and repeats among them:
  // the same persons as one by one.
  @Test func manyIdsLookedUpTogether() {
    let ids = (0..<3_000).map { String(String($0).reversed()) + "x" }
    let index = Self.index(ids)
    #expect(!index.isNumbered)
    var asked: [String] = []
    for n in 0..<3_500 { asked.append(n < 3_000 ? ids[(n * 7) % 3_000] : "u\(n)") }
    asked += asked.prefix(100)
    let short = asked.map { id -> PersonIndex.ShortID in
      var id = id
      return id.withUTF8 { PersonIndex.ShortID(word: ByteTable.word($0), count: $0.count) }
    }
    let together = index.persons(of: short)
    let oneByOne = asked.map { Self.find(index, $0).map { Int32($0) } ?? -1 }
    #expect(together == oneByOne)
    #expect(together.filter { $0 < 0 }.count == 500)
    #expect(together[1] == 7 && together[3_000] == -1)
  }

  // The slot of a short id read from its word at once equals the slot read byte by byte,
  // for numbered tables of every kind (no prefix, prefixes of 1–3 bytes, fixed and variable
  // width) and 20 000 candidate ids of 0–8 bytes: digits, leading zeros, the prefix or part
  // of it, letters, bytes just outside 0–9 (/ and :), and numbers beyond the table's.
  @Test func wordSlotsEqualByteSlots() throws {
    let tables: [[String]] = [
      ["7", "12", "100"], ["E7", "E12", "E100"], ["00123", "00007", "00200"],
      ["AB10", "AB11", "AB19"], ["NR-5", "NR-60", "NR-700"], ["E1000000", "E1000001"],
    ]
    let alphabet: [UInt8] = Array("0123456789EABNR-/:x".utf8)
    var generator = SystemRandomNumberGenerator()
    for ids in tables {
      let numbered = try #require(NumberedIDs(Self.table(ids)), "\(ids)")
      var candidates = ids.map { Array($0.utf8) }
      for _ in 0..<20_000 / tables.count {
        let length = Int.random(in: 0...8, using: &generator)
        var id = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
        // Half of them with the table's prefix, so that the digits are looked at.
        if Bool.random(using: &generator), let first = ids.first {
          let prefix = Array(first.utf8.prefix { !(0x30...0x39).contains($0) })
          id = Array((prefix + id).prefix(8))
        }
        candidates.append(id)
      }
      for id in candidates {
        let (byWord, byBytes) = id.withUnsafeBufferPointer {
          (numbered.slot(word: ByteTable.word($0), count: $0.count), numbered.slotByBytes($0))
        }
        #expect(byWord == byBytes, "\(String(decoding: id, as: UTF8.self)) in \(ids)")
      }
    }
  }

  static func table(_ ids: [String]) -> ByteTable {
    var table = ByteTable()
    for id in ids { _ = table.insert(id) }
    return table
  }
}
