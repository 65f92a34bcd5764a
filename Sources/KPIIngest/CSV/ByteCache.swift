import Foundation
import KPIModel

/// Byte strings to small codes, for as few distinct values as a scale's answers or a
/// survey's groups: a key is found through a 256-slot table by a hash of its length and its
/// first and last eight bytes, and confirmed by comparing words; past ``capacity`` keys, the
/// rest go to a ``ByteTable``.
struct SmallByteCache {
  /// A key by its length and words: the first 8, the next 8 and the last 8 bytes
  /// (zero-padded), which are the whole key up to 24 bytes.
  private struct Entry {
    var length: Int
    var head: UInt64
    var middle: UInt64
    var tail: UInt64
    var value: Int
  }

  private var entries: [Entry] = []
  /// The bytes of keys longer than 24, by entry.
  private var longKeys: [Int: [UInt8]] = [:]
  /// Per slot, the index + 1 of the first key hashed there; 0 when none.
  private var slots = [UInt8](repeating: 0, count: 256)
  /// Keys past the first ``capacity``, in a hash table: a file with thousands of distinct
  /// values (hostile, or a free-text column) stays fast.
  private var overflow = ByteTable()
  private var overflowValues: [Int] = []

  /// How many keys go in the slot table before the rest are hashed.
  static let capacity = 64

  var count: Int { entries.count + overflowValues.count }

  /// The first `min(8, count)` bytes at `start` as a little-endian word, zero-padded.
  @inline(__always)
  static func word(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> UInt64 {
    let available = bytes.count - start
    if available >= 8 {
      return UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self)
    }
    var word: UInt64 = 0
    for k in 0..<max(0, available) { word |= UInt64(bytes[start + k]) << (8 * UInt64(k)) }
    return word
  }

  @inline(__always)
  private static func slot(_ length: Int, _ head: UInt64, _ tail: UInt64) -> Int {
    let mixed = (head ^ (tail &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0xBF58_476D_1CE4_E5B9
    return Int(truncatingIfNeeded: mixed >> 56)
  }

  @inline(__always)
  func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let head = Self.word(bytes, at: 0)
    let tail = Self.word(bytes, at: max(0, bytes.count - 8))
    let slot = Int(slots[Self.slot(bytes.count, head, tail)])
    if slot > 0, equal(slot - 1, bytes, head, tail) { return entries[slot - 1].value }
    // Keys that share a slot with another, and keys not there at all.
    for index in entries.indices where equal(index, bytes, head, tail) {
      return entries[index].value
    }
    guard !overflowValues.isEmpty else { return nil }
    return overflow.find(bytes).map { overflowValues[$0] }
  }

  /// Whether entry `index` is `bytes`.
  @inline(__always)
  private func equal(
    _ index: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ head: UInt64, _ tail: UInt64
  ) -> Bool {
    let entry = entries[index]
    guard entry.length == bytes.count, entry.head == head, entry.tail == tail else {
      return false
    }
    if entry.length <= 16 { return true }
    guard entry.middle == Self.word(bytes, at: 8) else { return false }
    if entry.length <= 24 { return true }
    guard let key = longKeys[index] else { return false }
    return key.withUnsafeBufferPointer {
      memcmp($0.baseAddress! + 16, bytes.baseAddress! + 16, entry.length - 24) == 0
    }
  }

  mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Int) {
    if entries.count >= Self.capacity {
      if overflow.insert(bytes) == overflowValues.count { overflowValues.append(value) }
      return
    }
    let head = Self.word(bytes, at: 0)
    let tail = Self.word(bytes, at: max(0, bytes.count - 8))
    let slot = Self.slot(bytes.count, head, tail)
    if slots[slot] == 0 { slots[slot] = UInt8(entries.count + 1) }
    if bytes.count > 24 { longKeys[entries.count] = Array(bytes) }
    entries.append(
      Entry(
        length: bytes.count, head: head, middle: Self.word(bytes, at: 8), tail: tail,
        value: value))
  }
}

/// The last key looked up and what it gave: up to 16 bytes are compared as two words.
struct LastKey {
  private var length = -1
  private var head: UInt64 = 0
  private var tail: UInt64 = 0
  private var bytes: [UInt8] = []
  private var value = 0

  init() {}

  init(_ key: UnsafeBufferPointer<UInt8>, _ value: Int) {
    length = key.count
    head = SmallByteCache.word(key, at: 0)
    tail = SmallByteCache.word(key, at: max(0, key.count - 8))
    bytes = key.count > 16 ? Array(key) : []
    self.value = value
  }

  @inline(__always)
  func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
    guard key.count == length, SmallByteCache.word(key, at: 0) == head,
      SmallByteCache.word(key, at: max(0, key.count - 8)) == tail
    else { return nil }
    if length <= 16 { return value }
    return bytes.withUnsafeBufferPointer { stored in
      memcmp(stored.baseAddress!, key.baseAddress!, length) == 0 ? value : nil
    }
  }
}
