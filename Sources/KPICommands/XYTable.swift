import Foundation
import KPIIngest

/// The two numeric columns `x` and `y` of a small table, for `kpi stats trend`, read with the
/// same readers and number rules as every other input.
struct XYTable {
  var x: [Double] = []
  var y: [Double] = []

  /// - Throws: ``IngestError`` for a missing file or column, or up to 20 cells that are not
  ///   numbers, each located as `FILE:ROW:COLUMN`.
  static func read(path: String) throws -> XYTable {
    var table = try TableReader.open(URL(fileURLWithPath: path))
    let columns = try ["x", "y"].map { try table.requireColumn($0) }
    var result = XYTable()
    var collector = DiagnosticCollector()
    while let row = try table.nextRow() {
      let values = try columns.map { column throws -> Double? in
        if let value = CellParser.number(row[column]) { return value }
        try collector.add(
          Diagnostic(
            file: table.fileName, row: row.line, column: column + 1,
            message: "expected a number, found \(Diagnostic.quote(row[column]))"))
        return nil
      }
      if let x = values[0], let y = values[1] {
        result.x.append(x)
        result.y.append(y)
      }
    }
    try collector.finish()
    return result
  }
}
