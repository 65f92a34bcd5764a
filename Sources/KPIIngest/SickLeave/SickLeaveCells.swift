import KPIModel

/// The cells of one record as UTF-8 bytes, wherever the record comes from: a block of a
/// large CSV (``RecordView``) or a row of the streaming reader, which has transcoded a
/// Windows-1252 file or read a sheet of a workbook (``RowCells``). The row decoders read
/// through it, so every input is read by the same code.
protocol RecordCells {
  /// The bytes of cell `index`; empty past the end.
  func cell(_ index: Int) -> UnsafeBufferPointer<UInt8>
}

extension RecordView: RecordCells {
  @inline(__always)
  func cell(_ index: Int) -> UnsafeBufferPointer<UInt8> { field(index) }
}

/// The cells of a ``Row``, valid while `bytes` is.
struct RowCells: RecordCells {
  let bytes: UnsafeBufferPointer<UInt8>
  let row: Row

  func cell(_ index: Int) -> UnsafeBufferPointer<UInt8> {
    guard index < row.count else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(rebasing: bytes[row.range(index)])
  }

  /// Calls `body` with the cells of `row`.
  static func with<R>(_ row: Row, _ body: (RowCells) throws -> R) rethrows -> R {
    try row.bytes.withUnsafeBufferPointer { try body(RowCells(bytes: $0, row: row)) }
  }
}

/// The cell decoders of the sick-leave inputs that ``CellParser`` does not have: each reads
/// bytes and returns a value or `nil`, and the row decoders say what was expected.
enum SickLeaveCells {
  /// The periods (years) an employees file may give.
  static let periods = 1900...2200
  /// The ages an employee may have, given or from the birth year.
  static let ages = 14...100

  /// The most hours a year has (366 days × 24): more scheduled hours are not one year's.
  static let yearHours = 8_784.0
  /// The most full-time equivalents one employee may have in a period: more is an employment
  /// rate in percent (75) in an fte column.
  static let maximumFTE = 1.5

  /// The weekdays (Monday–Friday) from day `first` to day `last` (days since 1970-01-01, a
  /// Thursday), both included; 0 when `last` < `first`.
  static func weekdays(_ first: Int, _ last: Int) -> Int {
    guard last >= first else { return 0 }
    let length = last - first + 1
    var count = length / 7 * 5
    // Monday = 0: 1970-01-01 is a Thursday (3).
    var weekday = ((first + 3) % 7 + 7) % 7
    for _ in 0..<(length % 7) {
      if weekday < 5 { count += 1 }
      weekday = (weekday + 1) % 7
    }
    return count
  }

  /// The extent (omfattning) of a part-time spell as a fraction: 0.25–1 stays, 25–100
  /// (percent, with or without `%`) is divided by 100; anything else is `nil`.
  static func extent(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    var bytes = CellParser.trimmed(cell)
    if let last = bytes.last, last == UInt8(ascii: "%") {
      bytes = CellParser.trimmed(UnsafeBufferPointer(rebasing: bytes.dropLast()))
    }
    guard let value = CellParser.number(bytes) else { return nil }
    switch value {
    case 0.25...1: return value
    case 25...100: return value / 100
    default: return nil
    }
  }

  /// The birth years that make an age in ``ages`` in `year`.
  static func birthYears(in year: Int) -> ClosedRange<Int> {
    (year - ages.upperBound)...(year - ages.lowerBound)
  }

  /// An employee id: the cell without surrounding spaces; `nil` when that leaves nothing.
  @inline(__always)
  static func id(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
    let id = CellParser.trimmed(cell)
    return id.isEmpty ? nil : id
  }

  /// `K`, `kvinna`, `kvinnor`, `F`, `female`, `woman`, `W` → woman; `M`, `man`, `män`, `male`
  /// → man; case and surrounding spaces ignored.
  @inline(__always)
  static func sex(_ cell: UnsafeBufferPointer<UInt8>) -> Sex? {
    let bytes = CellParser.trimmed(cell)
    if bytes.count == 1 {
      switch bytes[0] | 0x20 {
      case 0x6B, 0x66, 0x77: return .woman
      case 0x6D: return .man
      default: return nil
      }
    }
    guard bytes.count <= 7 else { return nil }
    // Lower case as far as the words need it: ASCII letters, and Ä as ä.
    var word: [UInt8] = []
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0xC3, index + 1 < bytes.count, bytes[index + 1] == 0x84 {
        word += [0xC3, 0xA4]
        index += 2
        continue
      }
      word.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
      index += 1
    }
    switch word {
    case Array("kvinna".utf8), Array("kvinnor".utf8), Array("female".utf8), Array("woman".utf8):
      return .woman
    case Array("man".utf8), Array("män".utf8), Array("male".utf8): return .man
    default: return nil
    }
  }

  /// A non-negative number (hours, full-time equivalents): the one place where "≥ 0" is
  /// checked for the inputs. A plain cell has no sign, so only the others are compared (and
  /// the row's decoding need not wait for a plain cell's division).
  @inline(__always)
  static func nonNegative(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    if let plain = CellParser.plainNumber(cell) { return plain }
    return CellParser.generalNumber(cell).flatMap { $0 >= 0 ? $0 : nil }
  }

  /// An employment rate as a fraction: `0.75` stays, `75` (percent) becomes 0.75; nobody is
  /// employed at 1 %, so 1 is full time.
  static func fraction(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    guard let value = CellParser.number(cell) else { return nil }
    switch value {
    case 0...1: return value
    case 1...100: return value / 100
    default: return nil
    }
  }
}
