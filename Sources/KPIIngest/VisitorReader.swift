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
/// Every bad cell is reported as `FILE:ROW:COLUMN`, up to 20 at once. A day (or month) given
/// twice for a category is an error naming both lines, unless `duplicates` is
/// ``DuplicatePolicy/sum``; a month given both as a total and as days is always an error.
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
  ///   - duplicates: Whether a day given twice is an error or added up.
  /// - Returns: The counts.
  /// - Throws: ``IngestError`` for a file that cannot be read or holds bad cells.
  public static func read(_ url: URL, sheet: String? = nil, duplicates: DuplicatePolicy = .reject)
    throws(IngestError) -> VisitorFile
  {
    var table = try TableReader.open(url, sheet: sheet, headerRows: 1)
    // A CSV row takes at least 16 bytes (2025-01-01,a,1 and a line break): room for that
    // many rows at once, so that the arrays are not copied while they grow. Untouched room
    // costs address space, not memory.
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    let expected = table.source.csvFile == nil ? 0 : min(size / 16, 50_000_000)
    var file = try read(&table, duplicates: duplicates, expectedRows: expected)
    file.encodingNotice = table.source.encodingNotice
    return file
  }

  /// Reads the rows of a table whose header has been read.
  ///
  /// - Parameters:
  ///   - table: The table.
  ///   - duplicates: Whether a day given twice is an error or added up.
  /// - Returns: The counts.
  /// - Throws: ``IngestError``.
  public static func read<Source: RowSource>(
    _ table: inout TableReader<Source>, duplicates: DuplicatePolicy, expectedRows: Int = 0
  ) throws(IngestError) -> VisitorFile {
    let dateColumn = try column(table, dateNames, "the day or month")
    let categoryColumn = try column(table, categoryNames, "the category")
    let countColumn = try column(table, countNames, "the number of visitors")
    let file = table.fileName
    var collector = DiagnosticCollector()
    var counts: [VisitorCount] = []
    var empty = 0
    // (category, date) → line; (category, month) → line and whether it was a month total.
    var seen: [VisitorKey: Int] = [:]
    var monthKinds: [VisitorKey: (line: Int, isTotal: Bool)] = [:]
    counts.reserveCapacity(expectedRows)
    seen.reserveCapacity(expectedRows)
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
      if let whole = row.withField(countColumn, Self.wholeNumber) {
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
      let category = names[categoryIndex]

      let month = date.year * 12 + date.month
      let monthKey = VisitorKey(category: categoryIndex, code: month)
      if let earlier = monthKinds[monthKey], earlier.isTotal != (date.day == nil) {
        try collector.add(
          Diagnostic(
            file: file, row: row.line, column: dateColumn + 1,
            message: "\(Diagnostic.quote(category)) has "
              + (earlier.isTotal ? "a month total" : "daily counts")
              + " for \(date.year)-\(date.month < 10 ? "0" : "")\(date.month) on line "
              + "\(earlier.line); give the month either as days or as one total"))
        continue
      }
      if monthKinds[monthKey] == nil { monthKinds[monthKey] = (row.line, date.day == nil) }
      // Days and month totals never share a key: days even, months odd.
      let key = VisitorKey(
        category: categoryIndex, code: date.day == nil ? month * 2 + 1 : date.daysSince1970 * 2)
      if duplicates == .reject, let earlier = seen[key] {
        try collector.add(
          Diagnostic(
            file: file, row: row.line, column: dateColumn + 1,
            message: "\(date) for \(Diagnostic.quote(category)) is already on line \(earlier) "
              + "(give --sum-duplicates to add such counts up)"))
        continue
      }
      if seen[key] == nil { seen[key] = row.line }
      counts.append(VisitorCount(date: date, category: category, visitors: visitors))
    }
    try table.requireData()
    try collector.finish()
    return VisitorFile(counts: counts, fileName: file, emptyCounts: empty, encodingNotice: nil)
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

  /// A cell of plain digits (up to 15) as a whole number; `nil` for anything else.
  static func wholeNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !bytes.isEmpty, bytes.count <= 15 else { return nil }
    var value = 0
    for byte in bytes {
      let digit = byte &- 0x30
      guard digit < 10 else { return nil }
      value = value * 10 + Int(digit)
    }
    return value
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

/// A category (by index) with a day or month code, for finding repeated rows.
private struct VisitorKey: Hashable {
  var category: Int
  var code: Int
}
