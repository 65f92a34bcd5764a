import Foundation
import FuzzSupport
import KPIAnalysis
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
  do {
    // The delimiter sniffed below lines skipped above the header (`skip_rows:`).
    var table = try TableReader.open(url, headerRows: 1, skipLines: 2)
    while try table.nextRow() != nil {}
  } catch {
    _ = error.description
  }
  chunksAgree(url)
  fastPathAgrees(url)
  fastSpellsAgree(url)
  surveyBlocksAgree(url)
}

/// A survey spec with a single-answer question and the two kinds of multi-select question
/// (one cell of options, one column per option), whose column names the seed
/// `survey-multi.csv` has.
let surveySpec: SurveySpec? = {
  let text = """
    title: Fuzz
    period: "2025"
    group: Kommun
    scale: [I mycket hög grad, I hög grad, I låg grad, I mycket låg grad]
    positive: [I mycket hög grad, I hög grad]
    not_substantive: [Vet ej]
    questions:
      - {id: helhet, column: Helhet, label: Helhet}
      - {id: kanaler, column: Kanaler, label: Kanaler, multiple: true, options: [Nätverksträffar, Nyhetsbrev, "Ja, ibland"]}
      - {id: val, label: Val, multiple: true, columns: {Möten: Q3_1, Webb: Q3_2}}
    """
  let url = Array(text.utf8).withUnsafeBytes { FuzzInput.write($0, suffix: "spec.yaml") }
  return try? SpecLoader.loadSurveySpec(url: url)
}()

/// The input as a survey export against ``surveySpec`` (multi-select cells and option
/// columns): counted in blocks of 7 bytes and of 1 MB, the counts or the error must agree
/// whenever both finish; and read row by row.
func surveyBlocksAgree(_ url: URL) {
  guard let spec = surveySpec else { fatalError("the fuzz survey spec does not load") }
  func counted(_ blockSize: Int) -> String? {
    do {
      let reader = try SurveyReader(spec: spec, table: try TableReader.open(url))
      return try reader.counts(totalName: "Totalt", blockSize: blockSize, threshold: 0)
        .map { "\($0)" }
    } catch {
      return "\(error)"
    }
  }
  let small = counted(7)
  let large = counted(1 << 20)
  if let small, let large, small != large {
    fatalError("survey in blocks of 7 bytes: \(small); of 1 MiB: \(large)")
  }
  do {
    var reader = try SurveyReader(spec: spec, table: try TableReader.open(url))
    try reader.read { _, _, _ in }
  } catch {
    _ = "\(error)"
  }
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

/// For a file with the columns of a spells export: read in blocks of 7 bytes and of 1 MB and
/// row by row, the one spell reader must give the same breakdown or the same error; anything
/// else is a finding.
func fastSpellsAgree(_ url: URL) {
  let staffText =
    "employee_id,period,sex,age,scheduled_hours\n"
    + "E1,2025,K,40,1600\nE2,2025,M,30,1600\nE10,2025,K,50,1600\n"
  let employees = Array(staffText.utf8).withUnsafeBytes {
    FuzzInput.write($0, suffix: "employees.csv")
  }
  guard let staffTable = try? TableReader.open(employees),
    let staff = try? SickLeaveReader.staff(staffTable, fullTimeHours: 1600)
  else { return }
  func outcome(blockSize: Int?, threshold: Int) -> String {
    do {
      let input = try SickLeaveReader.spells(
        try TableReader.open(url), of: staff, blockSize: blockSize, threshold: threshold)
      let report = try SickLeaveBreakdown(employees: staff.employees, spells: input.spells)
        .report(disclosure: .internalUse)
      return "\(report)"
    } catch {
      return "\(error)"
    }
  }
  let streamed = outcome(blockSize: nil, threshold: .max)
  for blockSize in [7, 1 << 20] {
    let blocks = outcome(blockSize: blockSize, threshold: 0)
    if blocks != streamed {
      fatalError("spells in blocks of \(blockSize): \(blocks); row by row: \(streamed)")
    }
  }
}
