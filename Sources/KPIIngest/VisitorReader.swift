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
  /// What the reader decided that the user should know, without the file's name: the
  /// day/month order of the dates, month totals recognised, hours summed to days, columns
  /// left out.
  public var notes: [String] = []
}

/// Reads visitor counts (SPEC §4.3), long or wide, per day, hour or month.
///
/// Long: one row per date and category, with a category column and a count column. Wide: one
/// column per category, as a museum's monthly table has it; a file is wide when
/// ``VisitorLayout/wideColumns`` names its category columns, or when it has no category
/// column: then every column but the date and the hour is a category, except one named as a
/// total (`Totalt`, `Total`, `Summa`, `Sum`), which is left out with a note; or only the
/// named count column, a single series named by its header. Columns are
/// those the layout names, else the first of ``VisitorLayout/defaultNames`` the header has
/// (without regard to case).
///
/// Dates are read by ``DateColumn``: every form of ``CellParser/dateText(_:)`` and Excel
/// serials, one day/month order for the whole column. A row with an hour (an hour column, or
/// a time in its date) is summed into its day, and the same hour of a day and category twice
/// is an error unless duplicates are to be summed. Without ``VisitorLayout/frequency``, a
/// file whose every date is the first of its month, in at least two months, is read as
/// month totals (`1/1/2014` is January 2014), and says so in ``VisitorFile/notes``. Counts
/// are whole numbers ≥ 0, with thousands separated by spaces if need be. An empty count is a
/// missing value: left out, its day a reported gap, never a 0.
///
/// Every bad cell is reported as `FILE:ROW:COLUMN`, up to 20 at once. Whether a day (or month)
/// may come twice, or a month both as a total and as days, is the analysis' rule
/// (`VisitorCounts` in KPIAnalysis), which names both lines from the line each count is
/// handed on with.
///
/// Memory stays flat for daily files: rows are held back only while the day/month order is
/// not settled (until the first day over 12) and while every date is the first of a month
/// (until the first other day); counts per hour are summed per day until the end.
public enum VisitorReader {
  /// The accepted names of each column, the first being the one messages name.
  static let dateNames = VisitorLayout.defaultNames("date")
  static let categoryNames = VisitorLayout.defaultNames("category")
  static let countNames = VisitorLayout.defaultNames("visitors")
  static let hourNames = VisitorLayout.defaultNames("hour")
  /// Names of a wide table's sum column, which is not a category.
  static let totalColumnNames: Set<String> = ["totalt", "total", "summa", "sum", "totalsumma"]

  /// Opens and reads a CSV or XLSX file.
  ///
  /// - Parameters:
  ///   - url: The file.
  ///   - sheet: The sheet of a workbook; the first when `nil`.
  ///   - layout: Its columns, date order and frequency.
  ///   - duplicates: Whether the same hour given twice is an error or summed.
  /// - Returns: The counts.
  /// - Throws: ``IngestError`` for a file that cannot be read or holds bad cells.
  public static func read(
    _ url: URL, sheet: String? = nil, layout: VisitorLayout = VisitorLayout(),
    duplicates: DuplicatePolicy = .reject
  ) throws(IngestError) -> VisitorFile {
    var counts: [VisitorCount] = []
    var file = try read(url, sheet: sheet, layout: layout, duplicates: duplicates) { count, _ in
      counts.append(count)
    }
    file.counts = counts
    return file
  }

  /// Opens and reads a CSV or XLSX file, handing each count with its line to `body` as it is
  /// read instead of keeping them (the returned file's ``VisitorFile/counts`` is empty).
  /// When the file has bad cells, `body` has seen some good rows before the error is thrown.
  public static func read(
    _ url: URL, sheet: String? = nil, layout: VisitorLayout = VisitorLayout(),
    duplicates: DuplicatePolicy = .reject, each body: (VisitorCount, Int) -> Void
  ) throws(IngestError) -> VisitorFile {
    var table = try TableReader.open(url, sheet: sheet, headerRows: 1)
    var file = try read(&table, layout: layout, duplicates: duplicates, each: body)
    file.encodingNotice = table.source.encodingNotice
    return file
  }

  /// The columns of a file, found by the layout's names or the default ones.
  struct Columns {
    var date: Int
    var hour: Int?
    /// Long: the category column and the count column.
    var long: (category: Int, count: Int)?
    /// Wide: each category's column.
    var wide: [Int] = []
    /// Wide columns left out as totals.
    var skipped: [String] = []
  }

  static func columns<Source: RowSource>(
    _ table: TableReader<Source>, _ layout: VisitorLayout
  ) throws(IngestError) -> Columns {
    func find(_ name: String?, _ defaults: [String], _ purpose: String) throws(IngestError) -> Int {
      if let name { return try table.requireColumn(name, purpose: purpose) }
      return try column(table, defaults, purpose)
    }
    func optional(_ name: String?, _ defaults: [String]) throws(IngestError) -> Int? {
      if let name { return try table.requireColumn(name) }
      return defaults.lazy.compactMap { table.columnIndex($0) }.first
    }
    if layout.categoryColumn != nil && !layout.wideColumns.isEmpty {
      throw IngestError(
        .invalidSpec, file: table.fileName,
        message: "a category column and wide columns cannot both be given: a file is long "
          + "(one column of category names) or wide (one column per category)")
    }
    let date = try find(layout.dateColumn, dateNames, "the day or month")
    let hour = try optional(layout.hourColumn, hourNames)
    var columns = Columns(date: date, hour: hour)
    let category =
      layout.wideColumns.isEmpty ? try optional(layout.categoryColumn, categoryNames) : nil
    if let category {
      columns.long = (
        category, try find(layout.visitorsColumn, countNames, "the number of visitors")
      )
    } else if let name = layout.visitorsColumn, layout.wideColumns.isEmpty {
      // One series without categories: the count column is the only one, named by its header.
      columns.wide = [try table.requireColumn(name, purpose: "the number of visitors")]
    } else if !layout.wideColumns.isEmpty {
      for name in layout.wideColumns {
        columns.wide.append(try table.requireColumn(name, purpose: "a category's counts"))
      }
    } else {
      for index in table.header.indices where index != date && index != hour {
        let name = String(table.header[index].trimmingSpaces)
        if name.isEmpty { continue }
        if totalColumnNames.contains(TableReader<Source>.normalize(name)) {
          columns.skipped.append(name)
        } else {
          columns.wide.append(index)
        }
      }
      guard !columns.wide.isEmpty else {
        // Neither long nor wide: the long layout's message names what is missing.
        _ = try column(table, categoryNames, "the category")
        throw IngestError(
          .missingColumn, file: table.fileName, row: table.headerRows,
          message: "no column of counts beside the dates")
      }
    }
    return columns
  }

  /// One row read, before its dates are settled and its hours summed.
  private struct PendingRow {
    var line: Int
    var date: CalendarDate?
    var text: DateText?
    /// The cell of a date whose order is not settled, for a message.
    var cell = ""
    var secondOfDay: Int?
    /// Category index and count of each good count cell.
    var values: [(category: Int, visitors: Double)]
  }

  private struct HourKey: Hashable {
    var day: Int
    var second: Int
    var category: Int
  }

  private struct DayKey: Hashable {
    var day: CalendarDate
    var category: Int
  }

  /// A day's sum of counts per hour, with the line of each whole hour it has (0 for none):
  /// 24 lines a day rather than an entry per hour, so years of hourly counts stay small.
  private struct DaySum {
    var sum = 0.0
    /// The line of the day's first count.
    var line: Int
    var hourLines: [Int32] = []

    /// The line a whole hour (0–23) was first given on, or `nil`.
    func line(ofHour hour: Int) -> Int? {
      hourLines.isEmpty || hourLines[hour] == 0 ? nil : Int(hourLines[hour])
    }

    mutating func add(_ visitors: Double, hour: Int?, line: Int) {
      sum += visitors
      guard let hour else { return }
      if hourLines.isEmpty { hourLines = Array(repeating: 0, count: 24) }
      hourLines[hour] = Int32(clamping: line)
    }
  }

  /// Reads the rows of a table whose header has been read.
  ///
  /// - Parameters:
  ///   - table: The table.
  ///   - layout: Its columns, date order and frequency.
  ///   - duplicates: Whether the same hour given twice is an error or summed.
  ///   - body: Called with each count and its line, in file order (days summed from hours
  ///     at the end, by their first line).
  /// - Returns: The file's name and notes; no counts (they went to `body`).
  /// - Throws: ``IngestError``.
  public static func read<Source: RowSource>(
    _ table: inout TableReader<Source>, layout: VisitorLayout = VisitorLayout(),
    duplicates: DuplicatePolicy = .reject, each body: (VisitorCount, Int) -> Void
  ) throws(IngestError) -> VisitorFile {
    let columns = try columns(table, layout)
    let dateColumn = columns.date
    let file = table.fileName
    var collector = DiagnosticCollector()
    var notes: [String] = []
    var empty = 0
    var dates = DateColumn(order: layout.dateFormat)
    // Category cells to names, by their bytes, so a name is made once, not once per row.
    var names: [String] = []
    var cache = SmallByteCache()
    var nameIndex: [String: Int] = [:]
    func index(of name: String) -> Int {
      let index = nameIndex[name] ?? names.count
      if index == names.count {
        names.append(name)
        nameIndex[name] = index
      }
      return index
    }
    var wideCategories: [Int] = []
    for column in columns.wide {
      let name = String(table.header[column].trimmingSpaces)
      if isTotalName(name) {
        try collector.add(
          Diagnostic(
            file: file, row: table.headerRows, column: column + 1,
            message: "the category \(Diagnostic.quote(name)) has the name of the total; "
              + "rename it in the file"))
      }
      wideCategories.append(index(of: name))
    }
    if !columns.skipped.isEmpty {
      notes.append(
        "left out \(columns.skipped.map { MessageText.quote($0) }.joined(separator: ", ")) "
          + "as the sum of the other columns")
    }

    // Rows held back while the day/month order is unknown, and while every date is the
    // first of a month (a monthly table dated by first days).
    var orderBuffer: [PendingRow] = []
    var monthBuffer: [PendingRow] = []
    var detectingMonths = layout.frequency == nil
    var hourly: [DayKey: DaySum] = [:]
    var otherTimes: [HourKey: Int] = [:]
    var summedHours = 0

    func emit(_ row: PendingRow) throws(IngestError) {
      guard var date = row.date else { return }
      if layout.frequency == .monthly { date.day = nil }
      guard let second = row.secondOfDay, date.day != nil else {
        for value in row.values {
          body(
            VisitorCount(date: date, category: names[value.category], visitors: value.visitors),
            row.line)
        }
        return
      }
      for value in row.values {
        let key = DayKey(day: date, category: value.category)
        // Whole hours are checked in the day's 24 lines; other times (a counter per quarter
        // hour) by their own keys.
        let hour = second % 3600 == 0 ? second / 3600 : nil
        if duplicates == .reject {
          let earlier: Int?
          if let hour {
            earlier = hourly[key]?.line(ofHour: hour)
          } else {
            let exact = HourKey(day: date.daysSince1970, second: second, category: value.category)
            earlier = otherTimes[exact]
            if earlier == nil { otherTimes[exact] = row.line }
          }
          if let earlier {
            let clock =
              (second / 3600 < 10 ? "0" : "") + "\(second / 3600):"
              + (second / 60 % 60 < 10 ? "0" : "") + "\(second / 60 % 60)"
            try collector.add(
              Diagnostic(
                file: file, row: row.line, column: dateColumn + 1,
                message: "\(date) \(clock) for \(MessageText.quote(names[value.category])) is "
                  + "already on line \(earlier) (give --sum-duplicates to add such counts up)"))
            continue
          }
        }
        summedHours += 1
        hourly[key, default: DaySum(line: row.line)].add(
          value.visitors, hour: duplicates == .reject ? hour : nil, line: row.line)
      }
    }
    func monthStage(_ row: PendingRow) throws(IngestError) {
      guard detectingMonths else { return try emit(row) }
      if let date = row.date, let day = date.day, day != 1 || row.secondOfDay != nil {
        detectingMonths = false
        for held in monthBuffer { try emit(held) }
        monthBuffer = []
        try emit(row)
      } else {
        monthBuffer.append(row)
      }
    }
    func flushOrder() throws(IngestError) {
      for var held in orderBuffer {
        if let text = held.text {
          held.date = dates.date(text)
          if held.date == nil {
            try collector.add(
              Diagnostic(
                file: file, row: held.line, column: dateColumn + 1,
                message: "expected a date (\(dates.order?.rawValue ?? "")), found "
                  + Diagnostic.quote(held.cell)))
            continue
          }
        }
        try monthStage(held)
      }
      orderBuffer = []
    }

    // One row's values, reused: no allocation per row unless rows are being held back.
    var pending = PendingRow(line: 0, values: [])
    pending.values.reserveCapacity(max(1, columns.wide.count))
    while let row = try table.nextRow() {
      pending.line = row.line
      pending.date = nil
      pending.text = nil
      pending.secondOfDay = nil
      pending.values.removeAll(keepingCapacity: true)
      if let iso = row.withField(dateColumn, Self.isoDate) {
        pending.date = iso
      } else {
        switch dates.read(row[dateColumn], row: row.line) {
        case .date(let date, let second):
          pending.date = date
          pending.secondOfDay = second
        case .pending(let text):
          pending.text = text
          pending.cell = row[dateColumn]
          pending.secondOfDay = text.secondOfDay
        case .invalid(let message):
          try collector.add(
            Diagnostic(
              file: file, row: row.line, column: dateColumn + 1,
              message: message
                ?? "expected a date (such as 2025-03-01, 31/1 2025, 1/31/2025) or a month "
                + "(YYYY-MM), found " + Diagnostic.quote(row[dateColumn])))
        }
      }
      if let hourColumn = columns.hour {
        if let second = CellParser.timeOfDay(row[hourColumn]) {
          pending.secondOfDay = second
        } else {
          try collector.add(
            Diagnostic(
              file: file, row: row.line, column: hourColumn + 1,
              message: "expected an hour (0–23, 13:00 or 13:00-14:00), found "
                + Diagnostic.quote(row[hourColumn])))
          continue
        }
      }
      if let (categoryColumn, countColumn) = columns.long {
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
            let known = index(of: name)
            row.withField(categoryColumn) { cache.add($0, known) }
            categoryIndex = known
          }
        }
        if let visitors = try count(row, countColumn, file, &empty, &collector), let categoryIndex {
          pending.values.append((categoryIndex, visitors))
        }
      } else {
        for (position, column) in columns.wide.enumerated() {
          if let visitors = try count(row, column, file, &empty, &collector) {
            pending.values.append((wideCategories[position], visitors))
          }
        }
      }
      guard pending.date != nil || pending.text != nil else { continue }
      if dates.order != nil && !orderBuffer.isEmpty { try flushOrder() }
      if pending.text != nil || !orderBuffer.isEmpty {
        orderBuffer.append(pending)
      } else {
        try monthStage(pending)
      }
    }
    try table.requireData()
    if !orderBuffer.isEmpty {
      if let message = dates.unsettledMessage, let first = dates.firstAmbiguous {
        try collector.add(
          Diagnostic(file: file, row: first.row, column: dateColumn + 1, message: message))
      } else {
        try flushOrder()
      }
    }
    if detectingMonths {
      let days = monthBuffer.compactMap { $0.date?.day == nil ? nil : $0.date }
      let months = Set(days.map { $0.year * 12 + $0.month })
      if months.count >= 2 {
        notes.append(
          "every date in column \(MessageText.quote(table.header[dateColumn])) is the first of "
            + "its month: read as month totals (frequency: daily, or --frequency daily, reads "
            + "them as days)")
        for var held in monthBuffer {
          held.date?.day = nil
          try emit(held)
        }
      } else {
        for held in monthBuffer { try emit(held) }
      }
    }
    if let note = dates.orderNote(column: table.header[dateColumn]) { notes.insert(note, at: 0) }
    if !hourly.isEmpty {
      for (key, value) in hourly.sorted(by: {
        ($0.value.line, $0.key.category) < ($1.value.line, $1.key.category)
      }) {
        body(
          VisitorCount(date: key.day, category: names[key.category], visitors: value.sum),
          value.line)
      }
      notes.append("\(summedHours) counts per hour summed to \(hourly.count) daily counts")
    }
    try collector.finish()
    return VisitorFile(
      counts: [], fileName: file, emptyCounts: empty, encodingNotice: nil,
      dateColumn: dateColumn + 1, notes: notes)
  }

  /// The count in a cell of `row`; `nil` for an empty cell (counted in `empty`) or a bad one
  /// (added to `collector`).
  @inline(__always)
  private static func count(
    _ row: Row, _ column: Int, _ file: String, _ empty: inout Int,
    _ collector: inout DiagnosticCollector
  ) throws(IngestError) -> Double? {
    if let whole = row.withField(column, CellParser.plainWholeNumber) { return Double(whole) }
    let countText = row[column]
    if countText.trimmingSpaces.isEmpty {
      empty += 1
    } else if let value = CellParser.integer(countText), value >= 0 {
      return Double(value)
    } else {
      try collector.add(
        Diagnostic(
          file: file, row: row.line, column: column + 1,
          message: "expected a whole number of visitors (0 or more), found "
            + Diagnostic.quote(countText)))
    }
    return nil
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
