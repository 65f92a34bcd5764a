import Foundation
import KPIAnalysis
import KPIModel

/// Reads the two HR exports of the sick-leave breakdown (SPEC §4.2), CSV or XLSX, once each.
///
/// Columns are found by name, ignoring case and runs of white space:
///
/// - employees: `employee_id`, `period` (the year), `sex` (`K`/`M`, `kvinna`/`man`, also
///   `female`/`male`), `birth_year` or `age` (age in whole years at the end of the period;
///   with both, a row's birth year wins and `age` fills in where it is empty),
///   `scheduled_hours`, and optionally `fte` (årsarbetare in the period) or, failing that,
///   `employment_rate` (sysselsättningsgrad as a fraction, `0.75`, or percent, `75`; it is
///   the FTE of an employee employed the whole year).
/// - spells: `employee_id`, `start`, `end` (inclusive; ISO dates or Swedish, `3 mars 2025`),
///   `sick_hours`, and optionally `cause` (frånvaroorsak: rows of causes that are not sick
///   leave are left out and counted for a note) and `extent` (omfattning, 0.25–1 or 25–100:
///   the hours of a row without hours, see ``SickLeaveRows/extentHours(_:_:_:_:_:)``).
///
/// Each role is also found by the Swedish headers of ``SickLeaveLayout/defaultNames``
/// (`Anställningsnr`, `Kön`, `Frånvaroorsak`, `Datum from`, …), or by the names a
/// ``SickLeaveLayout`` gives it. An `fte` over 1.5 and scheduled hours over 8 784 are bad
/// cells.
///
/// Other columns (names, personal identity numbers, units) are ignored and never kept.
/// Bad cells are reported as `FILE:ROW:COLUMN: expected …, found "…"`, up to 20 at once.
///
/// A large UTF-8 CSV is read in blocks on every core (``CSVBlocks``), anything else — a small
/// file, a Windows-1252 one (transcoded once as it streams), a sheet of a workbook — row by
/// row; both hand each record's cells as bytes to the same row decoders (``SickLeaveRows``),
/// and blocks number their rows, so a bad cell is reported by the scan that found it. Spells
/// go to the accumulator as they are read, so a large spells file is never held whole, and
/// neither file is read twice (only a block that is not UTF-8, or cut inside a quoted line
/// break, makes the reader start over row by row).
public enum SickLeaveReader {
  /// `K`, `kvinna`, `kvinnor`, `F`, `female`, `woman` → woman; `M`, `man`, `män`, `male` →
  /// man; case and surrounding spaces ignored.
  public static func parseSex(_ text: String) -> Sex? {
    var text = text
    return text.withUTF8 { SickLeaveCells.sex($0) }
  }

  // MARK: - Employees

  /// Reads an employees file into an employee table.
  ///
  /// - Parameters:
  ///   - table: The file, header read.
  ///   - fullTimeHours: Scheduled hours of one full-time equivalent.
  /// - Throws: ``IngestError`` for missing columns and bad cells, ``SickLeaveError`` when
  ///   ``SickLeaveError/maximumProblems`` rows do not fit together (the same employee twice
  ///   in a period).
  public static func staff(
    _ table: TableReader<TableFile>, fullTimeHours: Double, layout: SickLeaveLayout = .init()
  ) throws -> SickLeaveStaff {
    try staff(table, fullTimeHours: fullTimeHours, layout: layout, blockSize: nil)
  }

  /// ``staff(_:fullTimeHours:)`` with the blocks' size and the size from which a file is
  /// read in blocks (tests and fuzzing cut small blocks: `threshold` 0 reads every CSV in
  /// blocks, `Int.max` none).
  public static func staff(
    _ table: TableReader<TableFile>, fullTimeHours: Double, layout: SickLeaveLayout = .init(),
    blockSize: Int?, threshold: Int = CSVBlocks.parallelThreshold
  ) throws -> SickLeaveStaff {
    var table = table
    let columns = try EmployeeColumns(table, layout: layout)
    var staff = SickLeaveStaff(
      employees: SickLeaveEmployees(fullTimeHours: fullTimeHours), fileName: table.fileName)
    if let layout = blockLayout(table, threshold: threshold) {
      let file = table.fileName
      var collector = DiagnosticCollector()
      var rows = 0
      // An employee row takes at least about 22 bytes (E1,2025,K,1990,2080,1 and a line
      // break): room for that many at once, so the arrays are not copied while they grow.
      let expected = (layout.fileSize - layout.dataStart) / 22
      staff.employees.reserve(expected)
      staff.ids.reserve(expected / 2)
      let finished = try CSVBlocks.scanCountingLines(
        layout, blockSize: blockSize, threshold: threshold
      ) { records in
        EmployeeBlock(&records, columns)
      } throwingMerge: { block, firstLine in
        rows += block.count
        try block.add(to: &staff, &collector, file: file, firstLine: firstLine)
      }
      if finished {
        if rows == 0 {
          throw IngestError(
            .malformed, file: file, row: table.headerRows,
            message: "the file has a header but no data rows")
        }
        try collector.finish()
        staff.finish()
        return staff
      }
      // A block the fast scan cannot read: row by row from the start.
      staff = SickLeaveStaff(
        employees: SickLeaveEmployees(fullTimeHours: fullTimeHours), fileName: file)
    }
    try eachEmployeeRow(&table, columns) { try staff.add($0, line: $1) }
    staff.notice = table.source.encodingNotice
    staff.finish()
    return staff
  }

  /// Decodes every row of an employees table with the one row decoder, handing each valid
  /// row and its line to `body` while its cells are in memory; the bad cells (up to 20) are
  /// reported after the last row, and a header without rows is an error.
  private static func eachEmployeeRow<Source: RowSource>(
    _ table: inout TableReader<Source>, _ columns: EmployeeColumns,
    _ body: (EmployeeRow, Int) throws -> Void
  ) throws {
    var collector = DiagnosticCollector()
    var problems: [CellProblem] = []
    while let row = try table.nextRow() {
      try RowCells.with(row) { cells in
        if let employee = SickLeaveRows.employee(cells, columns, &problems) {
          try body(employee, row.line)
        }
      }
      try collector.add(problems, file: table.fileName, row: row.line)
      problems = []
    }
    try table.requireData()
    try collector.finish()
  }

  /// Reads every row of an employees file as values, for callers that build a
  /// ``SickLeaveTally`` (the same decoders as ``staff(_:fullTimeHours:)``).
  /// - Parameters:
  ///   - table: The file, header read.
  ///   - body: Called with each valid row.
  /// - Throws: ``IngestError`` for missing columns and bad cells (after every row is read),
  ///   or what `body` throws.
  public static func readEmployees<Source: RowSource>(
    _ table: inout TableReader<Source>, layout: SickLeaveLayout = .init(),
    _ body: (SickLeaveEmployee) throws -> Void
  ) throws {
    let columns = try EmployeeColumns(table, layout: layout)
    try eachEmployeeRow(&table, columns) { employee, line in
      try body(
        SickLeaveEmployee(
          id: String(decoding: employee.id, as: UTF8.self), period: employee.period,
          sex: employee.sex, age: employee.age, scheduledHours: employee.scheduledHours,
          fte: employee.fte, line: line))
    }
  }

  // MARK: - Spells

  /// Reads a spells file into a spell accumulator for the employees of `staff`.
  ///
  /// - Throws: ``IngestError`` for missing columns and bad cells, ``SickLeaveError`` when
  ///   ``SickLeaveError/maximumProblems`` problems are found (with the employees' ones).
  ///   A file with a header and no rows is valid: nobody was ill.
  public static func spells(
    _ table: TableReader<TableFile>, of staff: SickLeaveStaff, layout: SickLeaveLayout = .init()
  ) throws -> SickLeaveSpellInput {
    try spells(table, of: staff, layout: layout, blockSize: nil)
  }

  /// ``spells(_:of:)`` with the blocks' size and the size from which a file is read in
  /// blocks (tests and fuzzing cut small blocks: `threshold` 0 reads every CSV in blocks,
  /// `Int.max` none).
  public static func spells(
    _ table: TableReader<TableFile>, of staff: SickLeaveStaff,
    layout: SickLeaveLayout = .init(), blockSize: Int?,
    threshold: Int = CSVBlocks.parallelThreshold
  ) throws -> SickLeaveSpellInput {
    var table = table
    var found = try SpellColumns(table, layout: layout, staff: staff)
    let dates = try SpellDates.settle(table, found)
    found.dayOrder = dates.order
    let columns = found
    let file = table.fileName
    if let layout = blockLayout(table, threshold: threshold) {
      // The accumulator's tables (tens of MB to zero) are made on a thread of their own,
      // while the person index is built and the first blocks are scanned.
      let employees = staff.employees
      let building = BackgroundValue { SickLeaveSpells(employees) }
      var built: SickLeaveSpells?
      func withAccumulator(_ body: (inout SickLeaveSpells) throws -> Void) rethrows {
        if built == nil { built = building.wait() }
        try body(&built!)
      }
      var collector = DiagnosticCollector()
      let persons = staff.persons
      let personCount = staff.employees.personCount
      // Clean blocks are added a few at a time (see ``SickLeaveSpells/add(groups:)``); a
      // block with problems after the ones before it, so that problems come in input order.
      var batch: [(block: SpellBlock, firstLine: Int)] = []
      let blocks = CSVBlocks.blocks(
        layout, blockSize: blockSize, largest: Self.spellBlockSize, threshold: threshold)
      // The last blocks are added one at a time: the workers are done with the file, or
      // nearly, and a block that waited for others would be added after them.
      let lastBatch = blocks.count - 2 * CSVBlocks.cores
      var merged = 0
      func flush() throws {
        guard !batch.isEmpty else { return }
        try withAccumulator { try SpellBlock.add(batch, to: &$0) }
        batch.removeAll(keepingCapacity: true)
      }
      let finished = try CSVBlocks.scanCountingLines(
        layout, blockSize: blocks.size, threshold: threshold
      ) { records in
        SpellBlock(&records, columns, persons, personCount: personCount)
      } throwingMerge: { block, firstLine in
        merged += 1
        if block.isClean {
          batch.append((block, firstLine))
          if batch.count == Self.blocksTogether || merged > lastBatch { try flush() }
        } else {
          try flush()
          try withAccumulator {
            try block.add(to: &$0, &collector, file: file, firstLine: firstLine)
          }
        }
      }
      if finished {
        try flush()
        try collector.finish()
        return SickLeaveSpellInput(
          spells: built ?? building.wait(), fileName: file, notice: nil,
          causeNote: causeNote(columns.extra, file: file), dateNote: dates.note)
      }
      // Read again row by row: the rows left out are counted again.
      columns.extra?.reset()
    }
    var accumulator = SickLeaveSpells(staff.employees)
    var collector = DiagnosticCollector()
    var problems: [CellProblem] = []
    var months = MonthCache()
    var pending: [SpellRecord] = []
    pending.reserveCapacity(4096)
    while let row = try table.nextRow() {
      try RowCells.with(row) { cells in
        if let spell = SickLeaveRows.spell(cells, columns, &problems, &months) {
          pending.append(
            record(
              spell, person: staff.persons.find(spell.id).map { Int32($0) } ?? -1, line: row.line))
          if pending.count == 4096 {
            try accumulator.add(pending)
            pending.removeAll(keepingCapacity: true)
          }
        }
      }
      if !problems.isEmpty {
        // The spells before first, so that problems of both kinds come in input order.
        try accumulator.add(pending)
        pending.removeAll(keepingCapacity: true)
        try collector.add(problems, file: file, row: row.line)
        problems = []
      }
    }
    try accumulator.add(pending)
    try collector.finish()
    return SickLeaveSpellInput(
      spells: accumulator, fileName: file, notice: table.source.encodingNotice,
      causeNote: causeNote(columns.extra, file: file), dateNote: dates.note)
  }

  /// What to say of the rows left out for their cause (`nil` when none was):
  /// `franvaro.csv: 25 rader med annan frånvaroorsak än sjukfrånvaro räknas inte (VAB: 25)`.
  static func causeNote(_ extra: SpellExtras?, file: String) -> String? {
    guard let extra, extra.cause != nil else { return nil }
    let (rows, causes) = extra.leftOut()
    guard rows > 0 else { return nil }
    var parts = causes.map { "\($0.name.isEmpty ? "utan orsak" : $0.name): \($0.rows)" }
    let named = causes.reduce(0) { $0 + $1.rows }
    if named < rows { parts.append("övriga: \(rows - named)") }
    return "\(file): \(rows) \(rows == 1 ? "rad" : "rader") med annan frånvaroorsak än "
      + "sjukfrånvaro räknas inte (\(parts.joined(separator: ", ")))"
  }

  /// Reads every row of a spells file as values, for callers that build a
  /// ``SickLeaveTally`` (the same decoders as ``spells(_:of:)``).
  /// - Parameters:
  ///   - table: The file, header read.
  ///   - body: Called with each valid row.
  /// - Throws: ``IngestError`` for missing columns and bad cells (after every row is read),
  ///   or what `body` throws. A file with a header and no rows is valid: nobody was ill.
  public static func readSpells<Source: RowSource>(
    _ table: inout TableReader<Source>, layout: SickLeaveLayout = .init(),
    _ body: (SickLeaveSpell) throws -> Void
  ) throws {
    let columns = try SpellColumns(table, layout: layout)
    var collector = DiagnosticCollector()
    var problems: [CellProblem] = []
    var months = MonthCache()
    while let row = try table.nextRow() {
      try RowCells.with(row) { cells in
        if let spell = SickLeaveRows.spell(cells, columns, &problems, &months) {
          try body(
            SickLeaveSpell(
              employeeID: String(decoding: spell.id, as: UTF8.self),
              start: SickLeaveRows.date(spell.start), end: SickLeaveRows.date(spell.end),
              sickHours: spell.hours, line: row.line))
        }
      }
      try collector.add(problems, file: table.fileName, row: row.line)
      problems = []
    }
    try collector.finish()
  }

  // MARK: - Helpers

  /// How many clean blocks of spells are added to the accumulator together: 16 of 2 MB,
  /// about 900 000 spells, so that spells in random order bring each person's memory in
  /// for several spells rather than for one.
  static let blocksTogether = 16

  /// The size of a block of a large spells file: half the usual, so that the blocks scanned
  /// while others wait to be added together (``blocksTogether``) hold half as much memory.
  static let spellBlockSize = CSVBlocks.blockSize / 2

  /// The blocks of a CSV to read in parallel: a UTF-8 file (as far as its start shows) with
  /// more than `threshold` bytes of data; `nil` for anything to read row by row.
  private static func blockLayout(_ table: TableReader<TableFile>, threshold: Int)
    -> CSVBlocks.Layout?
  {
    guard table.source.encodingNotice == nil, let layout = table.blockLayout,
      layout.fileSize - layout.dataStart > threshold
    else { return nil }
    return layout
  }

  /// The accumulator's record of a decoded spell.
  @inline(__always)
  static func record(_ spell: SpellRow, person: Int32, line: Int) -> SpellRecord {
    SpellRecord(
      person: person, start: Int32(truncatingIfNeeded: spell.start),
      end: Int32(truncatingIfNeeded: spell.end), line: Int32(clamping: line),
      hours: spell.hours)
  }
}

/// The employees of a sick-leave breakdown as read from their file: the table, and the ids
/// that name its persons (kept in the reader's module, never written anywhere).
public struct SickLeaveStaff: Sendable {
  /// The employee table.
  public internal(set) var employees: SickLeaveEmployees
  /// Employee ids by their bytes while the file is read; a person is the id's index.
  var ids = ByteTable()
  /// The persons of the ids for the spells, made once every employee is read
  /// (``finish()``), which lets the ids' table go (for numbered ids, 12 MB of 200 000).
  private(set) var persons = PersonIndex(ByteTable())
  /// The file's name for messages.
  public let fileName: String
  /// What to tell the user about the file's encoding (not UTF-8), if anything.
  public internal(set) var notice: String?

  init(employees: SickLeaveEmployees, fileName: String) {
    self.employees = employees
    self.fileName = fileName
  }

  /// Makes the persons' index of the ids read, for the spells.
  mutating func finish() {
    persons = PersonIndex(ids)
    ids = ByteTable()
  }

  /// Adds a decoded row, its id made a person.
  mutating func add(_ employee: EmployeeRow, line: Int) throws(SickLeaveError) {
    let person = ids.insert(employee.id)
    try employees.add(
      person: person, period: employee.period, sex: employee.sex, age: employee.age,
      scheduledHours: employee.scheduledHours, fte: employee.fte, line: line)
  }
}

/// The spells of a sick-leave breakdown as read from their file.
public struct SickLeaveSpellInput: Sendable {
  /// The spells, added to the employees' periods.
  public var spells: SickLeaveSpells
  /// The file's name for messages.
  public let fileName: String
  /// What to tell the user about the file's encoding (not UTF-8), if anything.
  public let notice: String?
  /// How many rows were left out for a cause other than sick leave, and which causes.
  public let causeNote: String?
  /// Which order of day and month numeric dates were read in, when they needed one.
  public let dateNote: String?
}
