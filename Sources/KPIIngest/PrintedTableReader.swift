import Foundation
import KPIModel

/// Reads a table as a report prints it (CSV or XLSX, one header row) for `kpi check`.
public enum PrintedTableReader {
  /// The most data rows a printed table may have. A report's table has a few dozen; a file
  /// with more is not one, and reading it whole would break the flat-memory promise.
  public static let maximumRows = 10_000

  /// Reads every row of the file, cells as text.
  ///
  /// - Parameters:
  ///   - url: The CSV or XLSX file.
  ///   - sheet: The sheet of a workbook; the first when `nil`.
  /// - Returns: The table, header and rows.
  /// - Throws: ``IngestError``: `unreadable` when the file cannot be opened, `malformed` for
  ///   an empty file, a header without rows or a ragged row, `limitExceeded` past
  ///   ``maximumRows``.
  public static func read(_ url: URL, sheet: String? = nil) throws(IngestError) -> PrintedTable {
    var reader = try TableReader.open(url, sheet: sheet, headerRows: 1)
    var rows: [PrintedRow] = []
    while let row = try reader.nextRow() {
      guard rows.count < maximumRows else {
        throw IngestError(
          .limitExceeded, file: reader.fileName, row: row.line,
          message: "a printed table has at most \(maximumRows) rows")
      }
      rows.append(PrintedRow(line: row.line, cells: Array(row.fields.prefix(reader.header.count))))
    }
    try reader.requireData()
    return PrintedTable(name: reader.fileName, header: reader.header, rows: rows)
  }
}
