import Foundation

/// A cell's value as the reader keeps it until it builds the row.
enum CellValue: Sendable, Equatable {
  /// Index into the shared string table.
  case shared(Int)
  /// A byte range of ``SheetCells/text``.
  case text(Range<Int>)
}

/// A merged range of cells, 1-based and inclusive.
struct MergedRange: Equatable {
  var top: Int
  var left: Int
  var bottom: Int
  var right: Int
}

/// The non-empty cells of a sheet, row by row, in sheet order.
///
/// The whole sheet is read before the first row is handed out because `<mergeCells>` comes
/// after `<sheetData>`, and the merged header cells must be filled before the header is
/// read. The storage is flat and small: ten bytes per cell (its column and its value packed
/// in one word), each distinct text once in one buffer (``InternedBytes``), shared strings
/// by index.
struct SheetCells: Sendable {
  /// The sheet row number of each stored row.
  private(set) var lines: [Int] = []
  /// The index of each row's first cell; one more entry than ``lines``.
  private(set) var starts: [Int] = [0]
  /// The 0-based column of each cell (at most 16 383).
  private var columns: [UInt16] = []
  /// Each cell's value: a shared string's index with the top bit set, or a text's start in
  /// ``text`` (bits 31–62) and length (bits 0–30).
  private var values: [UInt64] = []
  private var interned = InternedBytes()

  /// The distinct texts of the cells, which ``CellValue/text(_:)`` ranges index.
  var text: [UInt8] { interned.bytes }
  var rowCount: Int { lines.count }
  var cellCount: Int { columns.count }

  /// The cells of row `index`.
  func cells(ofRow index: Int) -> Range<Int> { starts[index]..<starts[index + 1] }

  func column(_ cell: Int) -> Int { Int(columns[cell]) }
  func value(_ cell: Int) -> CellValue { Self.unpack(values[cell]) }
  func line(ofRow index: Int) -> Int { lines[index] }

  private static let sharedFlag: UInt64 = 1 << 63
  private static let lengthMask: UInt64 = (1 << 31) - 1

  private static func pack(_ value: CellValue) -> UInt64 {
    switch value {
    case .shared(let index): sharedFlag | UInt64(index)
    case .text(let range): UInt64(range.lowerBound) << 31 | UInt64(range.count)
    }
  }

  private static func unpack(_ word: UInt64) -> CellValue {
    if word & sharedFlag != 0 { return .shared(Int(word & ~sharedFlag)) }
    let start = Int(word >> 31)
    return .text(start..<start + Int(word & lengthMask))
  }

  /// Adds a cell of text, stored once however many cells repeat it.
  /// - Returns: `false` when the sheet's distinct texts would pass 4 GiB or one text 2 GiB.
  @discardableResult
  mutating func append(column: Int, text string: String) -> Bool {
    var string = string
    guard string.utf8.count <= Int(Self.lengthMask),
      let id = string.withUTF8({ interned.intern($0) })
    else { return false }
    append(column: column, value: .text(interned.range(ofDistinct: id)))
    return true
  }

  mutating func append(column: Int, value: CellValue) {
    columns.append(UInt16(column))
    values.append(Self.pack(value))
  }

  /// Ends the row at sheet row `line`; a row without cells is not stored.
  mutating func endRow(line: Int) {
    guard columns.count > starts[starts.count - 1] else { return }
    lines.append(line)
    starts.append(columns.count)
  }

  /// Copies the value of each merged range's top-left cell into the range's other cells in
  /// sheet rows 1 and 2, so that a question spanning columns names each of them. Merges
  /// further down are left alone: there they are layout, not header.
  /// - Parameter budget: The most cells the filling may write.
  /// - Returns: `false` when it would write more than `budget` cells.
  mutating func fillMergedHeaders(_ ranges: [MergedRange], budget: Int) -> Bool {
    let headerRanges = ranges.filter { $0.top <= 2 }
    guard !headerRanges.isEmpty else { return true }
    // Rows ascend, so the header rows are the first stored rows.
    let headerRows = lines.prefix { $0 <= 2 }.count
    var grid: [Int: [Int: CellValue]] = [:]
    for row in 0..<headerRows {
      for cell in cells(ofRow: row) { grid[lines[row], default: [:]][column(cell)] = value(cell) }
    }
    var written = 0
    for range in headerRanges {
      guard let value = grid[range.top]?[range.left - 1] else { continue }
      for line in range.top...min(range.bottom, 2) {
        for column in range.left...range.right where (line, column) != (range.top, range.left) {
          written += 1
          guard written <= budget else { return false }
          grid[line, default: [:]][column - 1] = value
        }
      }
    }
    // Replace the header rows in place rather than copy the whole sheet: the body can be a
    // million cells.
    var header = SheetCells()
    for line in grid.keys.sorted() {
      for (column, value) in grid[line, default: [:]].sorted(by: { $0.key < $1.key }) {
        header.append(column: column, value: value)
      }
      header.endRow(line: line)
    }
    let oldHeaderCells = starts[headerRows]
    let shift = header.columns.count - oldHeaderCells
    columns.replaceSubrange(0..<oldHeaderCells, with: header.columns)
    values.replaceSubrange(0..<oldHeaderCells, with: header.values)
    lines.replaceSubrange(0..<headerRows, with: header.lines)
    starts.replaceSubrange(0...headerRows, with: header.starts)
    for row in header.starts.count..<starts.count { starts[row] += shift }
    return true
  }

  /// The number of fields the rows will have, gaps between cells included.
  var fieldCount: Int {
    (0..<rowCount).reduce(0) { sum, row in sum + Int(columns[starts[row + 1] - 1]) + 1 }
  }

  /// The number of bytes the cells' text takes once shared strings are substituted.
  func textByteCount(sharedStrings: SharedStrings) -> Int {
    values.reduce(0) { sum, word in
      switch Self.unpack(word) {
      case .shared(let index): sum + sharedStrings.range(index).count
      case .text(let range): sum + range.count
      }
    }
  }
}

/// Reads a worksheet part into ``SheetCells``.
///
/// Cells become text here: shared strings by index, inline strings, numbers as their
/// shortest decimal text, dates by their number format, booleans `TRUE`/`FALSE`, formula
/// cells by their cached value, error cells as their text (`#N/A`).
final class SheetHandler: XMLPartHandler {
  /// The largest row and column numbers of a sheet (Excel 2007 and later).
  static let maximumRow = 1_048_576
  static let maximumColumn = 16_384

  private let sharedStrings: SharedStrings
  private let kinds: [NumberKind]
  private let date1904: Bool
  private let maximumCells: Int
  private(set) var cells = SheetCells()
  private(set) var mergedRanges: [MergedRange] = []

  private var cellCount = 0
  private var row = 0
  private var column = 0
  private var type = ""
  private var style = 0
  private var value = ""
  private var inlineText = ""
  private var inValue = false
  private var inInlineString = false
  private var inInlineText = false
  private var phoneticDepth = 0

  init(
    file: String, part: String, sharedStrings: SharedStrings, kinds: [NumberKind],
    date1904: Bool, maximumCells: Int
  ) {
    self.sharedStrings = sharedStrings
    self.kinds = kinds
    self.date1904 = date1904
    self.maximumCells = maximumCells
    super.init(file: file, part: part)
  }

  override func start(_ name: String, _ attributes: [String: String]) {
    switch name {
    case "row": startRow(attributes)
    case "c": startCell(attributes)
    case "v": inValue = true
    case "is": inInlineString = true
    case "rPh": phoneticDepth += 1
    case "t": inInlineText = inInlineString && phoneticDepth == 0
    case "mergeCell":
      // A reference that does not parse is ignored rather than fatal: merges only matter
      // for the header, and a broken one elsewhere should not cost the user the file.
      if let reference = attributes["ref"], let range = Self.mergedRange(reference) {
        mergedRanges.append(range)
      }
    default: break
    }
  }

  override func end(_ name: String) {
    switch name {
    case "row": cells.endRow(line: row)
    case "c": endCell()
    case "v": inValue = false
    case "is": inInlineString = false
    case "rPh": phoneticDepth -= 1
    case "t": inInlineText = false
    default: break
    }
  }

  override func text(_ string: String) {
    if inValue {
      value += string
    } else if inInlineText {
      inlineText += string
    }
  }

  private func startRow(_ attributes: [String: String]) {
    let previous = row
    if let number = attributes["r"] {
      guard let parsed = Int(number), parsed >= 1, parsed <= Self.maximumRow else {
        return fail("\(part): invalid row number \(Diagnostic.quote(number))")
      }
      row = parsed
    } else {
      row += 1
    }
    // Excel writes rows in ascending order and refuses files that do not; a reader that
    // took them as they come would hand out rows out of order.
    guard row > previous else { return fail(row: row, "\(part): row \(row) is out of order") }
    column = 0
  }

  private func startCell(_ attributes: [String: String]) {
    cellCount += 1
    guard cellCount <= maximumCells else {
      return fail(.limitExceeded, "\(part): the sheet has more than \(maximumCells) cells")
    }
    let previous = column
    if let reference = attributes["r"] {
      guard let parsed = Self.columnNumber(reference) else {
        return fail(row: row, "\(part): invalid cell reference \(Diagnostic.quote(reference))")
      }
      column = parsed
    } else {
      column += 1
    }
    guard column > previous else {
      return fail(row: row, column: column, "\(part): cell out of order in row \(row)")
    }
    type = attributes["t"] ?? "n"
    style = attributes["s"].flatMap { Int($0) } ?? 0
    value = ""
    inlineText = ""
  }

  private func endCell() {
    let kind = kinds.indices.contains(style) ? kinds[style] : .number
    let trimmed = trimmingXMLWhitespace(value)
    switch type {
    case "s":
      guard !trimmed.isEmpty else { return }
      guard let index = Int(trimmed), index >= 0, index < sharedStrings.count else {
        return fail(
          row: row, column: column,
          "\(part): shared string \(Diagnostic.quote(trimmed)) is not in the table")
      }
      if !sharedStrings.range(index).isEmpty {
        cells.append(column: column - 1, value: .shared(index))
      }
    case "inlineStr":
      store(unescapeOOXML(inlineText))
    case "str":
      store(unescapeOOXML(value))
    case "e":
      store(trimmed)
    case "b":
      switch trimmed {
      case "": return
      case "1", "true": store("TRUE")
      case "0", "false": store("FALSE")
      default:
        fail(
          row: row, column: column,
          "\(part): expected a boolean, found \(Diagnostic.quote(trimmed))")
      }
    case "d":
      store(CellText.isoDate(trimmed, kind: kind))
    case "n":
      guard !trimmed.isEmpty else { return }
      guard let number = Double(trimmed), number.isFinite else {
        return fail(
          row: row, column: column,
          "\(part): expected a number, found \(Diagnostic.quote(trimmed))")
      }
      if kind != .number,
        let date = CellText.date(serial: number, kind: kind, date1904: date1904)
      {
        store(date)
      } else {
        store(CellText.decimal(number))
      }
    default:
      fail(row: row, column: column, "\(part): unknown cell type \(Diagnostic.quote(type))")
    }
  }

  private func store<S: StringProtocol>(_ text: S) {
    guard !text.isEmpty else { return }
    if !cells.append(column: column - 1, text: String(text)) {
      fail(.limitExceeded, row: row, column: column, "\(part): the sheet's text is too large")
    }
  }

  // MARK: - References

  /// The 1-based column of a cell reference such as `B12` or `$AA$3`.
  static func columnNumber<S: StringProtocol>(_ reference: S) -> Int? {
    var column = 0
    var letters = 0
    for scalar in reference.unicodeScalars {
      switch scalar {
      case "$": continue
      case "A"..."Z", "a"..."z":
        letters += 1
        guard letters <= 3 else { return nil }
        // A is 1 and Z is 26, in either case: bit 5 is the only difference.
        column = column * 26 + Int(scalar.value & ~0x20) - 64
      case "0"..."9":
        guard letters > 0 else { return nil }
        return column <= maximumColumn ? column : nil
      default: return nil
      }
    }
    return letters > 0 && column <= maximumColumn ? column : nil
  }

  /// The 1-based row of a cell reference such as `B12`.
  static func rowNumber<S: StringProtocol>(_ reference: S) -> Int? {
    let digits = reference.drop { !$0.isNumber }
    guard let row = Int(digits), row >= 1, row <= maximumRow else { return nil }
    return row
  }

  /// The range of a `ref` such as `A1:B2`.
  static func mergedRange(_ reference: String) -> MergedRange? {
    let corners = reference.split(separator: ":")
    guard corners.count == 2,
      let left = columnNumber(corners[0]), let top = rowNumber(corners[0]),
      let right = columnNumber(corners[1]), let bottom = rowNumber(corners[1]),
      left <= right, top <= bottom
    else { return nil }
    return MergedRange(top: top, left: left, bottom: bottom, right: right)
  }
}
