import Foundation

/// Texts kept once each in one buffer of UTF-8 bytes: a text seen before is found by its
/// hash and handed the bytes it already has.
///
/// A workbook that repeats a comment on every row, or a shared string table that lists one
/// string a million times (both compress to almost nothing), then costs its distinct texts
/// and not every copy. Each distinct text costs 16 bytes besides its own (its range and
/// about two slots of the hash table).
struct InternedBytes: Sendable {
  /// The distinct texts, one after the other.
  private(set) var bytes: [UInt8] = []
  /// Where each distinct text starts and ends in ``bytes``.
  private var starts: [UInt32] = []
  private var ends: [UInt32] = []
  /// Open addressing: 0 is free, otherwise a distinct text's number plus one.
  private var slots: [UInt32] = []

  /// The number of distinct texts.
  var distinctCount: Int { starts.count }

  /// The byte range of distinct text `id`.
  func range(ofDistinct id: Int) -> Range<Int> { Int(starts[id])..<Int(ends[id]) }

  /// The number of the distinct text that equals `text`, added when it is new.
  /// - Returns: `nil` when the buffer would pass 4 GiB (limits far above the default).
  mutating func intern(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
    if slots.isEmpty { slots = [UInt32](repeating: 0, count: 1024) }
    let hash = Self.hash(text)
    var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
    while slots[slot] != 0 {
      let id = Int(slots[slot] - 1)
      if equals(id, text) { return id }
      slot = (slot + 1) & (slots.count - 1)
    }
    guard bytes.count + text.count <= Int(UInt32.max) else { return nil }
    let id = starts.count
    starts.append(UInt32(bytes.count))
    bytes.append(contentsOf: text)
    ends.append(UInt32(bytes.count))
    slots[slot] = UInt32(id + 1)
    if starts.count * 2 > slots.count { grow() }
    return id
  }

  private func equals(_ id: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
    let range = range(ofDistinct: id)
    guard range.count == text.count else { return false }
    guard !text.isEmpty else { return true }
    return bytes.withUnsafeBufferPointer { buffer in
      memcmp(buffer.baseAddress! + range.lowerBound, text.baseAddress!, text.count) == 0
    }
  }

  private mutating func grow() {
    var larger = [UInt32](repeating: 0, count: slots.count * 2)
    let mask = larger.count - 1
    bytes.withUnsafeBufferPointer { buffer in
      for id in starts.indices {
        let text = UnsafeBufferPointer(rebasing: buffer[Int(starts[id])..<Int(ends[id])])
        var slot = Int(truncatingIfNeeded: Self.hash(text)) & mask
        while larger[slot] != 0 { slot = (slot + 1) & mask }
        larger[slot] = UInt32(id + 1)
      }
    }
    slots = larger
  }

  /// FNV-1a, 64 bits, with a final mix so that the low bits, which pick the slot, depend on
  /// every byte.
  private static func hash(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    hash ^= hash >> 33
    hash = hash &* 0xff51_afd7_ed55_8ccd
    hash ^= hash >> 33
    return hash
  }
}

/// The shared string table of a workbook: the distinct strings in one buffer of UTF-8 bytes
/// (``InternedBytes``) and, per item of the table, the number of its distinct string.
///
/// Cells refer to strings by index; the reader keeps the index and copies the bytes only when
/// it builds a row, so a sheet that repeats one string a million times costs a million
/// integers, not a million copies; and a table that repeats one string a million times costs
/// four bytes an item.
struct SharedStrings: Sendable {
  private var text = InternedBytes()
  /// The distinct string of each item.
  private var items: [UInt32] = []

  /// The distinct strings' bytes, which ``range(_:)`` indexes.
  var bytes: [UInt8] { text.bytes }
  var count: Int { items.count }
  /// The number of distinct strings.
  var distinctCount: Int { text.distinctCount }

  /// The byte range in ``bytes`` of string `index`.
  func range(_ index: Int) -> Range<Int> { text.range(ofDistinct: Int(items[index])) }

  /// Makes room for `count` items at once (their numbers only), so that a long table is not
  /// copied each time it outgrows its storage. Pages not written cost no memory.
  mutating func reserveCapacity(_ count: Int) { items.reserveCapacity(count) }

  /// Adds an item.
  /// - Returns: `false` when the strings would pass 4 GiB.
  @discardableResult
  mutating func append(_ string: String) -> Bool {
    var string = string
    let id = string.withUTF8 { text.intern($0) }
    guard let id else { return false }
    items.append(UInt32(id))
    return true
  }
}

/// Reads `sharedStrings.xml`.
///
/// A string item `<si>` is either one `<t>` or rich-text runs `<r><t>`, concatenated; the
/// phonetic guides `<rPh>` of East Asian text are not part of the value. Whitespace inside
/// `<t>` is kept as it is, `xml:space="preserve"` or not: the parser reports it verbatim, and
/// Excel writes the attribute whenever the whitespace matters.
final class SharedStringsHandler: XMLPartHandler {
  private(set) var strings = SharedStrings()
  private var current = ""
  private var inItem = false
  private var inText = false
  private var phoneticDepth = 0

  /// - Parameter capacity: The most items the part can hold, for reserving their storage.
  init(file: String, part: String, capacity: Int = 0) {
    super.init(file: file, part: part)
    strings.reserveCapacity(capacity)
  }

  override func start(_ name: String, _ attributes: [String: String]) {
    switch name {
    case "si":
      inItem = true
      current = ""
    case "rPh": phoneticDepth += 1
    case "t": inText = inItem && phoneticDepth == 0
    default: break
    }
  }

  override func end(_ name: String) {
    switch name {
    case "si":
      if !strings.append(unescapeOOXML(current)) {
        fail(.limitExceeded, "\(part): the shared strings come to more than 4 GiB")
      }
      inItem = false
    case "rPh": phoneticDepth -= 1
    case "t": inText = false
    default: break
    }
  }

  override func text(_ string: String) {
    if inText { current += string }
  }
}
