/// The character encodings a CSV export arrives in.
public enum TextEncoding: String, Sendable, Equatable {
  case utf8 = "UTF-8"
  case utf8WithBOM = "UTF-8 with BOM"
  case utf16LittleEndian = "UTF-16 LE"
  case utf16BigEndian = "UTF-16 BE"
  case windows1252 = "Windows-1252"
}

/// Turns the bytes of a file, chunk by chunk, into UTF-8.
///
/// A byte-order mark decides UTF-8 or UTF-16. Without one the text is undecided while it is
/// ASCII (the same in UTF-8 and Windows-1252); the first non-ASCII byte decides: a valid UTF-8
/// sequence means UTF-8, anything else means Windows-1252, which Excel on Swedish Windows
/// writes as "CSV (semikolonavgränsad)". After UTF-8 is decided, invalid sequences are not
/// repaired here: the reader reports them with row and column.
struct UTF8Transcoder {
  enum Mode { case undecided, utf8, utf16LE, utf16BE, windows1252 }

  private(set) var mode: Mode = .undecided
  private(set) var sawBOM = false
  /// Bytes held back from the previous chunk: a split UTF-16 unit or surrogate pair, or a
  /// split UTF-8 sequence while undecided.
  private var carry: [UInt8] = []
  private var started = false

  /// Whether the next chunk comes out as it goes in (UTF-8 decided, nothing held back), so a
  /// reader may read it straight into its own buffer instead of calling ``transcode``.
  var passesThrough: Bool { started && mode == .utf8 && carry.isEmpty }

  /// The encoding as decided so far.
  var encoding: TextEncoding {
    switch mode {
    case .undecided, .utf8: sawBOM ? .utf8WithBOM : .utf8
    case .utf16LE: .utf16LittleEndian
    case .utf16BE: .utf16BigEndian
    case .windows1252: .windows1252
    }
  }

  /// How many bytes the encoding is decided on: the start of the file, whatever the chunks.
  static let sniffBytes = 4096

  /// UTF-16 without a byte-order mark, told by its zero bytes: text that is mostly ASCII has
  /// a zero in every other byte (the high byte of each unit), odd places for little-endian,
  /// even for big-endian; UTF-8 and Windows-1252 text has none. At least half the units of
  /// the first 4 KB must show it, and the other places none.
  static func utf16WithoutBOM<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Mode? {
    var even = 0
    var odd = 0
    var count = 0
    for byte in bytes.prefix(sniffBytes) {
      if byte == 0 {
        if count % 2 == 0 { even += 1 } else { odd += 1 }
      }
      count += 1
    }
    let units = count / 2
    guard units >= 2 else { return nil }
    if odd * 2 >= units && even == 0 { return .utf16LE }
    if even * 2 >= units && odd == 0 { return .utf16BE }
    return nil
  }

  /// Converts one chunk; `output` is cleared first. At the end of input call with
  /// `isLast: true` so held-back bytes are flushed.
  mutating func transcode(
    _ input: UnsafeBufferPointer<UInt8>, isLast: Bool, into output: inout [UInt8]
  ) {
    output.removeAll(keepingCapacity: true)
    var bytes = carry
    carry.removeAll(keepingCapacity: true)
    bytes.append(contentsOf: input)
    var start = 0
    if !started {
      // A BOM needs up to three bytes, and UTF-16 without one the 4 KB it is told by: wait
      // for them unless the file is shorter, so that the decision never depends on how the
      // file was cut into chunks (a fuzzing finding: 7-byte chunks read a file as UTF-8 that
      // 1 MiB chunks read as UTF-16).
      if bytes.count < Self.sniffBytes && !isLast {
        carry = bytes
        return
      }
      started = true
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
        mode = .utf8
        sawBOM = true
        start = 3
      } else if bytes.starts(with: [0xFF, 0xFE]) {
        mode = .utf16LE
        sawBOM = true
        start = 2
      } else if bytes.starts(with: [0xFE, 0xFF]) {
        mode = .utf16BE
        sawBOM = true
        start = 2
      } else if let utf16 = Self.utf16WithoutBOM(bytes) {
        mode = utf16
      }
    }
    switch mode {
    case .utf8:
      output.append(contentsOf: bytes[start...])
    case .undecided:
      decide(bytes, from: start, isLast: isLast, into: &output)
    case .windows1252:
      Self.appendWindows1252(bytes[start...], to: &output)
    case .utf16LE, .utf16BE:
      appendUTF16(bytes[start...], isLast: isLast, into: &output)
    }
  }

  private mutating func decide(
    _ bytes: [UInt8], from start: Int, isLast: Bool, into output: inout [UInt8]
  ) {
    guard let first = bytes[start...].firstIndex(where: { $0 >= 0x80 }) else {
      output.append(contentsOf: bytes[start...])
      return
    }
    let length = FastUTF8.sequenceLength(bytes[first])
    if first + length > bytes.count && !isLast {
      // The deciding sequence is split across chunks: hold it back.
      output.append(contentsOf: bytes[start..<first])
      carry = Array(bytes[first...])
      return
    }
    if length > 0, FastUTF8.isValidSequence(bytes, at: first) {
      mode = .utf8
      output.append(contentsOf: bytes[start...])
    } else {
      mode = .windows1252
      Self.appendWindows1252(bytes[start...], to: &output)
    }
  }

  private mutating func appendUTF16(
    _ bytes: ArraySlice<UInt8>, isLast: Bool, into output: inout [UInt8]
  ) {
    var index = bytes.startIndex
    let bigEndian = mode == .utf16BE
    func unit(at i: Int) -> UInt16 {
      bigEndian
        ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
        : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i])
    }
    while index + 1 < bytes.endIndex {
      let u = unit(at: index)
      var scalar: UInt32
      var width = 2
      if u >= 0xD800 && u < 0xDC00 {
        guard index + 3 < bytes.endIndex else { break }
        let low = unit(at: index + 2)
        if low >= 0xDC00 && low < 0xE000 {
          scalar = 0x10000 + (UInt32(u - 0xD800) << 10) + UInt32(low - 0xDC00)
          width = 4
        } else {
          scalar = 0xFFFD
        }
      } else if u >= 0xDC00 && u < 0xE000 {
        scalar = 0xFFFD
      } else {
        scalar = UInt32(u)
      }
      Self.appendScalar(scalar, to: &output)
      index += width
    }
    if index < bytes.endIndex {
      if isLast {
        Self.appendScalar(0xFFFD, to: &output)
      } else {
        carry = Array(bytes[index...])
      }
    }
  }

  static func appendScalar(_ scalar: UInt32, to output: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
      output.append(UInt8(scalar))
    case 0x80..<0x800:
      output.append(UInt8(0xC0 | scalar >> 6))
      output.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
      output.append(UInt8(0xE0 | scalar >> 12))
      output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
      output.append(UInt8(0x80 | scalar & 0x3F))
    default:
      output.append(UInt8(0xF0 | scalar >> 18))
      output.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
      output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
      output.append(UInt8(0x80 | scalar & 0x3F))
    }
  }

  /// Windows-1252's 0x80–0x9F; the rest of 0xA0–0xFF is Latin-1. The five unassigned bytes
  /// become U+FFFD.
  private static let windows1252High: [UInt32] = [
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
  ]

  static func appendWindows1252(_ bytes: ArraySlice<UInt8>, to output: inout [UInt8]) {
    for byte in bytes {
      if byte < 0x80 {
        output.append(byte)
      } else if byte < 0xA0 {
        appendScalar(windows1252High[Int(byte - 0x80)], to: &output)
      } else {
        appendScalar(UInt32(byte), to: &output)
      }
    }
  }
}

/// The one UTF-8 validator (well-formedness as Unicode 15, table 3-7, defines it): eight bytes
/// at a time while they are ASCII or whole two-byte sequences (å, ä, ö, é: Swedish text), a
/// sequence at a time for everything else.
enum FastUTF8 {
  /// Whether the bytes are well-formed UTF-8.
  static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    firstInvalidOffset(bytes) == nil
  }

  /// The offset of the first byte that is not part of a well-formed sequence, or `nil`.
  static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    let n = bytes.count
    var i = 0
    // Files are of a kind: when the first 4 KB are ASCII (numbers, dates, ids), ASCII runs are
    // skipped 32 bytes at a time; in Swedish text, where whether a word is ASCII is a coin
    // toss, every word goes through the same steps without that branch.
    var high: UInt64 = 0
    var k = 0
    while k + 8 <= min(n, 4096) {
      high |= raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
      k += 8
    }
    let isMostlyASCII = high & 0x8080_8080_8080_8080 == 0
    while i < n {
      // Per byte, bit 7 of each mask: `high` bit 7 set; `cont` 10xxxxxx; `lead` 11xxxxxx;
      // `lead2` 110xxxxx; `longer` 111xxxxx; `overlong` C0 or C1. The word passes when it has
      // no longer leads and no overlong ones, and its continuation bytes are exactly those
      // after a two-byte lead (`carry`: the last word ended with one).
      var carry: UInt64 = 0
      while i + 8 <= n {
        if isMostlyASCII && carry == 0 && i + 32 <= n {
          let any =
            (raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
              | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
              | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
              | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
            & 0x8080_8080_8080_8080
          if any == 0 {
            i += 32
            continue
          }
        }
        let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        let high = w & 0x8080_8080_8080_8080
        let cont = high & ~(w << 1)
        let lead = high & (w << 1)
        let lead2 = lead & ~(w << 2)
        let longer = lead & (w << 2)
        let overlong = lead2 & ~((w << 3) | (w << 4) | (w << 5) | (w << 6))
        if longer | overlong | (cont ^ ((lead2 << 8) | carry)) != 0 { break }
        carry = lead2 >> 56
        i += 8
      }
      // A lead whose continuation is in the next word: from the lead, one by one.
      if carry != 0 { i -= 1 }
      if i >= n { break }
      let lead = base[i]
      if lead < 0x80 {
        i += 1
        continue
      }
      if lead >= 0xC2 && lead <= 0xDF && i + 1 < n && base[i + 1] & 0xC0 == 0x80 {
        i += 2
        continue
      }
      guard isValidSequence(bytes, at: i) else { return i }
      i += sequenceLength(base[i])
    }
    return nil
  }

  /// The length a lead byte announces, or 0 for a byte that cannot start a sequence.
  static func sequenceLength(_ lead: UInt8) -> Int {
    switch lead {
    case 0..<0x80: 1
    case 0xC2...0xDF: 2
    case 0xE0...0xEF: 3
    case 0xF0...0xF4: 4
    default: 0
    }
  }

  /// Whether a complete, well-formed sequence starts at `index`.
  static func isValidSequence<C: RandomAccessCollection>(_ bytes: C, at index: C.Index) -> Bool
  where C.Element == UInt8, C.Index == Int {
    let lead = bytes[index]
    let length = sequenceLength(lead)
    guard length > 0, index + length <= bytes.endIndex else { return false }
    if length == 1 { return true }
    let second = bytes[index + 1]
    let secondRange: ClosedRange<UInt8> =
      switch lead {
      case 0xE0: 0xA0...0xBF
      case 0xED: 0x80...0x9F
      case 0xF0: 0x90...0xBF
      case 0xF4: 0x80...0x8F
      default: 0x80...0xBF
      }
    guard secondRange.contains(second) else { return false }
    for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) {
      return false
    }
    return true
  }
}
