import CPrefetch
import Foundation

/// Byte strings to dense indices 0, 1, 2, … in the order they were first inserted: the
/// lookup the fast readers use for group names, answers and employee ids, without making a
/// `String` per cell.
///
/// Open addressing with linear probing over a power-of-two slot table; the keys live one
/// after another in one arena.
struct ByteTable: Sendable {
  private var arena: [UInt8] = []
  /// Start of key `i` in the arena, and one more: the end of the last key (a key ends where
  /// the next one starts).
  private var starts: [Int] = [0]
  /// Per slot: the upper half of the key's hash above index + 1 of the key, 0 when empty;
  /// a probe reads the slot alone until the hashes agree.
  private var slots: [UInt64]
  private var mask: Int

  /// An empty table sized for about `capacity` keys.
  public init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [UInt64](repeating: 0, count: size)
    mask = size - 1
  }

  /// Makes room for `count` keys of about `keyBytes` bytes each without regrowing.
  public mutating func reserve(_ count: Int, keyBytes: Int = 8) {
    arena.reserveCapacity(count * keyBytes)
    starts.reserveCapacity(count + 1)
    var size = slots.count
    while size < count * 2 { size <<= 1 }
    if size > slots.count { rehash(size) }
  }

  /// Number of keys.
  public var count: Int { starts.count - 1 }

  /// The bytes of key `index`.
  public func key(_ index: Int) -> [UInt8] { Array(arena[starts[index]..<starts[index + 1]]) }

  /// The hash the table files `bytes` under (see ``insert(_:hash:)``).
  @inline(__always)
  public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    // Eight bytes at a time, each word mixed in with a multiply (as in wyhash's spirit).
    let count = bytes.count
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(count &+ 1)
    guard let base = bytes.baseAddress else { return h }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 8 <= count {
      let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ word) &* 0xbf58_476d_1ce4_e5b9
      h ^= h >> 31
      i += 8
    }
    if i < count {
      var word: UInt64 = 0
      var shift: UInt64 = 0
      while i < count {
        word |= UInt64(base[i]) << shift
        shift += 8
        i += 1
      }
      h = (h ^ word) &* 0x94d0_49bb_1331_11eb
      h ^= h >> 29
    }
    h = h &* 0xbf58_476d_1ce4_e5b9
    return h ^ (h >> 32)
  }

  /// The index of `bytes`, or `nil`.
  @inline(__always)
  public func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let h = Self.hash(bytes)
    let found = probe(bytes, h)
    return found.index
  }

  /// The key's index, or the empty slot where it would go.
  @inline(__always)
  private func probe(_ bytes: UnsafeBufferPointer<UInt8>, _ h: UInt64) -> (index: Int?, slot: Int) {
    let tag = h & 0xFFFF_FFFF_0000_0000
    var slot = Int(truncatingIfNeeded: h) & mask
    return slots.withUnsafeBufferPointer { slots in
      while true {
        let entry = slots[slot]
        if entry == 0 { return (nil, slot) }
        if entry & 0xFFFF_FFFF_0000_0000 == tag {
          let index = Int(entry & 0xFFFF_FFFF) - 1
          if equal(index, bytes) { return (index, slot) }
        }
        slot = (slot + 1) & mask
      }
    }
  }

  /// Whether key `index` (which may be past the last) is `bytes`: for readers that expect
  /// keys in the order they were inserted, and try the next before a lookup.
  @inline(__always)
  public func isKey(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    index >= 0 && index < count && equal(index, bytes)
  }

  @inline(__always)
  private func equal(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    starts.withUnsafeBufferPointer { starts in
      // A key ends where the next one starts: one read for both ends.
      let start = starts[index]
      let length = starts[index + 1] - start
      guard length == bytes.count else { return false }
      guard length > 0 else { return true }
      return arena.withUnsafeBufferPointer { stored in
        let key = UnsafeBufferPointer(start: stored.baseAddress! + start, count: length)
        // A short key (an employee id) as one word each, rather than a call to memcmp.
        if length <= 8 { return Self.word(key) == Self.word(bytes) }
        return memcmp(key.baseAddress!, bytes.baseAddress!, length) == 0
      }
    }
  }

  /// The bytes of a key of at most 8 bytes as one word, 0 for none: two keys of the same
  /// length are equal when their words are.
  @inline(__always)
  static func word(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    // Two loads that may overlap, inside the bytes (none past them is read): the bytes they
    // share land on the same bits.
    guard let p = bytes.baseAddress else { return 0 }
    let n = bytes.count
    let raw = UnsafeRawPointer(p)
    if n >= 4 {
      let low = UInt64(raw.loadUnaligned(as: UInt32.self).littleEndian)
      let high = UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self).littleEndian)
      return low | high << UInt64((n - 4) * 8)
    }
    guard n > 0 else { return 0 }
    return UInt64(p[0]) | UInt64(p[n / 2]) << UInt64(n / 2 * 8)
      | UInt64(p[n - 1]) << UInt64((n - 1) * 8)
  }

  /// Asks for the slot a key of hash `h` is looked up from first (a hint, for a caller that
  /// knows the hashes of the keys to come).
  @inline(__always)
  public func prefetch(hash h: UInt64) {
    slots.withUnsafeBufferPointer {
      kpi_prefetch($0.baseAddress! + (Int(truncatingIfNeeded: h) & mask))
    }
  }

  /// Asks for what a lookup of a key of hash `h` reads after its first slot, which an
  /// earlier ``prefetch(hash:)`` asked for: the start of the slot's key (`bytes` false), or,
  /// once that has come too, the key's bytes (`bytes` true). A key in random order then
  /// waits for none of the three; a slot of another key, or an empty one, asks for nothing.
  @inline(__always)
  public func prefetchKey(hash h: UInt64, bytes: Bool) {
    let entry = slots.withUnsafeBufferPointer { $0[Int(truncatingIfNeeded: h) & mask] }
    guard entry & 0xFFFF_FFFF_0000_0000 == h & 0xFFFF_FFFF_0000_0000, entry != 0 else {
      return
    }
    let index = Int(entry & 0xFFFF_FFFF) - 1
    starts.withUnsafeBufferPointer { starts in
      guard bytes else { return kpi_prefetch(starts.baseAddress! + index) }
      arena.withUnsafeBufferPointer { kpi_prefetch($0.baseAddress! + starts[index]) }
    }
  }

  /// The index of `bytes`, inserting it when new.
  public mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    insert(bytes, hash: Self.hash(bytes))
  }

  /// The index of `bytes`, inserting it when new, with its ``hash(_:)`` computed already
  /// (by a worker thread, say).
  public mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int {
    let (found, slot) = probe(bytes, h)
    if let found { return found }
    let index = count
    arena.append(contentsOf: bytes)
    starts.append(arena.count)
    if (index + 1) * 2 > slots.count {
      rehash(slots.count * 2)
    } else {
      slots[slot] = Self.entry(index, h)
    }
    return index
  }

  @inline(__always)
  private static func entry(_ index: Int, _ h: UInt64) -> UInt64 {
    h & 0xFFFF_FFFF_0000_0000 | UInt64(index + 1)
  }

  /// Inserts a string's UTF-8 bytes.
  @discardableResult
  public mutating func insert(_ text: String) -> Int {
    var text = text
    return text.withUTF8 { insert($0) }
  }

  private mutating func rehash(_ size: Int) {
    slots = [UInt64](repeating: 0, count: size)
    mask = size - 1
    arena.withUnsafeBufferPointer { arena in
      for index in 0..<count {
        let key = UnsafeBufferPointer(rebasing: arena[starts[index]..<starts[index + 1]])
        let h = Self.hash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Self.entry(index, h)
      }
    }
  }
}

/// Byte strings kept one after another in one array, without an allocation each.
struct ByteStrings: Sendable {
  public private(set) var bytes: [UInt8] = []
  /// Where each string ends in ``bytes``.
  private var ends: [Int] = []

  public init() {}

  public var count: Int { ends.count }

  /// Makes room for `count` strings of `bytes` bytes in all.
  public mutating func reserveCapacity(_ count: Int, bytes total: Int) {
    bytes.reserveCapacity(total)
    ends.reserveCapacity(count)
  }

  public mutating func append<Bytes: Sequence<UInt8>>(_ string: Bytes) {
    bytes.append(contentsOf: string)
    ends.append(bytes.count)
  }

  /// Where string `index` lies in ``bytes``.
  public func range(_ index: Int) -> Range<Int> {
    (index == 0 ? 0 : ends[index - 1])..<ends[index]
  }
}
