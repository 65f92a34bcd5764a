import Foundation
import FuzzSupport
import KPIIngest

/// Limits small enough for short fuzz inputs to reach them.
let tightLimits = CSVLimits(maximumRecordBytes: 256, maximumFields: 8)

/// One fuzz input: the bytes as a CSV file, every row read through a ``TableReader`` and every
/// field through the cell parsers; again under tight limits; and as the printed table of
/// `kpi check`. Errors thrown are the expected outcome; a crash, a trap or a hang is a finding.
func fuzzOne(_ bytes: UnsafeRawBufferPointer) {
  let url = FuzzInput.write(bytes, suffix: "csv")
  do {
    var table = try TableReader(source: try CSVSource(url: url))
    while let row = try table.nextRow() {
      for field in row.fields {
        _ = CellParser.number(field)
        _ = CellParser.date(field)
      }
    }
    try table.requireData()
    _ = table.header.indices.map { table.columnIndex(table.header[$0]) }
    _ = try? table.requireColumn("Nätverk")
  } catch {
    _ = error.description
  }
  do {
    var source = try CSVSource(url: url, limits: tightLimits)
    while try source.nextRow() != nil {}
  } catch {
    _ = error.description
  }
  do {
    _ = try PrintedTableReader.read(url)
  } catch {
    _ = error.description
  }
}
