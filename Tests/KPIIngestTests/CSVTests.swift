import Foundation
import Testing

@testable import KPIIngest

/// A fixture made by scripts/fixtures/make_csv_fixtures.py.
func csvFixture(_ name: String) -> URL {
  Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/csv")!
}

/// Reads every row of a source: (line, fields) pairs.
func allRows<S: RowSource>(_ source: inout S) throws -> [(Int, [String])] {
  var rows: [(Int, [String])] = []
  while let row = try source.nextRow() { rows.append((row.line, row.fields)) }
  return rows
}

/// Reads a fixture through a TableReader: header and data rows.
func readTable(_ name: String) throws -> (header: [String], rows: [[String]], lines: [Int]) {
  var table = try TableReader(source: try CSVSource(url: csvFixture(name)))
  var rows: [[String]] = []
  var lines: [Int] = []
  while let row = try table.nextRow() {
    rows.append(row.fields)
    lines.append(row.line)
  }
  try table.requireData()
  return (table.header, rows, lines)
}

@Suite("CSV reader")
struct CSVTests {
  @Test func utf8Comma() throws {
    var source = try CSVSource(url: csvFixture("utf8.csv"))
    let rows = try allRows(&source)
    #expect(source.delimiter == UInt8(ascii: ","))
    #expect(source.encoding == .utf8)
    #expect(rows.map(\.0) == [1, 2, 3])
    #expect(
      rows.map(\.1) == [
        ["Nätverk", "Svar", "Antal"], ["Socialchefsnätverket", "I hög grad", "12"],
        ["Kulturchefsnätverket", "I mycket hög grad", "7"],
      ])
  }

  @Test func excelSwedishUTF8() throws {
    var source = try CSVSource(url: csvFixture("utf8-bom-semicolon-crlf.csv"))
    let rows = try allRows(&source)
    #expect(source.delimiter == UInt8(ascii: ";"))
    #expect(source.encoding == .utf8WithBOM)
    #expect(rows[0].1 == ["Kategori", "Besökare", "Andel"])
    #expect(rows[1].1 == ["Allmänhet", "73\u{00A0}416", "0,94"])
    #expect(rows.map { CellParser.number($0.1[1]) } == [nil, 73416, 21541, 1234])
    #expect(rows.map { CellParser.number($0.1[2]) } == [nil, 0.94, 2.2, -0.5])
  }

  @Test func utf16LittleEndianTab() throws {
    var source = try CSVSource(url: csvFixture("utf16le-tab.csv"))
    let rows = try allRows(&source)
    #expect(source.encoding == .utf16LittleEndian)
    #expect(source.delimiter == UInt8(ascii: "\t"))
    #expect(
      rows.map(\.1) == [
        ["Grupp", "Svar"], ["Styrgrupp närvård", "Ja"], ["Projektledare", "Till viss del"],
      ])
  }

  @Test func utf16BigEndianWithSurrogatePair() throws {
    var source = try CSVSource(url: csvFixture("utf16be.csv"))
    let rows = try allRows(&source)
    #expect(source.encoding == .utf16BigEndian)
    #expect(rows.map(\.1) == [["Grupp", "Kommentar"], ["Uppdragsgrupper", "Bra 👍"]])
  }

  @Test func windows1252IsDetected() throws {
    var source = try CSVSource(url: csvFixture("windows1252.csv"))
    let rows = try allRows(&source)
    #expect(source.encoding == .windows1252)
    #expect(
      rows.map(\.1) == [
        ["Kommun", "Kostnad"], ["Borås", "12,5"], ["Örby", "€ 3"], ["Vårgårda", "7"],
      ])
  }

  @Test func rfc4180Quoting() throws {
    var source = try CSVSource(url: csvFixture("quoted.csv"))
    let rows = try allRows(&source)
    #expect(
      rows.map(\.1) == [
        ["id", "text", "note"],
        ["1", "Har kallelsen kommit i tid, minst en vecka innan mötet?", ""],
        ["2", "Han sa \"ja\"", "två\nrader"],
        ["3", "tre\r\nrader", "x"],
        ["4", "slut", "ab"],
      ])
    // A quoted line break makes a record span lines: line numbers stay physical.
    #expect(rows.map(\.0) == [1, 2, 3, 5, 7])
  }

  @Test func carriageReturnOnly() throws {
    var source = try CSVSource(url: csvFixture("cr-only.csv"))
    let rows = try allRows(&source)
    #expect(rows.map(\.1) == [["a", "b"], ["1", "2"], ["3", "4"]])
    #expect(rows.map(\.0) == [1, 2, 3])
  }

  @Test func surveyMonkeyTwoRowHeader() throws {
    let table = try readTable("surveymonkey.csv")
    #expect(
      table.header == [
        "Respondent ID", "Nätverk", "Hur nöjd är du? - Helheten", "Hur nöjd är du? - Mötena",
        "Kommentar",
      ])
    #expect(table.rows.count == 2)
    #expect(table.rows[1] == ["1002", "SSA-nätverket", "I mycket hög grad", "I hög grad", ""])
    #expect(table.lines == [3, 4])
  }

  @Test func blankLinesAndTrailingDelimiters() throws {
    let table = try readTable("blank-lines.csv")
    #expect(table.header == ["a", "b"])
    #expect(table.rows == [["1", "2", ""], ["3", "4", "", ""]])
    #expect(table.lines == [3, 5])
  }

  @Test func datesAsExportsWriteThem() throws {
    let table = try readTable("dates.csv")
    #expect(
      table.rows.map { CellParser.date($0[0])?.description } == [
        "2025-03-01", "2025-03", "2025-03-01", "2025-03", "2024-01", "2024-02-29",
      ])
  }

  @Test func columnsAreFoundWithoutRegardToCaseOrSpaces() throws {
    var table = try TableReader(source: try CSVSource(url: csvFixture("utf8.csv")))
    #expect(table.columnIndex("  svar ") == 1)
    #expect(table.columnIndex("ANTAL") == 2)
    let error = #expect(throws: IngestError.self) { try table.requireColumn("Natverk") }
    #expect(error?.code == .missingColumn)
    #expect(
      error?.description == "utf8.csv:1: no column \"Natverk\"; did you mean \"Nätverk\"?")
    _ = try table.nextRow()
  }

  // MARK: - Malformed input

  @Test(
    "malformed files give a located error",
    arguments: [
      (
        "ragged.csv", IngestError.Code.malformed,
        "ragged.csv:3:4: expected 3 fields as in the header, found 4"
      ),
      (
        "short-row.csv", .malformed,
        "short-row.csv:3:3: expected 3 fields as in the header, found 2"
      ),
      (
        "unterminated.csv", .malformed,
        "unterminated.csv:2:2: a quoted field is never closed (a \" is missing)"
      ),
      (
        "invalid-utf8.csv", .malformed,
        "invalid-utf8.csv:3:2: invalid UTF-8 (byte 0xFF at character 4 of the field); save the file as UTF-8 or Windows-1252"
      ),
      (
        "empty.csv", .malformed,
        "empty.csv: the file is empty (expected a header row with the column names)"
      ),
      ("header-only.csv", .malformed, "header-only.csv:1: the file has a header but no data rows"),
    ])
  func malformed(name: String, code: IngestError.Code, message: String) {
    let error = #expect(throws: IngestError.self) { try readTable(name) }
    #expect(error?.code == code)
    #expect(error?.description == message)
  }

  @Test func missingFileIsUnreadable() {
    let error = #expect(throws: IngestError.self) {
      try CSVSource(url: URL(fileURLWithPath: "/nonexistent/enkat.csv"))
    }
    #expect(error?.code == .unreadable)
    #expect(error?.description == "enkat.csv: cannot open: No such file or directory")
  }

  @Test func overlongRecordIsRefused() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID()).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(("a,b\n1,\"" + String(repeating: "x", count: 1_100_000) + "\"\n").utf8).write(to: url)
    let error = #expect(throws: IngestError.self) {
      var table = try TableReader(source: try CSVSource(url: url))
      _ = try table.nextRow()
    }
    #expect(error?.code == .limitExceeded)
    #expect(error?.diagnostics.first?.row == 2)
  }

  @Test func tooManyFieldsAreRefused() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wide-\(UUID()).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data((String(repeating: "a,", count: 100_001) + "\n").utf8).write(to: url)
    var source = try CSVSource(url: url)
    let error = #expect(throws: IngestError.self) { try source.nextRow() }
    #expect(error?.code == .limitExceeded)
    #expect(error?.description.hasSuffix("more than 100000 fields in one record") == true)
  }

  // Records that straddle the 1 MiB chunk boundary, and a UTF-16 file larger than a chunk,
  // read exactly as small ones.
  @Test func recordsAcrossChunkBoundaries() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID()).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    var text = "n;namn;text\r\n"
    for i in 0..<40_000 { text += "\(i);Borås \(i);\"rad \(i); \"\"å\"\"\r\nslut\"\r\n" }
    try Data(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }.prefixedLE).write(to: url)
    var source = try CSVSource(url: url)
    var count = 0
    _ = try source.nextRow()
    while let row = try source.nextRow() {
      #expect(row.fields == ["\(count)", "Borås \(count)", "rad \(count); \"å\"\r\nslut"])
      #expect(row.line == 2 + 2 * count)
      count += 1
    }
    #expect(count == 40_000)
    #expect(source.encoding == .utf16LittleEndian)
  }
}

extension Array where Element == UInt8 {
  /// The bytes with a UTF-16 LE byte-order mark in front.
  var prefixedLE: [UInt8] { [0xFF, 0xFE] + self }
}

@Suite("Cell parser")
struct CellParserTests {
  @Test(
    arguments: [
      ("12", 12.0), ("2,5", 2.5), ("2.5", 2.5), ("-0,5", -0.5), ("−3", -3), ("+4", 4),
      ("73 416", 73416), ("73\u{00A0}416", 73416), ("1\u{202F}234,75", 1234.75),
      ("  8 ", 8), (",5", 0.5),
    ])
  func numbers(text: String, value: Double) {
    #expect(CellParser.number(text) == value)
  }

  @Test(arguments: ["", "tre", "1,2,3", "1.2,3", "12 %", "1 2,3 4", "- 3", "1e5", "nan", "73  416"])
  func notNumbers(text: String) {
    #expect(CellParser.number(text) == nil)
  }

  @Test func integers() {
    #expect(CellParser.integer("1 200") == 1200)
    #expect(CellParser.integer("2,5") == nil)
  }

  // 2025/03/01 is a date since issue 16 (year first, as Google Forms writes it in a Swedish
  // account); DateFormTests has the other forms.
  @Test(arguments: ["2025-02-29", "2025-13", "32 mars 2025", "mars", "2025/02/30", "smarts 2025"])
  func notDates(text: String) {
    #expect(CellParser.date(text) == nil)
  }
}

@Suite("CSV stream: one scanner fed chunk by chunk")
struct CSVChunkTests {
  /// A quoted CR LF, a blank CR LF line, doubled quotes, a quote inside an unquoted field,
  /// text after a closing quote, a record ending in CR alone, two-byte characters and a last
  /// record without a line break.
  static let tricky =
    "id,text,n\r\n1,\"two\r\nlines\",ö\r\n\r\n2,\"say \"\"hi\"\"\",x\"y\n3,\"q\"tail,\r"
    + "\"\",,\"å\"\n4,last,end"

  /// The records of `tricky` after the header, and the lines they start on, worked out by
  /// hand: the quoted CR LF makes the first record span lines 2 and 3, line 4 is blank.
  static let expected: [(Int, [String])] = [
    (2, ["1", "two\r\nlines", "ö"]),
    (5, ["2", "say \"hi\"", "x\"y"]),
    (6, ["3", "qtail", ""]),
    (7, ["", "", "å"]),
    (8, ["4", "last", "end"]),
  ]

  // Chunks of 1 to 81 bytes put a chunk boundary at every byte offset of the file (inside
  // the quoted CR LF, between the CR and LF that end the blank line, between the doubled
  // quotes, inside "ö"): every reading gives the records above, and so does every cut of
  // the blocks that does not give up.
  @Test func everyChunkBoundaryReadsTheSameRecords() throws {
    let url = try temporaryFile(Self.tricky)
    defer { removeTemporaryFile(url) }
    let size = Self.tricky.utf8.count
    #expect(size == 81)
    for chunkSize in 1...size {
      var source = try CSVSource(url: url, chunkSize: chunkSize)
      let rows = try allRows(&source)
      #expect(rows.first?.1 == ["id", "text", "n"], "chunks of \(chunkSize)")
      let data = Array(rows.dropFirst())
      #expect(data.map(\.0) == Self.expected.map(\.0), "chunks of \(chunkSize)")
      #expect(data.map(\.1) == Self.expected.map(\.1), "chunks of \(chunkSize)")
    }
    var blocksRead = 0
    for blockSize in 1...size {
      guard let blocks = try blockRecords(url, blockSize: blockSize) else { continue }
      blocksRead += 1
      #expect(blocks == Self.expected.map(\.1), "blocks of \(blockSize)")
    }
    #expect(blocksRead > 0)
  }

  // A fuzzing finding (make fuzz, fuzz-csv): UTF-16 big-endian without a byte-order mark
  // was read as UTF-16 in 1 MiB chunks but as UTF-8 in 7-byte chunks, since the encoding was
  // decided on the first chunk alone. Now on the first 4 KB, whatever the chunks: at every
  // chunk size from 1 to the file's 36 bytes, the two records "grupp\tsvar" and "A\tJa"
  // (every other byte a zero, the even places: big-endian; TAB the delimiter).
  @Test func utf16WithoutByteOrderMarkAtEveryChunkSize() throws {
    let text = "grupp\tsvar\r\nA\tJa\r\n"
    let bytes = Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    #expect(bytes.count == 36)
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-utf16-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("be.csv")
    try Data(bytes).write(to: url)
    for chunkSize in 1...bytes.count {
      var source = try CSVSource(url: url, chunkSize: chunkSize)
      var fields: [[String]] = []
      while let row = try source.nextRow() { fields.append(row.fields) }
      #expect(fields == [["grupp", "svar"], ["A", "Ja"]], "chunks of \(chunkSize)")
      #expect(source.encoding == .utf16BigEndian, "chunks of \(chunkSize)")
    }
  }

  // Invalid UTF-8 is found wherever a chunk ends: 0xFF is the third byte of field 2 on line
  // 4. The bytes C3 " A4 on line 2 are no UTF-8 as they stand, but the field they make, once
  // its quotes are squeezed out, is "xä\"", which is.
  @Test func invalidUTF8IsLocatedAtEveryChunkSize() throws {
    var bytes = Array("a,ö\n1,\"x".utf8) + [0xC3, 0x22, 0xA4] + Array("\"\n".utf8)
    bytes += Array("2,ok\n3,ab".utf8) + [0xFF] + Array("c\n".utf8)
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-chunks-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("bad.csv")
    try Data(bytes).write(to: url)
    for chunkSize in 1...bytes.count {
      var source = try CSVSource(url: url, chunkSize: chunkSize)
      var fields: [[String]] = []
      let error = #expect(throws: IngestError.self) {
        while let row = try source.nextRow() { fields.append(row.fields) }
      }
      #expect(fields == [["a", "ö"], ["1", "xä\""], ["2", "ok"]], "chunks of \(chunkSize)")
      #expect(
        error?.description
          == "bad.csv:4:2: invalid UTF-8 (byte 0xFF at character 3 of the field); "
          + "save the file as UTF-8 or Windows-1252", "chunks of \(chunkSize)")
    }
  }

  // An open quote at the end of the file, wherever the chunks end: the record's line and the
  // field's column.
  @Test func unterminatedQuoteAtEveryChunkSize() throws {
    let text = "a,b\n1,2\n3,\"open\r\nstill open"
    let url = try temporaryFile(text)
    defer { removeTemporaryFile(url) }
    for chunkSize in 1...text.utf8.count {
      var source = try CSVSource(url: url, chunkSize: chunkSize)
      let error = #expect(throws: IngestError.self) { try allRows(&source) }
      #expect(
        error?.description == "data.csv:3:2: a quoted field is never closed (a \" is missing)",
        "chunks of \(chunkSize)")
    }
  }
}
