import KPIAnalysis
import KPIModel

/// A cell that does not hold what its column requires: its column (0-based) and what was
/// expected.
struct CellProblem: Sendable {
  var column: Int
  var message: String
}

/// Problems of one record, with the record's line (absolute, or within a block).
struct RowProblems: Sendable {
  var line: Int
  var problems: [CellProblem]
}

/// Where the fields of an employee are, found by name as SPEC §4.2 gives them.
struct EmployeeColumns: Sendable {
  let id: Int
  let period: Int
  let sex: Int
  let birthYear: Int?
  let age: Int?
  let hours: Int
  /// `fte`, or failing that `employment_rate`: decided here, once.
  let fte: Int?
  let employmentRate: Int?
  let count: Int

  /// The columns of an employees file.
  /// - Throws: ``IngestError`` `.missingColumn` naming every column that is missing.
  init<Source: RowSource>(_ table: TableReader<Source>) throws(IngestError) {
    var missing: [Diagnostic] = []
    func find(_ name: String) -> Int {
      do {
        return try table.requireColumn(name, purpose: "employees")
      } catch {
        missing += error.diagnostics
        return -1
      }
    }
    id = find("employee_id")
    period = find("period")
    sex = find("sex")
    birthYear = table.columnIndex("birth_year")
    age = table.columnIndex("age")
    if birthYear == nil, age == nil {
      missing.append(
        Diagnostic(
          file: table.fileName, row: table.headerRows,
          message: "no column \"birth_year\" or \"age\" (employees)"))
    }
    hours = find("scheduled_hours")
    fte = table.columnIndex("fte")
    employmentRate = fte == nil ? table.columnIndex("employment_rate") : nil
    count = table.header.count
    guard missing.isEmpty else { throw IngestError(.missingColumn, missing) }
  }
}

/// Where the fields of a spell are.
struct SpellColumns: Sendable {
  let id: Int
  let start: Int
  let end: Int
  let hours: Int
  let count: Int

  /// The columns of a spells file.
  /// - Throws: ``IngestError`` `.missingColumn` naming every column that is missing.
  init<Source: RowSource>(_ table: TableReader<Source>) throws(IngestError) {
    var missing: [Diagnostic] = []
    func find(_ name: String) -> Int {
      do {
        return try table.requireColumn(name, purpose: "spells")
      } catch {
        missing += error.diagnostics
        return -1
      }
    }
    id = find("employee_id")
    start = find("start")
    end = find("end")
    hours = find("sick_hours")
    count = table.header.count
    guard missing.isEmpty else { throw IngestError(.missingColumn, missing) }
  }
}

/// One valid employee row; the id's bytes are valid as long as the record's.
struct EmployeeRow {
  var id: UnsafeBufferPointer<UInt8>
  var period: Int
  var sex: Sex
  var age: Int
  var scheduledHours: Double
  var fte: Double?
}

/// One valid spell row; the id's bytes are valid as long as the record's.
struct SpellRow {
  var id: UnsafeBufferPointer<UInt8>
  /// Days since 1970-01-01.
  var start: Int
  var end: Int
  var hours: Double
}

/// The row decoders: one per input kind, the same for every source (see ``RecordCells``).
enum SickLeaveRows {
  /// Decodes an employee row, or appends what is wrong with it to `problems` (in the order
  /// of the checks) and returns `nil`.
  @inline(__always)
  static func employee<Cells: RecordCells>(
    _ cells: Cells, _ columns: EmployeeColumns, _ problems: inout [CellProblem]
  ) -> EmployeeRow? {
    let before = problems.count
    func problem(_ column: Int, _ message: String) {
      problems.append(CellProblem(column: column, message: message))
    }
    func found(_ column: Int) -> String {
      Diagnostic.quote(String(decoding: cells.cell(column), as: UTF8.self))
    }
    let id = SickLeaveCells.id(cells.cell(columns.id))
    if id == nil { problem(columns.id, "expected an employee id, found an empty cell") }
    let year = CellParser.integer(cells.cell(columns.period)).flatMap {
      SickLeaveCells.periods.contains($0) ? $0 : nil
    }
    if year == nil {
      problem(columns.period, "expected a year such as 2025, found \(found(columns.period))")
    }
    let sex = SickLeaveCells.sex(cells.cell(columns.sex))
    if sex == nil {
      problem(columns.sex, "expected K or M (kvinna or man), found \(found(columns.sex))")
    }
    // The birth year where a row has one, else the age.
    var age: Int?
    if let birthYear = columns.birthYear, !cells.cell(birthYear).isEmpty {
      // Without a valid period the age is unknown; the period's error says enough.
      if let year {
        if let born = CellParser.integer(cells.cell(birthYear)),
          SickLeaveCells.birthYears(in: year).contains(born)
        {
          age = year - born
        } else {
          problem(
            birthYear,
            "expected a birth year 14 to 100 years before the period, found "
              + found(birthYear))
        }
      }
    } else if let column = columns.age {
      if let years = CellParser.integer(cells.cell(column)), SickLeaveCells.ages.contains(years) {
        age = years
      } else {
        problem(column, "expected an age in years (14–100), found \(found(column))")
      }
    } else if let birthYear = columns.birthYear {
      problem(birthYear, "expected a birth year, found an empty cell")
    }
    let scheduled = SickLeaveCells.nonNegative(cells.cell(columns.hours))
    if scheduled == nil {
      problem(
        columns.hours,
        "expected scheduled hours (a number ≥ 0), found \(found(columns.hours))")
    }
    var equivalents: Double?
    if let fte = columns.fte {
      equivalents = SickLeaveCells.nonNegative(cells.cell(fte))
      if equivalents == nil {
        problem(fte, "expected full-time equivalents (≥ 0), found \(found(fte))")
      }
    } else if let rate = columns.employmentRate {
      equivalents = SickLeaveCells.fraction(cells.cell(rate))
      if equivalents == nil {
        problem(rate, "expected an employment rate (0.75 or 75), found \(found(rate))")
      }
    }
    guard problems.count == before, let id, let year, let sex, let age, let scheduled else {
      return nil
    }
    return EmployeeRow(
      id: id, period: year, sex: sex, age: age, scheduledHours: scheduled, fte: equivalents)
  }

  /// Decodes a spell row, or appends what is wrong with it to `problems` and returns `nil`.
  /// `months`: the months of the dates read so far (see ``MonthCache``).
  @inline(__always)
  static func spell<Cells: RecordCells>(
    _ cells: Cells, _ columns: SpellColumns, _ problems: inout [CellProblem],
    _ months: inout MonthCache
  ) -> SpellRow? {
    let id = SickLeaveCells.id(cells.cell(columns.id))
    let first = CellParser.day(cells.cell(columns.start), &months)
    let last = CellParser.day(cells.cell(columns.end), &months)
    let hours = SickLeaveCells.nonNegative(cells.cell(columns.hours))
    if let id, let first, let last, let hours, last >= first {
      return SpellRow(id: id, start: first, end: last, hours: hours)
    }
    func problem(_ column: Int, _ message: String) {
      problems.append(CellProblem(column: column, message: message))
    }
    func found(_ column: Int) -> String {
      Diagnostic.quote(String(decoding: cells.cell(column), as: UTF8.self))
    }
    if id == nil { problem(columns.id, "expected an employee id, found an empty cell") }
    if first == nil {
      problem(columns.start, "expected a date such as 2025-03-01, found \(found(columns.start))")
    }
    if last == nil {
      problem(columns.end, "expected a date such as 2025-03-01, found \(found(columns.end))")
    } else if let first, let last, last < first {
      problem(
        columns.end,
        "the spell ends (\(date(last))) before it starts (\(date(first)))")
    }
    if hours == nil {
      problem(
        columns.hours, "expected sick hours (a number ≥ 0), found \(found(columns.hours))")
    }
    return nil
  }

  /// The day `days` after 1970-01-01, for messages.
  static func date(_ days: Int) -> CalendarDate {
    let civil = CalendarDate.civil(daysSince1970: days)
    return CalendarDate(year: civil.year, month: civil.month, day: civil.day)!
  }

  /// The problem of a record whose number of fields is not the header's, as ``TableReader``
  /// reports it; `nil` when it fits.
  @inline(__always)
  static func raggedProblem(_ record: RecordView, columns: Int) -> CellProblem? {
    guard record.count != columns, !record.fits(columns: columns) else { return nil }
    return ragged(record, columns: columns)
  }

  @inline(never)
  private static func ragged(_ record: RecordView, columns: Int) -> CellProblem {
    let column =
      record.count > columns
      ? (columns..<record.count).first { !record.field($0).isEmpty } ?? columns : record.count
    return CellProblem(
      column: column,
      message: "expected \(columns) fields as in the header, found \(record.count)")
  }
}
