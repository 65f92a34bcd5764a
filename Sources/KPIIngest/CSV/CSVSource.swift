import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Limits that keep a hostile or broken CSV from exhausting memory (SPEC §8).
public struct CSVLimits: Sendable, Equatable {
  /// Longest record, in bytes.
  public var maximumRecordBytes: Int
  /// Most fields in one record.
  public var maximumFields: Int

  /// 1 MB per record, 100 000 fields.
  public static let `default` = CSVLimits(maximumRecordBytes: 1 << 20, maximumFields: 100_000)

  /// Creates limits.
  public init(maximumRecordBytes: Int, maximumFields: Int) {
    self.maximumRecordBytes = maximumRecordBytes
    self.maximumFields = maximumFields
  }
}

/// A CSV file read as a stream of records, in flat memory whatever its size.
///
/// RFC 4180 quoting (quoted delimiters, doubled quotes, quoted line breaks); line breaks CRLF,
/// LF or CR; the delimiter sniffed among `,` `;` and TAB from the first lines; UTF-8 with or
/// without BOM, UTF-16 LE/BE with BOM, and Windows-1252, detected (see ``encoding``).
/// Completely empty lines are skipped. Like Python's `csv` module, a quote inside an unquoted
/// field is kept as a character, and text after a closing quote joins the field. The records
/// are found by ``RecordScanner``, as those of ``CSVBlocks``.
public struct CSVSource: RowSource {
  public let fileName: String
  /// The file.
  public let url: URL
  /// The delimiter in use.
  public let delimiter: UInt8
  /// The limits in force.
  public let limits: CSVLimits

  private let stream: RecordStream

  /// The encoding detected so far. Without a BOM the text counts as UTF-8 until the first
  /// non-ASCII character shows otherwise, so read the whole file before relying on it.
  public var encoding: TextEncoding { stream.encoding }

  /// Opens a CSV file and sniffs its encoding and delimiter from the first 64 KiB.
  ///
  /// - Parameters:
  ///   - url: The file.
  ///   - delimiter: Forces a delimiter instead of sniffing one.
  ///   - limits: Record size and field count limits.
  ///   - sniffAfter: Lines above the header (a title) that the delimiter is not sniffed from.
  /// - Throws: ``IngestError`` `.unreadable` when the file cannot be opened.
  public init(
    url: URL, delimiter: UInt8? = nil, limits: CSVLimits = .default, sniffAfter: Int = 0
  ) throws(IngestError) {
    try self.init(
      url: url, delimiter: delimiter, limits: limits, chunkSize: 1 << 20, sniffAfter: sniffAfter)
  }

  /// Opens a CSV file to be read `chunkSize` bytes at a time instead of 1 MiB: tests and the
  /// fuzzer cut small chunks so that records end on every boundary.
  ///
  /// - Parameters:
  ///   - url: The file.
  ///   - delimiter: Forces a delimiter instead of sniffing one.
  ///   - limits: Record size and field count limits.
  ///   - chunkSize: Bytes per read, at least 1.
  /// - Throws: ``IngestError`` `.unreadable` when the file cannot be opened.
  public init(
    url: URL, delimiter: UInt8? = nil, limits: CSVLimits = .default, chunkSize: Int,
    sniffAfter: Int = 0
  ) throws(IngestError) {
    precondition(chunkSize > 0, "a chunk holds at least one byte")
    fileName = url.lastPathComponent
    self.url = url
    self.limits = limits
    let fd = open(url.path, O_RDONLY)
    guard fd >= 0 else {
      let reason = String(cString: strerror(errno))
      throw IngestError(.unreadable, file: url.lastPathComponent, message: "cannot open: \(reason)")
    }
    var info = stat()
    if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      close(fd)
      throw IngestError(
        .unreadable, file: url.lastPathComponent, message: "is a folder, not a file")
    }
    stream = RecordStream(
      descriptor: fd, fileName: fileName, limits: limits, chunkSize: chunkSize)
    // The first piece, decoded for sniffing, stays in the stream's buffer and is read first.
    self.delimiter =
      delimiter ?? CSVSniffer.delimiter(in: stream.head(atLeast: 1 << 16), after: sniffAfter)
    stream.start(delimiter: self.delimiter)
  }

  /// Reads the next record.
  /// - Throws: ``IngestError`` `.malformed` for an unterminated quote or invalid UTF-8,
  ///   `.limitExceeded` for an over-long record or too many fields.
  public mutating func nextRow() throws(IngestError) -> Row? {
    try stream.nextRow()
  }
}

/// A file fed to the ``RecordScanner`` chunk by chunk, after decoding to UTF-8: the record
/// left unfinished at the end of the bytes read is moved to the front of the buffer and
/// scanned again from its start once the next chunk is behind it, so memory stays at about a
/// chunk plus the longest record.
private final class RecordStream {
  let chunkSize: Int
  let fileName: String
  let limits: CSVLimits
  private let descriptor: Int32
  private var transcoder = UTF8Transcoder()
  private var scanner: RecordScanner
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// Bytes in `buffer`, decoded.
  private var count = 0
  /// The bytes the scanner is shown: fewer than `count` while the first chunks, read ahead
  /// for sniffing, are handed out one chunk at a time as the rest of the file will be.
  private var visible = 0
  /// Where the next record starts.
  private var position = 0
  /// Whether the file has been read to its end.
  private var atEnd = false
  /// Whether the scanner sees the file's end.
  private var isFinal: Bool { atEnd && visible == count }
  /// The bytes before this offset are well-formed UTF-8.
  private var checked = 0
  /// Where the check found a byte that is not UTF-8. The record holding it is checked again
  /// field by field once unquoted, as a field, not the raw text, must be UTF-8 (a quote
  /// squeezed out can join a sequence), and then the check goes on after it.
  private var suspect: Int?
  /// A chunk decoded, before it takes the place of the chunk read.
  private var decoded: [UInt8] = []
  private var row = Row()

  var encoding: TextEncoding { transcoder.encoding }

  init(descriptor: Int32, fileName: String, limits: CSVLimits, chunkSize: Int) {
    self.descriptor = descriptor
    self.fileName = fileName
    self.limits = limits
    self.chunkSize = chunkSize
    // Grown when a record is left unfinished at the end of a chunk; a reader that stops
    // after the header (the blocks read the rest) never needs more.
    capacity = chunkSize
    buffer = .allocate(capacity: capacity)
    scanner = RecordScanner(delimiter: UInt8(ascii: ","), limits: limits)
  }

  deinit {
    close(descriptor)
    buffer.deallocate()
    scanner.deallocate()
  }

  /// The first `minimum` bytes or more (fewer in a shorter file), decoded; valid until the
  /// next record is read.
  func head(atLeast minimum: Int) -> UnsafeBufferPointer<UInt8> {
    while count < minimum && !atEnd { read() }
    return UnsafeBufferPointer(start: buffer, count: count)
  }

  /// Sets the delimiter, before the first record is read.
  func start(delimiter: UInt8) {
    scanner.deallocate()
    scanner = RecordScanner(delimiter: delimiter, limits: limits)
  }

  /// The next record, or `nil` at the end of the file.
  func nextRow() throws(IngestError) -> Row? {
    while true {
      let bytes = UnsafeMutableBufferPointer(start: buffer, count: visible)
      switch scanner.scan(bytes, &position, isFinal: isFinal) {
      case .record:
        if let suspect, suspect < position {
          try checkFields(line: scanner.recordLine)
          self.suspect = nil
          checked = position
          check()
        }
        // The row is built in a local: each access to a property of this class is checked
        // for exclusivity at run time, which would cost as much as the copying.
        var row = Row()
        swap(&row, &self.row)
        row.replaceFields(
          line: scanner.recordLine, base: buffer, starts: scanner.starts, ends: scanner.ends,
          count: scanner.count)
        self.row = row
        return row
      case .blankLine:
        continue
      case .end where isFinal:
        return nil
      case .end, .incomplete:
        refill()
      case .bail:
        throw problem(bytes)
      }
    }
  }

  /// The error of a record the scanner bailed on. The fields before the problem are checked
  /// first, as they come first in the file.
  private func problem(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> IngestError {
    let line = scanner.line
    scanner.unquoteFields(bytes)
    do throws(IngestError) {
      try checkFields(line: line)
    } catch {
      return error
    }
    switch scanner.problem {
    case .unterminatedQuote:
      return IngestError(
        .malformed, file: fileName, row: line, column: scanner.count + 1,
        message: "a quoted field is never closed (a \" is missing)")
    case .tooManyFields:
      return IngestError(
        .limitExceeded, file: fileName, row: line,
        message: "more than \(limits.maximumFields) fields in one record")
    case .recordTooLong, nil:
      return IngestError(
        .limitExceeded, file: fileName, row: line,
        message: "a record longer than \(limits.maximumRecordBytes / (1 << 20)) MB "
          + "(is a quote left open, or is this not a CSV file?)")
    }
  }

  /// Checks that every field of the last record is UTF-8.
  private func checkFields(line: Int) throws(IngestError) {
    for field in 0..<scanner.count {
      let start = scanner.starts[field]
      let text = UnsafeBufferPointer(start: buffer + start, count: scanner.ends[field] - start)
      guard let bad = FastUTF8.firstInvalidOffset(text) else { continue }
      throw IngestError(
        .malformed, file: fileName, row: line, column: field + 1,
        message: "invalid UTF-8 (byte 0x\(String(text[bad], radix: 16, uppercase: true)) "
          + "at character \(bad + 1) of the field); save the file as UTF-8 or Windows-1252")
    }
  }

  /// Keeps the unfinished record, moved to the front, and shows the scanner the next chunk
  /// after it.
  private func refill() {
    if position > 0 {
      let kept = count - position
      if kept > 0 { buffer.update(from: buffer + position, count: kept) }
      checked = max(0, checked - position)
      suspect = suspect.map { $0 - position }
      count = kept
      visible -= position
      position = 0
    }
    if visible < count {
      visible = min(count, visible + chunkSize)
    } else {
      read()
      visible = count
    }
    check()
  }

  /// Adds the next chunk of the file, decoded, to the buffer: read into it, and decoded into
  /// its place unless the file is known to be UTF-8.
  private func read() {
    reserve(count + chunkSize)
    let (filled, last) = readChunk(into: buffer + count)
    atEnd = last
    bytesRead += filled
    // Once per chunk, not per row: the rows are those before the chunk.
    ProgressMeter.shared.reading(
      fileName, bytes: bytesRead, of: nil, rows: max(0, scanner.line - 1))
    guard !transcoder.passesThrough else {
      count += filled
      return
    }
    transcoder.transcode(
      UnsafeBufferPointer(start: buffer + count, count: filled), isLast: last, into: &decoded)
    reserve(count + decoded.count)
    if !decoded.isEmpty {
      decoded.withUnsafeBufferPointer {
        (buffer + count).update(from: $0.baseAddress!, count: $0.count)
      }
    }
    count += decoded.count
    // UTF-8 from here on: `decoded` is not needed again.
    if transcoder.passesThrough { decoded = [] }
  }

  /// The bytes read from the file so far, for the progress line.
  private var bytesRead = 0

  private func reserve(_ wanted: Int) {
    guard wanted > capacity else { return }
    capacity = max(wanted, 2 * capacity)
    let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    larger.update(from: buffer, count: count)
    buffer.deallocate()
    buffer = larger
  }

  /// Reads up to a chunk; a read error counts as the end, and the scanner then reports
  /// whatever is incomplete.
  private func readChunk(into target: UnsafeMutablePointer<UInt8>) -> (Int, Bool) {
    var filled = 0
    while filled < chunkSize {
      let n = systemRead(descriptor, target + filled, chunkSize - filled)
      if n <= 0 { return (filled, true) }
      filled += n
    }
    return (filled, false)
  }

  /// Checks the bytes from `checked` on, up to a sequence the next chunk may complete.
  private func check() {
    guard suspect == nil else { return }
    var end = visible
    if !isFinal {
      var lead = visible - 1
      var steps = 0
      while lead > checked && steps < 3 && buffer[lead] & 0xC0 == 0x80 {
        lead -= 1
        steps += 1
      }
      if lead >= checked && buffer[lead] >= 0xC0
        && FastUTF8.sequenceLength(buffer[lead]) > visible - lead
      {
        end = lead
      }
    }
    guard end > checked else { return }
    let text = UnsafeBufferPointer(start: buffer + checked, count: end - checked)
    if let bad = FastUTF8.firstInvalidOffset(text) {
      suspect = checked + bad
      checked += bad
    } else {
      checked = end
    }
  }
}

#if canImport(Glibc)
  private let systemRead = Glibc.read
#else
  private let systemRead = Darwin.read
#endif

/// Picks the delimiter among `,` `;` and TAB.
enum CSVSniffer {
  /// The candidate whose count outside quotes is the same and non-zero on the first (up to 10)
  /// complete lines, preferring the largest count; failing that the one most frequent on the
  /// first line; `,` when none occurs. The first `after` lines (a title above the header,
  /// `skip_rows`) are not looked at.
  static func delimiter(in bytes: UnsafeBufferPointer<UInt8>, after skipped: Int = 0) -> UInt8 {
    let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: ",")]
    var counts: [[Int]] = []
    var current = [0, 0, 0]
    var inQuotes = false
    var index = 0
    var lines = 0
    while index < bytes.count && counts.count < 10 {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        inQuotes.toggle()
      } else if !inQuotes && (byte == 0x0A || byte == 0x0D) {
        lines += 1
        if lines > skipped && (current != [0, 0, 0] || !counts.isEmpty) { counts.append(current) }
        current = [0, 0, 0]
        if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
      } else if !inQuotes, let k = candidates.firstIndex(of: byte) {
        current[k] += 1
      }
      index += 1
    }
    if current != [0, 0, 0] { counts.append(current) }
    guard let header = counts.first else { return UInt8(ascii: ",") }
    let consistent = (0..<3).filter { k in header[k] > 0 && counts.allSatisfy { $0[k] == header[k] }
    }
    if let best = consistent.max(by: { header[$0] < header[$1] }) { return candidates[best] }
    let best = (0..<3).max { header[$0] < header[$1] }!
    return header[best] > 0 ? candidates[best] : UInt8(ascii: ",")
  }
}
