import KPIModel

/// Reads the two HR exports of the sick-leave breakdown (SPEC §4.2), CSV or XLSX.
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
///   `sick_hours`.
///
/// Other columns (names, personal identity numbers, units) are ignored and never kept.
/// Bad cells are reported as `FILE:ROW:COLUMN: expected …, found "…"`, up to 20 at once;
/// valid rows go to the caller one at a time, so a large spells file is never held whole.
public enum SickLeaveReader {
  /// The periods (years) an employees file may give; the fast reader checks the same.
  static let periods = 1900...2200
  /// The ages an employee may have, given or from the birth year.
  static let ages = 14...100

  /// The birth years that make an age in ``ages`` in `year`.
  static func birthYears(in year: Int) -> ClosedRange<Int> {
    (year - ages.upperBound)...(year - ages.lowerBound)
  }

  /// Reads every row of an employees file.
  /// - Parameters:
  ///   - table: The file, header read.
  ///   - body: Called with each valid row.
  /// - Throws: ``IngestError`` for missing columns and bad cells (after every row is read),
  ///   or what `body` throws.
  public static func readEmployees<Source: RowSource>(
    _ table: inout TableReader<Source>, _ body: (SickLeaveEmployee) throws -> Void
  ) throws {
    var missing: [Diagnostic] = []
    func find(_ name: String) -> Int? {
      do {
        return try table.requireColumn(name, purpose: "employees")
      } catch {
        missing += error.diagnostics
        return nil
      }
    }
    let id = find("employee_id")
    let period = find("period")
    let sex = find("sex")
    let birthYear = table.columnIndex("birth_year")
    let age = table.columnIndex("age")
    if birthYear == nil, age == nil {
      missing.append(
        Diagnostic(
          file: table.fileName, row: table.headerRows,
          message: "no column \"birth_year\" or \"age\" (employees)"))
    }
    let hours = find("scheduled_hours")
    let fte = table.columnIndex("fte")
    let employmentRate = fte == nil ? table.columnIndex("employment_rate") : nil
    guard missing.isEmpty, let id, let period, let sex, let hours else {
      throw IngestError(.missingColumn, missing)
    }

    var collector = DiagnosticCollector()
    let file = table.fileName
    while let row = try table.nextRow() {
      var problems: [Diagnostic] = []
      func problem(_ column: Int, _ message: String) {
        problems.append(Diagnostic(file: file, row: row.line, column: column + 1, message: message))
      }
      let employeeID = String(row[id].trimmingSpaces)
      if employeeID.isEmpty { problem(id, "expected an employee id, found an empty cell") }
      let year = CellParser.integer(row[period]).flatMap { periods.contains($0) ? $0 : nil }
      if year == nil {
        problem(period, "expected a year such as 2025, found \(Diagnostic.quote(row[period]))")
      }
      let parsedSex = parseSex(row[sex])
      if parsedSex == nil {
        problem(sex, "expected K or M (kvinna or man), found \(Diagnostic.quote(row[sex]))")
      }
      var parsedAge: Int?
      if let birthYear, !row.isEmpty(birthYear) {
        // Without a valid period the age is unknown; the period's error says enough.
        if let year {
          if let born = CellParser.integer(row[birthYear]), birthYears(in: year).contains(born) {
            parsedAge = year - born
          } else {
            problem(
              birthYear,
              "expected a birth year 14 to 100 years before the period, found "
                + Diagnostic.quote(row[birthYear]))
          }
        }
      } else if let age {
        if let years = CellParser.integer(row[age]), ages.contains(years) {
          parsedAge = years
        } else {
          problem(age, "expected an age in years (14–100), found \(Diagnostic.quote(row[age]))")
        }
      } else if let birthYear {
        problem(birthYear, "expected a birth year, found an empty cell")
      }
      let scheduled = CellParser.number(row[hours]).flatMap { $0 >= 0 ? $0 : nil }
      if scheduled == nil {
        problem(
          hours,
          "expected scheduled hours (a number ≥ 0), found \(Diagnostic.quote(row[hours]))")
      }
      var equivalents: Double?
      if let fte {
        equivalents = CellParser.number(row[fte]).flatMap { $0 >= 0 ? $0 : nil }
        if equivalents == nil {
          problem(fte, "expected full-time equivalents (≥ 0), found \(Diagnostic.quote(row[fte]))")
        }
      } else if let employmentRate {
        equivalents = CellParser.number(row[employmentRate]).flatMap(fraction)
        if equivalents == nil {
          problem(
            employmentRate,
            "expected an employment rate (0.75 or 75), found "
              + Diagnostic.quote(row[employmentRate]))
        }
      }
      for diagnostic in problems { try collector.add(diagnostic) }
      guard problems.isEmpty, let year, let parsedSex, let parsedAge, let scheduled else {
        continue
      }
      try body(
        SickLeaveEmployee(
          id: employeeID, period: year, sex: parsedSex, age: parsedAge,
          scheduledHours: scheduled, fte: equivalents, line: row.line))
    }
    try table.requireData()
    try collector.finish()
  }

  /// Reads every row of a spells file.
  /// - Parameters:
  ///   - table: The file, header read.
  ///   - body: Called with each valid row.
  /// - Throws: ``IngestError`` for missing columns and bad cells (after every row is read),
  ///   or what `body` throws. A file with a header and no rows is valid: nobody was ill.
  public static func readSpells<Source: RowSource>(
    _ table: inout TableReader<Source>, _ body: (SickLeaveSpell) throws -> Void
  ) throws {
    var missing: [Diagnostic] = []
    func find(_ name: String) -> Int? {
      do {
        return try table.requireColumn(name, purpose: "spells")
      } catch {
        missing += error.diagnostics
        return nil
      }
    }
    let id = find("employee_id")
    let start = find("start")
    let end = find("end")
    let hours = find("sick_hours")
    guard missing.isEmpty, let id, let start, let end, let hours else {
      throw IngestError(.missingColumn, missing)
    }

    var collector = DiagnosticCollector()
    let file = table.fileName
    while let row = try table.nextRow() {
      var problems: [Diagnostic] = []
      func problem(_ column: Int, _ message: String) {
        problems.append(Diagnostic(file: file, row: row.line, column: column + 1, message: message))
      }
      let employeeID = String(row[id].trimmingSpaces)
      if employeeID.isEmpty { problem(id, "expected an employee id, found an empty cell") }
      let first = day(row[start])
      if first == nil {
        problem(start, "expected a date such as 2025-03-01, found \(Diagnostic.quote(row[start]))")
      }
      let last = day(row[end])
      if last == nil {
        problem(end, "expected a date such as 2025-03-01, found \(Diagnostic.quote(row[end]))")
      } else if let first, let last, last < first {
        problem(end, "the spell ends (\(last)) before it starts (\(first))")
      }
      let sick = CellParser.number(row[hours]).flatMap { $0 >= 0 ? $0 : nil }
      if sick == nil {
        problem(
          hours, "expected sick hours (a number ≥ 0), found \(Diagnostic.quote(row[hours]))")
      }
      for diagnostic in problems { try collector.add(diagnostic) }
      guard problems.isEmpty, let first, let last, let sick else { continue }
      try body(
        SickLeaveSpell(
          employeeID: employeeID, start: first, end: last, sickHours: sick, line: row.line))
    }
    try collector.finish()
  }

  /// `K`, `kvinna`, `kvinnor`, `F`, `female`, `woman` → woman; `M`, `man`, `män`, `male` →
  /// man; case and surrounding spaces ignored.
  public static func parseSex(_ text: String) -> Sex? {
    switch text.trimmingSpaces.lowercased() {
    case "k", "kvinna", "kvinnor", "f", "female", "woman", "w": .woman
    case "m", "man", "män", "male": .man
    default: nil
    }
  }

  /// A whole day, not a month.
  static func day(_ text: String) -> CalendarDate? {
    CellParser.date(text).flatMap { $0.day == nil ? nil : $0 }
  }

  /// An employment rate as a fraction: `0.75` stays, `75` (percent) becomes 0.75; nobody is
  /// employed at 1 %, so 1 is full time.
  static func fraction(_ value: Double) -> Double? {
    switch value {
    case 0...1: value
    case 1...100: value / 100
    default: nil
    }
  }
}
