import KPIModel

/// Spells as the fast path reads them: a person (the index of the employee id in the
/// tally's table), first and last day as days since 1970-01-01, and sick hours.
public struct ParsedSpells: Sendable {
  public var person: [Int32] = []
  public var start: [Int32] = []
  public var end: [Int32] = []
  public var hours: [Double] = []

  public var count: Int { person.count }
}

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
  }

  /// Reads one block of a spells file (see ``CSVBlocks``) as ``readSpells(_:_:)`` would, or
  /// returns `nil` at the first record it would report (a bad cell, an unknown employee),
  /// so that the ordinary reader does the reporting.
  public static func parseSpells(
    _ records: inout BlockRecords, columns: SpellColumns, persons: ByteTable
  ) -> ParsedSpells? {
    var spells = ParsedSpells()
    spells.person.reserveCapacity(1 << 17)
    spells.start.reserveCapacity(1 << 17)
    spells.end.reserveCapacity(1 << 17)
    spells.hours.reserveCapacity(1 << 17)
    while let record = records.next() {
      guard record.fits(columns: columns.count) else { return nil }
      if record.isBlank { continue }
      guard let person = person(record, columns.id, persons),
        let first = day(record, columns.start), let last = day(record, columns.end),
        last >= first, let hours = hours(record, columns.hours)
      else { return nil }
      spells.person.append(Int32(person))
      spells.start.append(Int32(first))
      spells.end.append(Int32(last))
      spells.hours.append(hours)
    }
    return spells
  }

  @inline(__always)
  private static func isPlain(_ byte: UInt8) -> Bool {
    byte > 0x20 && byte < 0x80
  }

  /// The person of an id cell: its bytes as they are when no space can be trimmed.
  @inline(__always)
  private static func person(_ record: RecordView, _ column: Int, _ persons: ByteTable) -> Int? {
    let field = record.field(column)
    if let first = field.first, let last = field.last, isPlain(first), isPlain(last) {
      return persons.find(field)
    }
    var id = String(record.string(column).trimmingSpaces)
    guard !id.isEmpty else { return nil }
    return id.withUTF8 { persons.find($0) }
  }

  /// A day as ``day(_:)`` reads it, as days since 1970-01-01.
  @inline(__always)
  private static func day(_ record: RecordView, _ column: Int) -> Int? {
    let field = record.field(column)
    if field.count == 10, field[4] == 0x2D, field[7] == 0x2D {
      var digits = true
      var values = (0, 0, 0)
      for (index, byte) in field.enumerated() where index != 4 && index != 7 {
        let digit = Int(byte) &- 0x30
        if digit < 0 || digit > 9 { digits = false }
        switch index {
        case 0..<4: values.0 = values.0 * 10 + digit
        case 5, 6: values.1 = values.1 * 10 + digit
        default: values.2 = values.2 * 10 + digit
        }
      }
      if digits {
        return CalendarDate(year: values.0, month: values.1, day: values.2)?.daysSince1970
      }
    }
    return day(record.string(column))?.daysSince1970
  }

  private static let powersOfTen: [Double] = (0...22).map { exponent in
    (0..<exponent).reduce(1.0) { value, _ in value * 10 }
  }

  /// Sick hours (≥ 0) as ``CellParser/number(_:)`` reads them. Plain decimals are computed
  /// directly: up to 15 digits and 22 decimals, the integer and the power of ten are exact
  /// and one division rounds correctly, as `Double(String)` does.
  @inline(__always)
  private static func hours(_ record: RecordView, _ column: Int) -> Double? {
    let field = record.field(column)
    var mantissa = 0
    var digits = 0
    var decimals = 0
    var separator = false
    var plain = !field.isEmpty && field.count <= 24
    if plain {
      for byte in field {
        if byte >= 0x30 && byte <= 0x39 {
          mantissa = mantissa &* 10 &+ Int(byte &- 0x30)
          digits += 1
          if separator { decimals += 1 }
        } else if (byte == 0x2E || byte == 0x2C) && !separator {
          separator = true
        } else {
          plain = false
          break
        }
      }
    }
    if plain, digits > 0, digits <= 15, decimals <= 22 {
      return Double(mantissa) / powersOfTen[decimals]
    }
    return CellParser.number(record.string(column)).flatMap { $0 >= 0 ? $0 : nil }
  }
}
