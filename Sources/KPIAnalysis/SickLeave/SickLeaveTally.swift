import Foundation
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

  /// One employee in one period, packed (56 bytes), since a large staff has hundreds of
  /// thousands of them.
  struct EmployeePeriod: Sendable {
    /// Sick hours per ``SpellClass``, this period's part only.
    var sick = ClassHours()
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

    var person: Int {
      get { Int(personIndex) }
      set { personIndex = Int32(newValue) }
    }
    var period: Int { Int(year) }
    /// Full-time equivalents from the file, if it has them (never NaN there).
    var fte: Double? { fteValue.isNaN ? nil : fteValue }
    var line: Int { Int(lineNumber) }
  }

  /// Hours per spell class.
  struct ClassHours: Sendable {
    private var hours: (Double, Double, Double) = (0, 0, 0)

    subscript(spellClass: Int) -> Double {
      get { spellClass == 0 ? hours.0 : spellClass == 1 ? hours.1 : hours.2 }
      set {
        switch spellClass {
        case 0: hours.0 = newValue
        case 1: hours.1 = newValue
        default: hours.2 = newValue
        }
      }
    }

    /// All three, added in class order.
    func sum() -> Double { hours.0 + hours.1 + hours.2 }
  }

  /// A spell as the overlap messages need it: its days and its row in the input.
  struct Span: Sendable {
    var start: Int32
    var end: Int32
    var line: Int32
  }

  /// A spell that shares a day with an earlier one of the same employee.
  struct Overlap: Sendable {
    var person: Int32
    var span: Span
    /// The earlier spell, when known.
    var partner: Span?
  }

  /// Employee ids by their UTF-8 bytes; a person is the id's index.
  public private(set) var personTable = ByteTable()
  private(set) var rows: [EmployeePeriod] = []
  /// Per person, its latest row (or −1); per row, the person's row before it (or −1): the
  /// rows of a person as a short list, to find duplicates in little memory.
  private var lastRowOfPerson: [Int32] = []
  private var previousRow: [Int32] = []
  /// The periods that have employees, in the order first seen (a handful: a look through the
  /// list is cheaper than hashing every row).
  private var periodList: [Int] = []
  private var problems: [SickLeaveError.Problem] = []
  private var overlaps: [Overlap] = []
  private var hasSpells = false

  // Built when the first spell arrives (see `prepareForSpells`): flat lookups for the years
  // firstYear ..< firstYear + yearCount.
  private var firstYear = 0
  private var yearCount = 0
  /// Epoch day of 1 January of each year, and one more for the year after the last.
  private var yearStarts: [Int] = []
  private var hasYear: [Bool] = []
  /// Row of (person, year), or −1.
  private var rowOf: [Int32] = []
  /// Per row, one bit per day of its year that a spell already covers: 6 words, 366 bits.
  private var sickDays: [UInt64] = []
  /// With spells in order (see ``prepareForSpells(inOrder:)``): per person, the last day of
  /// the latest spell, instead of `sickDays`.
  private var latestEnd: [Int32] = []
  private var spellsInOrder = false
  /// The id and person of the last employee the fast path added.
  private var lastParsedID: [UInt8] = []
  private var lastParsedPerson = -1
  /// Per person, the last spell added, to name the partner of an overlap at once.
  private var lastSpan: [Span] = []

  /// Starts an empty tally.
  /// - Parameter fullTimeHours: Scheduled hours of one full-time equivalent per year, used
  ///   only for employees without `fte`.
  /// - Precondition: `fullTimeHours` > 0.
  public init(fullTimeHours: Double = defaultFullTimeHours) {
    precondition(fullTimeHours > 0 && fullTimeHours.isFinite, "full-time hours must be > 0")
    self.fullTimeHours = fullTimeHours
  }

  /// The periods that have employees, oldest first.
  public var periods: [Int] { periodList.sorted() }

  /// The row of (person, period) among the employees added so far.
  private func row(person: Int, period: Int) -> Int? {
    guard person < lastRowOfPerson.count else { return nil }
    var row = Int(lastRowOfPerson[person])
    while row >= 0 {
      if rows[row].period == period { return row }
      row = Int(previousRow[row])
    }
    return nil
  }

  /// Appends a row and links it to its person.
  private mutating func append(_ row: EmployeePeriod) {
    while lastRowOfPerson.count <= row.person { lastRowOfPerson.append(-1) }
    previousRow.append(lastRowOfPerson[row.person])
    lastRowOfPerson[row.person] = Int32(rows.count)
    notePeriod(row.period)
    rows.append(row)
  }

  /// Makes room for about `count` employee-periods at once (a large file's rows, estimated
  /// from its size): growing the arrays step by step would briefly hold them twice.
  public mutating func reserveEmployees(_ count: Int) {
    rows.reserveCapacity(count)
    // Employees usually have a row for each of a few years.
    personTable.reserve(count / 2)
  }

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
    let person = personTable.insert(employee.id)
    if let earlier = row(person: person, period: employee.period) {
      try record(
        .init(
          .duplicateEmployee, input: .employees, line: employee.line,
          relatedLine: rows[earlier].line,
          message: "the employee is already listed for \(employee.period) on line "
            + "\(rows[earlier].line)"))
      return
    }
    append(
      EmployeePeriod(
        person: person, period: employee.period, sex: employee.sex,
        ageGroup: AgeGroup(age: employee.age), scheduledHours: employee.scheduledHours,
        fte: employee.fte, line: employee.line))
  }

  /// Employee-periods of one block of a large employees file, made ready by the worker that
  /// read it: rows built and new ids hashed, so that adding them on the merging thread is a
  /// copy and a lookup per employee.
  public struct EmployeeBatch: Sendable {
    fileprivate var rows: [EmployeePeriod] = []
    /// The ids, as in ``ParsedEmployees`` (only they are kept of it).
    fileprivate var ids: ByteStrings
    /// Per row: the id's hash, or `nil` when the row has the same id as the row before.
    fileprivate var hashes: [UInt64?] = []
    fileprivate var periods: [Int] = []

    /// The batch of `parsed`; `nil` when a row needs a message (a negative value), and the
    /// caller reads everything again the ordinary way.
    public init?(_ parsed: ParsedEmployees) {
      ids = parsed.ids
      rows.reserveCapacity(parsed.count)
      hashes.reserveCapacity(parsed.count)
      var previous = 0..<0
      let valid = parsed.ids.bytes.withUnsafeBufferPointer { bytes in
        for index in 0..<parsed.count {
          let scheduled = parsed.scheduledHours[index]
          let fte = parsed.fte[index]
          let age = Int(parsed.age[index])
          guard scheduled.isFinite, scheduled >= 0, fte.map({ $0.isFinite && $0 >= 0 }) ?? true,
            age >= 0
          else { return false }
          let period = Int(parsed.period[index])
          if !periods.contains(period) { periods.append(period) }
          // Exports list an employee's years together: the same id as the row before is the
          // same person, without a lookup.
          let range = parsed.ids.range(index)
          let id = UnsafeBufferPointer(rebasing: bytes[range])
          if index > 0, range.count == previous.count,
            memcmp(id.baseAddress!, bytes.baseAddress! + previous.lowerBound, range.count) == 0
          {
            hashes.append(nil)
          } else {
            hashes.append(ByteTable.hash(id))
          }
          previous = range
          rows.append(
            EmployeePeriod(
              person: 0, period: period, sex: parsed.sex[index], ageGroup: AgeGroup(age: age),
              scheduledHours: scheduled, fte: fte, line: 0))
        }
        return true
      }
      guard valid else { return nil }
    }
  }

  /// Adds the employee-periods of a batch (blocks in file order).
  public mutating func addEmployees(_ batch: EmployeeBatch) {
    precondition(!hasSpells, "add every employee before the first spell")
    let first = rows.count
    rows.append(contentsOf: batch.rows)
    for period in batch.periods { notePeriod(period) }
    var person = lastParsedPerson
    // The table is taken out of `self` while the rows' buffer is borrowed from it.
    var table = personTable
    personTable = ByteTable()
    defer { personTable = table }
    rows.withUnsafeMutableBufferPointer { rows in
      batch.ids.bytes.withUnsafeBufferPointer { bytes in
        for index in 0..<batch.rows.count {
          if let hash = batch.hashes[index] {
            let id = UnsafeBufferPointer(rebasing: bytes[batch.ids.range(index)])
            // The first row of a block may go on with the last employee of the one before.
            if index > 0 || !id.elementsEqual(lastParsedID) {
              person = table.insert(id, hash: hash)
            }
          }
          rows[first + index].person = person
        }
      }
    }
    lastParsedPerson = person
    if let last = batch.rows.indices.last {
      lastParsedID = Array(batch.ids.bytes[batch.ids.range(last)])
    }
  }

  /// Whether some person has two rows for one period; known once ``prepareForSpells(inOrder:)``
  /// has run. Only employees added by ``addEmployees(_:)`` can cause it (``add(_:)`` reports
  /// such a row at once); the fast path then reads again the ordinary way.
  public private(set) var hasDuplicateRows = false

  private mutating func notePeriod(_ period: Int) {
    if !periodList.contains(period) { periodList.append(period) }
  }

  /// Builds the flat lookups the spells use; the employees are complete from here on.
  /// - Parameter inOrder: The spells of each employee will come in order of their first day
  ///   (as exports list them): an overlap is then a spell starting on or before the latest
  ///   last day so far, and no day-by-day record is kept. ``addSpells(_:)`` returns `false`
  ///   at a spell out of that order, and the caller reads again without this promise.
  public mutating func prepareForSpells(inOrder: Bool = false) {
    if hasSpells { return }
    hasSpells = true
    spellsInOrder = inOrder
    guard let low = periodList.min(), let high = periodList.max() else { return }
    firstYear = low
    yearCount = high - low + 1
    yearStarts = (low...high + 1).map { epochDay(CalendarDate(year: $0, month: 1, day: 1)!) }
    hasYear = (low...high).map { periodList.contains($0) }
    rowOf = [Int32](repeating: -1, count: personTable.count * yearCount)
    for (index, row) in rows.enumerated() {
      let slot = row.person * yearCount + row.period - low
      if rowOf[slot] >= 0 { hasDuplicateRows = true }
      rowOf[slot] = Int32(index)
    }
    lastRowOfPerson = []
    previousRow = []
    if inOrder {
      latestEnd = [Int32](repeating: .min, count: personTable.count)
    } else {
      sickDays = [UInt64](repeating: 0, count: rows.count * 6)
    }
    lastSpan = [Span](repeating: Span(start: 0, end: -1, line: 0), count: personTable.count)
  }

  /// Takes back every spell added by ``addSpells(_:)`` (after it returned `false`), so that
  /// the spells can be added again under other terms (see ``prepareForSpells(inOrder:)``);
  /// the employees stay.
  public mutating func removeSpells() {
    precondition(problems.isEmpty && overlaps.isEmpty, "only spells added by addSpells")
    for index in rows.indices { rows[index].sick = ClassHours() }
    (hasSpells, spellsInOrder, sickDays, latestEnd) = (false, false, [], [])
  }

  /// What adding a spell found.
  struct SpellOutcome {
    /// The first year of the data in which the spell has days but the employee no row.
    var missingYear: Int?
    /// The spell's days in that year.
    var missingDays = 0
    /// It shares a day with an earlier spell of the same employee.
    var overlap = false
    var isClean: Bool { missingYear == nil && !overlap }
  }

  /// Adds a valid spell (epoch days, `end` ≥ `start`, hours ≥ 0) of a known person: each year
  /// of the data it falls in gets its share of the hours by calendar days; the class is the
  /// whole spell's. Days in years without any employee rows are outside the data.
  mutating func addSpell(person: Int, start: Int, end: Int, hours: Double) -> SpellOutcome {
    guard yearCount > 0 else { return SpellOutcome() }
    let length = end - start + 1
    let spellClass = SpellClass(days: length).rawValue
    var outcome = SpellOutcome()
    var k = Self.yearIndex(of: start, yearStarts)
    while k < yearCount && yearStarts[k] <= end {
      defer { k += 1 }
      let first = max(start, yearStarts[k])
      let last = min(end, yearStarts[k + 1] - 1)
      guard first <= last, hasYear[k] else { continue }
      let days = last - first + 1
      let row = Int(rowOf[person * yearCount + k])
      guard row >= 0 else {
        if outcome.missingYear == nil {
          outcome.missingYear = firstYear + k
          outcome.missingDays = days
        }
        continue
      }
      // A spell within one year keeps its hours exactly.
      rows[row].sick[spellClass] +=
        days == length ? hours : hours * Double(days) / Double(length)
      if !spellsInOrder {
        let from = first - yearStarts[k]
        let to = last - yearStarts[k]
        if sickDays.withUnsafeMutableBufferPointer({
          Self.markDays($0, row: row, from: from, to: to)
        }) {
          outcome.overlap = true
        }
      }
    }
    return outcome
  }

  /// The index of the year of the data that holds `day`, or the first or last year when the
  /// day lies before or after them all (`yearStarts` has one start more than years).
  @inline(__always)
  private static func yearIndex(of day: Int, _ yearStarts: [Int]) -> Int {
    var k = 0
    while k + 2 < yearStarts.count && yearStarts[k + 1] <= day { k += 1 }
    return k
  }

  /// Sets the bits of days `from...to` of a row in `sickDays`; whether any was set already.
  private static func markDays(
    _ sickDays: UnsafeMutableBufferPointer<UInt64>, row: Int, from: Int, to: Int
  ) -> Bool {
    var seen = false
    var day = from
    while day <= to {
      let word = row * 6 + day >> 6
      let low = day & 63
      let high = min(63, low + (to - day))
      let mask =
        (high == 63 ? ~UInt64(0) : (UInt64(1) << UInt64(high + 1)) - 1)
        & ~((UInt64(1) << UInt64(low)) - 1)
      if sickDays[word] & mask != 0 { seen = true }
      sickDays[word] |= mask
      day += high - low + 1
    }
    return seen
  }

  /// Adds spells read by the fast path (known persons, `end` ≥ `start`, hours ≥ 0), in
  /// order, exactly as ``add(_:)-(SickLeaveSpell)`` adds each.
  /// - Returns: `false` at the first spell that needs a message (an overlap, a year without
  ///   the employee's row); the caller then reads everything again the ordinary way.
  public mutating func addSpells(_ spells: [SpellRecord]) -> Bool {
    prepareForSpells()
    guard yearCount > 0 else { return true }
    var index = 0
    while index < spells.count {
      // Most spells lie within one year of the data: the short way, over the buffers.
      guard let stopped = addWithinYears(spells, from: index) else { return false }
      index = stopped
      guard index < spells.count else { break }
      let spell = spells[index]
      if spellsInOrder {
        let person = Int(spell.person)
        guard spell.start > latestEnd[person] else { return false }
        latestEnd[person] = spell.end
      }
      let outcome = addSpell(
        person: Int(spell.person), start: Int(spell.start), end: Int(spell.end),
        hours: spell.hours)
      if !outcome.isClean { return false }
      index += 1
    }
    return true
  }

  /// Adds spells from `first` on as long as each lies within one year of the data, as
  /// ``addSpell(person:start:end:hours:)`` would; the index of the first spell that does not
  /// (with ``latestEnd`` not yet advanced for it), or `nil` at one that needs a message.
  private mutating func addWithinYears(_ spells: [SpellRecord], from first: Int) -> Int? {
    let yearCount = yearCount
    let inOrder = spellsInOrder
    let yearStarts = yearStarts
    let hasYear = hasYear
    let rowOf = rowOf
    // Taken out of `self` while their buffers are borrowed.
    var latestEnd = self.latestEnd
    var rows = self.rows
    var sickDays = self.sickDays
    (self.latestEnd, self.rows, self.sickDays) = ([], [], [])
    defer { (self.latestEnd, self.rows, self.sickDays) = (latestEnd, rows, sickDays) }
    var stopped: Int?
    rows.withUnsafeMutableBufferPointer { rows in
      latestEnd.withUnsafeMutableBufferPointer { latestEnd in
        sickDays.withUnsafeMutableBufferPointer { sickDays in
          var index = first
          while index < spells.count {
            let spell = spells[index]
            let person = Int(spell.person)
            let start = Int(spell.start)
            let end = Int(spell.end)
            if inOrder && start <= Int(latestEnd[person]) { return }
            let k = Self.yearIndex(of: start, yearStarts)
            guard hasYear[k], start >= yearStarts[k], end < yearStarts[k + 1] else {
              stopped = index
              return
            }
            let row = Int(rowOf[person * yearCount + k])
            guard row >= 0 else { return }
            if inOrder {
              latestEnd[person] = spell.end
            } else if Self.markDays(
              sickDays, row: row, from: start - yearStarts[k], to: end - yearStarts[k])
            {
              return
            }
            rows[row].sick[SpellClass(days: end - start + 1).rawValue] += spell.hours
            index += 1
          }
          stopped = index
        }
      }
    }
    return stopped
  }

  /// Adds one spell: its hours go to the periods it falls in, pro rata by calendar days;
  /// days in years without any employee rows are outside the data and left out.
  /// - Throws: ``SickLeaveError`` once ``SickLeaveError/maximumProblems`` problems are
  ///   collected (unknown employee, employee without a row in a year the spell falls in,
  ///   end before start, negative hours).
  public mutating func add(_ spell: SickLeaveSpell) throws(SickLeaveError) {
    prepareForSpells()
    var id = spell.employeeID
    guard let person = id.withUTF8({ personTable.find($0) }) else {
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
    let span = Span(
      start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end),
      line: Int32(clamping: spell.line))
    // Every year of the data without the employee's row is a problem of its own.
    let outcome = addSpell(person: person, start: start, end: end, hours: spell.sickHours)
    var missing = outcome.missingYear.map { ($0, outcome.missingDays) }
    while let (year, days) = missing {
      try record(
        .init(
          .unknownEmployee, input: .spells, line: spell.line,
          message: "the spell has \(days) day\(days == 1 ? "" : "s") in \(year), but its "
            + "employee has no row for \(year) in the employees file"))
      missing = otherMissingRow(person: person, after: year, start: start, end: end)
    }
    if outcome.overlap, overlaps.count < SickLeaveError.maximumProblems {
      let last = lastSpan[person]
      let partner = last.start <= span.end && span.start <= last.end ? last : nil
      overlaps.append(Overlap(person: Int32(person), span: span, partner: partner))
    }
    if yearCount > 0 { lastSpan[person] = span }
  }

  /// The next year after `year` in which the spell has days but the employee no row, and
  /// those days.
  private func otherMissingRow(person: Int, after year: Int, start: Int, end: Int)
    -> (Int, Int)?
  {
    var k = year - firstYear + 1
    while k < yearCount && yearStarts[k] <= end {
      let first = max(start, yearStarts[k])
      let last = min(end, yearStarts[k + 1] - 1)
      if first <= last, hasYear[k], rowOf[person * yearCount + k] < 0 {
        return (firstYear + k, last - first + 1)
      }
      k += 1
    }
    return nil
  }

  /// Whether some overlap still needs its partner named: read the spells again through
  /// ``resolveOverlaps(with:)``.
  public var hasUnnamedOverlaps: Bool { overlaps.contains { $0.partner == nil } }

  /// Names the partner of each overlap: the first spell in input order of the same employee
  /// that shares a day with it. Call with every spell, in input order.
  public mutating func resolveOverlaps(with spell: SickLeaveSpell) {
    guard hasUnnamedOverlaps, spell.start.day != nil, spell.end.day != nil else { return }
    var id = spell.employeeID
    guard let person = id.withUTF8({ personTable.find($0) }) else { return }
    let start = epochDay(spell.start)
    let end = epochDay(spell.end)
    for index in overlaps.indices where overlaps[index].partner == nil {
      let overlap = overlaps[index]
      guard Int(overlap.person) == person, Int32(clamping: spell.line) < overlap.span.line,
        start <= Int(overlap.span.end), Int(overlap.span.start) <= end
      else { continue }
      overlaps[index].partner = Span(
        start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end),
        line: Int32(clamping: spell.line))
    }
  }

  /// Spells of one employee that share a day, and periods whose sick hours exceed the
  /// scheduled hours.
  func consistencyProblems() -> [SickLeaveError.Problem] {
    var found = problems
    for overlap in overlaps where found.count < SickLeaveError.maximumProblems {
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
    var totals = [SickLeaveGroupTotals](repeating: SickLeaveGroupTotals(), count: selected.count)
    var slot = [Int](repeating: -1, count: last - first + 1)
    for (index, year) in selected.enumerated() { slot[year - first] = index }
    var withFTE = true
    for row in rows {
      let k = row.period - first
      guard k >= 0, k < slot.count else { continue }
      perPeriod[k] += 1
      guard slot[k] >= 0 else { continue }
      if row.fte == nil { withFTE = false }
      totals[slot[k]].add(row, fte: row.fte ?? row.scheduledHours / fullTimeHours)
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
