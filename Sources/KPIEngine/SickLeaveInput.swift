import Foundation
import KPIAnalysis
import KPIIngest
import KPIModel

/// The sick-leave breakdown from its two files: the one entry point the commands call.
///
/// Each file is read once (see ``SickLeaveReader``): the employees into their table, the
/// spells into an accumulator as they are read, whatever the order of either; then the
/// breakdown. It prints nothing: what the user should be told comes back as notices.
enum SickLeaveInput {
  /// Reads both files and computes the published breakdown.
  ///
  /// - Parameters:
  ///   - employees: The employees per period, CSV or XLSX.
  ///   - spells: The spells, CSV or XLSX.
  ///   - fullTimeHours: Scheduled hours of one full-time equivalent, for employees without
  ///     `fte`.
  ///   - period: The last year of the table; the latest in the employees file when `nil`.
  ///   - years: How many years the table spans.
  /// - Returns: The report, and notes for the user (a file read as Windows-1252, fewer years
  ///   than asked for).
  /// - Throws: ``IngestError`` for unreadable or malformed files and bad cells;
  ///   ``NoticedError`` (an ``IngestError`` with the notes) for data that do not fit together
  ///   (overlapping spells, unknown employees), located in the file they concern.
  static func report(
    employees: URL, spells: URL, fullTimeHours: Double, period: Int?, years: Int,
    layout: SickLeaveLayout = SickLeaveLayout()
  ) throws -> (report: SickLeaveReport, notices: [Notice]) {
    // Both opened first, so that a missing file is named before anything is read.
    let employeeTable = try TableReader.open(employees)
    let spellTable = try TableReader.open(spells)
    let files: [SickLeaveError.Input: String] = [
      .employees: employeeTable.fileName, .spells: spellTable.fileName,
    ]
    let located = { (error: SickLeaveError) in
      IngestError(
        .invalidValue,
        error.problems.map {
          Diagnostic(file: files[$0.input] ?? "", row: $0.line, message: $0.message)
        })
    }
    let staff: SickLeaveStaff
    let input: SickLeaveSpellInput
    do {
      staff = try SickLeaveReader.staff(
        employeeTable, fullTimeHours: fullTimeHours, layout: layout)
      input = try SickLeaveReader.spells(spellTable, of: staff, layout: layout)
    } catch let error as SickLeaveError {
      throw located(error)
    }
    // Both files are read: what they were read as is worth saying even if the data do not
    // fit together.
    var notices = [staff.notice, input.notice, input.causeNote, input.dateNote]
      .compactMap { $0 }.map { Notice(.note, $0) }
    let outside = input.spells.outsideYears
    if outside > 0 {
      let periods = staff.employees.periods.map(String.init).joined(separator: ", ")
      notices.append(
        Notice(
          .warning,
          "\(input.fileName): \(outside) spell\(outside == 1 ? " has" : "s have") days in years "
            + "the employees file has no rows for (it has \(periods)); those days are left out"))
    }
    let report: SickLeaveReport
    do {
      // The spells' only copy, so that what the breakdown no longer needs is let go.
      report = try SickLeaveBreakdown(employees: staff.employees, spells: (consume input).spells)
        .report(period: period, years: years)
    } catch {
      throw NoticedError(error: located(error), notices: notices)
    }
    if let period, report.years.count < years {
      let shown = report.years.map { String($0.period) }.joined(separator: ", ")
      notices.append(
        Notice(
          .note,
          "the employees file has no rows for some of the \(years) years up to \(period); "
            + "the table shows \(shown)"))
    }
    return (report, notices)
  }
}
