import Foundation

/// The two numeric columns `x` and `y` of a small CSV file, for `kpi stats trend`.
///
/// A deliberately small reader: the whole file is read at once (a trend has a handful of
/// points), UTF-8 with or without BOM, delimiter sniffed from the header among `,` `;` TAB,
/// no quoted fields. Errors name file, row and column.
struct XYTable {
  var x: [Double] = []
  var y: [Double] = []

  static func read(path: String) throws -> XYTable {
    let url = URL(fileURLWithPath: path)
    let name = url.lastPathComponent
    guard let bytes = FileManager.default.contents(atPath: path) else {
      throw CommandFailure(kind: .missingInput, message: "\(path): cannot read the file")
    }
    guard var text = String(data: bytes, encoding: .utf8) else {
      throw CommandFailure(kind: .badInput, message: "\(name): expected UTF-8 text")
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
      .map(String.init)
    guard let headerLine = lines.first, !headerLine.isEmpty else {
      throw CommandFailure(
        kind: .badInput, message: "\(name):1: expected a header x,y, found an empty file")
    }
    let delimiter: Character =
      [";", "\t", ","].max { a, b in
        headerLine.filter { $0 == a }.count < headerLine.filter { $0 == b }.count
      } ?? ","
    let header = headerLine.split(separator: delimiter, omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    guard let xColumn = header.firstIndex(of: "x"), let yColumn = header.firstIndex(of: "y") else {
      throw CommandFailure(
        kind: .badInput,
        message: "\(name):1: expected columns x and y, found \(header.joined(separator: ","))")
    }
    var table = XYTable()
    for (offset, line) in lines.enumerated().dropFirst() {
      if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
      let row = offset + 1
      let cells = line.split(separator: delimiter, omittingEmptySubsequences: false).map(
        String.init)
      func number(_ column: Int) throws -> Double {
        guard column < cells.count else {
          throw CommandFailure(
            kind: .badInput,
            message: "\(name):\(row):\(column + 1): expected a number, found a missing cell")
        }
        var cell = cells[column].trimmingCharacters(in: .whitespaces)
        if delimiter != "," { cell = cell.replacingOccurrences(of: ",", with: ".") }
        guard let value = Double(cell), value.isFinite else {
          throw CommandFailure(
            kind: .badInput,
            message:
              "\(name):\(row):\(column + 1): expected a number, found \"\(cells[column].prefix(20))\""
          )
        }
        return value
      }
      table.x.append(try number(xColumn))
      table.y.append(try number(yColumn))
    }
    return table
  }
}
