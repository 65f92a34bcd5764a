import Foundation
import KPIModel

extension SickLeaveReader {
  /// The columns of a spells file, for ``parseSpells(_:columns:persons:)``; `nil` when one is
  /// missing (the ordinary reader reports it).
  public static func spellColumns<Source: RowSource>(_ table: TableReader<Source>)
    -> SpellColumns?
  {
    guard let id = table.columnIndex("employee_id"), let start = table.columnIndex("start"),
      let end = table.columnIndex("end"), let hours = table.columnIndex("sick_hours")
    else { return nil }
    return SpellColumns(id: id, start: start, end: end, hours: hours, count: table.header.count)
  }

  /// Where the fields of a spell are.
  public struct SpellColumns: Sendable {
    let id: Int
    let start: Int
    let end: Int
    let hours: Int
    let count: Int

    /// What each field of a line is, for ``SimpleSpellLine``.
    var roles: [SpellField] {
      (0..<count).map { column in
        switch column {
        case id: .id
        case start: .start
        case end: .end
        case hours: .hours
        default: .other
        }
      }
    }
  }

  /// Reads one block of a spells file (see ``CSVBlocks``) as ``readSpells(_:_:)`` would, or
  /// returns `nil` at the first record it would report (a bad cell, an unknown employee),
  /// so that the ordinary reader does the reporting.
  public static func parseSpells(
    _ records: inout BlockRecords, columns: SpellColumns, persons: ByteTable
  ) -> [SpellRecord]? {
    var spells: [SpellRecord] = []
    // A block of 4 MB holds about 120 000 spells of 35 bytes.
    spells.reserveCapacity(1 << 17)
    // Exports list an employee's spells together, and employees in the order of the
    // employees file: the id before, then the next employee, then a lookup.
    var lastID = LastKey()
    var lastPerson = -1
    func person(of id: UnsafeBufferPointer<UInt8>) -> Int? {
      if let known = lastID.find(id) { return known }
      let next = lastPerson + 1
      guard let found = persons.isKey(next, id) ? next : persons.find(id) else { return nil }
      lastID = LastKey(id, found)
      lastPerson = found
      return found
    }
    func add(_ person: Int, _ first: Int, _ last: Int, _ hours: Double) -> Bool {
      guard last >= first else { return false }
      spells.append(
        SpellRecord(
          person: Int32(person), start: Int32(truncatingIfNeeded: first),
          end: Int32(truncatingIfNeeded: last), hours: hours))
      return true
    }
    var line = SimpleSpellLine(roles: columns.roles, delimiter: records.layout.delimiter)
    var year = YearCache()
    while true {
      // Plain lines in one pass; the first other record through the field scanner.
      let pending = records.pending
      if let base = pending.baseAddress {
        var offset = 0
        // The id and person of the line before, in this stretch of the buffer.
        var previous: (id: UnsafeBufferPointer<UInt8>, person: Int)?
        let end = base + pending.count
        while let length = line.read(base + offset, pending.count - offset, &year) {
          let found: Int
          if let previous, Self.sameID(previous.id, line.id, before: end) {
            found = previous.person
          } else {
            guard let known = person(of: line.id) else { return nil }
            found = known
          }
          previous = (line.id, found)
          guard add(found, line.first, line.last, line.hours) else { return nil }
          offset += length
        }
        records.skip(offset)
      }
      guard let record = records.next() else { break }
      guard record.fits(columns: columns.count) else { return nil }
      if record.isBlank { continue }
      guard let found = withID(record, columns.id, person(of:)) ?? nil,
        let first = day(record, columns.start, &year),
        let last = day(record, columns.end, &year), let hours = hours(record, columns.hours),
        add(found, first, last, hours)
      else { return nil }
    }
    return spells
  }

  /// Whether two ids in a buffer that goes on to `end` are the same: up to 8 bytes as one
  /// word (read past the id when the buffer has the bytes).
  @inline(__always)
  static func sameID(
    _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>,
    before end: UnsafePointer<UInt8>
  ) -> Bool {
    let n = a.count
    guard n == b.count, let p = a.baseAddress, let q = b.baseAddress else { return false }
    if n <= 8 && p + 8 <= end && q + 8 <= end {
      let mask: UInt64 = n == 8 ? ~0 : (1 << (8 * UInt64(n))) &- 1
      let x = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
      let y = UnsafeRawPointer(q).loadUnaligned(as: UInt64.self)
      return (x ^ y) & mask == 0
    }
    return memcmp(p, q, n) == 0
  }

  /// Calls `body` with the bytes of an id cell, trimmed as ``readSpells(_:_:)`` and
  /// ``readEmployees(_:_:)`` trim it (as they are when no space can be trimmed); `nil` for an
  /// empty id.
  @inline(__always)
  static func withID<R>(
    _ record: RecordView, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R
  ) -> R? {
    let field = record.field(column)
    if let first = field.first, let last = field.last, first > 0x20, first < 0x80, last > 0x20,
      last < 0x80
    {
      return body(field)
    }
    var id = String(record.string(column).trimmingSpaces)
    guard !id.isEmpty else { return nil }
    return id.withUTF8(body)
  }

  /// A day as ``day(_:)`` reads it, as days since 1970-01-01: `YYYY-MM-DD` directly (see
  /// ``SimpleSpellLine/day(_:_:)``), anything else through ``CellParser``.
  @inline(__always)
  static func day(_ record: RecordView, _ column: Int, _ cache: inout YearCache) -> Int? {
    let field = record.field(column)
    if field.count == 10, let p = field.baseAddress, let day = SimpleSpellLine.day(p, &cache) {
      return day
    }
    return day(record.string(column))?.daysSince1970
  }

  /// Sick hours (≥ 0) as ``CellParser/number(_:)`` reads them: a plain decimal directly (see
  /// ``PlainDecimal``), anything else through ``CellParser``.
  @inline(__always)
  static func hours(_ record: RecordView, _ column: Int) -> Double? {
    let field = record.field(column)
    var decimal = PlainDecimal()
    var plain = true
    for byte in field where !decimal.take(byte) {
      plain = false
      break
    }
    if plain, let value = decimal.value { return value }
    return CellParser.number(record.string(column)).flatMap { $0 >= 0 ? $0 : nil }
  }
}

extension SickLeaveReader {
  /// Where the fields of an employee are; `nil` when a required column is missing (the
  /// ordinary reader reports it).
  public struct EmployeeColumns: Sendable {
    let id: Int
    let period: Int
    let sex: Int
    let birthYear: Int?
    let age: Int?
    let hours: Int
    let fte: Int?
    let employmentRate: Int?
    let count: Int
  }

  /// The columns of an employees file, found as ``readEmployees(_:_:)`` finds them.
  public static func employeeColumns<Source: RowSource>(_ table: TableReader<Source>)
    -> EmployeeColumns?
  {
    guard let id = table.columnIndex("employee_id"), let period = table.columnIndex("period"),
      let sex = table.columnIndex("sex"), let hours = table.columnIndex("scheduled_hours")
    else { return nil }
    let birthYear = table.columnIndex("birth_year")
    let age = table.columnIndex("age")
    guard birthYear != nil || age != nil else { return nil }
    let fte = table.columnIndex("fte")
    return EmployeeColumns(
      id: id, period: period, sex: sex, birthYear: birthYear, age: age, hours: hours, fte: fte,
      employmentRate: fte == nil ? table.columnIndex("employment_rate") : nil,
      count: table.header.count)
  }

  /// Reads one block of an employees file as ``readEmployees(_:_:)`` would, or returns `nil`
  /// at the first row it would report.
  public static func parseEmployees(_ records: inout BlockRecords, columns: EmployeeColumns)
    -> ParsedEmployees?
  {
    var parsed = ParsedEmployees()
    // A block of 4 MB holds about 150 000 rows of 30 bytes.
    let expected = 160_000
    parsed.ids.reserveCapacity(expected, bytes: expected * 8)
    parsed.period.reserveCapacity(expected)
    parsed.sex.reserveCapacity(expected)
    parsed.age.reserveCapacity(expected)
    parsed.scheduledHours.reserveCapacity(expected)
    parsed.fte.reserveCapacity(expected)
    while let record = records.next() {
      guard record.fits(columns: columns.count) else { return nil }
      if record.isBlank { continue }
      guard withID(record, columns.id, { parsed.ids.append($0) }) != nil else { return nil }
      guard let year = integer(record, columns.period), periods.contains(year),
        let sex = sex(record.field(columns.sex)) ?? parseSex(record.string(columns.sex))
      else { return nil }
      var age: Int
      if let birthYear = columns.birthYear, !record.field(birthYear).isEmpty {
        guard let born = integer(record, birthYear), birthYears(in: year).contains(born)
        else { return nil }
        age = year - born
      } else if let column = columns.age {
        guard let years = integer(record, column), ages.contains(years) else { return nil }
        age = years
      } else {
        return nil
      }
      guard let scheduled = hours(record, columns.hours) else { return nil }
      var equivalents: Double?
      if let fte = columns.fte {
        guard let value = hours(record, fte) else { return nil }
        equivalents = value
      } else if let rate = columns.employmentRate {
        guard let value = CellParser.number(record.string(rate)).flatMap(fraction) else {
          return nil
        }
        equivalents = value
      }
      parsed.period.append(Int32(year))
      parsed.sex.append(sex)
      parsed.age.append(Int16(age))
      parsed.scheduledHours.append(scheduled)
      parsed.fte.append(equivalents)
    }
    return parsed
  }

  /// `K` or `M` (either case) without a string; anything else goes to ``parseSex(_:)``.
  @inline(__always)
  private static func sex(_ field: UnsafeBufferPointer<UInt8>) -> Sex? {
    guard field.count == 1 else { return nil }
    switch field[0] {
    case 0x4B, 0x6B: return .woman
    case 0x4D, 0x6D: return .man
    default: return nil
    }
  }

  /// A whole number as ``CellParser/integer(_:)`` reads it: plain digits directly.
  @inline(__always)
  private static func integer(_ record: RecordView, _ column: Int) -> Int? {
    CellParser.plainWholeNumber(record.field(column))
      ?? CellParser.integer(record.string(column))
  }
}

/// What a field of a spells line is, for ``SimpleSpellLine``.
enum SpellField {
  case id, start, end, hours, other
}

/// The first day of the year of the last date read, by its `YYYY` bytes.
struct YearCache {
  var bytes: UInt32 = 0
  var start = 0
  var isLeap = false
}

/// A reader of the common spells line, in one pass over its bytes: no quotes, an id without
/// spaces around it, ISO dates, plain decimal hours, the header's number of fields and an LF
/// at the end. Such a line reads as the field scanner and ``SickLeaveReader``'s cell readers
/// would read it; anything else is left to them.
struct SimpleSpellLine {
  let roles: [SpellField]
  let delimiter: UInt8
  /// The columns are `employee_id, start, end, sick_hours`, as exports have them.
  let isUsualOrder: Bool
  /// The id bytes of the last line read, in the block's buffer.
  private(set) var id = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
  private(set) var first = 0
  private(set) var last = 0
  private(set) var hours = 0.0

  init(roles: [SpellField], delimiter: UInt8) {
    self.roles = roles
    self.delimiter = delimiter
    isUsualOrder = roles == [.id, .start, .end, .hours]
  }

  /// Reads the line at `p`, of which `n` bytes are there; its length with the line break (LF
  /// or CR LF), or `nil` when it is not simple.
  @inline(__always)
  mutating func read(_ p: UnsafePointer<UInt8>, _ n: Int, _ year: inout YearCache) -> Int? {
    if isUsualOrder {
      // The same steps as the loop below, in a straight line.
      guard let idEnd = field(p, n, from: 0, until: delimiter, or: delimiter, isID: true),
        idEnd > 0, idEnd + 22 < n, p[idEnd + 11] == delimiter, p[idEnd + 22] == delimiter,
        let start = Self.day(p + idEnd + 1, &year), let end = Self.day(p + idEnd + 12, &year)
      else { return nil }
      var i = idEnd + 23
      guard let value = number(p, n, &i, until: 0x0A, or: 0x0D) else { return nil }
      id = UnsafeBufferPointer(start: p, count: idEnd)
      (first, last, hours) = (start, end, value)
      return Self.lineEnd(p, n, i)
    }
    var i = 0
    let count = roles.count
    for column in 0..<count {
      // Each field stops at the delimiter, the last at the line break; `i` is left there.
      let isLast = column == count - 1
      let terminator: UInt8 = isLast ? 0x0A : delimiter
      let alternative: UInt8 = isLast ? 0x0D : delimiter
      let role = roles[column]
      switch role {
      case .start, .end:
        guard i + 10 < n, p[i + 10] == terminator || p[i + 10] == alternative,
          let day = Self.day(p + i, &year)
        else { return nil }
        if role == .start { first = day } else { last = day }
        i += 10
      case .hours:
        guard let value = number(p, n, &i, until: terminator, or: alternative) else {
          return nil
        }
        hours = value
      case .id:
        guard let end = field(p, n, from: i, until: terminator, or: alternative, isID: true),
          end > i
        else { return nil }
        id = UnsafeBufferPointer(start: p + i, count: end - i)
        i = end
      case .other:
        guard let end = field(p, n, from: i, until: terminator, or: alternative, isID: false)
        else { return nil }
        i = end
      }
      if isLast {
        guard let next = Self.lineEnd(p, n, i) else { return nil }
        i = next
      } else {
        i += 1
      }
    }
    return i
  }

  /// Past the line break at `i`: LF or CR LF (a CR alone is left to the field scanner).
  @inline(__always)
  static func lineEnd(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> Int? {
    if i < n && p[i] == 0x0A { return i + 1 }
    if i + 1 < n && p[i] == 0x0D && p[i + 1] == 0x0A { return i + 2 }
    return nil
  }

  /// Where the field from `start` ends (at `terminator` or `alternative`); `nil` when it has a
  /// quote, a line break or the delimiter first, or, for an id, a space, a control or a
  /// non-ASCII byte (an id with spaces to trim).
  @inline(__always)
  private func field(
    _ p: UnsafePointer<UInt8>, _ n: Int, from start: Int, until terminator: UInt8,
    or alternative: UInt8, isID: Bool
  ) -> Int? {
    var i = start
    while true {
      guard i < n else { return nil }
      let byte = p[i]
      if byte == terminator || byte == alternative { return i }
      guard byte != 0x22, byte != 0x0D, byte != 0x0A, byte != delimiter else { return nil }
      if isID {
        guard byte > 0x20, byte < 0x80 else { return nil }
      }
      i += 1
    }
  }

  /// A plain decimal (see ``PlainDecimal``) from `i` up to `terminator` or `alternative` (at
  /// which `i` stops); `nil` for anything else.
  @inline(__always)
  private func number(
    _ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int, until terminator: UInt8,
    or alternative: UInt8
  ) -> Double? {
    var decimal = PlainDecimal()
    while true {
      guard i < n else { return nil }
      let byte = p[i]
      if byte == terminator || byte == alternative { break }
      guard byte != delimiter, decimal.take(byte) else { return nil }
      i += 1
    }
    return decimal.value
  }

  /// A `YYYY-MM-DD` date at `p` as days since 1970-01-01, with the checks of
  /// ``CalendarDate``; `nil` when it is not one.
  @inline(__always)
  static func day(_ p: UnsafePointer<UInt8>, _ cache: inout YearCache) -> Int? {
    guard p[4] == 0x2D, p[7] == 0x2D else { return nil }
    let m1 = p[5] &- 0x30
    let m2 = p[6] &- 0x30
    let d1 = p[8] &- 0x30
    let d2 = p[9] &- 0x30
    guard m1 < 10, m2 < 10, d1 < 10, d2 < 10 else { return nil }
    let bytes = UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)
    if bytes != cache.bytes {
      let y0 = p[0] &- 0x30
      let y1 = p[1] &- 0x30
      let y2 = p[2] &- 0x30
      let y3 = p[3] &- 0x30
      guard y0 < 10, y1 < 10, y2 < 10, y3 < 10 else { return nil }
      let year = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
      guard year >= 1 else { return nil }
      cache = YearCache(
        bytes: bytes, start: CalendarDate.daysSince1970(year: year, month: 1, day: 1),
        isLeap: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0)
    }
    let month = Int(m1) &* 10 &+ Int(m2)
    let day = Int(d1) &* 10 &+ Int(d2)
    guard month >= 1, month <= 12, day >= 1 else { return nil }
    // Arithmetic rather than a table or a switch, which the varying months mispredict.
    let leap = cache.isLeap ? 1 : 0
    let before =
      month <= 2 ? 31 &* (month &- 1) : (153 &* (month &- 3) &+ 2) / 5 &+ 59 &+ leap
    let length = month == 2 ? 28 &+ leap : 30 &+ ((month ^ (month >> 3)) & 1)
    guard day <= length else { return nil }
    return cache.start &+ before &+ day &- 1
  }
}

/// A plain decimal read byte by byte as ``CellParser/number(_:)`` reads one: digits with at
/// most one `.` or `,`. Up to 15 digits and 22 decimals in up to 24 bytes, the integer and the
/// power of ten are exact and one division rounds correctly, as `Double(String)` does; past
/// that ``value`` is `nil` and the caller asks ``CellParser``.
struct PlainDecimal {
  private var mantissa = 0
  private var digits = 0
  private var decimals = 0
  private var length = 0
  private var separator = false

  /// Takes the next byte; `false` when it cannot be part of a plain decimal.
  @inline(__always)
  mutating func take(_ byte: UInt8) -> Bool {
    length += 1
    let digit = byte &- 0x30
    if digit < 10 {
      mantissa = mantissa &* 10 &+ Int(digit)
      digits += 1
      if separator { decimals += 1 }
      return true
    }
    guard byte == 0x2E || byte == 0x2C, !separator else { return false }
    separator = true
    return true
  }

  /// The number, when the bytes taken make an exact plain decimal.
  var value: Double? {
    guard digits > 0, digits <= 15, decimals <= 22, length <= 24 else { return nil }
    return Double(mantissa) / Self.powerOfTen(decimals)
  }

  /// 10^exponent for 0 ≤ exponent ≤ 22, exact (written out, so no table is initialised).
  @inline(__always)
  private static func powerOfTen(_ exponent: Int) -> Double {
    switch exponent {
    case 0: 1
    case 1: 10
    case 2: 100
    case 3: 1e3
    case 4: 1e4
    case 5: 1e5
    case 6: 1e6
    case 7: 1e7
    case 8: 1e8
    case 9: 1e9
    case 10: 1e10
    case 11: 1e11
    case 12: 1e12
    case 13: 1e13
    case 14: 1e14
    case 15: 1e15
    case 16: 1e16
    case 17: 1e17
    case 18: 1e18
    case 19: 1e19
    case 20: 1e20
    case 21: 1e21
    default: 1e22
    }
  }
}
