import Foundation
import KPIModel
import Testing

@testable import KPIIngest

/// A deterministic generator for the random files below (64-bit LCG, Knuth's MMIX constants).
struct SeededRandom {
  var state: UInt64
  mutating func next(_ bound: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(bound))
  }
}

/// Writes bytes to a fresh temporary file.
func temporaryFile(_ text: String, name: String = "data.csv") throws -> URL {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("kpi-blocks-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  let url = folder.appendingPathComponent(name)
  try Data(text.utf8).write(to: url)
  return url
}

/// Removes the folder ``temporaryFile(_:name:)`` made.
func removeTemporaryFile(_ url: URL) {
  try? FileManager.default.removeItem(at: url.deletingLastPathComponent())
}

/// The data records of a CSV as the ordinary reader (CSVSource) gives them, blank records
/// left out as TableReader leaves them out.
func ordinaryRecords(_ url: URL) throws -> [[String]] {
  var source = try CSVSource(url: url)
  _ = try source.nextRow()  // the header
  var rows: [[String]] = []
  while let row = try source.nextRow() {
    if !row.isBlank { rows.append(row.fields) }
  }
  return rows
}

/// The data records as the fast path gives them in blocks of `blockSize` bytes, or `nil`
/// when it gives up.
func blockRecords(_ url: URL, blockSize: Int) throws -> [[String]]? {
  let table = try TableReader.open(url, headerRows: 1)
  let layout = try #require(table.blockLayout)
  var rows: [[String]] = []
  let finished = CSVBlocks.scan(layout, blockSize: blockSize, threshold: 0) { records in
    var part: [[String]] = []
    while let record = records.next() {
      if !record.isBlank { part.append((0..<record.count).map { record.string($0) }) }
    }
    return records.failed ? nil : part
  } merge: { part in
    rows += part
  }
  return finished ? rows : nil
}

@Suite("Fast CSV path (blocks)")
struct CSVBlocksTests {
  /// Fields as a CSV writer (or a sloppy one) writes them: raw text, and the value read.
  static let fields: [(raw: String, quotedBreak: Bool)] = [
    ("", false), ("a", false), ("Nätverk 1", false), ("I mycket hög grad", false),
    ("\"x,y\"", false), ("\"say \"\"hi\"\"\"", false), ("\"q\"tail", false), ("a\"b", false),
    ("\" spaced \"", false), ("ö", false), ("\"\"", false), ("\"line\nbreak\"", true),
    ("\"cr\r\nlf\"", true), ("12,5", false),
  ]

  /// A random CSV: a header of `columns` names, then rows of random fields, random line
  /// ends (LF, CR LF, CR), some blank lines, sometimes no line end at the very end.
  static func randomCSV(_ random: inout SeededRandom, rows: Int, columns: Int, breaks: Bool)
    -> String
  {
    let ends = ["\n", "\r\n", "\r"]
    let end = ends[random.next(3)]
    var text = (1...columns).map { "c\($0)" }.joined(separator: ",") + end
    for _ in 0..<rows {
      if random.next(20) == 0 { text += ends[random.next(3)] }
      var cells: [String] = []
      for _ in 0..<columns {
        var field = fields[random.next(fields.count)]
        while field.quotedBreak && !breaks { field = fields[random.next(fields.count)] }
        // A comma in an unquoted field would split it: quote it as a writer would.
        cells.append(field.raw == "12,5" ? "\"12,5\"" : field.raw)
      }
      text += cells.joined(separator: ",") + (random.next(2) == 0 ? end : ends[random.next(3)])
    }
    if random.next(4) == 0 { text.removeLast() }
    return text
  }

  // 200 random files of up to 60 rows, each read whole by CSVSource and in blocks of 5, 17,
  // 64 and 4096 bytes: every block reading that does not give up gives the same records,
  // and without quoted line breaks none gives up.
  @Test func blocksReadWhatTheStreamReads() throws {
    var random = SeededRandom(state: 20_261_123)
    var accepted = 0
    var total = 0
    for file in 0..<200 {
      let breaks = file % 2 == 1
      let text = Self.randomCSV(
        &random, rows: 1 + random.next(60), columns: 1 + random.next(5), breaks: breaks)
      let url = try temporaryFile(text)
      defer { removeTemporaryFile(url) }
      let expected = try ordinaryRecords(url)
      for blockSize in [5, 17, 64, 4096] {
        total += 1
        guard let fast = try blockRecords(url, blockSize: blockSize) else {
          #expect(breaks, "gave up on a file without quoted line breaks: \(text.debugDescription)")
          continue
        }
        accepted += 1
        #expect(fast == expected, "block size \(blockSize): \(text.debugDescription)")
      }
    }
    // Files with quoted line breaks are read too, unless a cut falls inside one.
    #expect(accepted > total / 2)
  }

  @Test func invalidUTF8GivesUpForTheOrdinaryReader() throws {
    // "Malmö" in Windows-1252: the ordinary reader decides the encoding, not the fast path.
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-blocks-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("cp1252.csv")
    try Data([0x61, 0x0A, 0x4D, 0x61, 0x6C, 0x6D, 0xF6, 0x0A]).write(to: url)
    #expect(try blockRecords(url, blockSize: 4096) == nil)
    #expect(try ordinaryRecords(url) == [["Malmö"]])
  }

  // Found by fuzz-csv: a header that is not UTF-8 (0xEF 0xA4 is no sequence) makes the
  // ordinary reader read the whole file as Windows-1252, so the UTF-8 looking data rows must
  // not be read as UTF-8 by the fast path.
  @Test func windows1252HeaderGivesUp() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-blocks-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("mixed.csv")
    var bytes: [UInt8] = [0xEF, 0xA4] + Array("nhet;73\r\n".utf8)
    bytes += Array("Skolprogram;21\u{00A0}541\r\n".utf8)
    try Data(bytes).write(to: url)
    #expect(try TableReader.open(url, headerRows: 1).blockLayout == nil)
    #expect(try ordinaryRecords(url) == [["Skolprogram", "21\u{00C2}\u{00A0}541"]])
  }

  // A merge that finds a problem stops the scan: 100 rows in blocks of 64 bytes (about 16),
  // the merge refuses the third block, is not called again, and the scan says it gave up.
  @Test func mergeThatRefusesStopsTheScan() throws {
    let url = try temporaryFile("n\n" + (1...100).map { "row \($0)\n" }.joined())
    defer { removeTemporaryFile(url) }
    let layout = try #require(try TableReader.open(url, headerRows: 1).blockLayout)
    var merged = 0
    let finished = CSVBlocks.scan(layout, blockSize: 64, threshold: 0) { records in
      var count = 0
      while records.next() != nil { count += 1 }
      return count
    } mergeWhile: { _ in
      merged += 1
      return merged < 3
    }
    #expect(!finished)
    #expect(merged == 3)
  }

  @Test func unterminatedQuoteGivesUp() throws {
    let url = try temporaryFile("a,b\n1,\"open\n2,3\n")
    defer { removeTemporaryFile(url) }
    #expect(try blockRecords(url, blockSize: 4096) == nil)
    #expect(throws: IngestError.self) { try ordinaryRecords(url) }
  }

  @Test func utf16IsNotForTheFastPath() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-blocks-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("utf16.csv")
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in "a\n1\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    try Data(bytes).write(to: url)
    let table = try TableReader.open(url, headerRows: 1)
    #expect(table.blockLayout == nil)
  }

  // ByteTable: ids in, dense indices out, found again after the table has grown.
  @Test func byteTableInsertsAndFinds() {
    var table = ByteTable()
    let ids = (0..<5000).map { "E\($0 * 7919 % 100_000)" }
    for (index, id) in ids.enumerated() { #expect(table.insert(id) == index) }
    #expect(table.count == 5000)
    for (index, id) in ids.enumerated() {
      var text = id
      #expect(text.withUTF8 { table.find($0) } == index)
    }
    var missing = "E100001"
    #expect(missing.withUTF8 { table.find($0) } == nil)
    var empty = ""
    #expect(empty.withUTF8 { table.find($0) } == nil)
    #expect(table.insert("") == 5000)
    #expect(table.insert("E0") == 0)
    #expect(table.key(1) == Array("E7919".utf8))
    // Keys of 1–12 bytes (short ones compared as one word, longer ones byte by byte) that
    // differ from one another in one byte at one place: each its own index, found again.
    var keys = ByteTable()
    var made: [[UInt8]] = []
    for length in 1...12 {
      for place in 0..<length {
        var key = Array("abcdefghijkl".utf8.prefix(length))
        key[place] = UInt8(ascii: "Z")
        made.append(key)
      }
      made.append(Array("abcdefghijkl".utf8.prefix(length)))
    }
    for (index, key) in made.enumerated() {
      #expect(key.withUnsafeBufferPointer { keys.insert($0) } == index)
    }
    for (index, key) in made.enumerated() {
      #expect(key.withUnsafeBufferPointer { keys.find($0) } == index)
    }
    #expect(keys.count == 78 + 12)
  }
}

@Suite("Fast readers against the ordinary ones")
struct FastReaderTests {
  /// Counts as the ordinary reader codes them, in SurveyCounts' shape.
  static func ordinaryCounts(_ url: URL, spec: SurveySpec) throws -> SurveyCounts {
    var reader = try SurveyReader(spec: spec, table: try TableReader.open(url))
    var counts = SurveyCounts()
    let width = reader.answerLabels.count
    try reader.read { group, weight, codes in
      let name = group ?? "Totalt"
      var index = counts.groups.firstIndex(of: name) ?? -1
      if index < 0 {
        index = counts.groups.count
        counts.groups.append(name)
        counts.respondents.append(0)
        counts.counts.append(
          [[Double]](repeating: [Double](repeating: 0, count: width), count: codes.count))
      }
      counts.respondents[index] += weight
      for (q, code) in codes.enumerated() where code >= 0 { counts.counts[index][q][code] += 1 }
    }
    return counts
  }

  // A survey with answers in odd case and spacing, a synonym, blank and "Vet ej" answers,
  // group names with spaces around them and a no-break space: the fast path counts exactly
  // what the ordinary reader codes, in blocks of 50 bytes as in one block.
  @Test func surveyCountsMatch() throws {
    let answers = [
      "Ja", "Nej", "Delvis", " ja ", "JA", "till  viss del", "Till viss del", "", "Vet ej",
      "nej",
    ]
    let groups = ["A", "B", " A ", "C\u{00A0}", "Grupp D"]
    var random = SeededRandom(state: 7)
    var text = "Grupp;Kallelse i tid?;Tydligt?\r\n"
    for _ in 0..<400 {
      text +=
        groups[random.next(groups.count)] + ";" + answers[random.next(answers.count)]
        + ";" + answers[random.next(answers.count)] + "\r\n"
    }
    let url = try temporaryFile(text)
    defer { removeTemporaryFile(url) }
    let expected = try Self.ordinaryCounts(url, spec: SurveyReaderTests.spec)
    let reader = try SurveyReader(spec: SurveyReaderTests.spec, table: try TableReader.open(url))
    for blockSize in [50, 1 << 20] {
      let fast = try #require(
        try reader.counts(totalName: "Totalt", blockSize: blockSize, threshold: 0))
      #expect(fast == expected)
    }
    #expect(Set(expected.groups) == ["A", "B", "C", "Grupp D"])
    #expect(expected.respondents.reduce(0, +) == 400)
  }

  // What is wrong with a survey export is found by the blocks themselves, reported as the
  // rows report it (the same error, to the diagnostic), in blocks of 16 bytes (the bad row
  // in the fourth or so) as in one block: an unknown answer on line 4 after a blank line,
  // an empty group, a row with a field too many (on line 4, after a quoted line break on
  // line 2), 30 unknown answers of which the first 20 are named, lines 2 to 21.
  @Test(
    arguments: [
      ("A;Ja;Ja\n\nA;Kanske;Ja\n", "data.csv:4:2: unknown answer \"Kanske\""),
      (" ;Ja;Ja\n", "data.csv:2:1: expected a group name in column \"Grupp\""),
      (
        "A;\"Ja\";\"Nej\r\n\"\nA;Ja;Ja;x\n",
        "data.csv:4:4: expected 3 fields as in the header, found 4"
      ),
      (String(repeating: "A;kanske;Ja\n", count: 30), "data.csv:2:2: unknown answer \"kanske\""),
    ])
  func surveyErrorsAreLocatedByTheBlocks(rows: String, first: String) throws {
    let url = try temporaryFile("Grupp;Kallelse i tid?;Tydligt?\n" + rows)
    defer { removeTemporaryFile(url) }
    // A blank group is an error only when the spec says so.
    var spec = SurveyReaderTests.spec
    spec.missingGroup = .error
    let streamed = #expect(throws: IngestError.self) {
      try Self.ordinaryCounts(url, spec: spec)
    }
    #expect(streamed?.description.hasPrefix(first) == true, "\(streamed?.description ?? "")")
    for blockSize in [16, 1 << 20] {
      let reader = try SurveyReader(spec: spec, table: try TableReader.open(url))
      let blocks = #expect(throws: IngestError.self) {
        try reader.counts(totalName: "Totalt", blockSize: blockSize, threshold: 0)
      }
      #expect(blocks == streamed, "block size \(blockSize)")
    }
  }

  @Test func twentyDiagnosticsAtMostFromTheBlocks() throws {
    let url = try temporaryFile(
      "Grupp;Kallelse i tid?;Tydligt?\n" + String(repeating: "A;kanske;Ja\n", count: 30))
    defer { removeTemporaryFile(url) }
    let reader = try SurveyReader(spec: SurveyReaderTests.spec, table: try TableReader.open(url))
    let error = #expect(throws: IngestError.self) {
      try reader.counts(totalName: "Totalt", blockSize: 16, threshold: 0)
    }
    #expect(error?.diagnostics.map(\.row) == Array(2...21))
  }
}
