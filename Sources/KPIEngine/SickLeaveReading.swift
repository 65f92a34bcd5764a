import Foundation
import KPIAnalysis
import KPIIngest
import KPIModel

/// Reads the employees and spells of a sick-leave analysis into a tally and computes the
/// published breakdown.
struct SickLeaveReading {
  var employees: URL
  var spells: URL
  var fullTimeHours: Double
  var period: Int?
  var years: Int

  /// The breakdown; notes about the input (its encoding, years missing) go to `notices`.
  /// - Throws: ``IngestError`` for unreadable or malformed files and for data that do not fit
  ///   together (overlapping spells, unknown employees), located in the file it concerns.
  func report(notices: inout [Notice]) throws -> SickLeaveReport {
    if let report = try Self.fastReport(
      employees: TableReader.open(employees), spells: TableReader.open(spells),
      fullTimeHours: fullTimeHours, period: period, years: years)
    {
      noteMissingYears(report, &notices)
      return report
    }
    return try ordinaryReport(notices: &notices)
  }

  /// Notes when the table has fewer years than asked for.
  func noteMissingYears(_ report: SickLeaveReport, _ notices: inout [Notice]) {
    if let period, report.years.count < years {
      let shown = report.years.map { String($0.period) }.joined(separator: ", ")
      notices.append(
        Notice(
          .note,
          "the employees file has no rows for some of the \(years) years up to "
            + "\(period); the table shows \(shown)"))
    }
  }

  /// Adds the spells of a large, well-formed CSV by the fast path (``CSVBlocks``), or returns
  /// `false` when that does not apply or gives up.
  static func fastSpells(
    _ tally: inout SickLeaveTally, _ table: TableReader<TableFile>, inOrder: Bool
  ) -> Bool {
    guard let layout = table.blockLayout, let columns = SickLeaveReader.spellColumns(table)
    else { return false }
    tally.prepareForSpells(inOrder: inOrder)
    guard !tally.hasDuplicateRows else { return false }
    let persons = tally.personTable
    // A spell that needs a message (or one out of the promised order) stops the scan.
    return CSVBlocks.scan(layout) { records in
      SickLeaveReader.parseSpells(&records, columns: columns, persons: persons)
    } mergeWhile: { spells in
      tally.addSpells(spells)
    }
  }

  /// The report by the fast path: both files large, well-formed UTF-8 CSV and the data
  /// without a problem; `nil` otherwise, and the ordinary reading reports what is wrong.
  static func fastReport(
    employees: TableReader<TableFile>, spells: TableReader<TableFile>, fullTimeHours: Double,
    period: Int?, years: Int
  ) -> SickLeaveReport? {
    guard let layout = employees.blockLayout,
      let columns = SickLeaveReader.employeeColumns(employees)
    else { return nil }
    var tally = SickLeaveTally(fullTimeHours: fullTimeHours)
    // An employee row takes at least about 22 bytes (E1,2025,K,1990,2080,1 and a line break):
    // room for that many at once, so the arrays are not copied while they grow.
    tally.reserveEmployees((layout.fileSize - layout.dataStart) / 22)
    let finished = CSVBlocks.scan(layout) { records in
      SickLeaveReader.parseEmployees(&records, columns: columns).flatMap {
        SickLeaveTally.EmployeeBatch($0)
      }
    } merge: { batch in
      tally.addEmployees(batch)
    }
    guard finished else { return nil }
    // First as exports list spells, each employee's in order; failing that, in any order,
    // with the same employees.
    var added = fastSpells(&tally, spells, inOrder: true)
    if !added {
      tally.removeSpells()
      added = fastSpells(&tally, spells, inOrder: false)
    }
    guard added, let report = try? tally.report(period: period, years: years) else { return nil }
    return report
  }

  func ordinaryReport(notices: inout [Notice]) throws -> SickLeaveReport {
    var tally = SickLeaveTally(fullTimeHours: fullTimeHours)
    var employeeTable = try TableReader.open(employees)
    var spellTable = try TableReader.open(spells)
    let files: [SickLeaveError.Input: String] = [
      .employees: employeeTable.fileName, .spells: spellTable.fileName,
    ]
    do {
      try SickLeaveReader.readEmployees(&employeeTable) { try tally.add($0) }
      try SickLeaveReader.readSpells(&spellTable) { try tally.add($0) }
      if tally.hasUnnamedOverlaps {
        // Name the earlier spell of each overlap: read the spells once more.
        var again = try TableReader.open(spells)
        try SickLeaveReader.readSpells(&again) { tally.resolveOverlaps(with: $0) }
      }
      for notice in [employeeTable.source.encodingNotice, spellTable.source.encodingNotice] {
        if let notice { notices.append(Notice(.note, notice)) }
      }
      let report = try tally.report(period: period, years: years)
      noteMissingYears(report, &notices)
      return report
    } catch let error as SickLeaveError {
      throw IngestError(
        .invalidValue,
        error.problems.map {
          Diagnostic(file: files[$0.input] ?? "", row: $0.line, message: $0.message)
        })
    }
  }
}
