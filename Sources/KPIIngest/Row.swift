/// One record of a table, its fields held as UTF-8 bytes.
///
/// Readers hand out rows whose storage they reuse: a row is cheap to read and to drop, and
/// copying one keeps it valid (copy-on-write). Every source, CSV or XLSX, delivers text:
/// XLSX numbers as their shortest decimal text with a dot, dates as ISO 8601, booleans as
/// `TRUE`/`FALSE`. Typing happens in one place, ``CellParser``.
public struct Row: Sendable, Equatable {
  /// 1-based row in the source where the record starts: the physical line of a CSV (a quoted
  /// newline makes a record span lines), the row number of a sheet.
  public var line: Int
  /// The fields' bytes, one after another.
  @usableFromInline var bytes: [UInt8]
  /// The end offset in ``bytes`` of each field.
  @usableFromInline var ends: [Int]

  /// An empty row starting at `line`.
  public init(line: Int = 0) {
    self.line = line
    self.bytes = []
    self.ends = []
  }

  /// A row of the given fields, for tests and for sources that build rows from strings.
  public init(line: Int, fields: [String]) {
    self.init(line: line)
    for field in fields { append(field) }
  }

  /// Number of fields.
  @inlinable public var count: Int { ends.count }

  /// The byte range of field `index`.
  @inlinable func range(_ index: Int) -> Range<Int> {
    (index == 0 ? 0 : ends[index - 1])..<ends[index]
  }

  /// Calls `body` with the UTF-8 bytes of field `index`, without copying.
  @inlinable
  public func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R)
    rethrows -> R
  {
    let range = range(index)
    return try bytes.withUnsafeBufferPointer { buffer in
      try body(UnsafeBufferPointer(rebasing: buffer[range]))
    }
  }

  /// Field `index` as a string; an index past the end gives the empty string, as a short row
  /// of a sheet means empty trailing cells.
  public subscript(index: Int) -> String {
    guard index < count else { return "" }
    return String(decoding: bytes[range(index)], as: UTF8.self)
  }

  /// All fields as strings.
  public var fields: [String] { (0..<count).map { self[$0] } }

  /// Whether field `index` is empty or absent.
  @inlinable public func isEmpty(_ index: Int) -> Bool {
    index >= count || range(index).isEmpty
  }

  /// Whether every field is empty (a blank line).
  public var isBlank: Bool { bytes.isEmpty }

  // MARK: - Building

  /// Removes all fields, keeping the storage, and sets the starting line.
  @inlinable mutating func reset(line: Int) {
    self.line = line
    bytes.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
  }

  /// Ends the field being built.
  @inlinable mutating func endField() {
    ends.append(bytes.count)
  }

  /// Replaces the fields with `count` ranges of a buffer, field `k` the bytes from
  /// `starts[k]` to `ends[k]` of `base`, keeping the storage: a record a scanner found.
  @inlinable mutating func replaceFields(
    line: Int, base: UnsafePointer<UInt8>, starts: UnsafePointer<Int>,
    ends fieldEnds: UnsafePointer<Int>, count: Int
  ) {
    self.line = line
    bytes.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    for field in 0..<count {
      let start = starts[field]
      bytes.append(
        contentsOf: UnsafeBufferPointer(start: base + start, count: fieldEnds[field] - start))
      ends.append(bytes.count)
    }
  }

  /// Appends a whole field.
  public mutating func append(_ field: String) {
    bytes.append(contentsOf: field.utf8)
    ends.append(bytes.count)
  }
}

/// A source of rows: a CSV file or a sheet of a workbook.
///
/// The first rows are the header as the file has it; ``TableReader`` decides how many header
/// rows there are and maps columns by name.
public protocol RowSource {
  /// The file's name for messages.
  var fileName: String { get }
  /// The next record, or `nil` at the end of the input.
  /// - Throws: ``IngestError`` when the input is malformed.
  mutating func nextRow() throws(IngestError) -> Row?
}
