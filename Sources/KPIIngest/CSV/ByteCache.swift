import Foundation
import KPIModel

/// Byte strings to small codes, by length and a compare: faster than hashing when the
/// distinct values are as few as a scale's answers or a survey's groups; past
/// ``capacity`` keys, the rest are hashed.
struct SmallByteCache {
  private var keys: [[UInt8]] = []
  private var values: [Int] = []
  /// Per key: its length and its first and last eight bytes, which decide most compares.
  private var lengths: [Int] = []
  private var heads: [UInt64] = []
  private var tails: [UInt64] = []
  /// Keys past the first ``capacity``, in a hash table: a file with thousands of distinct
  /// values (hostile, or a free-text column) stays fast.
  private var overflow = ByteTable()
  private var overflowValues: [Int] = []

  /// How many keys are compared one by one before the rest go to a hash table.
  static let capacity = 64

  var count: Int { keys.count + overflowValues.count }

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
  func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let length = bytes.count
    let head = Self.word(bytes, at: 0)
    let tail = Self.word(bytes, at: max(0, length - 8))
    for index in 0..<lengths.count
    where lengths[index] == length && heads[index] == head && tails[index] == tail {
      // Up to 16 bytes the head and tail cover the whole key.
      if length <= 16 { return values[index] }
      let same = keys[index].withUnsafeBufferPointer {
        memcmp($0.baseAddress! + 8, bytes.baseAddress! + 8, length - 16) == 0
      }
      if same { return values[index] }
    }
    guard !overflowValues.isEmpty else { return nil }
    return overflow.find(bytes).map { overflowValues[$0] }
  }

  mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Int) {
    if keys.count >= Self.capacity {
      if overflow.insert(bytes) == overflowValues.count { overflowValues.append(value) }
      return
    }
    keys.append(Array(bytes))
    values.append(value)
    lengths.append(bytes.count)
    heads.append(Self.word(bytes, at: 0))
    tails.append(Self.word(bytes, at: max(0, bytes.count - 8)))
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
