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
  fastPathAgrees(url)
}

/// The fast path (`CSVBlocks`, cut into blocks of 7 bytes so that every cut is tried) must
/// read the same records as the ordinary reader, or give up; anything else is a finding.
func fastPathAgrees(_ url: URL) {
  var ordinary: [[String]] = []
  do {
    var source = try CSVSource(url: url)
    guard try source.nextRow() != nil else { return }
    while ordinary.count < 10_000, let row = try source.nextRow() {
      if !row.isBlank { ordinary.append(row.fields) }
    }
  } catch {
    // A malformed file: the fast path must give up on it (checked below by its result).
    ordinary = []
  }
  guard let table = try? TableReader.open(url, headerRows: 1), let layout = table.blockLayout
  else { return }
  for blockSize in [7, 1 << 20] {
    var fast: [[String]] = []
    let finished = CSVBlocks.scan(layout, blockSize: blockSize, threshold: 0) { records in
      var rows: [[String]] = []
      while let record = records.next() {
        if !record.isBlank { rows.append((0..<record.count).map { record.string($0) }) }
      }
      return rows
    } merge: {
      fast += $0
    }
    if finished && fast != ordinary && ordinary.count < 10_000 {
      fatalError("fast path read \(fast.count) records, the ordinary reader \(ordinary.count)")
    }
  }
}
