import CPrefetch
import KPIModel

/// The employee table of the sick-leave breakdown: one row per employee and period, in the
/// order added, each with the person it belongs to.
///
/// A person is a dense index (0, 1, 2, …) that the reader gives each distinct employee id;
/// the table never sees the ids themselves. The same person twice in one period is a
/// problem, kept with both rows' lines.
public struct SickLeaveEmployees: Sendable {
  /// Scheduled hours of a full-time employee over a year when the export has no `fte`:
  /// 40 hours × 52 weeks, the ordinary full-time week of the municipal agreement (AB) with
  /// public holidays counted as scheduled time.
  public static let defaultFullTimeHours = SickLeaveEntry.defaultFullTimeHours

  /// Scheduled hours of one full-time equivalent.
  public let fullTimeHours: Double

  /// One employee in one period, packed (32 bytes), since a large staff has hundreds of
  /// thousands of them.
  struct Row: Sendable {
    var scheduledHours: Double
    private var fteValue: Double
    private var personIndex: Int32
    private var lineNumber: Int32
    private var year: Int16
    var sex: Sex
    var ageGroup: AgeGroup

    init(
      person: Int, period: Int, sex: Sex, ageGroup: AgeGroup, scheduledHours: Double,
      fte: Double?, line: Int
    ) {
      self.scheduledHours = scheduledHours
      fteValue = fte ?? .nan
      personIndex = Int32(person)
      lineNumber = Int32(clamping: line)
      year = Int16(period)
      self.sex = sex
      self.ageGroup = ageGroup
    }

    var person: Int { Int(personIndex) }
    var period: Int { Int(year) }
    /// Full-time equivalents from the file, if it has them (never NaN there).
    var fte: Double? { fteValue.isNaN ? nil : fteValue }
    var line: Int { Int(lineNumber) }
  }

  private(set) var rows: [Row] = []
  /// Per person, its latest row (or −1) and a bit per period it has rows in (bit `period %
  /// 32`); per row, the person's row before it (or −1): the rows of a person as a short
  /// list, to find duplicates in little memory, walked only when the person's bit for the
  /// period is set (a duplicate, or periods 32 years apart).
  private var persons: [Person] = []
  private var previousRow: [Int32] = []

  /// A person's latest row and periods, in one word: a row of an employees file in random
  /// order reads memory at one place only.
  private struct Person: Sendable {
    var lastRow: Int32 = -1
    var periods: UInt32 = 0

    static func bit(_ period: Int) -> UInt32 { 1 << UInt32(period & 31) }
  }
  /// The periods that have employees, in the order first seen (a handful: a look through the
  /// list is cheaper than hashing every row).
  private(set) var periodList: [Int] = []
  /// Problems found while adding, in input order.
  private(set) var problems: [SickLeaveError.Problem] = []

  /// An empty table.
  /// - Parameter fullTimeHours: Scheduled hours of one full-time equivalent per year, used
  ///   only for employees without `fte`.
  /// - Precondition: `fullTimeHours` > 0.
  public init(fullTimeHours: Double = defaultFullTimeHours) {
    precondition(fullTimeHours > 0 && fullTimeHours.isFinite, "full-time hours must be > 0")
    self.fullTimeHours = fullTimeHours
  }

  /// Number of employee-periods.
  public var count: Int { rows.count }

  /// Number of persons: one more than the largest person added.
  public var personCount: Int { persons.count }

  /// The periods that have employees, oldest first.
  public var periods: [Int] { periodList.sorted() }

  /// Makes room for about `count` employee-periods at once (a large file's rows, estimated
  /// from its size): growing the arrays step by step would briefly hold them twice.
  public mutating func reserve(_ count: Int) {
    rows.reserveCapacity(count)
    previousRow.reserveCapacity(count)
  }

  /// Adds one employee-period.
  ///
  /// - Parameters:
  ///   - person: The employee's dense index (see the type's discussion).
  ///   - line: The row of the input, for messages.
  /// - Throws: ``SickLeaveError`` once ``SickLeaveError/maximumProblems`` problems are
  ///   collected (the same person twice in a period; negative or non-finite hours, FTE or
  ///   age, which a reader has rejected already, so this guards other callers).
  public mutating func add(
    person: Int, period: Int, sex: Sex, age: Int, scheduledHours: Double, fte: Double?,
    line: Int
  ) throws(SickLeaveError) {
    guard scheduledHours.isFinite, scheduledHours >= 0,
      fte.map({ $0.isFinite && $0 >= 0 }) ?? true, age >= 0
    else {
      try record(
        .init(
          .invalidEmployee, input: .employees, line: line,
          message: "scheduled hours, FTE and age must be zero or more"))
      return
    }
    if persons.count <= person {
      persons.append(contentsOf: repeatElement(Person(), count: person + 1 - persons.count))
    }
    let bit = Person.bit(period)
    if persons[person].periods & bit != 0, let earlier = row(person: person, period: period) {
      try record(
        .init(
          .duplicateEmployee, input: .employees, line: line, relatedLine: rows[earlier].line,
          message: "the employee is already listed for \(period) on line "
            + "\(rows[earlier].line)"))
      return
    }
    previousRow.append(persons[person].lastRow)
    persons[person].lastRow = Int32(rows.count)
    persons[person].periods |= bit
    if !periodList.contains(period) { periodList.append(period) }
    rows.append(
      Row(
        person: person, period: period, sex: sex, ageGroup: AgeGroup(age: age),
        scheduledHours: scheduledHours, fte: fte, line: line))
  }

  /// Asks for the memory that adding a row of `person` reads (a hint, for a reader that
  /// knows the persons of the rows to come).
  @inline(__always)
  public func prefetch(person: Int) {
    guard person < persons.count else { return }
    persons.withUnsafeBufferPointer { kpi_prefetch_write($0.baseAddress! + person) }
  }

  /// The scheduled hours of `person` in `period`, or `nil` when the table has no such row.
  public func scheduledHours(person: Int, period: Int) -> Double? {
    row(person: person, period: period).map { rows[$0].scheduledHours }
  }

  /// The row of (person, period), looked up through the person's short list.
  private func row(person: Int, period: Int) -> Int? {
    guard person < persons.count else { return nil }
    var row = Int(persons[person].lastRow)
    while row >= 0 {
      if rows[row].period == period { return row }
      row = Int(previousRow[row])
    }
    return nil
  }

  private mutating func record(_ problem: SickLeaveError.Problem) throws(SickLeaveError) {
    problems.append(problem)
    if problems.count >= SickLeaveError.maximumProblems { throw SickLeaveError(problems) }
  }
}
