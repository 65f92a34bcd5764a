import Foundation
import KPIModel

/// What a visitor file holds once read.
public struct VisitorFile: Sendable {
  /// The counts, in file order.
  public var counts: [VisitorCount]
  /// The file's name for messages.
  public var fileName: String
  /// How many rows had an empty count: missing values, left out (never read as 0), so the
  /// analysis reports their days as gaps.
  public var emptyCounts: Int
  /// The encoding, when it is worth telling the user (not UTF-8).
  public var encodingNotice: String?
  /// The 1-based column of the dates, for locating a problem with a count's day.
  public var dateColumn: Int = 1
}

/// Reads visitor counts in long format (SPEC §4.3): one row per day or month and category,
/// columns `date`, `category` and `visitors`.
///
/// Column names are matched without regard to case; the Swedish `datum`, `kategori` and
/// `besökare` (or `antal`) are accepted too, and `count` for a file of events such as
/// conferences. Dates are `YYYY-MM-DD` for a day or `YYYY-MM` for a month total (and the other
/// forms ``CellParser/date(_:)`` reads); counts are whole numbers ≥ 0, with thousands
/// separated by spaces if need be. An empty count is a missing value: the row is left out and
/// its day becomes a reported gap, never a 0.
///
/// Every bad cell is reported as `FILE:ROW:COLUMN`, up to 20 at once. Whether a day (or month)
/// may come twice, or a month both as a total and as days, is the analysis' rule
/// (`VisitorCounts` in KPIAnalysis), which names both lines from the line each count is
/// handed on with.
public enum VisitorReader {
  /// The accepted names of each column, the first being the one messages name.
  static let dateNames = ["date", "datum"]
  static let categoryNames = ["category", "kategori"]
  static let countNames = ["visitors", "besökare", "antal", "count"]

  /// Opens and reads a CSV or XLSX file.
  ///
  /// - Parameters:
  ///   - url: The file.
  ///   - sheet: The sheet of a workbook; the first when `nil`.
  /// - Returns: The counts.
  /// - Throws: ``IngestError`` for a file that cannot be read or holds bad cells.
  public static func read(_ url: URL, sheet: String? = nil) throws(IngestError) -> VisitorFile {
    var counts: [VisitorCount] = []
    var file = try read(url, sheet: sheet) { count, _ in counts.append(count) }
    file.counts = counts
    return file
  }

  /// Opens and reads a CSV or XLSX file, handing each count with its line to `body` as it is
  /// read instead of keeping them (the returned file's ``VisitorFile/counts`` is empty):
  /// memory does not grow with the rows. When the file has bad cells, `body` has seen the
  /// good rows before the error is thrown.
  public static func read(
    _ url: URL, sheet: String? = nil, each body: (VisitorCount, Int) -> Void
  ) throws(IngestError) -> VisitorFile {
    var table = try TableReader.open(url, sheet: sheet, headerRows: 1)
    var file = try read(&table, each: body)
    file.encodingNotice = table.source.encodingNotice
    return file
  }

  /// Reads the rows of a table whose header has been read.
  ///
  /// - Parameters:
  ///   - table: The table.
  ///   - body: Called with each count and its line, in file order.
  /// - Returns: The file's name and notes; no counts (they went to `body`).
  /// - Throws: ``IngestError``.
  public static func read<Source: RowSource>(
    _ table: inout TableReader<Source>, each body: (VisitorCount, Int) -> Void
  ) throws(IngestError) -> VisitorFile {
    let dateColumn = try column(table, dateNames, "the day or month")
    let categoryColumn = try column(table, categoryNames, "the category")
    let countColumn = try column(table, countNames, "the number of visitors")
    let file = table.fileName
    var collector = DiagnosticCollector()
    var empty = 0
    // Category cells to names, by their bytes, so a name is made once, not once per row.
    var names: [String] = []
    var cache = SmallByteCache()
    var nameIndex: [String: Int] = [:]
    while let row = try table.nextRow() {
      let date =
        row.withField(dateColumn, Self.isoDate) ?? CellParser.date(row[dateColumn])
      if date == nil {
        try collector.add(
          Diagnostic(
            file: file, row: row.line, column: dateColumn + 1,
            message: "expected a date (YYYY-MM-DD) or a month (YYYY-MM), found "
              + Diagnostic.quote(row[dateColumn])))
      }
      var categoryIndex = row.withField(categoryColumn) { cache.find($0) }
      if categoryIndex == nil {
        let name = String(row[categoryColumn].trimmingSpaces)
        if name.isEmpty {
          try collector.add(
            Diagnostic(
              file: file, row: row.line, column: categoryColumn + 1,
              message: "expected a category, found an empty cell"))
        } else if isTotalName(name) {
          // Its counts would be taken for the sum over the categories.
          try collector.add(
            Diagnostic(
              file: file, row: row.line, column: categoryColumn + 1,
              message: "the category \(Diagnostic.quote(name)) has the name of the total; "
                + "rename it in the file"))
        } else {
          let index = nameIndex[name] ?? names.count
          if index == names.count {
            names.append(name)
            nameIndex[name] = index
          }
          row.withField(categoryColumn) { cache.add($0, index) }
          categoryIndex = index
        }
      }
      var visitors: Double?
      if let whole = row.withField(countColumn, CellParser.plainWholeNumber) {
        visitors = Double(whole)
      } else {
        let countText = row[countColumn]
        if countText.trimmingSpaces.isEmpty {
          empty += 1
        } else if let value = CellParser.integer(countText), value >= 0 {
          visitors = Double(value)
        } else {
          try collector.add(
            Diagnostic(
              file: file, row: row.line, column: countColumn + 1,
              message: "expected a whole number of visitors (0 or more), found "
                + Diagnostic.quote(countText)))
        }
      }
      guard let date, let categoryIndex, let visitors else { continue }
      body(VisitorCount(date: date, category: names[categoryIndex], visitors: visitors), row.line)
    }
    try table.requireData()
    try collector.finish()
    return VisitorFile(
      counts: [], fileName: file, emptyCounts: empty, encodingNotice: nil,
      dateColumn: dateColumn + 1)
  }

  /// The index of the first of `names` the header has.
  /// `YYYY-MM-DD` or `YYYY-MM` read from bytes, as ``CellParser/date(_:)`` reads them; `nil`
  /// for anything else (which then goes to ``CellParser``).
  static func isoDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
    guard bytes.count == 10 || bytes.count == 7, bytes[4] == 0x2D else { return nil }
    func digits(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        let digit = bytes[index] &- 0x30
        guard digit < 10 else { return nil }
        value = value * 10 + Int(digit)
      }
      return value
    }
    guard let year = digits(0..<4), let month = digits(5..<7) else { return nil }
    if bytes.count == 7 { return CalendarDate(year: year, month: month) }
    guard bytes[7] == 0x2D, let day = digits(8..<10) else { return nil }
    return CalendarDate(year: year, month: month, day: day)
  }

  private static func column<Source: RowSource>(
    _ table: TableReader<Source>, _ names: [String], _ purpose: String
  ) throws(IngestError) -> Int {
    for name in names {
      if let index = table.columnIndex(name) { return index }
    }
    return try table.requireColumn(names[0], purpose: purpose)
  }
}
