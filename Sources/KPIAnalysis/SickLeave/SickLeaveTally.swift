import KPIModel

/// Accumulates employees and their sick-leave spells and turns them into the breakdown the
/// law on municipal accounts requires (SPEC §5.3), with small groups withheld.
///
/// Add every employee first, then the spells, then ask for a ``report(period:years:disclosure:)``:
///
/// - rate = sick hours / scheduled hours, in total, for women and men, and for the age bands
///   ≤ 29, 30–49 and ≥ 50 (age in whole years at the end of the period), each also by sex;
///   an employee without spells contributes scheduled hours and no sick hours.
/// - share of a spell class = sick hours in spells of 1–14, 15–59 or ≥ 60 calendar days / all
///   sick hours, in total and by sex; the three add up to 1.
/// - A spell crossing a year boundary is split at the boundary for hours, pro rata by
///   calendar days (a 22-day spell with 12 days in 2024 gives 12/22 of its hours to 2024), but
///   is classed by its whole length in both years.
/// - Head count, and full-time equivalents from the employees' `fte` when given, else
///   scheduled hours / ``fullTimeHours``.
///
/// Withholding follows ``SickLeaveSuppression``. Errors (overlapping spells, unknown
/// employees, …) are collected, up to ``SickLeaveError/maximumProblems``, and thrown
/// together.
public struct SickLeaveTally: Sendable {
  /// Scheduled hours of a full-time employee over a year when the export has no `fte`:
  /// 40 hours × 52 weeks, the ordinary full-time week of the municipal agreement (AB) with
  /// public holidays counted as scheduled time.
  public static let defaultFullTimeHours = 2080.0

  /// Scheduled hours of one full-time equivalent.
  public let fullTimeHours: Double

  struct EmployeePeriod: Sendable {
    var person: Int
    var period: Int
    var sex: Sex
    var ageGroup: AgeGroup
    var scheduledHours: Double
    var fte: Double?
    var line: Int
    /// Sick hours per ``SpellClass``, this period's part only.
    var sick = SIMD3<Double>()
  }

  /// A spell reduced to what the overlap check needs.
  struct Span: Sendable {
    var person: Int32
    var start: Int32
    var end: Int32
    var line: Int32
  }

  private var personIndex: [String: Int] = [:]
  private(set) var rows: [EmployeePeriod] = []
  private var rowIndex: [Int: Int] = [:]
  private var periodSet: Set<Int> = []
  private var spans: [Span] = []
  private var problems: [SickLeaveError.Problem] = []
  private var hasSpells = false

  /// Starts an empty tally.
  /// - Parameter fullTimeHours: Scheduled hours of one full-time equivalent per year, used
  ///   only for employees without `fte`.
  /// - Precondition: `fullTimeHours` > 0.
  public init(fullTimeHours: Double = defaultFullTimeHours) {
    precondition(fullTimeHours > 0 && fullTimeHours.isFinite, "full-time hours must be > 0")
    self.fullTimeHours = fullTimeHours
  }

  /// The periods that have employees, oldest first.
  public var periods: [Int] { periodSet.sorted() }

  private static func key(person: Int, period: Int) -> Int { person &* 10_000 &+ period }

  private mutating func record(_ problem: SickLeaveError.Problem) throws(SickLeaveError) {
    problems.append(problem)
    if problems.count >= SickLeaveError.maximumProblems { throw SickLeaveError(problems) }
  }

  /// Adds one employee-period.
  /// - Throws: ``SickLeaveError`` once ``SickLeaveError/maximumProblems`` problems are
  ///   collected (the same employee twice in a period; negative hours or FTE).
  /// - Precondition: no spell has been added yet.
  public mutating func add(_ employee: SickLeaveEmployee) throws(SickLeaveError) {
    precondition(!hasSpells, "add every employee before the first spell")
    guard employee.scheduledHours.isFinite, employee.scheduledHours >= 0,
      employee.fte.map({ $0.isFinite && $0 >= 0 }) ?? true, employee.age >= 0
    else {
      try record(
        .init(
          .invalidEmployee, input: .employees, line: employee.line,
          message: "scheduled hours, FTE and age must be zero or more"))
      return
    }
    let person: Int
    if let known = personIndex[employee.id] {
      person = known
    } else {
      person = personIndex.count
      personIndex[employee.id] = person
    }
    let key = Self.key(person: person, period: employee.period)
    if let earlier = rowIndex[key] {
      try record(
        .init(
          .duplicateEmployee, input: .employees, line: employee.line,
          relatedLine: rows[earlier].line,
          message: "the employee is already listed for \(employee.period) on line "
            + "\(rows[earlier].line)"))
      return
    }
    rowIndex[key] = rows.count
    periodSet.insert(employee.period)
    rows.append(
      EmployeePeriod(
        person: person, period: employee.period, sex: employee.sex,
        ageGroup: AgeGroup(age: employee.age), scheduledHours: employee.scheduledHours,
        fte: employee.fte, line: employee.line))
  }

  /// Adds one spell: its hours go to the periods it falls in, pro rata by calendar days;
  /// days in years without any employee rows are outside the data and left out.
  /// - Throws: ``SickLeaveError`` once ``SickLeaveError/maximumProblems`` problems are
  ///   collected (unknown employee, employee without a row in a year the spell falls in,
  ///   end before start, negative hours).
  public mutating func add(_ spell: SickLeaveSpell) throws(SickLeaveError) {
    hasSpells = true
    guard let person = personIndex[spell.employeeID] else {
      try record(
        .init(
          .unknownEmployee, input: .spells, line: spell.line,
          message: "the spell's employee is not in the employees file"))
      return
    }
    guard spell.start.day != nil, spell.end.day != nil else {
      try record(
        .init(
          .invalidSpell, input: .spells, line: spell.line,
          message: "a spell needs whole days as start and end, not months"))
      return
    }
    let start = epochDay(spell.start)
    let end = epochDay(spell.end)
    guard end >= start else {
      try record(
        .init(
          .invalidSpell, input: .spells, line: spell.line,
          message: "the spell ends (\(spell.end)) before it starts (\(spell.start))"))
      return
    }
    guard spell.sickHours.isFinite, spell.sickHours >= 0 else {
      try record(
        .init(
          .invalidSpell, input: .spells, line: spell.line,
          message: "sick hours must be zero or more"))
      return
    }
    let length = end - start + 1
    let spellClass = SpellClass(days: length).rawValue
    for year in spell.start.year...spell.end.year where periodSet.contains(year) {
      let first = max(start, epochDay(CalendarDate(year: year, month: 1, day: 1)!))
      let last = min(end, epochDay(CalendarDate(year: year, month: 12, day: 31)!))
      let days = last - first + 1
      guard let row = rowIndex[Self.key(person: person, period: year)] else {
        try record(
          .init(
            .unknownEmployee, input: .spells, line: spell.line,
            message: "the spell has \(days) day\(days == 1 ? "" : "s") in \(year), but its "
              + "employee has no row for \(year) in the employees file"))
        continue
      }
      rows[row].sick[spellClass] += spell.sickHours * Double(days) / Double(length)
    }
    spans.append(
      Span(
        person: Int32(truncatingIfNeeded: person), start: Int32(truncatingIfNeeded: start),
        end: Int32(truncatingIfNeeded: end),
        line: Int32(clamping: spell.line)))
  }

  /// Spells of one employee that share a day, and periods whose sick hours exceed the
  /// scheduled hours.
  func consistencyProblems() -> [SickLeaveError.Problem] {
    var found = problems
    let sorted = spans.sorted {
      ($0.person, $0.start, $0.end, $0.line) < ($1.person, $1.start, $1.end, $1.line)
    }
    // Sorted by start, a spell overlaps an earlier one of the same employee exactly when it
    // starts on or before the latest end so far; that spell is the one to name.
    var reach: Span?
    for span in sorted where found.count < SickLeaveError.maximumProblems {
      guard let previous = reach, previous.person == span.person else {
        reach = span
        continue
      }
      if span.start <= previous.end {
        found.append(
          .init(
            .overlappingSpells, input: .spells, line: Int(span.line),
            relatedLine: Int(previous.line),
            message: "the spell \(Self.days(span)) overlaps the spell on line "
              + "\(previous.line) (\(Self.days(previous))) of the same employee"))
      }
      if span.end > previous.end { reach = span }
    }
    for row in rows where found.count < SickLeaveError.maximumProblems {
      let sick = row.sick.sum()
      if sick > row.scheduledHours * (1 + 1e-9) + 1e-6 {
        found.append(
          .init(
            .sickHoursExceedScheduledHours, input: .employees, line: row.line,
            message: "the employee's sick hours in \(row.period) (\(Self.hours(sick))) exceed "
              + "the scheduled hours (\(Self.hours(row.scheduledHours)))"))
      }
    }
    return found
  }

  private static func days(_ span: Span) -> String {
    "\(calendarDate(epochDay: Int(span.start)))–\(calendarDate(epochDay: Int(span.end)))"
  }

  private static func hours(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? String(Int64(rounded)) : "\(rounded)"
  }

  /// The breakdown of the latest `years` periods up to `period`.
  ///
  /// - Parameters:
  ///   - period: The last year of the table; the latest in the data when `nil`.
  ///   - years: How many years the table spans (the annual report shows 3); years without
  ///     employees are left out.
  ///   - disclosure: ``SickLeaveDisclosure/published`` empties withheld figures.
  /// - Returns: One ``SickLeaveYear`` per period, oldest first.
  /// - Throws: ``SickLeaveError`` with every problem found while adding, overlapping spells,
  ///   sick hours above scheduled hours, or no employees in `period`.
  /// - Precondition: `years` ≥ 1.
  public func report(
    period: Int? = nil, years: Int = 3, disclosure: SickLeaveDisclosure = .published
  ) throws(SickLeaveError) -> SickLeaveReport {
    precondition(years >= 1, "a report spans at least one year")
    let problems = consistencyProblems()
    if !problems.isEmpty { throw SickLeaveError(problems) }
    guard let latest = periodSet.max() else {
      throw SickLeaveError([
        .init(.noEmployees, input: .employees, line: nil, message: "there are no employees")
      ])
    }
    let last = period ?? latest
    guard periodSet.contains(last) else {
      let known = periods.map(String.init).joined(separator: ", ")
      throw SickLeaveError([
        .init(
          .noEmployees, input: .employees, line: nil,
          message: "no employees in \(last) (the employees file has \(known))")
      ])
    }
    let selected = periods.filter { $0 > last - years && $0 <= last }
    var headCount: [Int: Int] = [:]
    for row in rows { headCount[row.period, default: 0] += 1 }
    let breakdowns = selected.map { year in
      breakdown(year, headCount: headCount, disclosure: disclosure)
    }
    let withFTE = rows.allSatisfy { $0.fte != nil || !selected.contains($0.period) }
    return SickLeaveReport(
      years: breakdowns, disclosure: disclosure, fteFromColumn: withFTE,
      fullTimeHours: fullTimeHours)
  }

  private func breakdown(_ year: Int, headCount: [Int: Int], disclosure: SickLeaveDisclosure)
    -> SickLeaveYear
  {
    var groups = SickLeaveGroupTotals()
    for row in rows where row.period == year {
      groups.add(row, fte: row.fte ?? row.scheduledHours / fullTimeHours)
    }
    let averaged = headCount[year - 1] != nil ? [year - 1, year] : [year]
    let average =
      Double(averaged.reduce(0) { $0 + (headCount[$1] ?? 0) }) / Double(averaged.count)
    let isRequired = average > Double(SickLeaveSuppression.maximumGroupSize)
    var figures = groups.figures(period: year)
    let reasons = SickLeaveSuppression.reasons(groups)
    for index in figures.indices {
      var notes: [String] = []
      figures[index].suppression = reasons[index]
      if !reasons[index].isEmpty {
        notes.append("redovisas inte: " + reasons[index].map(\.swedish).joined(separator: ", "))
      }
      if figures[index].value == nil, reasons[index].isEmpty {
        notes.append(
          figures[index].employees == 0
            ? "inga anställda i gruppen"
            : figures[index].measure == .rate
              ? "ingen schemalagd arbetstid i gruppen" : "ingen sjukfrånvaro i gruppen")
      }
      if !isRequired {
        let span = averaged.map(String.init).joined(separator: "–")
        notes.append("redovisning krävs inte: högst tio anställda i genomsnitt \(span)")
      }
      figures[index].note = notes.joined(separator: "; ")
      if disclosure == .published, !reasons[index].isEmpty {
        figures[index].numeratorHours = nil
        figures[index].denominatorHours = nil
        figures[index].value = nil
      }
    }
    return SickLeaveYear(
      period: year, employees: groups.cells[0].employees, fte: groups.cells[0].fte,
      averageEmployees: average, averagedPeriods: averaged, isRequired: isRequired,
      figures: figures)
  }
}
