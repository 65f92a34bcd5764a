import Foundation

/// The rows of one sheet of an XLSX workbook (SPEC §4).
///
/// Opening the source reads the sheet whole (the merged cells that name header columns come
/// after the cells in the XML) and keeps it compactly, each distinct text once; the XML of
/// every part is parsed as it is inflated, chunk by chunk, and never held whole; ``nextRow()`` then hands out one
/// ``Row`` per sheet row that holds a value, in sheet order. ``Row/line`` is the row number
/// Excel shows: rows the sheet does not contain are skipped, not returned blank. Within a
/// row a missing cell is an empty field, and trailing empty cells are left off.
///
/// Every cell becomes text: shared and inline strings as they are; numbers as their shortest
/// decimal text with a dot (`12.5`, `3`); booleans `TRUE`/`FALSE`; numbers whose format is a
/// date or time (built-in formats 14–22 and 45–47, or a custom format with d, m, y, h or s
/// outside quotes and brackets) as ISO 8601 — `YYYY-MM-DD` for a date format,
/// `YYYY-MM-DDTHH:MM:SS` for a format with a date and a time, `HH:MM:SS` for a time of day —
/// in the workbook's date system (1900, with its fictitious 1900-02-29, or 1904); formula
/// cells as their cached value; error cells as their text (`#N/A`).
///
/// When a merged range covers cells of sheet rows 1 and 2, its top-left value is copied into
/// its other cells in those rows, so that a question spanning two columns names both.
///
/// ```swift
/// var source = try XLSXSource(url: URL(fileURLWithPath: "enkat.xlsx"))
/// while let row = try source.nextRow() { print(row.line, row.fields) }
/// ```
public struct XLSXSource: RowSource, Sendable {
  /// The workbook's file name, without its folder, for messages.
  public let fileName: String
  /// The names of the workbook's worksheets in workbook order (chart sheets left out).
  public let sheetNames: [String]
  /// The name of the sheet being read.
  public let sheetName: String

  private let sharedStrings: SharedStrings
  private let cells: SheetCells
  /// The most bytes of the shared strings' or the sheet's XML held in memory at once while
  /// they were read (the parts are streamed: a few hundred kilobytes, whatever their size).
  let peakPartBytes: Int
  private var nextRowIndex = 0
  /// The bytes of text the source keeps: the distinct shared strings and cell texts.
  var heldTextBytes: Int { sharedStrings.bytes.count + cells.text.count }
  private var row = Row()

  /// Opens a workbook and reads one of its sheets.
  ///
  /// The sheet is found through `workbook.xml` and its relationships, not by file name, so
  /// "the first sheet" is the first tab the user sees in Excel.
  /// - Parameters:
  ///   - url: The `.xlsx` file.
  ///   - sheet: The name of the sheet to read; `nil` reads the first worksheet.
  ///   - limits: The safety limits on unpacked size and cells.
  /// - Throws: ``IngestError`` with the file name in its diagnostic: `.unreadable` when the
  ///   file cannot be opened; `.malformed` when it is not a zip archive, is truncated or
  ///   corrupt, names an entry outside the archive (`../x`), lacks a part it refers to, holds
  ///   XML that is not well formed, or has no sheet named `sheet`; `.limitExceeded` when it
  ///   unpacks to more than `limits.maximumUnpackedBytes` or holds more than
  ///   `limits.maximumCells` cells.
  public init(url: URL, sheet: String? = nil, limits: XLSXLimits = .default) throws(IngestError) {
    let file = url.lastPathComponent
    func malformed(_ message: String) -> IngestError {
      IngestError(.malformed, file: file, message: message)
    }
    fileName = file
    let archive = try WorkbookArchive(url: url, file: file, limits: limits)

    let workbookPath = try Self.workbookPath(in: archive)
    guard let workbookPart = try archive.part(workbookPath) else {
      throw malformed("\(workbookPath): missing from the archive; is this an XLSX workbook?")
    }
    let workbook = WorkbookHandler(file: file, part: workbookPath)
    try parseXMLPart(workbookPart, with: workbook, root: "workbook")

    let relationshipsPart = relationshipsPath(of: workbookPath)
    guard let relationshipsData = try archive.part(relationshipsPart) else {
      throw malformed("\(relationshipsPart): missing from the archive")
    }
    let relationships = RelationshipsHandler(
      file: file, part: relationshipsPart, source: workbookPath)
    try parseXMLPart(relationshipsData, with: relationships, root: "Relationships")
    let byID = Dictionary(
      relationships.relationships.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    let worksheets = workbook.sheets.filter {
      byID[$0.relationshipID]?.isKind("worksheet") == true
    }
    sheetNames = worksheets.map(\.name)
    let chosen: SheetEntry
    if let sheet {
      guard let match = worksheets.first(where: { $0.name == sheet }) else {
        throw malformed(
          "no sheet named \"\(sheet)\" (sheets: \(sheetNames.joined(separator: ", ")))")
      }
      chosen = match
    } else {
      guard let first = worksheets.first else {
        throw malformed("\(workbookPath): the workbook has no worksheet")
      }
      chosen = first
    }
    sheetName = chosen.name
    guard let sheetPath = byID[chosen.relationshipID]?.target else {
      throw malformed(
        "\(relationshipsPart): sheet \"\(chosen.name)\" points outside the archive")
    }
    guard archive.contains(sheetPath) else {
      throw malformed("\(sheetPath): sheet \"\(chosen.name)\" is missing from the archive")
    }

    var strings = SharedStrings()
    var peak = 0
    if let path = try Self.part("sharedStrings", of: relationships, in: archive) {
      // An item takes at least five bytes (`<si/>`): room for that many item numbers, which
      // the table then fills without being copied as it grows.
      let handler = SharedStringsHandler(
        file: file, part: path, capacity: archive.declaredSize(path) / 5)
      try parseXMLPart(try Self.stream(path, in: archive), with: handler, root: "sst")
      strings = handler.strings
      peak = max(peak, handler.peakBufferedBytes)
    }
    var kinds: [NumberKind] = []
    if let path = try Self.part("styles", of: relationships, in: archive) {
      let handler = StylesHandler(file: file, part: path)
      try parseXMLPart(try Self.stream(path, in: archive), with: handler, root: "styleSheet")
      kinds = handler.kinds
    }

    let handler = SheetHandler(
      file: file, part: sheetPath, sharedStrings: strings, kinds: kinds,
      date1904: workbook.date1904, maximumCells: limits.maximumCells)
    try parseXMLPart(try Self.stream(sheetPath, in: archive), with: handler, root: "worksheet")
    peak = max(peak, handler.peakBufferedBytes)
    var cells = handler.cells
    let tooManyCells = IngestError(
      .limitExceeded, file: file,
      message: "\(sheetPath): the sheet has more than \(limits.maximumCells) cells")
    guard cells.fillMergedHeaders(handler.mergedRanges, budget: limits.maximumCells) else {
      throw tooManyCells
    }
    // Gaps before a far-right cell become empty fields; count them, or one cell in column
    // XFD per row would make a small sheet hand out billions of fields.
    guard cells.fieldCount <= limits.maximumCells else { throw tooManyCells }
    guard cells.textByteCount(sharedStrings: strings) <= limits.maximumUnpackedBytes else {
      throw IngestError(
        .limitExceeded, file: file,
        message: "\(sheetPath): the sheet's text comes to more than the limit of "
          + "\(limits.maximumUnpackedBytes) bytes")
    }
    self.sharedStrings = strings
    self.cells = cells
    self.peakPartBytes = peak
  }

  /// The next row of the sheet that holds a value, or `nil` after the last.
  /// - Returns: A row whose ``Row/line`` is its sheet row number.
  /// - Throws: Never in practice: the sheet was checked when the source was opened.
  public mutating func nextRow() throws(IngestError) -> Row? {
    guard nextRowIndex < cells.rowCount else { return nil }
    let index = nextRowIndex
    nextRowIndex += 1
    row.reset(line: cells.line(ofRow: index))
    var column = 0
    for cell in cells.cells(ofRow: index) {
      let target = cells.column(cell)
      while column < target {
        row.endField()
        column += 1
      }
      switch cells.value(cell) {
      case .shared(let string):
        row.bytes.append(contentsOf: sharedStrings.bytes[sharedStrings.range(string)])
      case .text(let range):
        row.bytes.append(contentsOf: cells.text[range])
      }
      row.endField()
      column += 1
    }
    return row
  }

  // MARK: - Parts

  /// The workbook part, from the package relationships; `xl/workbook.xml` when the package
  /// has none, as some writers leave them out.
  private static func workbookPath(in archive: WorkbookArchive) throws(IngestError) -> String {
    let fallback = "xl/workbook.xml"
    guard let data = try archive.part("_rels/.rels") else { return fallback }
    let handler = RelationshipsHandler(file: archive.file, part: "_rels/.rels", source: "")
    try parseXMLPart(data, with: handler, root: "Relationships")
    return handler.relationships.first { $0.isKind("officeDocument") }?.target ?? fallback
  }

  /// The part at `path`, which the archive was found to hold.
  private static func stream(_ path: String, in archive: WorkbookArchive) throws(IngestError)
    -> PartStream
  {
    try archive.part(path) ?? PartStream(path: path, data: Data())
  }

  /// The path of the workbook's part of relationship type `kind`, or `nil` when the
  /// workbook has none.
  /// - Throws: ``IngestError`` `.malformed` when the workbook names a part the archive lacks.
  private static func part(
    _ kind: String, of relationships: RelationshipsHandler, in archive: WorkbookArchive
  ) throws(IngestError) -> String? {
    guard let relationship = relationships.relationships.first(where: { $0.isKind(kind) }) else {
      return nil
    }
    guard let path = relationship.target, archive.contains(path) else {
      throw IngestError(
        .malformed, file: archive.file,
        message: "\(relationship.target ?? kind): missing from the archive")
    }
    return path
  }
}
