/// The fast path's CSV scanner: finds the fields of one record in a buffer, without copying
/// them, with the same reading as ``Tokenizer`` (RFC 4180 quotes, CR, LF or CR LF, blank
/// lines skipped, a quote inside an unquoted field kept, text after a closing quote joining
/// the field).
///
/// A quoted field is unquoted in place: its doubled quotes and the quotes around it are
/// squeezed out of the buffer, so scan a buffer only once. Whatever the fast path does not
/// handle (an unterminated quote at the end of the file, a record over the limits) is a
/// `.bail`.
struct RecordScanner {
  enum Step {
    /// A record: its fields are in ``starts``/``ends``.
    case record
    /// A blank line was skipped.
    case blankLine
    /// The buffer ends here, between records.
    case end
    /// The record runs past the buffer's end.
    case incomplete
    /// Not for the fast path.
    case bail
  }

  static let lineFeed: UInt8 = 0x0A
  static let carriageReturn: UInt8 = 0x0D
  static let quote: UInt8 = 0x22

  let delimiter: UInt8
  let limits: CSVLimits
  /// Field ranges of the last record, in buffer offsets.
  private(set) var starts: UnsafeMutablePointer<Int>
  private(set) var ends: UnsafeMutablePointer<Int>
  private(set) var count = 0
  private var capacity: Int
  /// Bytes that end an unquoted field.
  private let stops: UnsafeMutablePointer<Bool>

  init(delimiter: UInt8, limits: CSVLimits = .default) {
    self.delimiter = delimiter
    self.limits = limits
    capacity = 64
    starts = .allocate(capacity: capacity)
    ends = .allocate(capacity: capacity)
    stops = .allocate(capacity: 256)
    stops.initialize(repeating: false, count: 256)
    for byte in [delimiter, Self.lineFeed, Self.carriageReturn] { stops[Int(byte)] = true }
  }

  /// Frees the field arrays.
  func deallocate() {
    starts.deallocate()
    ends.deallocate()
    stops.deallocate()
  }

  @inline(__always)
  private mutating func addField(_ start: Int, _ end: Int) -> Bool {
    if count == capacity {
      guard grow() else { return false }
    }
    starts[count] = start
    ends[count] = end
    count += 1
    return true
  }

  /// Doubles the field arrays, up to the limit.
  @inline(never)
  private mutating func grow() -> Bool {
    guard capacity < limits.maximumFields else { return false }
    let larger = min(capacity * 2, limits.maximumFields)
    let newStarts = UnsafeMutablePointer<Int>.allocate(capacity: larger)
    let newEnds = UnsafeMutablePointer<Int>.allocate(capacity: larger)
    newStarts.update(from: starts, count: count)
    newEnds.update(from: ends, count: count)
    starts.deallocate()
    ends.deallocate()
    starts = newStarts
    ends = newEnds
    capacity = larger
    return true
  }

  /// The first offset from `i` holding the delimiter, CR or LF, or `end`: eight bytes at a
  /// time while none of them is one.
  @inline(__always)
  private func nextStop(_ base: UnsafeMutablePointer<UInt8>, from start: Int, end: Int) -> Int {
    var i = start
    let raw = UnsafeRawPointer(base)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let d = ones &* UInt64(delimiter)
    let lf = ones &* UInt64(Self.lineFeed)
    let cr = ones &* UInt64(Self.carriageReturn)
    while i + 8 <= end {
      let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      let x = word ^ d
      let y = word ^ lf
      let z = word ^ cr
      // A zero byte in x, y or z marks a stop; the lowest marked byte is exact.
      let found =
        ((x &- ones) & ~x | (y &- ones) & ~y | (z &- ones) & ~z) & highs
      if found != 0 { return i + found.trailingZeroBitCount / 8 }
      i += 8
    }
    while i < end && !stops[Int(base[i])] { i += 1 }
    return i
  }

  /// Scans one record from `position`, which must be at the start of a record (or of a blank
  /// line). On `.record`, `.blankLine` and `.end`, `position` moves past what was read; on
  /// `.incomplete` and `.bail` it is left where it was.
  @inline(__always)
  mutating func scan(
    _ buffer: UnsafeMutableBufferPointer<UInt8>, _ position: inout Int, isFinal: Bool
  ) -> Step {
    let base = buffer.baseAddress!
    let end = buffer.count
    var i = position
    if i == end { return .end }
    // A blank line.
    let first = base[i]
    if first == Self.lineFeed {
      position = i + 1
      return .blankLine
    }
    if first == Self.carriageReturn {
      if i + 1 == end && !isFinal { return .incomplete }
      position = i + 1 < end && base[i + 1] == Self.lineFeed ? i + 2 : i + 1
      return .blankLine
    }
    count = 0
    let recordStart = i
    while true {
      // One field, starting at i.
      let fieldStart = i
      var write = i
      var terminator: UInt8 = 0
      var atEnd = false
      if i < end && base[i] == Self.quote {
        // Quoted: copy the content down over the opening quote, squeezing doubled quotes.
        i += 1
        var quoted = true
        while true {
          if quoted {
            var j = i
            while j < end && base[j] != Self.quote { j += 1 }
            if j == end { return isFinal ? .bail : .incomplete }
            let length = j - i
            if write != i { (base + write).update(from: base + i, count: length) }
            write += length
            // After the quote: a doubled quote, or the field's end, or text that joins it.
            if j + 1 == end {
              if !isFinal { return .incomplete }
              i = j + 1
              atEnd = true
              break
            }
            let next = base[j + 1]
            if next == Self.quote {
              base[write] = Self.quote
              write += 1
              i = j + 2
              continue
            }
            i = j + 1
            if stops[Int(next)] {
              terminator = next
              i += 1
              break
            }
            quoted = false
          } else {
            // Unquoted text after the closing quote, up to the field's end.
            var j = i
            while j < end && !stops[Int(base[j])] { j += 1 }
            let length = j - i
            if write != i { (base + write).update(from: base + i, count: length) }
            write += length
            if j == end {
              if !isFinal { return .incomplete }
              i = j
              atEnd = true
              break
            }
            terminator = base[j]
            i = j + 1
            break
          }
        }
      } else {
        i = nextStop(base, from: i, end: end)
        write = i
        if i == end {
          if !isFinal { return .incomplete }
          atEnd = true
        } else {
          terminator = base[i]
          i += 1
        }
      }
      guard addField(fieldStart, write) else { return .bail }
      if i - recordStart > limits.maximumRecordBytes { return .bail }
      if atEnd {
        position = end
        return .record
      }
      if terminator == delimiter {
        if i == end {
          // A delimiter at the very end: one more, empty field.
          if !isFinal { return .incomplete }
          guard addField(i, i) else { return .bail }
          position = end
          return .record
        }
        continue
      }
      // A line break ends the record; CR LF is one.
      if terminator == Self.carriageReturn {
        if i == end && !isFinal { return .incomplete }
        if i < end && base[i] == Self.lineFeed { i += 1 }
      }
      position = i
      return .record
    }
  }
}

/// UTF-8 validation of a whole buffer, eight bytes at a time while they are ASCII or whole
/// two-byte sequences (å, ä, ö, é: Swedish text), with the rules of ``UTF8Validation`` for
/// everything else.
enum FastUTF8 {
  static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
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
      guard UTF8Validation.isValidSequence(bytes, at: i) else { return false }
      i += UTF8Validation.sequenceLength(base[i])
    }
    return true
  }
}
