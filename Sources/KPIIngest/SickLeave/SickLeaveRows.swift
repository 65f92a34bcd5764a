import Foundation
import KPIAnalysis
import KPIModel

/// A cell that does not hold what its column requires: its column (0-based) and what was
/// expected.
struct CellProblem: Sendable {
  var column: Int
  var message: String
}

extension DiagnosticCollector {
  /// Adds the problems of the record on `row` of `file` (columns counted from 1).
  /// - Throws: ``IngestError`` once the limit is reached.
  mutating func add(_ problems: [CellProblem], file: String, row: Int) throws(IngestError) {
    for problem in problems {
      try add(
        Diagnostic(file: file, row: row, column: problem.column + 1, message: problem.message))
    }
  }
}

/// Problems of one record, with the record's line (absolute, or within a block).
struct RowProblems: Sendable {
  var line: Int
  var problems: [CellProblem]
}

/// Finds the columns of one sick-leave file by the roles of a ``SickLeaveLayout``: a role's
/// names in order, the first the header has.
struct SickLeaveColumnFinder<Source: RowSource> {
  let table: TableReader<Source>
  let layout: SickLeaveLayout
  /// `employees` or `spells`, for messages.
  let purpose: String
  /// The roles not found, each with its message.
  var missing: [Diagnostic] = []

  /// The column of `role`, or `nil`; a role the layout names must be there.
  mutating func optional(_ role: String) -> Int? {
    let names = layout.names(role)
    for name in names {
      if let index = table.columnIndex(name) { return index }
    }
    if layout.columns[role] != nil { report(role, names) }
    return nil
  }

  /// The column of `role`; a missing one is remembered and `-1` returned.
  mutating func required(_ role: String) -> Int {
    if let index = optional(role) { return index }
    if layout.columns[role] == nil { report(role, layout.names(role)) }
    return -1
  }

  private mutating func report(_ role: String, _ names: [String]) {
    let others = names.dropFirst().map { MessageText.quote($0) }.joined(separator: ", ")
    let detail =
      layout.columns[role] != nil
      ? "\(purpose), the \(role) column the mapping names"
      : others.isEmpty ? purpose : "\(purpose), \(role); also looked for \(others)"
    do {
      _ = try table.requireColumn(names.first ?? role, purpose: detail)
    } catch {
      missing += error.diagnostics
    }
  }
}

/// Where the fields of an employee are, found by name as SPEC §4.2 gives them, or by the
/// Swedish names of ``SickLeaveLayout/defaultNames``.
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
  init<Source: RowSource>(_ table: TableReader<Source>, layout: SickLeaveLayout = .init())
    throws(IngestError)
  {
    var finder = SickLeaveColumnFinder(table: table, layout: layout, purpose: "employees")
    id = finder.required("employee_id")
    period = finder.required("period")
    sex = finder.required("sex")
    birthYear = finder.optional("birth_year")
    age = finder.optional("age")
    if birthYear == nil, age == nil, layout.columns["birth_year"] == nil,
      layout.columns["age"] == nil
    {
      let names = (layout.names("birth_year") + layout.names("age")).map {
        MessageText.quote($0)
      }
      finder.missing.append(
        Diagnostic(
          file: table.fileName, row: table.headerRows,
          message: "no column \"birth_year\" or \"age\" (employees; looked for "
            + names.joined(separator: ", ") + ")"))
    }
    hours = finder.required("scheduled_hours")
    fte = finder.optional("fte")
    employmentRate = fte == nil ? finder.optional("employment_rate") : nil
    count = table.header.count
    guard finder.missing.isEmpty else { throw IngestError(.missingColumn, finder.missing) }
  }
}

/// Where the fields of a spell are.
struct SpellColumns: Sendable {
  let id: Int
  let start: Int
  let end: Int
  let hours: Int
  let count: Int
  /// The cause and extent columns and what they need; `nil` for a file with neither, whose
  /// rows take the decoder's shortest path.
  let extra: SpellExtras?
  /// The order of day and month in numeric dates (`3/4/2025`): the layout's, or the one the
  /// reader settles from the dates before it reads the rows (``SpellDates``).
  var dayOrder: DayMonthOrder?

  /// The columns of a spells file.
  /// - Parameters:
  ///   - staff: The employees, to turn an extent into hours where a row has none.
  /// - Throws: ``IngestError`` `.missingColumn` naming every column that is missing.
  init<Source: RowSource>(
    _ table: TableReader<Source>, layout: SickLeaveLayout = .init(),
    staff: SickLeaveStaff? = nil
  ) throws(IngestError) {
    var finder = SickLeaveColumnFinder(table: table, layout: layout, purpose: "spells")
    id = finder.required("employee_id")
    start = finder.required("start")
    end = finder.required("end")
    hours = finder.required("sick_hours")
    let cause = finder.optional("cause")
    let extent = finder.optional("extent")
    count = table.header.count
    guard finder.missing.isEmpty else { throw IngestError(.missingColumn, finder.missing) }
    dayOrder = layout.dateFormat
    extra =
      cause == nil && extent == nil
      ? nil
      : SpellExtras(
        cause: cause, extent: extent,
        causes: SickCauses(layout.sickCauses ?? SickLeaveLayout.defaultSickCauses),
        staff: staff)
  }
}

/// What the decoder of a spells file with a cause or an extent column needs: the columns, the
/// causes that are sick leave with the count of the rows left out, and the employees' hours.
/// Shared by the workers of a block scan (the counts behind a lock, taken only for a row left
/// out).
final class SpellExtras: @unchecked Sendable {
  let cause: Int?
  let extent: Int?
  let causes: SickCauses
  let staff: SickLeaveStaff?
  private let lock = NSLock()
  /// The causes left out: by normalised name, the first spelling seen and the rows.
  private var others: [String: (name: String, rows: Int)] = [:]
  private var otherRows = 0

  init(cause: Int?, extent: Int?, causes: SickCauses, staff: SickLeaveStaff?) {
    self.cause = cause
    self.extent = extent
    self.causes = causes
    self.staff = staff
  }

  /// How many distinct causes are named in the note; the rest are summed as "övriga".
  static let namedCauses = 20

  /// Counts a row left out for its cause.
  func leaveOut(_ cell: UnsafeBufferPointer<UInt8>) {
    let name = String(decoding: CellParser.trimmed(cell), as: UTF8.self)
    let key = SickCauses.normalize(name)
    lock.lock()
    defer { lock.unlock() }
    otherRows += 1
    if var entry = others[key] {
      entry.rows += 1
      others[key] = entry
    } else if others.count < Self.namedCauses {
      others[key] = (name, 1)
    }
  }

  /// Forgets the rows counted, for a file read again row by row.
  func reset() {
    lock.lock()
    defer { lock.unlock() }
    others = [:]
    otherRows = 0
  }

  /// The rows left out, and per cause (most rows first, then by name) its rows.
  func leftOut() -> (rows: Int, causes: [(name: String, rows: Int)]) {
    lock.lock()
    defer { lock.unlock() }
    let named = others.values.sorted { $0.rows != $1.rows ? $0.rows > $1.rows : $0.name < $1.name }
    return (otherRows, named.map { ($0.name, $0.rows) })
  }
}

/// The absence causes that count as sick leave, compared without regard to case or runs of
/// spaces.
struct SickCauses: Sendable {
  /// The causes as given, as bytes, for the common case of a cell spelled as the list does.
  private let exact: [[UInt8]]
  private let normalized: Set<String>

  init(_ causes: [String]) {
    exact = causes.map { Array($0.utf8) }
    normalized = Set(causes.map(Self.normalize))
  }

  /// Whether a cause cell is sick leave.
  func contains(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
    let bytes = CellParser.trimmed(cell)
    for cause in exact where cause.count == bytes.count {
      if cause.elementsEqual(bytes) { return true }
    }
    return normalized.contains(Self.normalize(String(decoding: bytes, as: UTF8.self)))
  }

  /// Lower case, runs of white space made one space, trimmed.
  static func normalize(_ text: String) -> String {
    text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
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
    if let scheduled {
      if scheduled > SickLeaveCells.yearHours {
        problem(
          columns.hours,
          "expected the scheduled hours of one year (at most 8 784, 366 days × 24 hours), "
            + "found \(found(columns.hours))")
      }
    } else {
      problem(
        columns.hours,
        "expected scheduled hours (a number ≥ 0), found \(found(columns.hours))")
    }
    var equivalents: Double?
    if let fte = columns.fte {
      equivalents = SickLeaveCells.nonNegative(cells.cell(fte))
      if let equivalents, equivalents > SickLeaveCells.maximumFTE {
        problem(
          fte,
          "expected full-time equivalents of one employee (0–1.5; an employment rate in "
            + "percent belongs in an employment_rate or Sysselsättningsgrad column), found "
            + found(fte))
      } else if equivalents == nil {
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
  @inline(always)
  static func spell<Cells: RecordCells>(
    _ cells: Cells, _ columns: SpellColumns, _ problems: inout [CellProblem],
    _ months: inout MonthCache
  ) -> SpellRow? {
    if let extra = columns.extra {
      return extendedSpell(cells, columns, extra, &problems, &months)
    }
    let id = SickLeaveCells.id(cells.cell(columns.id))
    let first = CellParser.day(cells.cell(columns.start), &months, order: columns.dayOrder)
    let last = CellParser.day(cells.cell(columns.end), &months, order: columns.dayOrder)
    let hours = SickLeaveCells.nonNegative(cells.cell(columns.hours))
    if let id, let first, let last, let hours, last >= first {
      return SpellRow(id: id, start: first, end: last, hours: hours)
    }
    spellProblems(cells, columns, id: id, first: first, last: last, hours: hours, &problems)
    return nil
  }

  /// ``spell(_:_:_:_:)`` for a file with a cause or an extent column: a row whose cause is
  /// not sick leave is counted in `extra` and gives `nil` without a problem (the readers skip
  /// it); a row without hours but with an extent gets the hours of ``extentHours``.
  @inline(never)
  static func extendedSpell<Cells: RecordCells>(
    _ cells: Cells, _ columns: SpellColumns, _ extra: SpellExtras,
    _ problems: inout [CellProblem], _ months: inout MonthCache
  ) -> SpellRow? {
    if let cause = extra.cause, !extra.causes.contains(cells.cell(cause)) {
      extra.leaveOut(cells.cell(cause))
      return nil
    }
    let id = SickLeaveCells.id(cells.cell(columns.id))
    let first = CellParser.day(cells.cell(columns.start), &months, order: columns.dayOrder)
    let last = CellParser.day(cells.cell(columns.end), &months, order: columns.dayOrder)
    var hours = SickLeaveCells.nonNegative(cells.cell(columns.hours))
    var extentProblem: CellProblem?
    if hours == nil, let extent = extra.extent,
      CellParser.trimmed(cells.cell(columns.hours)).isEmpty
    {
      if let share = SickLeaveCells.extent(cells.cell(extent)) {
        if let id, let first, let last, last >= first {
          hours = extentHours(id, first, last, share, extra.staff)
        }
      } else {
        extentProblem = CellProblem(
          column: extent,
          message: "expected an extent of 25–100 % (0,25–1 or 25–100) for a row without "
            + "hours, found "
            + Diagnostic.quote(String(decoding: cells.cell(extent), as: UTF8.self)))
      }
    }
    if extentProblem == nil, let id, let first, let last, let hours, last >= first {
      return SpellRow(id: id, start: first, end: last, hours: hours)
    }
    spellProblems(
      cells, columns, id: id, first: first, last: last,
      hours: extentProblem == nil ? hours : 0, &problems)
    if let extentProblem { problems.append(extentProblem) }
    return nil
  }

  /// The sick hours of a part-time spell without hours: on each weekday (Monday–Friday) of
  /// the spell, the employee's scheduled hours of that year divided by the weekdays of the
  /// year, times the extent. A year without the employee adds nothing: the spell is then
  /// reported as an unknown employee's, as any spell would be.
  ///
  /// 2024 has 262 weekdays: 1 560 scheduled hours at 50 % for Monday–Sunday, 5 weekdays, is
  /// 5 × 1 560 / 262 × 0.5 = 14.885… hours.
  static func extentHours(
    _ id: UnsafeBufferPointer<UInt8>, _ first: Int, _ last: Int, _ extent: Double,
    _ staff: SickLeaveStaff?
  ) -> Double {
    guard let staff, let person = staff.persons.find(id) else { return 0 }
    var total = 0.0
    var year = CalendarDate.civil(daysSince1970: first).year
    while true {
      let yearStart = CalendarDate.daysSince1970(year: year, month: 1, day: 1)
      let yearEnd = CalendarDate.daysSince1970(year: year + 1, month: 1, day: 1) - 1
      if yearStart > last { break }
      if let scheduled = staff.employees.scheduledHours(person: person, period: year) {
        let days = SickLeaveCells.weekdays(max(first, yearStart), min(last, yearEnd))
        total +=
          Double(days) * scheduled / Double(SickLeaveCells.weekdays(yearStart, yearEnd))
          * extent
      }
      year += 1
    }
    return total
  }

  /// Appends what is wrong with a spell row whose cells did not all decode.
  @inline(never)
  static func spellProblems<Cells: RecordCells>(
    _ cells: Cells, _ columns: SpellColumns, id: UnsafeBufferPointer<UInt8>?, first: Int?,
    last: Int?, hours: Double?, _ problems: inout [CellProblem]
  ) {
    func problem(_ column: Int, _ message: String) {
      problems.append(CellProblem(column: column, message: message))
    }
    func found(_ column: Int) -> String {
      Diagnostic.quote(String(decoding: cells.cell(column), as: UTF8.self))
    }
    // A numeric date such as 1/31/2025 in a file whose first dates needed no order.
    func dateProblem(_ column: Int) -> String {
      let text = String(decoding: cells.cell(column), as: UTF8.self)
      if columns.dayOrder == nil, CellParser.dateText(text)?.needsOrder == true {
        return "cannot tell the day from the month in \(found(column)); give date_format: "
          + "d/m/yyyy or m/d/yyyy (--date-format on the command line)"
      }
      return "expected a date such as 2025-03-01, found \(found(column))"
    }
    if id == nil { problem(columns.id, "expected an employee id, found an empty cell") }
    if first == nil { problem(columns.start, dateProblem(columns.start)) }
    if last == nil {
      problem(columns.end, dateProblem(columns.end))
    } else if let first, let last, last < first {
      problem(
        columns.end,
        "the spell ends (\(date(last))) before it starts (\(date(first)))")
    }
    if hours == nil {
      problem(
        columns.hours, "expected sick hours (a number ≥ 0), found \(found(columns.hours))")
    }
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
