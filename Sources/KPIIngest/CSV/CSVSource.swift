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
/// field is kept as a character, and text after a closing quote joins the field.
public struct CSVSource: RowSource {
  public let fileName: String
  /// The file.
  public let url: URL
  /// The delimiter in use.
  public let delimiter: UInt8
  /// The limits in force.
  public let limits: CSVLimits

  private let descriptor: Int32
  private var reader: ChunkReader
  private var transcoder = UTF8Transcoder()
  private var decoded: [UInt8] = []
  private var position = 0
  private var atEnd = false
  private var tokenizer: Tokenizer

  /// The encoding detected so far. Without a BOM the text counts as UTF-8 until the first
  /// non-ASCII character shows otherwise, so read the whole file before relying on it.
  public var encoding: TextEncoding { transcoder.encoding }

  /// Opens a CSV file and sniffs its encoding and delimiter from the first 64 KiB.
  ///
  /// - Parameters:
  ///   - url: The file.
  ///   - delimiter: Forces a delimiter instead of sniffing one.
  ///   - limits: Record size and field count limits.
  /// - Throws: ``IngestError`` `.unreadable` when the file cannot be opened.
  public init(url: URL, delimiter: UInt8? = nil, limits: CSVLimits = .default)
    throws(IngestError)
  {
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
    descriptor = fd
    reader = ChunkReader(descriptor: fd)
    // Decode a first piece for sniffing; it stays in `decoded` and is tokenized first.
    var first: [UInt8] = []
    var isLast = false
    var sniffing = UTF8Transcoder()
    while first.count < 1 << 16 && !isLast {
      let (chunk, last) = reader.read()
      isLast = last
      var piece: [UInt8] = []
      chunk.withUnsafeBufferPointer { sniffing.transcode($0, isLast: last, into: &piece) }
      first += piece
    }
    transcoder = sniffing
    atEnd = isLast
    decoded = first
    self.delimiter = delimiter ?? CSVSniffer.delimiter(in: first)
    tokenizer = Tokenizer(delimiter: self.delimiter, limits: limits, fileName: fileName)
  }

  /// Reads the next record.
  /// - Throws: ``IngestError`` `.malformed` for an unterminated quote or invalid UTF-8,
  ///   `.limitExceeded` for an over-long record or too many fields.
  public mutating func nextRow() throws(IngestError) -> Row? {
    while true {
      let complete = try decoded.withUnsafeBufferPointer { buffer throws(IngestError) in
        try tokenizer.advance(buffer, position: &position)
      }
      if complete { return tokenizer.row }
      if atEnd {
        return try tokenizer.finish()
      }
      let (chunk, last) = reader.read()
      atEnd = last
      chunk.withUnsafeBufferPointer { transcoder.transcode($0, isLast: last, into: &decoded) }
      position = 0
    }
  }
}

/// Reads a file descriptor in 1 MiB chunks into one reused buffer.
private final class ChunkReader {
  let descriptor: Int32
  private var buffer = [UInt8](repeating: 0, count: 1 << 20)

  init(descriptor: Int32) { self.descriptor = descriptor }

  deinit { close(descriptor) }

  /// The next chunk and whether the file has ended. A read error counts as the end; the
  /// tokenizer then reports whatever is incomplete.
  func read() -> ([UInt8], Bool) {
    var filled = 0
    let capacity = buffer.count
    while filled < capacity {
      let n = buffer.withUnsafeMutableBytes { raw in
        systemRead(descriptor, raw.baseAddress! + filled, capacity - filled)
      }
      if n <= 0 { return (Array(buffer[0..<filled]), true) }
      filled += n
    }
    return (buffer, false)
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
  /// first line; `,` when none occurs.
  static func delimiter(in bytes: [UInt8]) -> UInt8 {
    let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: ",")]
    var counts: [[Int]] = []
    var current = [0, 0, 0]
    var inQuotes = false
    var index = 0
    while index < bytes.count && counts.count < 10 {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        inQuotes.toggle()
      } else if !inQuotes && (byte == 0x0A || byte == 0x0D) {
        if current != [0, 0, 0] || !counts.isEmpty { counts.append(current) }
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
