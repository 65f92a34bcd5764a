import KPIModel

/// Employees and spells added one at a time as values with string ids, and the breakdown
/// they give (SPEC §5.3): for callers that build the data in memory (tests, small tools).
///
/// Add every employee first, then the spells, then ask for a ``report(period:years:disclosure:)``.
/// It is the three parts of the breakdown — ``SickLeaveEmployees``, ``SickLeaveSpells`` and
/// ``SickLeaveBreakdown`` — with a dictionary of ids in front; the file reader uses the parts
/// directly. Errors (overlapping spells, unknown employees, …) are collected, up to
/// ``SickLeaveError/maximumProblems``, and thrown together.
public struct SickLeaveTally: Sendable {
  /// Scheduled hours of a full-time employee over a year when the export has no `fte` (see
  /// ``SickLeaveEmployees/defaultFullTimeHours``).
  public static let defaultFullTimeHours = SickLeaveEmployees.defaultFullTimeHours

  private var persons: [String: Int] = [:]
  private var employees: SickLeaveEmployees
  private var spells: SickLeaveSpells?

  /// Scheduled hours of one full-time equivalent.
  public var fullTimeHours: Double { employees.fullTimeHours }

  /// Starts an empty tally.
  /// - Parameter fullTimeHours: Scheduled hours of one full-time equivalent per year, used
  ///   only for employees without `fte`.
  /// - Precondition: `fullTimeHours` > 0.
  public init(fullTimeHours: Double = defaultFullTimeHours) {
    employees = SickLeaveEmployees(fullTimeHours: fullTimeHours)
  }

  /// The periods that have employees, oldest first.
  public var periods: [Int] { employees.periods }

  /// Adds one employee-period.
  /// - Throws: ``SickLeaveError`` once ``SickLeaveError/maximumProblems`` problems are
  ///   collected (the same employee twice in a period; negative hours or FTE).
  /// - Precondition: no spell has been added yet.
  public mutating func add(_ employee: SickLeaveEmployee) throws(SickLeaveError) {
    precondition(spells == nil, "add every employee before the first spell")
    let person = persons[employee.id] ?? persons.count
    // An invalid row names no person, as if it were not there.
    let isValid =
      employee.scheduledHours.isFinite && employee.scheduledHours >= 0
      && (employee.fte.map { $0.isFinite && $0 >= 0 } ?? true) && employee.age >= 0
    if isValid { persons[employee.id] = person }
    try employees.add(
      person: person, period: employee.period, sex: employee.sex, age: employee.age,
      scheduledHours: employee.scheduledHours, fte: employee.fte, line: employee.line)
  }

  /// Adds one spell: its hours go to the periods it falls in, pro rata by calendar days;
  /// days in years without any employee rows are outside the data and left out.
  /// - Throws: ``SickLeaveError`` once ``SickLeaveError/maximumProblems`` problems are
  ///   collected (unknown employee, employee without a row in a year the spell falls in,
  ///   end before start, negative hours).
  public mutating func add(_ spell: SickLeaveSpell) throws(SickLeaveError) {
    var accumulator = spells ?? SickLeaveSpells(employees)
    defer { spells = accumulator }
    let problem = { (message: String) in
      SickLeaveError.Problem(.invalidSpell, input: .spells, line: spell.line, message: message)
    }
    let person = persons[spell.employeeID].map(Int32.init) ?? -1
    if person >= 0 {
      guard spell.start.day != nil, spell.end.day != nil else {
        try accumulator.record(problem("a spell needs whole days as start and end, not months"))
        return
      }
      guard spell.end >= spell.start else {
        try accumulator.record(
          problem("the spell ends (\(spell.end)) before it starts (\(spell.start))"))
        return
      }
      guard spell.sickHours.isFinite, spell.sickHours >= 0 else {
        try accumulator.record(problem("sick hours must be zero or more"))
        return
      }
    }
    try accumulator.add([
      SpellRecord(
        person: person, start: Int32(truncatingIfNeeded: spell.start.daysSince1970),
        end: Int32(truncatingIfNeeded: spell.end.daysSince1970),
        line: Int32(clamping: spell.line), hours: spell.sickHours)
    ])
  }

  /// The breakdown of the latest `years` periods up to `period` (see
  /// ``SickLeaveBreakdown/report(period:years:disclosure:)``).
  /// - Throws: ``SickLeaveError`` with every problem found while adding, overlapping spells,
  ///   sick hours above scheduled hours, or no employees in `period`.
  /// - Precondition: `years` ≥ 1.
  public func report(
    period: Int? = nil, years: Int = 3, disclosure: SickLeaveDisclosure = .published
  ) throws(SickLeaveError) -> SickLeaveReport {
    try SickLeaveBreakdown(employees: employees, spells: spells ?? SickLeaveSpells(employees))
      .report(period: period, years: years, disclosure: disclosure)
  }
}
