import Foundation
import FuzzSupport
import KPIIngest

/// One fuzz input: the bytes as an `.xlsx` file, opened as a workbook and every row read
/// through a ``TableReader``. Errors thrown are the expected outcome; a crash, a trap or a
/// hang is a finding.
func fuzzOne(_ bytes: UnsafeRawBufferPointer) {
  let url = FuzzInput.write(bytes, suffix: "xlsx")
  do {
    var table = try TableReader.open(url)
    while let row = try table.nextRow() {
      for field in row.fields { _ = CellParser.number(field) }
    }
    try table.requireData()
    _ = table.source.formatDescription
  } catch {
    _ = error.description
  }
  // A sheet asked for by name takes the other path through the workbook's parts, and limits
  // small enough for short inputs to reach them.
  _ = try? XLSXSource(
    url: url, sheet: "Blad2", limits: XLSXLimits(maximumUnpackedBytes: 4096, maximumCells: 40))
}
