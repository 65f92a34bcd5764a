import CPrefetch

/// Employee ids to persons for the spells' lookups, built once the employees are read: ids
/// of up to 8 bytes are kept in the slot itself, so that a lookup in random order (a shuffled
/// spells file) waits for memory once, not for the slot, the key's place and the key's bytes
/// one after another as in ``ByteTable``. Longer ids are looked up in the ``ByteTable``.
struct PersonIndex: Sendable {
  /// Per slot: the id's bytes as a word, and (length << 32 | person + 1), 0 when empty.
  private var slots: [(UInt64, UInt64)]
  private let mask: Int
  private let long: ByteTable
  private let hasLong: Bool
  /// The ids as numbers, when every id is one prefix and a number (see ``NumberedIDs``).
  let numbered: NumberedIDs?

  /// Whether every id is a prefix and a number: then ``find(_:)`` looks each up in a table
  /// small enough to stay in cache, in any order, and needs no grouping.
  var isNumbered: Bool { numbered != nil }

  /// The index of the ids of `table`, which it keeps only for ids longer than 8 bytes;
  /// numbered ids need no slots either (4 MB for 200 000 ids).
  init(_ table: ByteTable) {
    numbered = NumberedIDs(table)
    guard numbered == nil else {
      (slots, mask, hasLong, long) = ([], 0, false, ByteTable())
      return
    }
    // Filled to at most three quarters: a smaller table stays in cache more.
    var size = 16
    while size * 3 < table.count * 4 { size <<= 1 }
    slots = [(UInt64, UInt64)](hugePagesRepeating: (0, 0), count: size)
    mask = size - 1
    var hasLong = false
    for person in 0..<table.count {
      let key = table.key(person)
      guard key.count <= 8 else {
        hasLong = true
        continue
      }
      let word = key.withUnsafeBufferPointer { ByteTable.word($0) }
      var slot = Self.slot(word, key.count) & mask
      while slots[slot].1 != 0 { slot = (slot + 1) & mask }
      slots[slot] = (word, UInt64(key.count) << 32 | UInt64(person + 1))
    }
    self.hasLong = hasLong
    long = hasLong ? table : ByteTable()
  }

  /// Whether `id` can be looked up by its word (``ByteTable/word(_:)``, ``find(word:count:)``).
  @inline(__always)
  static func isShort(_ id: UnsafeBufferPointer<UInt8>) -> Bool { id.count <= 8 }

  @inline(__always)
  private static func slot(_ word: UInt64, _ count: Int) -> Int {
    var h = (word ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
    h ^= h >> 29
    return Int(truncatingIfNeeded: h)
  }

  /// The person of `id`, or `nil`.
  @inline(__always)
  func find(_ id: UnsafeBufferPointer<UInt8>) -> Int? {
    if let numbered { return numbered.find(id) }
    guard id.count <= 8 else { return hasLong ? long.find(id) : nil }
    return find(word: ByteTable.word(id), count: id.count)
  }

  /// A short id as a word and its length (see ``ByteTable/word(_:)``).
  struct ShortID {
    var word: UInt64
    var count: Int
  }

  /// The persons of many short ids (−1 for an unknown one), looked up in the order of their
  /// slots rather than of `ids`: one counting sort on the slots' high bits, and then a
  /// spells file in random order goes through the table once, in one direction, rather than
  /// waiting for memory at every id.
  func persons(of ids: [ShortID]) -> [Int32] {
    precondition(numbered == nil, "numbered ids are looked up by their numbers")
    var persons = [Int32](repeating: -1, count: ids.count)
    guard ids.count > 256 else {
      for (index, id) in ids.enumerated() {
        persons[index] = find(word: id.word, count: id.count).map { Int32($0) } ?? -1
      }
      return persons
    }
    // Buckets of at least 256 slots (4 KB), at most 2 048 of them.
    var bits = 0
    while (mask + 1) >> bits > 1 { bits += 1 }
    let shift = max(8, bits - 11)
    var counts = [Int](repeating: 0, count: ((mask + 1) >> shift) + 1)
    for id in ids { counts[(Self.slot(id.word, id.count) & mask) >> shift + 1] += 1 }
    for index in 1..<counts.count { counts[index] += counts[index - 1] }
    // The ids themselves moved into slot order (each bucket written in one direction), so
    // that the lookups below read them in order too: the word, and (length << 32 | index).
    var sorted = [(word: UInt64, tag: UInt64)](repeating: (0, 0), count: ids.count)
    for (index, id) in ids.enumerated() {
      let bucket = (Self.slot(id.word, id.count) & mask) >> shift
      sorted[counts[bucket]] = (id.word, UInt64(id.count) << 32 | UInt64(index))
      counts[bucket] += 1
    }
    var previous: (word: UInt64, count: UInt64) = (0, .max)
    var found: Int32 = -1
    // The slot of the id `ahead` places on is fetched while this one is looked up.
    let ahead = 16
    persons.withUnsafeMutableBufferPointer { persons in
      slots.withUnsafeBufferPointer { table in
        sorted.withUnsafeBufferPointer { sorted in
          for position in sorted.indices {
            if position + ahead < sorted.count {
              let (word, tag) = sorted[position + ahead]
              kpi_prefetch(table.baseAddress! + (Self.slot(word, Int(tag >> 32)) & mask))
            }
            let (word, tag) = sorted[position]
            let count = tag >> 32
            if word != previous.word || count != previous.count {
              previous = (word, count)
              found = find(word: word, count: Int(count)).map { Int32($0) } ?? -1
            }
            persons[Int(tag & 0xFFFF_FFFF)] = found
          }
        }
      }
    }
    return persons
  }

  /// The person of a short id given as its word and length, or `nil` (ids that are not
  /// numbered).
  @inline(__always)
  func find(word: UInt64, count: Int) -> Int? {
    let tag = UInt64(count) << 32
    var slot = Self.slot(word, count) & mask
    return slots.withUnsafeBufferPointer { slots in
      while true {
        let (key, value) = slots[slot]
        if value == 0 { return nil }
        if key == word && value & 0xFFFF_FFFF_0000_0000 == tag {
          return Int(value & 0xFFFF_FFFF) - 1
        }
        slot = (slot + 1) & mask
      }
    }
  }
}

/// Employee ids that are all one prefix (perhaps none) and a number, as HR systems number
/// their employees (`10234`, `E100000`): a person per number in a plain array, which for
/// 200 000 employees is under a megabyte and stays in cache however the spells are ordered.
/// An id is the same id only with the same digits: all ids have as many digits (`00123`), or
/// none has a leading zero; other tables are not numbered.
struct NumberedIDs: Sendable {
  private let prefix: [UInt8]
  private let low: Int
  /// Person + 1 per number from `low`, 0 for none.
  private let persons: [Int32]
  /// The digits every id has, or `nil` when they vary (and then none has a leading zero).
  private let width: Int?

  /// The numbered ids of `table`, or `nil` when they are not all a prefix and a number of at
  /// most 18 digits, or the numbers spread over more than four times as many as there are.
  init?(_ table: ByteTable) {
    guard table.count > 0 else { return nil }
    let first = table.key(0)
    guard let cut = first.firstIndex(where: { $0 &- 0x30 < 10 }) else { return nil }
    let prefix = Array(first[..<cut])
    var numbers = [Int](repeating: 0, count: table.count)
    var widths: Set<Int> = []
    var leadingZero = false
    for index in 0..<table.count {
      let key = table.key(index)
      guard key.count > prefix.count, key.starts(with: prefix),
        let number = Self.number(key[prefix.count...])
      else { return nil }
      numbers[index] = number
      widths.insert(key.count - prefix.count)
      if key[prefix.count] == 0x30 && key.count - prefix.count > 1 { leadingZero = true }
    }
    guard widths.count == 1 || !leadingZero, let low = numbers.min(), let high = numbers.max(),
      high - low < 4 * table.count + 1024
    else { return nil }
    var persons = [Int32](repeating: 0, count: high - low + 1)
    for (person, number) in numbers.enumerated() { persons[number - low] = Int32(person + 1) }
    self.prefix = prefix
    self.low = low
    self.persons = persons
    width = widths.count == 1 ? widths.first : nil
    if prefix.count < 8 {
      let bytes = UInt64(prefix.count * 8)
      prefixMask = bytes == 0 ? 0 : ~UInt64(0) >> (64 - bytes)
      prefixWord = prefix.withUnsafeBufferPointer { ByteTable.word($0) }
    } else {
      (prefixMask, prefixWord) = (0, 1)  // no short id has such a prefix
    }
  }

  /// The prefix's bytes as the low bytes of a word (``ByteTable/word(_:)``), and their mask.
  private let prefixMask: UInt64
  private let prefixWord: UInt64

  /// The number of 1 to 18 digits, or `nil`.
  @inline(__always)
  private static func number<C: Collection<UInt8>>(_ digits: C) -> Int? {
    guard !digits.isEmpty, digits.count <= 18 else { return nil }
    var value = 0
    for byte in digits {
      let digit = byte &- 0x30
      guard digit < 10 else { return nil }
      value = value &* 10 &+ Int(digit)
    }
    return value
  }

  /// The person of `id`, or `nil`.
  @inline(__always)
  func find(_ id: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let slot = slot(id) else { return nil }
    return person(slot)
  }

  /// The person of a slot ``slot(_:)`` gave, or `nil`.
  @inline(__always)
  func person(_ slot: Int) -> Int? {
    let person = persons[slot]
    return person > 0 ? Int(person) - 1 : nil
  }

  /// Where the person of `id` is, or `nil` when no id of the table can be `id`: for readers
  /// that look the persons of many ids up together afterwards, in a loop of independent
  /// loads (``person(_:)``).
  @inline(__always)
  func slot(_ id: UnsafeBufferPointer<UInt8>) -> Int? {
    if id.count <= 8 { return slot(word: ByteTable.word(id), count: id.count) }
    return slotByBytes(id)
  }

  /// ``slot(_:)`` of an id of at most 8 bytes given as its word (``ByteTable/word(_:)``,
  /// which the spells' reader has made already): the prefix, the digits and their value
  /// read from the word at once rather than byte by byte.
  @inline(__always)
  func slot(word: UInt64, count: Int) -> Int? {
    let digits = count &- prefix.count
    guard digits > 0, count <= 8, word & prefixMask == prefixWord else { return nil }
    // The digits, the first in the lowest byte; the bytes above them are 0.
    let x = word >> UInt64(prefix.count * 8)
    let mask = ~UInt64(0) >> UInt64((8 - digits) * 8)
    let zeros = 0x3030_3030_3030_3030 & mask
    // Every byte 0x30–0x39: its high half 3, and still 3 once 6 is added (0x3A–0x3F are not).
    guard x & 0xF0F0_F0F0_F0F0_F0F0 == zeros,
      (x &+ (0x0606_0606_0606_0606 & mask)) & 0xF0F0_F0F0_F0F0_F0F0 == zeros
    else { return nil }
    let values = x &- zeros
    if let width {
      guard digits == width else { return nil }
    } else if values & 0xFF == 0 && digits > 1 {
      return nil
    }
    // Eight digits with leading zeros, the first the highest: pairs, then fours, then all.
    var v = values << UInt64((8 - digits) * 8)
    v = v &* 10 &+ (v >> 8)
    v =
      ((v & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32))
        &+ ((v >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32))) >> 32
    let slot = Int(truncatingIfNeeded: v) &- low
    guard slot >= 0, slot < persons.count else { return nil }
    return slot
  }

  /// ``slot(_:)`` byte by byte: for ids of more than 8 bytes (and for the tests, which
  /// check ``slot(word:count:)`` against it).
  func slotByBytes(_ id: UnsafeBufferPointer<UInt8>) -> Int? {
    let digits = id.count - prefix.count
    guard digits > 0, let p = id.baseAddress else { return nil }
    for index in prefix.indices where p[index] != prefix[index] { return nil }
    if let width {
      guard digits == width else { return nil }
    } else if p[prefix.count] == 0x30 && digits > 1 {
      return nil
    }
    guard let number = Self.number(UnsafeBufferPointer(start: p + prefix.count, count: digits))
    else { return nil }
    let slot = number &- low
    guard slot >= 0, slot < persons.count else { return nil }
    return slot
  }
}
