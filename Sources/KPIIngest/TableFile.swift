import Foundation

/// Any file a table can come from: a ZIP archive (`PK\u{3}\u{4}`) or a file named `.xlsx` is
/// read as a workbook, anything else as CSV.
public struct TableFile: RowSource {
  // Optionals rather than an enum with payloads: `csv!.nextRow()` mutates in place, so the
  // reader's row buffers stay uniquely referenced and are reused instead of copied.
  private var csv: CSVSource?
  private var xlsx: XLSXSource?

  /// Opens a table file.
  ///
  /// - Parameters:
  ///   - url: The file.
  ///   - sheet: For a workbook, the sheet to read; the first when `nil`.
  ///   - skipLines: Lines above a CSV's header, which its delimiter is not sniffed from.
  /// - Throws: ``IngestError`` `.unreadable` when the file cannot be opened.
  public static func open(_ url: URL, sheet: String? = nil, skipLines: Int = 0)
    throws(IngestError) -> TableFile
  {
    try InputFile.requireRegular(url)
    // A file named .xlsx that is no archive gets the workbook reader's error, not a CSV guess.
    if isZipArchive(url) || ["xlsx", "xlsm"].contains(url.pathExtension.lowercased()) {
      return TableFile(csv: nil, xlsx: try XLSXSource(url: url, sheet: sheet))
    }
    return TableFile(csv: try CSVSource(url: url, sniffAfter: skipLines), xlsx: nil)
  }

  /// Whether the file starts as a ZIP archive does (an `.xlsx` is one).
  private static func isZipArchive(_ url: URL) -> Bool {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
    defer { try? handle.close() }
    let magic = (try? handle.read(upToCount: 4)) ?? Data()
    return magic.elementsEqual([0x50, 0x4B, 0x03, 0x04])
  }

  public var fileName: String {
    if let csv { return csv.fileName }
    if let xlsx { return xlsx.fileName }
    preconditionFailure("a TableFile always holds a source")
  }

  /// What the file was read as, for the user: `CSV (UTF-8, ;)`.
  public var formatDescription: String {
    if let source = csv {
      let delimiter =
        switch source.delimiter {
        case UInt8(ascii: "\t"): "TAB"
        default: String(UnicodeScalar(source.delimiter))
        }
      return "CSV (\(source.encoding.rawValue), \(delimiter))"
    }
    if let xlsx { return "XLSX (blad \"\(xlsx.sheetName)\")" }
    preconditionFailure("a TableFile always holds a source")
  }

  /// The encoding, when it is worth telling the user (not UTF-8).
  public var encodingNotice: String? {
    if let source = csv {
      switch source.encoding {
      case .utf8, .utf8WithBOM: return nil
      default: return "\(source.fileName) was read as \(source.encoding.rawValue)"
      }
    }
    return nil
  }

  /// The file and delimiter of a CSV, for the fast path (``CSVBlocks``); `nil` for a sheet.
  public var csvFile: (url: URL, delimiter: UInt8)? {
    csv.map { ($0.url, $0.delimiter) }
  }

  /// Whether short rows are normal (sheets leave out empty trailing cells).
  public var allowsShortRows: Bool {
    csv == nil
  }

  public mutating func nextRow() throws(IngestError) -> Row? {
    if csv != nil { return try csv!.nextRow() }
    if xlsx != nil { return try xlsx!.nextRow() }
    return nil
  }
}

extension TableReader where Source == TableFile {
  /// Opens a CSV or XLSX file and reads its header.
  ///
  /// - Parameters:
  ///   - url: The file.
  ///   - sheet: The sheet of a workbook; the first when `nil`.
  ///   - headerRows: 1, 2 or 3; `nil` detects a second header row.
  ///   - skipLines: The lines above the header to skip.
  /// - Throws: ``IngestError``.
  public static func open(
    _ url: URL, sheet: String? = nil, headerRows: Int? = nil, skipLines: Int = 0
  ) throws(IngestError) -> TableReader<TableFile> {
    let file = try TableFile.open(url, sheet: sheet, skipLines: skipLines)
    return try TableReader(
      source: file, headerRows: headerRows, skipLines: skipLines,
      allowsShortRows: file.allowsShortRows)
  }
}

extension TableReader where Source == TableFile {
  /// The fast path's view of the data rows (see ``CSVBlocks``), or `nil` for a sheet, a file
  /// it cannot read, or one with lines skipped above the header (read row by row: the
  /// blocks count records, not lines).
  public var blockLayout: CSVBlocks.Layout? {
    guard skippedLines == 0, let file = source.csvFile else { return nil }
    return CSVBlocks.layout(
      file.url, delimiter: file.delimiter, headerRows: headerRows, columns: header.count)
  }
}
