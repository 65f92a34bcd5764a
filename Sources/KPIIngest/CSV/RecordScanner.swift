import CPrefetch

/// The one CSV record scanner: finds the fields of one record in a buffer, without copying
/// them. ``CSVSource`` feeds it a file chunk by chunk, ``CSVBlocks`` feeds it blocks scanned
/// on every core; both read by its rules, RFC 4180 quotes, CR, LF or CR LF, blank lines
/// skipped, and, like Python's `csv` module, a quote inside an unquoted field kept and text
/// after a closing quote joining the field.
///
/// A record that runs past the buffer's end is `.incomplete` and leaves the buffer as it was,
/// so that the caller can add the bytes that follow and scan it again from its start. Only a
/// complete record is unquoted in place (its doubled quotes and the quotes around a field
/// squeezed out of the buffer), so a complete record must be scanned only once. The limits
/// are checked as the bytes are read, before the end of the record is known: a record that
/// breaks one, or an unterminated quote at the end of the input, is a `.bail` with its
/// ``problem``. A record without quotes, the common one, is read 16 bytes at a time first
/// (``plainRecord(_:from:end:)``); anything that reading is not sure of is read field by
/// field from the record's start.
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
    /// The record breaks a rule: see ``problem``.
    case bail
  }

  /// Why a scan bailed.
  enum Problem: Equatable {
    /// The input ends inside a quoted field.
    case unterminatedQuote
    /// More than ``CSVLimits/maximumFields`` fields.
    case tooManyFields
    /// More than ``CSVLimits/maximumRecordBytes`` bytes of field text.
    case recordTooLong
  }

  static let lineFeed: UInt8 = 0x0A
  static let carriageReturn: UInt8 = 0x0D
  static let quote: UInt8 = 0x22

  let delimiter: UInt8
  let limits: CSVLimits
  /// Field ranges of the last record, in buffer offsets. After a `.bail`, the fields read
  /// before the problem, still quoted (see ``unquoteFields(_:)``).
  private(set) var starts: UnsafeMutablePointer<Int>
  private(set) var ends: UnsafeMutablePointer<Int>
  private(set) var count = 0
  /// What the last `.bail` was about.
  private(set) var problem: Problem?
  /// The 1-based line the next record starts on: every CR, LF or CR LF read counts one,
  /// between records, ending one or inside a quoted field.
  private(set) var line = 1
  /// The line the last record started on.
  private(set) var recordLine = 1
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

  /// Whether ``scan(_:_:isFinal:)`` tries ``plainRecord(_:from:end:)`` first (tests turn it
  /// off to compare the two readings).
  var readsPlainRecords = true

  /// The common record, read 16 bytes at a time by ``kpi_csv_plain_record`` (C, so that its
  /// loop keeps everything in registers): the delimiters, and the line breaks and quotes, of
  /// each 16 as bits, each field ended at the next delimiter and the record at the first line
  /// break. Returns where the next record starts, or `nil` for a record the field-by-field
  /// reading must take: one with a quote, a line break within 16 bytes of the buffer's end
  /// (the record may be incomplete, or end the input without one), more fields than the
  /// arrays hold or more than the limit's bytes — that reading then reads it from its start,
  /// by the same rules, grows the arrays, and knows what to say.
  @inline(__always)
  private mutating func plainRecord(_ base: UnsafeMutablePointer<UInt8>, from start: Int, end: Int)
    -> Int?
  {
    var fields = 0
    let next = kpi_csv_plain_record(
      base, start, end, delimiter, starts, ends, capacity, limits.maximumRecordBytes, &fields)
    guard next >= 0 else { return nil }
    count = fields
    return next
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

  @inline(never)
  private mutating func bail(_ problem: Problem) -> Step {
    self.problem = problem
    return .bail
  }

  /// The first offset from `start` holding the delimiter, CR or LF, or `end`: eight bytes at
  /// a time while none of them is one.
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

  /// Line breaks in quoted text between two quotes: CR, LF and CR LF count one each.
  @inline(__always)
  private static func lineBreaks(_ base: UnsafeMutablePointer<UInt8>, _ from: Int, _ to: Int)
    -> Int
  {
    var breaks = 0
    var afterCR = false
    var i = from
    while i < to {
      let b = base[i]
      if b == carriageReturn || (b == lineFeed && !afterCR) { breaks += 1 }
      afterCR = b == carriageReturn
      i += 1
    }
    return breaks
  }

  /// Scans one record from `position`, which must be at the start of a record (or of a blank
  /// line). On `.record`, `.blankLine` and `.end`, `position` moves past what was read and
  /// ``line`` past its line breaks; on `.incomplete` and `.bail` both are left where they
  /// were, and so is the buffer.
  @inline(__always)
  mutating func scan(
    _ buffer: UnsafeMutableBufferPointer<UInt8>, _ position: inout Int, isFinal: Bool
  ) -> Step {
    let end = buffer.count
    var i = position
    if i == end { return .end }
    let base = buffer.baseAddress!
    // A blank line.
    let first = base[i]
    if first == Self.lineFeed {
      position = i + 1
      line += 1
      return .blankLine
    }
    if first == Self.carriageReturn {
      if i + 1 == end && !isFinal { return .incomplete }
      position = i + 1 < end && base[i + 1] == Self.lineFeed ? i + 2 : i + 1
      line += 1
      return .blankLine
    }
    count = 0
    problem = nil
    if readsPlainRecords, let next = plainRecord(base, from: i, end: end) {
      position = next
      recordLine = line
      line += 1
      return .record
    }
    count = 0
    let maximum = limits.maximumRecordBytes
    // Bytes of field text so far, as they will be once unquoted.
    var text = 0
    var quotedBreaks = 0
    var hasQuotes = false
    while true {
      // One field, starting at i.
      let fieldStart = i
      var fieldEnd: Int
      var terminator: UInt8 = 0
      var atEnd = false
      if base[i] == Self.quote {
        hasQuotes = true
        i += 1
        while true {
          var j = i
          while j < end && base[j] != Self.quote { j += 1 }
          text += j - i
          quotedBreaks += Self.lineBreaks(base, i, j)
          if text > maximum { return bail(.recordTooLong) }
          if j == end { return isFinal ? bail(.unterminatedQuote) : .incomplete }
          // After the quote: a doubled quote, or the field's end, or text that joins it.
          if j + 1 == end {
            if !isFinal { return .incomplete }
            fieldEnd = end
            i = end
            atEnd = true
            break
          }
          let next = base[j + 1]
          if next == Self.quote {
            text += 1
            i = j + 2
            continue
          }
          if stops[Int(next)] {
            fieldEnd = j + 1
            terminator = next
            i = j + 2
            break
          }
          let k = nextStop(base, from: j + 1, end: end)
          text += k - (j + 1)
          if text > maximum { return bail(.recordTooLong) }
          fieldEnd = k
          if k == end {
            if !isFinal { return .incomplete }
            i = end
            atEnd = true
          } else {
            terminator = base[k]
            i = k + 1
          }
          break
        }
      } else {
        i = nextStop(base, from: i, end: end)
        fieldEnd = i
        text += i - fieldStart
        if text > maximum { return bail(.recordTooLong) }
        if i == end {
          if !isFinal { return .incomplete }
          atEnd = true
        } else {
          terminator = base[i]
          i += 1
        }
      }
      guard addField(fieldStart, fieldEnd) else { return bail(.tooManyFields) }
      if atEnd { break }
      if terminator == delimiter {
        guard i == end else { continue }
        // A delimiter at the very end: one more, empty field.
        if !isFinal { return .incomplete }
        guard addField(i, i) else { return bail(.tooManyFields) }
        break
      }
      // A line break ends the record; CR LF is one.
      if terminator == Self.carriageReturn {
        if i == end && !isFinal { return .incomplete }
        if i < end && base[i] == Self.lineFeed { i += 1 }
      }
      quotedBreaks += 1
      break
    }
    position = i
    recordLine = line
    line += quotedBreaks
    if hasQuotes { unquoteFields(buffer) }
    return .record
  }

  /// Squeezes the quotes out of the quoted fields of the last record, in place: the text
  /// moves down over the opening quote, a doubled quote becomes one, and text after the
  /// closing quote follows.
  mutating func unquoteFields(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
    let base = buffer.baseAddress!
    for field in 0..<count {
      let start = starts[field]
      let end = ends[field]
      // An unquoted field never starts with a quote.
      guard end > start, base[start] == Self.quote else { continue }
      var write = start
      var read = start + 1
      while true {
        var q = read
        while q < end && base[q] != Self.quote { q += 1 }
        (base + write).update(from: base + read, count: q - read)
        write += q - read
        if q >= end { break }
        if q + 1 < end && base[q + 1] == Self.quote {
          base[write] = Self.quote
          write += 1
          read = q + 2
          continue
        }
        (base + write).update(from: base + q + 1, count: end - q - 1)
        write += end - q - 1
        break
      }
      ends[field] = write
    }
  }
}
