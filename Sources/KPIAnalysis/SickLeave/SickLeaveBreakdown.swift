import KPIModel

/// The breakdown the law on municipal accounts requires (SPEC §5.3), from the employee table
/// and the spells added to it, with small groups withheld:
///
/// - rate = sick hours / scheduled hours, in total, for women and men, and for the age bands
///   ≤ 29, 30–49 and ≥ 50 (age in whole years at the end of the period), each also by sex;
///   an employee without spells contributes scheduled hours and no sick hours.
/// - share of a spell class = sick hours in spells of 1–14, 15–59 or ≥ 60 calendar days / all
///   sick hours, in total and by sex; the three add up to 1.
/// - Head count, and full-time equivalents from the employees' `fte` when given, else
///   scheduled hours / ``SickLeaveEmployees/fullTimeHours``.
///
/// Withholding follows ``SickLeaveSuppression``.
public struct SickLeaveBreakdown: Sendable {
  let employees: SickLeaveEmployees
  let spells: SickLeaveSpells
  /// Per row of the employee table, its sick hours by spell class.
  private let sick: [ClassHours]

  /// The breakdown of `employees` with `spells` added; no spell can be added to `spells`
  /// after this (a caller that hands over its only copy lets its memory go here).
  public init(employees: SickLeaveEmployees, spells: consuming SickLeaveSpells) {
    self.employees = employees
    spells.finishAdding()
    sick = spells.sickByRow()
    spells.releaseStates()
    self.spells = spells
  }

  private var fullTimeHours: Double { employees.fullTimeHours }
  private var periodList: [Int] { employees.periodList }
  private var periods: [Int] { employees.periods }

  /// Spells of one employee that share a day, and periods whose sick hours exceed the
  /// scheduled hours.
  func consistencyProblems() -> [SickLeaveError.Problem] {
    var found = spells.problems
    for overlap in spells.overlaps where found.count < SickLeaveError.maximumProblems {
      let span = overlap.span
      if let partner = overlap.partner {
        found.append(
          .init(
            .overlappingSpells, input: .spells, line: Int(span.line),
            relatedLine: Int(partner.line),
            message: "the spell \(Self.days(span)) overlaps the spell on line "
              + "\(partner.line) (\(Self.days(partner))) of the same employee"))
      } else {
        found.append(
          .init(
            .overlappingSpells, input: .spells, line: Int(span.line),
            message: "the spell \(Self.days(span)) overlaps an earlier spell of the same "
              + "employee"))
      }
    }
    for (index, row) in employees.rows.enumerated()
    where found.count < SickLeaveError.maximumProblems {
      let hours = sick[index].sum()
      if hours > row.scheduledHours * (1 + 1e-9) + 1e-6 {
        found.append(
          .init(
            .sickHoursExceedScheduledHours, input: .employees, line: row.line,
            message: "the employee's sick hours in \(row.period) (\(Self.hours(hours))) exceed "
              + "the scheduled hours (\(Self.hours(row.scheduledHours)))"))
      }
    }
    return found
  }

  private static func days(_ span: SickLeaveSpells.Span) -> String {
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
    guard let latest = periodList.max() else {
      throw SickLeaveError([
        .init(.noEmployees, input: .employees, line: nil, message: "there are no employees")
      ])
    }
    let last = period ?? latest
    guard periodList.contains(last) else {
      let known = periods.map(String.init).joined(separator: ", ")
      throw SickLeaveError([
        .init(
          .noEmployees, input: .employees, line: nil,
          message: "no employees in \(last) (the employees file has \(known))")
      ])
    }
    let selected = periods.filter { $0 > last - years && $0 <= last }
    // One pass over the rows: the head count of every period, and the groups of every
    // selected year, each year's rows added in the rows' order.
    let first = periodList.min() ?? last
    var perPeriod = [Int](repeating: 0, count: last - first + 1)
    let totals: [SickLeaveGroupTotals]
    var slot = [Int](repeating: -1, count: last - first + 1)
    for (index, year) in selected.enumerated() { slot[year - first] = index }
    var withFTE = true
    for row in employees.rows {
      let k = row.period - first
      guard k >= 0, k < slot.count else { continue }
      perPeriod[k] += 1
      if slot[k] >= 0 && row.fte == nil { withFTE = false }
    }
    // The years' groups on every core, each year's rows added in the rows' order, so that the
    // sums are the same however many cores there are.
    let (rows, sick, fullTimeHours) = (employees.rows, self.sick, self.fullTimeHours)
    totals = concurrentMap(selected.count) { index in
      var groups = SickLeaveGroupTotals()
      let year = selected[index]
      for (row, value) in rows.enumerated() where value.period == year {
        groups.add(value, sick: sick[row], fte: value.fte ?? value.scheduledHours / fullTimeHours)
      }
      return groups
    }
    var headCount: [Int: Int] = [:]
    for (k, count) in perPeriod.enumerated() where count > 0 { headCount[first + k] = count }
    let breakdowns = selected.indices.map { index in
      breakdown(
        selected[index], groups: totals[index], headCount: headCount, disclosure: disclosure)
    }
    return SickLeaveReport(
      years: breakdowns, disclosure: disclosure, fteFromColumn: withFTE,
      fullTimeHours: fullTimeHours)
  }

  private func breakdown(
    _ year: Int, groups: SickLeaveGroupTotals, headCount: [Int: Int],
    disclosure: SickLeaveDisclosure
  ) -> SickLeaveYear {
    let averaged = headCount[year - 1] != nil ? [year - 1, year] : [year]
    let average =
      Double(averaged.reduce(0) { $0 + (headCount[$1] ?? 0) }) / Double(averaged.count)
    let isRequired = average > Double(SickLeaveSuppression.maximumGroupSize)
    var figures = groups.figures(period: year)
    let reasons = SickLeaveSuppression.reasons(groups)
    for index in figures.indices {
      var notes: [SickLeaveNote] = []
      figures[index].suppression = reasons[index]
      if !reasons[index].isEmpty { notes.append(.withheld(reasons[index])) }
      if figures[index].value == nil, reasons[index].isEmpty {
        notes.append(
          figures[index].employees == 0
            ? .noEmployees : figures[index].measure == .rate ? .noScheduledHours : .noSickLeave)
      }
      if !isRequired { notes.append(.notRequired(averagedPeriods: averaged)) }
      figures[index].notes = notes
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
