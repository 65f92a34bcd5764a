import CPrefetch
import KPIModel

/// A spell as a reader hands it on: the person (the employee's dense index in the
/// ``SickLeaveEmployees`` table, or −1 for an id the employees file does not have), first
/// and last day as days since 1970-01-01 (`end` ≥ `start`), the sick hours (≥ 0), and the
/// row of the input.
public struct SpellRecord: Sendable, Equatable {
  /// The person, or −1 when the employee is unknown.
  public var person: Int32
  /// The first day, as days since 1970-01-01.
  public var start: Int32
  /// The last day, inclusive.
  public var end: Int32
  /// The row of the input (or, from a block of a large file, the row within the block).
  public var line: Int32
  /// Sick hours over the whole spell.
  public var hours: Double

  /// Creates a spell record.
  public init(person: Int32, start: Int32, end: Int32, line: Int32, hours: Double) {
    self.person = person
    self.start = start
    self.end = end
    self.line = line
    self.hours = hours
  }
}

/// Hours per spell class (1–14, 15–59, ≥ 60 days).
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

/// The spell accumulator: adds spells, in any order, to the employee-periods they fall in,
/// and finds the problems that concern spells (unknown employees, a year without the
/// employee's row, overlaps).
///
/// - A spell crossing a year boundary is split at the boundary for hours, pro rata by
///   calendar days (a 22-day spell with 12 days in 2024 gives 12/22 of its hours to 2024),
///   but is classed by its whole length in both years.
/// - Overlaps are found whatever the order of the spells: each employee-period keeps one bit
///   per day of its year (48 bytes), set as spells arrive. To name the earlier spell of an
///   overlap without reading the file again, each person keeps its last
///   ``recentSpans`` spells and the range of days of those that dropped out; the earlier
///   spell is named when it is certain which one it is (always, unless the overlap concerns
///   days of a spell that dropped out).
///
/// Memory depends on the employees, never on the number of spells.
public struct SickLeaveSpells: Sendable {
  /// A spell as the overlap messages need it: its days and its row in the input.
  struct Span: Sendable {
    var start: Int32
    var end: Int32
    var line: Int32

    func shares(_ other: Span) -> Bool { start <= other.end && other.start <= end }
  }

  /// A spell that shares a day with an earlier one of the same employee.
  struct Overlap: Sendable {
    var span: Span
    /// The earlier spell, when it is certain.
    var partner: Span?
  }

  /// An employee-period's sick hours and its days already covered by a spell: 6 words hold
  /// the 366 days of a year.
  struct RowState: Sendable {
    var sick = ClassHours()
    var days: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
  }

  /// How many spells each person keeps for naming the earlier spell of an overlap.
  static let recentSpans = 4
  /// Slots per person in `recent`: the spans, then one slot of bookkeeping.
  private static let recentStride = recentSpans + 1

  private let firstYear: Int
  private let yearCount: Int
  /// Epoch day of 1 January of each year, and one more for the year after the last.
  private let yearStarts: [Int]
  private let hasYear: [Bool]
  /// The state of (person, year), or −1. States are in the order of persons, not of the
  /// employees file, so that spells ordered by person (see ``orderByPerson(_:)``) go through
  /// memory in one direction whatever the order of either file.
  private var rowOf: [Int32]
  /// The row of the employee table of each state.
  private let rowOfState: [Int32]
  private let personCount: Int
  private(set) var states: [RowState]
  /// Per person: its last spans (oldest first), then (count, start, end) of the days of the
  /// spans that dropped out, in one slot.
  private var recent: [Span]
  /// The employees' problems, then those of the spells, in input order: one list, so that
  /// both together stop at ``SickLeaveError/maximumProblems``.
  private(set) var problems: [SickLeaveError.Problem]
  private(set) var overlaps: [Overlap] = []
  /// Spells with days in years the employees file has no rows for at all (before, after or
  /// between its periods): those days are outside the data and left out, and the reader
  /// says how many spells it concerns.
  public private(set) var outsideYears = 0

  /// An accumulator for the employees of `employees`, which are complete from here on.
  public init(_ employees: SickLeaveEmployees) {
    let periods = employees.periodList
    personCount = employees.personCount
    problems = employees.problems
    states = [RowState](hugePagesRepeating: RowState(), count: employees.count)
    recent = [Span](
      hugePagesRepeating: Span(start: 0, end: -1, line: 0),
      count: personCount * Self.recentStride)
    guard let low = periods.min(), let high = periods.max() else {
      (firstYear, yearCount, yearStarts, hasYear, rowOf, rowOfState) = (0, 0, [], [], [], [])
      return
    }
    firstYear = low
    yearCount = high - low + 1
    yearStarts = (low...high + 1).map { CalendarDate.daysSince1970(year: $0, month: 1, day: 1) }
    hasYear = (low...high).map { periods.contains($0) }
    var rowOf = [Int32](repeating: -1, count: personCount * yearCount)
    for (index, row) in employees.rows.enumerated() {
      rowOf[row.person * yearCount + row.period - low] = Int32(index)
    }
    // Number the rows by person and year.
    var rowOfState = [Int32](repeating: 0, count: employees.count)
    var next: Int32 = 0
    for slot in rowOf.indices where rowOf[slot] >= 0 {
      rowOfState[Int(next)] = rowOf[slot]
      rowOf[slot] = next
      next += 1
    }
    self.rowOf = rowOf
    self.rowOfState = rowOfState
    for person in 0..<personCount {
      recent[person * Self.recentStride + Self.recentSpans] = Span(
        start: .max, end: .min, line: 0)
    }
  }

  /// Lets go of what only adding spells needs (each person's spans and the states' lookup,
  /// 15 MB for 200 000 employees), before a breakdown makes its tables beside the states.
  mutating func finishAdding() {
    (recent, rowOf) = ([], [])
  }

  /// Lets go of the states, once ``sickByRow()`` has read them.
  mutating func releaseStates() {
    states = []
  }

  /// The sick hours per class of each employee-period, in the order of the table's rows:
  /// the states read in their order and written where their rows are, which costs less than
  /// reading them in the rows' order when the employees file is in another order.
  func sickByRow() -> [ClassHours] {
    var sick = [ClassHours](repeating: ClassHours(), count: states.count)
    for (state, row) in rowOfState.enumerated() { sick[Int(row)] = states[state].sick }
    return sick
  }

  /// The shift that cuts a spell's key (person + 1) to the highest 11 bits of the keys of
  /// `personCount` persons: the spell's group in ``orderByPerson(_:personCount:)``.
  static func groupShift(personCount: Int) -> Int {
    var width = 0
    while personCount >> width > 0 { width += 1 }
    return max(0, width - groupBits)
  }

  /// Bits of a spell's group: 2 048 groups of about a hundred persons for 200 000 employees.
  private static let groupBits = 11

  /// Puts spells in the order of their persons' groups of a few hundred (unknown employees
  /// first), each person's spells in the order they had: an order ``add(_:lineBase:)`` goes
  /// through memory in one direction in, each group's memory small enough to stay in cache,
  /// and in which ``add(groups:)`` takes several blocks together, group by group. One pass of
  /// a stable counting sort on the person's high bits, for a reader's worker to run on its
  /// block; spells already in order (an export sorted by employee) stay as they are.
  ///
  /// - Parameter personCount: The persons of the employee table (every block of a file is
  ///   grouped the same way); every spell's person is below it.
  public static func orderByPerson(_ spells: inout [SpellRecord], personCount: Int) {
    _ = groupEnds(&spells, personCount: personCount)
  }

  /// ``orderByPerson(_:personCount:)``, returning where each group's spells end: group `g`
  /// is `ends[g - 1]..<ends[g]` (from 0 for the first).
  static func groupEnds(_ spells: inout [SpellRecord], personCount: Int) -> [Int32] {
    let shift = groupShift(personCount: personCount)
    // Whether they are in order, and the spells per group, in one pass. A person is below
    // `personCount` (or −1, an unknown employee, whose key is 0).
    var counts = [Int32](repeating: 0, count: (personCount >> shift) + 1)
    var sorted = true
    var previous: Int32 = -1
    counts.withUnsafeMutableBufferPointer { counts in
      for spell in spells {
        if spell.person < previous { sorted = false }
        previous = spell.person
        precondition(spell.person < personCount, "a spell's person is not in the table")
        counts[(Int(spell.person) + 1) >> shift] += 1
      }
    }
    // The ends: running sums.
    var ends = counts
    for index in 1..<ends.count { ends[index] += ends[index - 1] }
    guard !sorted else { return ends }
    // Each group's first place, then filled in input order, into new memory: a copy of the
    // spells to overwrite would be one pass more.
    var next = ends
    for index in next.indices { next[index] -= counts[index] }
    let ordered = [SpellRecord](unsafeUninitializedCapacity: spells.count) { buffer, count in
      next.withUnsafeMutableBufferPointer { next in
        for spell in spells {
          let key = (Int(spell.person) + 1) >> shift
          (buffer.baseAddress! + Int(next[key])).initialize(to: spell)
          next[key] += 1
        }
      }
      count = spells.count
    }
    spells = ordered
    return ends
  }

  /// Spells of one block in the order of ``orderByPerson(_:personCount:)``, and where each
  /// group's spells end, for ``add(groups:)``.
  public struct Grouped: Sendable {
    /// The spells, grouped.
    public let spells: [SpellRecord]
    /// Where each group ends (see ``groupEnds(_:personCount:)``).
    let ends: [Int32]

    /// Orders `spells` by their persons' groups (see ``orderByPerson(_:personCount:)``).
    public init(ordering spells: [SpellRecord], personCount: Int) {
      var spells = spells
      ends = SickLeaveSpells.groupEnds(&spells, personCount: personCount)
      self.spells = spells
    }
  }

  /// Adds spells.
  ///
  /// The spells of each person must come in input order, but persons may be interleaved in
  /// any way (see ``orderByPerson(_:personCount:)``): problems and overlaps are put in input
  /// order by their lines afterwards.
  ///
  /// - Parameters:
  ///   - spells: The spells; their `line` is relative to `lineBase`.
  ///   - lineBase: Added to each spell's line (a block's first row, for a large file).
  /// - Throws: ``SickLeaveError`` once ``SickLeaveError/maximumProblems`` problems are
  ///   collected (unknown employee, employee without a row in a year the spell falls in).
  public mutating func add(_ spells: [SpellRecord], lineBase: Int = 0) throws(SickLeaveError) {
    guard yearCount > 0 else { return try addWithoutEmployees(spells, lineBase: lineBase) }
    try adding { accumulator, states, recent in
      spells.withUnsafeBufferPointer {
        accumulator.addAll($0, lineBase: lineBase, states, recent)
      }
    }
  }

  /// Adds the spells of consecutive blocks of a file, as ``add(_:lineBase:)`` one block after
  /// the other would, but group by group (each group's spells of the first block, then of the
  /// second, …), so that spells in random order go through the accumulator's memory once for
  /// all the blocks rather than once for each: each person's spells still come in input
  /// order.
  public mutating func add(groups blocks: [(spells: Grouped, lineBase: Int)])
    throws(SickLeaveError)
  {
    guard yearCount > 0 else {
      for (grouped, lineBase) in blocks {
        try addWithoutEmployees(grouped.spells, lineBase: lineBase)
      }
      return
    }
    try adding { accumulator, states, recent in
      let groups = blocks.map(\.spells.ends.count).max() ?? 0
      for group in 0..<groups {
        for (grouped, lineBase) in blocks where group < grouped.ends.count {
          let from = group == 0 ? 0 : Int(grouped.ends[group - 1])
          let to = Int(grouped.ends[group])
          guard to > from else { continue }
          grouped.spells.withUnsafeBufferPointer { spells in
            accumulator.addAll(
              UnsafeBufferPointer(rebasing: spells[from..<to]), lineBase: lineBase, states,
              recent)
          }
        }
      }
    }
  }

  /// Without employees only the unknown ones are worth a message.
  private mutating func addWithoutEmployees(_ spells: [SpellRecord], lineBase: Int)
    throws(SickLeaveError)
  {
    for spell in spells where spell.person < 0 {
      try record(
        .init(
          .unknownEmployee, input: .spells, line: lineBase + Int(spell.line),
          message: "the spell's employee is not in the employees file"))
    }
  }

  /// Runs `body` on the states and recent spans (taken out of `self` while their buffers are
  /// borrowed), then puts the problems and overlaps it found in input order; of one spell's
  /// several problems, in the order found.
  private mutating func adding(
    _ body: (
      inout SickLeaveSpells, UnsafeMutableBufferPointer<RowState>,
      UnsafeMutableBufferPointer<Span>
    ) -> Void
  ) throws(SickLeaveError) {
    var states = self.states
    var recent = self.recent
    let (problemsBefore, overlapsBefore) = (problems.count, overlaps.count)
    (self.states, self.recent) = ([], [])
    states.withUnsafeMutableBufferPointer { states in
      recent.withUnsafeMutableBufferPointer { recent in body(&self, states, recent) }
    }
    (self.states, self.recent) = (states, recent)
    if problems.count > problemsBefore + 1 {
      let added = problems[problemsBefore...].enumerated().sorted {
        ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
      }
      problems.replaceSubrange(problemsBefore..., with: added.map(\.element))
    }
    if overlaps.count > overlapsBefore + 1 {
      overlaps[overlapsBefore...].sort { $0.span.line < $1.span.line }
    }
    if overlaps.count > SickLeaveError.maximumProblems {
      overlaps.removeLast(overlaps.count - SickLeaveError.maximumProblems)
    }
    if problems.count >= SickLeaveError.maximumProblems {
      throw SickLeaveError(Array(problems.prefix(SickLeaveError.maximumProblems)))
    }
  }

  /// Records a problem a caller found in a spell before adding it (see ``SickLeaveTally``).
  mutating func record(_ problem: SickLeaveError.Problem) throws(SickLeaveError) {
    problems.append(problem)
    if problems.count >= SickLeaveError.maximumProblems { throw SickLeaveError(problems) }
  }

  /// Spells one by one, the memory of the spell a few places ahead asked for meanwhile
  /// (``kpi_prefetch_write``), so that spells in random order wait for memory seldom rather
  /// than at every spell.
  private mutating func addAll(
    _ spells: UnsafeBufferPointer<SpellRecord>, lineBase: Int,
    _ states: UnsafeMutableBufferPointer<RowState>, _ recent: UnsafeMutableBufferPointer<Span>
  ) {
    let ahead = 16
    let spans = UnsafeRawPointer(recent.baseAddress!)
    let stateBytes = UnsafeRawPointer(states.baseAddress!)
    let personSize = Self.recentStride * MemoryLayout<Span>.stride
    let stateSize = MemoryLayout<RowState>.stride
    rowOf.withUnsafeBufferPointer { rowOf in
      let rowOf = rowOf.baseAddress!
      // A person's spans and a row's state may each straddle two cache lines: both ends.
      func prefetch(_ spell: SpellRecord) {
        guard spell.person >= 0 else { return }
        let person = Int(spell.person)
        kpi_prefetch_write(spans + person &* personSize)
        kpi_prefetch_write(spans + (person &* personSize &+ personSize &- 1))
        let row = Int(rowOf[person &* yearCount &+ yearIndex(of: Int(spell.start))])
        guard row >= 0 else { return }
        kpi_prefetch_write(stateBytes + row &* stateSize)
        kpi_prefetch_write(stateBytes + (row &* stateSize &+ stateSize &- 1))
      }
      for index in 0..<min(ahead, spells.count) { prefetch(spells[index]) }
      // The whole batch, even past the last problem kept: which problems come first in
      // input order is known only when all are found.
      for index in spells.indices {
        // Spells of persons close to this one's (an export sorted by employee) are near in
        // memory, where the processor fetches ahead by itself.
        if index + ahead < spells.count,
          UInt32(bitPattern: spells[index + ahead].person &- spells[index].person) > 2
        {
          prefetch(spells[index + ahead])
        }
        add(spells[index], lineBase: lineBase, states, recent)
      }
    }
  }

  /// Adds one spell: its hours go to the periods it falls in, pro rata by calendar days;
  /// days in years without any employee rows are outside the data and left out.
  @inline(__always)
  private mutating func add(
    _ spell: SpellRecord, lineBase: Int, _ states: UnsafeMutableBufferPointer<RowState>,
    _ recent: UnsafeMutableBufferPointer<Span>
  ) {
    let line = lineBase + Int(spell.line)
    guard spell.person >= 0 else {
      problems.append(
        .init(
          .unknownEmployee, input: .spells, line: line,
          message: "the spell's employee is not in the employees file"))
      return
    }
    let person = Int(spell.person)
    let start = Int(spell.start)
    let end = Int(spell.end)
    let length = end - start + 1
    let spellClass = SpellClass(days: length).rawValue
    var overlap = false
    var inside = 0
    var k = yearIndex(of: start)
    while k < yearCount && yearStarts[k] <= end {
      defer { k += 1 }
      let first = max(start, yearStarts[k])
      let last = min(end, yearStarts[k + 1] - 1)
      guard first <= last, hasYear[k] else { continue }
      let days = last - first + 1
      inside += days
      let row = Int(rowOf[person * yearCount + k])
      guard row >= 0 else {
        problems.append(
          .init(
            .unknownEmployee, input: .spells, line: line,
            message: "the spell has \(days) day\(days == 1 ? "" : "s") in \(firstYear + k), "
              + "but its employee has no row for \(firstYear + k) in the employees file"))
        continue
      }
      // A spell within one year keeps its hours exactly.
      states[row].sick[spellClass] +=
        days == length ? spell.hours : spell.hours * Double(days) / Double(length)
      if Self.markDays(&states[row], from: first - yearStarts[k], to: last - yearStarts[k]) {
        overlap = true
      }
    }
    if inside < length { outsideYears += 1 }
    let span = Span(start: spell.start, end: spell.end, line: Int32(clamping: line))
    let base = person * Self.recentStride
    if overlap {
      overlaps.append(Overlap(span: span, partner: Self.partner(of: span, recent, base)))
    }
    Self.remember(span, recent, base)
  }

  /// The earlier spell an overlap is reported with: the person's last spell when it shares a
  /// day (the usual case: exports list an employee's spells in order), else the first in
  /// input order that does, when no spell that dropped out of `recent` could come before it.
  private static func partner(
    of span: Span, _ recent: UnsafeMutableBufferPointer<Span>, _ base: Int
  ) -> Span? {
    let bookkeeping = recent[base + recentSpans]
    let count = Int(bookkeeping.line)
    let kept = min(count, recentSpans)
    guard kept > 0 else { return nil }
    // Slots hold spans round-robin: spell i of the person is in slot i % recentSpans.
    let newest = recent[base + (count - 1) % recentSpans]
    if newest.shares(span) { return newest }
    let evicted = Span(start: bookkeeping.start, end: bookkeeping.end, line: 0)
    if count > recentSpans && evicted.shares(span) { return nil }
    for i in (count - kept)..<count where recent[base + i % recentSpans].shares(span) {
      return recent[base + i % recentSpans]
    }
    return nil
  }

  /// Keeps `span` as the person's newest, the oldest kept dropping out into the range.
  private static func remember(
    _ span: Span, _ recent: UnsafeMutableBufferPointer<Span>, _ base: Int
  ) {
    var bookkeeping = recent[base + recentSpans]
    let count = Int(bookkeeping.line)
    let slot = base + count % recentSpans
    if count >= recentSpans {
      bookkeeping.start = min(bookkeeping.start, recent[slot].start)
      bookkeeping.end = max(bookkeeping.end, recent[slot].end)
    }
    recent[slot] = span
    bookkeeping.line = Int32(clamping: count + 1)
    recent[base + recentSpans] = bookkeeping
  }

  /// The index of the year of the data that holds `day`, or the first or last year when the
  /// day lies before or after them all (`yearStarts` has one start more than years).
  ///
  /// The starts are in order, so the index is how many of the second to the second-to-last
  /// are on or before `day`: counted without a branch, since in a shuffled file the year of
  /// one spell says nothing of the next one's, and a loop that stops at the year would be
  /// mispredicted at about every spell.
  @inline(__always)
  private func yearIndex(of day: Int) -> Int {
    yearStarts.withUnsafeBufferPointer { starts in
      var k = 0
      var j = 1
      while j + 1 < starts.count {
        k &+= starts[j] <= day ? 1 : 0
        j += 1
      }
      return k
    }
  }

  /// Sets the bits of days `from...to` of a row; whether any was set already.
  @inline(__always)
  private static func markDays(_ state: inout RowState, from: Int, to: Int) -> Bool {
    withUnsafeMutableBytes(of: &state.days) { raw in
      let words = raw.bindMemory(to: UInt64.self)
      var seen = false
      var day = from
      while day <= to {
        let word = day >> 6
        let low = day & 63
        let high = min(63, low + (to - day))
        let mask =
          (high == 63 ? ~UInt64(0) : (UInt64(1) << UInt64(high + 1)) - 1)
          & ~((UInt64(1) << UInt64(low)) - 1)
        if words[word] & mask != 0 { seen = true }
        words[word] |= mask
        day += high - low + 1
      }
      return seen
    }
  }
}
