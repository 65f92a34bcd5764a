import Foundation
import FuzzSupport
import KPIIngest
import KPIModel

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
  chunksAgree(url)
  fastPathAgrees(url)
  fastSpellsAgree(url)
}

/// The one record scanner fed 7 bytes at a time (so that records and fields end on every
/// kind of chunk boundary) must read what it reads fed 1 MiB at a time: the same rows and
/// lines, and the same error, if any, after them.
func chunksAgree(_ url: URL) {
  func read(_ chunkSize: Int) -> (rows: [Row], error: String?) {
    var rows: [Row] = []
    do {
      var source = try CSVSource(url: url, chunkSize: chunkSize)
      while rows.count < 10_000, let row = try source.nextRow() { rows.append(row) }
      return (rows, nil)
    } catch {
      return (rows, error.description)
    }
  }
  let small = read(7)
  let large = read(1 << 20)
  if small.rows != large.rows || small.error != large.error {
    fatalError(
      "7-byte chunks: \(small.rows.count) rows, \(small.error ?? "no error"); "
        + "1 MiB: \(large.rows.count) rows, \(large.error ?? "no error")")
  }
}

/// The blocks (`CSVBlocks`, cut into blocks of 7 bytes so that every cut is tried) feed the
/// same scanner as the stream (`CSVSource`): they must read the same records, or give up;
/// anything else is a finding.
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

/// For a file with the columns of a spells export: the fast spell reader (one-pass lines and
/// the field scanner, in blocks of 7 bytes and of 1 MB) may give up, but when it finishes it
/// must give exactly the spells the ordinary reader gives, and only when the ordinary reading
/// has no problem (every id known, every spell ending on or after its start).
func fastSpellsAgree(_ url: URL) {
  guard let table = try? TableReader.open(url), let layout = table.blockLayout,
    let columns = SickLeaveReader.spellColumns(table)
  else { return }
  let ids = ["E1", "E2", "E10"]
  var persons = ByteTable()
  for id in ids { persons.insert(id) }
  let known = persons
  var ordinary: [SpellRecord]? = []
  do {
    var reader = try TableReader.open(url)
    try SickLeaveReader.readSpells(&reader) { spell in
      guard let person = ids.firstIndex(of: spell.employeeID),
        spell.end.daysSince1970 >= spell.start.daysSince1970
      else {
        ordinary = nil
        return
      }
      ordinary?.append(
        SpellRecord(
          person: Int32(person), start: Int32(spell.start.daysSince1970),
          end: Int32(spell.end.daysSince1970), hours: spell.sickHours))
    }
  } catch {
    ordinary = nil
  }
  for blockSize in [7, 1 << 20] {
    var fast: [SpellRecord] = []
    let finished = CSVBlocks.scan(layout, blockSize: blockSize, threshold: 0) { records in
      SickLeaveReader.parseSpells(&records, columns: columns, persons: known)
    } merge: {
      fast += $0
    }
    if finished && fast != ordinary {
      fatalError(
        "fast spells: \(fast.count) records, ordinary: \(ordinary.map { "\($0.count)" } ?? "a problem")"
      )
    }
  }
}
