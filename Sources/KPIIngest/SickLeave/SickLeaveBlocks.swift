import Foundation
import KPIAnalysis
import KPIModel

/// Problems and the row that stops a block, shared by the blocks of both files.
private struct BlockProblems: Sendable {
  /// Cell problems by row, lines within the block.
  var rows: [RowProblems] = []
  var count = 0
  /// A row whose number of fields is not the header's: the scan stops there, as the
  /// streaming reader does.
  var ragged: RowProblems?

  /// Whether the block has problems enough for the whole file.
  var isFull: Bool { count >= IngestError.maximumDiagnostics }

  mutating func add(_ problems: [CellProblem], line: Int) {
    rows.append(RowProblems(line: line, problems: problems))
    count += problems.count
  }

  /// Adds the cell problems of rows before `line` to `collector`, from `next` on.
  func report(
    before line: Int, from next: inout Int, _ collector: inout DiagnosticCollector,
    file: String, firstLine: Int
  ) throws(IngestError) {
    while next < rows.count && rows[next].line < line {
      for problem in rows[next].problems {
        try collector.add(
          Diagnostic(
            file: file, row: firstLine + rows[next].line, column: problem.column + 1,
            message: problem.message))
      }
      next += 1
    }
  }

  /// Reports the rest, then the ragged row.
  func finish(
    from next: inout Int, _ collector: inout DiagnosticCollector, file: String, firstLine: Int
  ) throws(IngestError) {
    try report(before: .max, from: &next, &collector, file: file, firstLine: firstLine)
    if let ragged, let problem = ragged.problems.first {
      throw IngestError(
        .malformed, file: file, row: firstLine + ragged.line, column: problem.column + 1,
        message: problem.message)
    }
  }
}

/// The employee rows of one block of a large employees file, decoded by a worker: the ids
/// hashed, so that the merging thread only looks them up.
struct EmployeeBlock: Sendable {
  private struct Values: Sendable {
    var scheduledHours: Double
    var fte: Double?
    var line: Int32
    var period: Int16
    var age: Int16
    var sex: Sex
  }

  private var ids = ByteStrings()
  private var hashes: [UInt64] = []
  private var values: [Values] = []
  private var problems = BlockProblems()
  /// The block's records that are not blank.
  private(set) var count = 0

  /// Decodes the records of a block until its end, a ragged row or enough problems.
  init(_ records: inout BlockRecords, _ columns: EmployeeColumns) {
    // Rows take about 30 bytes: room for the block's at once.
    let expected = records.pending.count / 24 + 16
    ids.reserveCapacity(expected, bytes: expected * 8)
    hashes.reserveCapacity(expected)
    values.reserveCapacity(expected)
    var found: [CellProblem] = []
    while let record = records.next() {
      if record.isBlank { continue }
      if let ragged = SickLeaveRows.raggedProblem(record, columns: columns.count) {
        problems.ragged = RowProblems(line: records.line, problems: [ragged])
        break
      }
      count += 1
      guard let row = SickLeaveRows.employee(record, columns, &found) else {
        problems.add(found, line: records.line)
        found = []
        if problems.isFull { break }
        continue
      }
      ids.append(row.id)
      hashes.append(ByteTable.hash(row.id))
      values.append(
        Values(
          scheduledHours: row.scheduledHours, fte: row.fte, line: Int32(records.line),
          period: Int16(row.period), age: Int16(row.age), sex: row.sex))
    }
  }

  /// Adds the rows to `staff` and the problems to `collector`, in input order.
  func add(
    to staff: inout SickLeaveStaff, _ collector: inout DiagnosticCollector, file: String,
    firstLine: Int
  ) throws {
    var next = 0
    try ids.bytes.withUnsafeBufferPointer { bytes in
      for (index, value) in values.enumerated() {
        try problems.report(
          before: Int(value.line), from: &next, &collector, file: file, firstLine: firstLine)
        let row = EmployeeRow(
          id: UnsafeBufferPointer(rebasing: bytes[ids.range(index)]), period: Int(value.period),
          sex: value.sex, age: Int(value.age), scheduledHours: value.scheduledHours,
          fte: value.fte)
        try staff.add(row, line: firstLine + Int(value.line), hash: hashes[index])
      }
    }
    try problems.finish(from: &next, &collector, file: file, firstLine: firstLine)
  }
}

/// The spells of one block of a large spells file, decoded by a worker, their employees
/// looked up.
struct SpellBlock: Sendable {
  private var spells: [SpellRecord] = []
  private var problems = BlockProblems()

  /// Decodes the records of a block until its end, a ragged row or enough problems.
  init(_ records: inout BlockRecords, _ columns: SpellColumns, _ persons: PersonIndex) {
    // Spells take about 35 bytes: room for the block's at once.
    spells.reserveCapacity(records.pending.count / 30 + 16)
    // Exports list an employee's spells together: the id of the line before is tried first.
    // Other short ids are looked up in groups (see `resolve`), so that in a shuffled file the
    // lookups wait for memory together.
    var previous = RecentID()
    var pending: [(index: Int, word: UInt64, count: Int)] = []
    pending.reserveCapacity(Self.group)
    var sink: UInt64 = 0
    var starts = [Int](repeating: 0, count: Self.group)
    func resolve() {
      for (index, item) in pending.enumerated() {
        starts[index] = persons.start(word: item.word, count: item.count)
      }
      sink &+= starts.withUnsafeBufferPointer {
        persons.touch(UnsafeBufferPointer(rebasing: $0[0..<pending.count]))
      }
      for item in pending {
        spells[item.index].person =
          persons.find(word: item.word, count: item.count).map { Int32($0) } ?? -1
      }
      if let last = pending.last {
        previous = RecentID(
          word: last.word, count: last.count, person: Int(spells[last.index].person))
      }
      pending.removeAll(keepingCapacity: true)
    }
    var found: [CellProblem] = []
    var months = MonthCache()
    while let record = records.next() {
      if record.isBlank { continue }
      if let ragged = SickLeaveRows.raggedProblem(record, columns: columns.count) {
        problems.ragged = RowProblems(line: records.line, problems: [ragged])
        break
      }
      guard let spell = SickLeaveRows.spell(record, columns, &found, &months) else {
        problems.add(found, line: records.line)
        found = []
        if problems.isFull { break }
        continue
      }
      if PersonIndex.isShort(spell.id) {
        let word = PersonIndex.word(spell.id)
        // The id of the spell before while it waits in the group: its person first.
        if previous.isPending(word: word, count: spell.id.count) { resolve() }
        if let known = previous.person(word: word, count: spell.id.count) {
          spells.append(SickLeaveReader.record(spell, person: known, line: records.line))
          continue
        }
        spells.append(SickLeaveReader.record(spell, person: nil, line: records.line))
        pending.append((spells.count - 1, word, spell.id.count))
        previous = RecentID(pendingWord: word, count: spell.id.count)
        if pending.count == Self.group { resolve() }
      } else {
        let person = persons.find(spell.id)
        spells.append(SickLeaveReader.record(spell, person: person, line: records.line))
        previous = RecentID()
      }
    }
    resolve()
    touched = sink
    // By person, so that the merging thread goes through memory in one direction; a block
    // with problems keeps its order, to interleave them with its spells.
    if problems.rows.isEmpty && problems.ragged == nil {
      SickLeaveSpells.orderByPerson(&spells)
    }
  }

  /// How many lookups wait for memory together.
  private static let group = 64
  /// What the group touches add up to: kept so that the touches are not optimised away.
  private var touched: UInt64 = 0

  /// Adds the spells to `accumulator` and the problems to `collector`, in input order.
  func add(
    to accumulator: inout SickLeaveSpells, _ collector: inout DiagnosticCollector,
    file: String, firstLine: Int
  ) throws {
    guard !problems.rows.isEmpty || problems.ragged != nil else {
      try accumulator.add(spells, lineBase: firstLine)
      return
    }
    // The spells between problems, so that problems of both kinds come in input order.
    var next = 0
    var from = 0
    while from < spells.count {
      let line = next < problems.rows.count ? problems.rows[next].line : Int.max
      var to = from
      while to < spells.count && Int(spells[to].line) < line { to += 1 }
      try accumulator.add(Array(spells[from..<to]), lineBase: firstLine)
      from = to
      try problems.report(
        before: line == .max ? .max : line + 1, from: &next, &collector, file: file,
        firstLine: firstLine)
    }
    try problems.finish(from: &next, &collector, file: file, firstLine: firstLine)
  }
}

/// The id of the spell before (a short one, as a word) and its person, or that its person is
/// still being looked up.
private struct RecentID {
  private var word: UInt64 = 0
  private var count = -1
  private var found: Int?
  private var pending = false

  init() {}

  init(word: UInt64, count: Int, person: Int) {
    self.word = word
    self.count = count
    found = person >= 0 ? person : nil
  }

  init(pendingWord word: UInt64, count: Int) {
    self.word = word
    self.count = count
    pending = true
  }

  /// Whether `word` is the id kept and its person is still being looked up.
  @inline(__always)
  func isPending(word: UInt64, count: Int) -> Bool {
    pending && word == self.word && count == self.count
  }

  /// The person when `word` is the id kept (an unknown id gives `nil` as well: then it is
  /// looked up again, which finds nothing again).
  @inline(__always)
  func person(word: UInt64, count: Int) -> Int? {
    guard !pending, word == self.word, count == self.count else { return nil }
    return found
  }
}
