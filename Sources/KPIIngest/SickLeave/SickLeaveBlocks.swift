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
      try collector.add(rows[next].problems, file: file, row: firstLine + rows[next].line)
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

  /// Adds the rows to `staff` and the problems to `collector`, in input order: first every
  /// row's person, then the rows, each loop asking for the memory of the rows a few places
  /// ahead meanwhile (ids and employees in random order miss the cache at every row): the
  /// id's slot, then the slot's key start, then its bytes, each step reading what the one
  /// before asked for.
  func add(
    to staff: inout SickLeaveStaff, _ collector: inout DiagnosticCollector, file: String,
    firstLine: Int
  ) throws {
    let ahead = 8
    let count = values.count
    var persons = [Int](repeating: 0, count: count)
    ids.bytes.withUnsafeBufferPointer { bytes in
      for index in 0..<min(3 * ahead, count) { staff.ids.prefetch(hash: hashes[index]) }
      for index in 0..<min(2 * ahead, count) {
        staff.ids.prefetchKey(hash: hashes[index], bytes: index < ahead)
      }
      // Exports list an employee's periods together: a row with the id of the row before
      // is the same person, without a lookup.
      var previous: (id: UnsafeBufferPointer<UInt8>, hash: UInt64, person: Int)?
      for index in 0..<count {
        if index + 3 * ahead < count { staff.ids.prefetch(hash: hashes[index + 3 * ahead]) }
        if index + 2 * ahead < count {
          staff.ids.prefetchKey(hash: hashes[index + 2 * ahead], bytes: false)
        }
        if index + ahead < count { staff.ids.prefetchKey(hash: hashes[index + ahead], bytes: true) }
        let id = UnsafeBufferPointer(rebasing: bytes[ids.range(index)])
        let hash = hashes[index]
        let person: Int
        if let previous, previous.hash == hash, previous.id.count == id.count,
          memcmp(previous.id.baseAddress!, id.baseAddress!, id.count) == 0
        {
          person = previous.person
        } else {
          person = staff.ids.insert(id, hash: hash)
        }
        persons[index] = person
        previous = (id, hash, person)
      }
    }
    var next = 0
    for (index, value) in values.enumerated() {
      if index + ahead < count { staff.employees.prefetch(person: persons[index + ahead]) }
      try problems.report(
        before: Int(value.line), from: &next, &collector, file: file, firstLine: firstLine)
      try staff.employees.add(
        person: persons[index], period: Int(value.period), sex: value.sex, age: Int(value.age),
        scheduledHours: value.scheduledHours, fte: value.fte, line: firstLine + Int(value.line))
    }
    try problems.finish(from: &next, &collector, file: file, firstLine: firstLine)
  }
}

/// The spells of one block of a large spells file, decoded by a worker, their employees
/// looked up.
struct SpellBlock: Sendable {
  /// The spells of a block with problems, in input order.
  private var spells: [SpellRecord] = []
  /// The spells of a clean block, by their persons' groups.
  private var grouped: SickLeaveSpells.Grouped?
  private var problems = BlockProblems()

  /// Decodes the records of a block until its end, a ragged row or enough problems.
  init(
    _ records: inout BlockRecords, _ columns: SpellColumns, _ persons: PersonIndex,
    personCount: Int
  ) {
    // Spells take about 35 bytes: room for the block's at once.
    spells.reserveCapacity(records.pending.count / 30 + 16)
    // Exports list an employee's spells together: a spell with the id of the spell before
    // shares its lookup. The other short ids are looked up together once the block is read
    // (see ``PersonIndex/persons(of:)``); until then a spell's person is −2 − the index of
    // its id in `pending`.
    var pending: [PersonIndex.ShortID] = []
    var previous = PersonIndex.ShortID(word: 0, count: -1)
    var previousPerson: Int32 = -1
    var found: [CellProblem] = []
    var months = MonthCache()
    while let record = records.next() {
      if record.isBlank { continue }
      if let ragged = SickLeaveRows.raggedProblem(record, columns: columns.count) {
        problems.ragged = RowProblems(line: records.line, problems: [ragged])
        break
      }
      guard let spell = SickLeaveRows.spell(record, columns, &found, &months) else {
        // Another absence cause than sick leave: left out, counted by the decoder.
        if found.isEmpty { continue }
        problems.add(found, line: records.line)
        found = []
        if problems.isFull { break }
        continue
      }
      var person: Int32
      if PersonIndex.isShort(spell.id) {
        let id = PersonIndex.ShortID(word: ByteTable.word(spell.id), count: spell.id.count)
        if id.word == previous.word && id.count == previous.count {
          person = previousPerson
        } else {
          if let numbered = persons.numbered {
            // The number's slot until the block is read, as −2 − slot (see below).
            person = numbered.slot(word: id.word, count: id.count).map { -2 - Int32($0) } ?? -1
          } else {
            pending.append(id)
            person = -1 - Int32(pending.count)
          }
          previous = id
          previousPerson = person
        }
      } else {
        person = persons.find(spell.id).map { Int32($0) } ?? -1
        previous = PersonIndex.ShortID(word: 0, count: -1)
      }
      spells.append(SickLeaveReader.record(spell, person: person, line: records.line))
    }
    records.releaseBuffer()
    if let numbered = persons.numbered {
      // A loop of loads that do not wait on each other: they are in flight together.
      spells.withUnsafeMutableBufferPointer { spells in
        for index in spells.indices where spells[index].person < -1 {
          spells[index].person =
            numbered.person(Int(-2 - spells[index].person)).map { Int32($0) } ?? -1
        }
      }
    } else if !pending.isEmpty {
      let looked = persons.persons(of: pending)
      looked.withUnsafeBufferPointer { looked in
        spells.withUnsafeMutableBufferPointer { spells in
          for index in spells.indices where spells[index].person < -1 {
            spells[index].person = looked[Int(-2 - spells[index].person)]
          }
        }
      }
    }
    // By person, so that the merging thread goes through memory in one direction; a block
    // with problems keeps its order, to interleave them with its spells.
    if isClean {
      grouped = SickLeaveSpells.Grouped(ordering: spells, personCount: personCount)
      spells = []
    }
  }

  /// Whether the block has no problems: then its spells are in the order of
  /// ``SickLeaveSpells/orderByPerson(_:personCount:)``.
  var isClean: Bool { problems.rows.isEmpty && problems.ragged == nil }

  /// Adds the spells of clean blocks (``isClean``), consecutive in the file, to
  /// `accumulator` together (see ``SickLeaveSpells/add(groups:)``).
  static func add(
    _ blocks: [(block: SpellBlock, firstLine: Int)], to accumulator: inout SickLeaveSpells
  )
    throws
  {
    try accumulator.add(groups: blocks.map { ($0.block.grouped!, $0.firstLine) })
  }

  /// Adds the spells to `accumulator` and the problems to `collector`, in input order.
  func add(
    to accumulator: inout SickLeaveSpells, _ collector: inout DiagnosticCollector,
    file: String, firstLine: Int
  ) throws {
    if let grouped {
      try accumulator.add(grouped.spells, lineBase: firstLine)
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
