import KPIModel

/// A table with a header: data rows from a ``RowSource``, columns found by name.
///
/// The header is the first row, or the first two rows when the export has a question row
/// and a sub-question row (SurveyMonkey writes `Response` or `Open-Ended Response` in the
/// second): then each column is named `question - sub-question`, the question carried right
/// over the empty cells of a question spanning several columns, and a bare marker
/// (`Response`) adds nothing. With three header rows (Qualtrics: names such as `Q1`, the
/// questions' labels, `{"ImportId":…}`), the first row names the columns and a column may also
/// be found by its text in the second; the third is skipped. Blank rows are skipped. A row with more fields than the header
/// is an error unless the extra fields are empty; one with fewer is an error for CSV (Excel
/// writes every delimiter) but normal for a sheet, which leaves out empty trailing cells.
public struct TableReader<Source: RowSource> {
  /// The markers SurveyMonkey puts in the second header row.
  static var subHeaderMarkers: Set<String> { ["response", "open-ended response"] }

  /// The underlying source.
  public private(set) var source: Source
  /// The column names, joined over the header rows.
  public let header: [String]
  /// How many rows the header spans.
  public let headerRows: Int
  /// The lines of the file above the header that were skipped (a title, a note).
  public let skippedLines: Int
  /// Whether short rows are padded with empty fields instead of being errors.
  public let allowsShortRows: Bool
  /// Data rows handed out so far.
  public private(set) var rowCount = 0

  private var pending: Row?
  private let normalizedHeader: [String]
  /// The second header row of a three-row header, normalized: other names of the columns.
  private let normalizedLabels: [String]

  /// The file's name for messages.
  public var fileName: String { source.fileName }

  /// Reads the header.
  ///
  /// - Parameters:
  ///   - source: The rows.
  ///   - headerRows: 1, 2 or 3; `nil` detects a SurveyMonkey-style second header row.
  ///   - skipLines: The header starts below this line of the file (or row of the sheet):
  ///     the rows on lines 1 to `skipLines` are skipped, counted as an editor or Excel shows
  ///     them (blank lines included).
  ///   - allowsShortRows: Pad short rows instead of rejecting them (sheets).
  /// - Throws: ``IngestError`` `.malformed` for an empty file, or what the source throws.
  public init(
    source: Source, headerRows: Int? = nil, skipLines: Int = 0, allowsShortRows: Bool = false
  ) throws(IngestError) {
    self.source = source
    self.allowsShortRows = allowsShortRows
    skippedLines = skipLines
    var next = try self.source.nextRow()
    while let row = next, row.line <= skipLines { next = try self.source.nextRow() }
    guard let first = next else {
      throw IngestError(
        .malformed, file: source.fileName,
        message: "the file is empty (expected a header row with the column names)")
    }
    var names = first.fields.map { String($0.trimmingSpaces) }
    var rows = 1
    var labels: [String] = []
    if headerRows == 3 {
      // Names, labels and import ids: a file that ends inside them has no data rows, which
      // `requireData()` says.
      for _ in 0..<2 {
        guard let row = try self.source.nextRow() else { break }
        if rows == 1 { labels = row.fields.map { TableReader.normalize($0) } }
        rows += 1
      }
    } else if headerRows != 1, let second = try self.source.nextRow() {
      let isSubHeader =
        headerRows == 2
        || second.fields.contains { Self.subHeaderMarkers.contains($0.lowercased()) }
      if isSubHeader {
        names = Self.join(names, second.fields)
        rows = 2
      } else {
        pending = second
      }
    }
    header = names
    self.headerRows = rows
    normalizedHeader = names.map { TableReader.normalize($0) }
    normalizedLabels = labels
  }

  static func join(_ top: [String], _ sub: [String]) -> [String] {
    var names: [String] = []
    var carried = ""
    for index in 0..<max(top.count, sub.count) {
      let question = index < top.count ? String(top[index].trimmingSpaces) : ""
      if !question.isEmpty { carried = question }
      let part = index < sub.count ? String(sub[index].trimmingSpaces) : ""
      // A cell merged over both header rows repeats its text in the second.
      if part.isEmpty || part == carried || subHeaderMarkers.contains(part.lowercased()) {
        names.append(carried)
      } else {
        names.append(carried.isEmpty ? part : "\(carried) - \(part)")
      }
    }
    return names
  }

  /// The next data row, skipping blank ones; `nil` at the end.
  /// - Throws: ``IngestError`` `.malformed` for a ragged row, or what the source throws.
  public mutating func nextRow() throws(IngestError) -> Row? {
    while true {
      let next: Row?
      if let pending {
        next = pending
        self.pending = nil
      } else {
        next = try source.nextRow()
      }
      guard var row = next else { return nil }
      if row.isBlank { continue }
      if let error = shapeError(
        fields: row.count, columns: header.count, allowsShortRows: allowsShortRows,
        file: fileName, line: row.line, isEmpty: { row.isEmpty($0) })
      {
        throw error
      }
      while row.count < header.count { row.append("") }
      rowCount += 1
      return row
    }
  }

  /// Checks that at least one data row was read; call after the last ``nextRow()``.
  /// - Throws: ``IngestError`` `.malformed` naming the header's last row.
  public func requireData() throws(IngestError) {
    if rowCount == 0 {
      throw IngestError(
        .malformed, file: fileName, row: skippedLines + headerRows,
        message: "the file has a header but no data rows")
    }
  }

  /// The 0-based index of the column named `name`, compared without regard to case or runs of
  /// white space, or `nil`. Under a three-row header, a name that is no column's is looked
  /// for among the labels of the second row.
  public func columnIndex(_ name: String) -> Int? {
    let wanted = Self.normalize(name)
    if let index = normalizedHeader.firstIndex(of: wanted) { return index }
    return normalizedLabels.firstIndex(of: wanted).flatMap { $0 < header.count ? $0 : nil }
  }

  /// The 0-based index of a column the caller needs.
  /// - Throws: ``IngestError`` `.missingColumn`, suggesting the nearest header.
  public func requireColumn(_ name: String, purpose: String? = nil) throws(IngestError) -> Int {
    if let index = columnIndex(name) { return index }
    let wanted = Self.normalize(name)
    var message = "no column \"\(name)\"" + (purpose.map { " (\($0))" } ?? "")
    let nearest = header.indices.min {
      editDistance(normalizedHeader[$0], wanted) < editDistance(normalizedHeader[$1], wanted)
    }
    if let nearest, editDistance(normalizedHeader[nearest], wanted) <= max(3, wanted.count / 3) {
      message += "; did you mean \(MessageText.quote(header[nearest]))?"
    } else {
      // Not the header's names: a file that is not an export (a key file, /etc/shadow) must
      // not have its first line printed. Its shape says enough; `kpi inspect` shows the rest.
      let length = header.reduce(0) { $0 + $1.count } + max(0, header.count - 1)
      message +=
        "; the first line (\(header.count) \(header.count == 1 ? "field" : "fields"), "
        + "\(length) characters) has no column like it; `kpi inspect \(fileName)` lists them"
    }
    throw IngestError(
      .missingColumn, file: fileName, row: skippedLines + headerRows, message: message)
  }

  /// Lower case, white space (also no-break) collapsed to single spaces, trimmed.
  static func normalize(_ name: String) -> String {
    name.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }
}

/// The error for a record of `fields` fields under a header of `columns`, or `nil` when it
/// fits: more fields are fine when the extra ones are empty, fewer only when short rows are
/// allowed (a sheet leaves out empty trailing cells).
func shapeError(
  fields: Int, columns: Int, allowsShortRows: Bool, file: String, line: Int,
  isEmpty: (Int) -> Bool
) -> IngestError? {
  if fields > columns {
    guard let extra = (columns..<fields).first(where: { !isEmpty($0) }) else { return nil }
    return IngestError(
      .malformed, file: file, row: line, column: extra + 1,
      message: "expected \(columns) fields as in the header, found \(fields)")
  }
  if fields < columns && !allowsShortRows {
    return IngestError(
      .malformed, file: file, row: line, column: fields + 1,
      message: "expected \(columns) fields as in the header, found \(fields)")
  }
  return nil
}

/// Levenshtein distance between two strings, by characters.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      current[j] = min(
        previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}

/// Collects cell-level diagnostics of one file, up to ``IngestError/maximumDiagnostics``, so
/// one run shows every bad cell instead of only the first.
public struct DiagnosticCollector: Sendable {
  /// The diagnostics so far.
  public private(set) var diagnostics: [Diagnostic] = []

  /// Creates an empty collector.
  public init() {}

  /// Adds a diagnostic.
  /// - Throws: ``IngestError`` `.invalidValue` with all diagnostics once the limit is reached.
  public mutating func add(_ diagnostic: Diagnostic) throws(IngestError) {
    diagnostics.append(diagnostic)
    if diagnostics.count >= IngestError.maximumDiagnostics {
      throw IngestError(.invalidValue, diagnostics)
    }
  }

  /// Throws the collected diagnostics, if any.
  /// - Throws: ``IngestError`` `.invalidValue`.
  public func finish() throws(IngestError) {
    if !diagnostics.isEmpty { throw IngestError(.invalidValue, diagnostics) }
  }
}
