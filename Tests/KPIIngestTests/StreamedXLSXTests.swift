import Foundation
import Testing

@testable import KPIIngest

/// The XLSX reader streams its parts and keeps repeated texts once (issue 17, item 13: a
/// 257 KB workbook that unpacks to 190 MB peaked at 501 MB). Memory itself is measured on
/// the release build (Fuzz/RESULTS.md); these tests count the bytes the reader holds.
@Suite("XLSX parts streamed")
struct StreamedXLSXTests {
  private static func fixture(_ name: String) throws -> URL {
    try #require(
      Bundle.module.url(forResource: name, withExtension: "xlsx", subdirectory: "Fixtures/xlsx"))
  }

  /// repeated-rows.xlsx: 4 000 answers with the same 2 000-character comment, 9 MB of sheet
  /// XML. The XML is never held whole, and the comment is kept once, not 4 000 times.
  @Test func aLargeSheetIsReadInChunksAndItsRepeatedTextKeptOnce() throws {
    var source = try XLSXSource(url: try Self.fixture("repeated-rows"))
    #expect(source.peakPartBytes > 0)
    #expect(source.peakPartBytes < 512 * 1024)
    #expect(source.heldTextBytes < 4_096)
    var rows = 0
    var comments = 0
    while let row = try source.nextRow() {
      rows += 1
      if row.line > 1, row[2].count == 2_000, row[2].hasPrefix("Svaret gäller") { comments += 1 }
    }
    #expect(rows == 4_001)
    #expect(comments == 4_000)
  }

  /// repeated-shared.xlsx: 45 000 shared strings that are all one 200-character string
  /// (9 MB of XML): their text is kept once, and the table costs an item number per item.
  @Test func aLongTableOfOneSharedStringKeepsItOnce() throws {
    var source = try XLSXSource(url: try Self.fixture("repeated-shared"))
    #expect(source.peakPartBytes < 512 * 1024)
    #expect(source.heldTextBytes < 1_024)
    var rows: [Row] = []
    while let row = try source.nextRow() { rows.append(row) }
    #expect(rows.count == 1_001)
    #expect(rows[0][0] == "Kommentar")
    #expect(rows[1_000].line == 1_001)
    #expect(rows[1_000][0].count == 200)
    #expect(rows[1_000][0] == rows[1][0])
  }

  @Test func internedBytesFindTheTextsSeenBefore() {
    var arena = InternedBytes()
    func intern(_ text: String) -> Int {
      var text = text
      return text.withUTF8 { arena.intern($0) }!
    }
    let texts = (0..<5_000).map { "svar \($0 % 1_250)" } + ["", "å", "", "svar 1"]
    let ids = texts.map(intern)
    #expect(arena.distinctCount == 1_252)
    for (text, id) in zip(texts, ids) {
      #expect(String(decoding: arena.bytes[arena.range(ofDistinct: id)], as: UTF8.self) == text)
    }
    #expect(ids[0] == ids[1_250])
    #expect(ids[5_000] == ids[5_002])
  }

  // MARK: - The checks, chunk by chunk

  /// Parts whose checks depend on bytes that a chunk boundary can split: comments, CDATA,
  /// processing instructions and quoted values holding `=` and `>`, a document type after
  /// the prolog's comments, multi-byte characters, and bytes that are no UTF-8.
  private static let parts: [String] = [
    "<?xml version=\"1.0\"?>\n<!-- a=b c=d --><r a=\"x=y>z\" b='p=q'><![CDATA[ e=f g=h ]]></r>",
    "<?xml version=\"1.0\"?>\n<!-- <!DOCTYPE --><!DOCTYPE r [<!ENTITY a \"b\">]><r/>",
    "<?pi a=b?>\n\n<r a=\"1\" b=\"2\"\n c=\"3\" d=\"4\"><s e=\"5\"/></r>",
    "<r>\n<s a=\"1\" b=\"2\" c=\"3\" d=\"4\" e=\"5\"/>\n</r>",
    "<r>Nätverk för å ä ö € 𝄞</r>",
    "<r>\u{00E5}</r>\u{1F600}",
    "<r/><!DOCTYPE r>",
    "<r><!-- -- > --></r><?p ?><s a='>' b=\"'\" c=\"\" d=\"\" e=\"\" f=\"\"/>",
  ]

  private static let invalidUTF8: [[UInt8]] = [
    Array("<r a\u{FF}=\"1\"/>".utf8).map { $0 == 0xC3 ? 0xFF : $0 },
    Array("<r>".utf8) + [0xE0, 0x80, 0x80] + Array("</r>".utf8),  // overlong
    Array("<r>".utf8) + [0xED, 0xA0, 0x80] + Array("</r>".utf8),  // a surrogate
    Array("<r>".utf8) + [0xF4, 0x90, 0x80, 0x80] + Array("</r>".utf8),  // past U+10FFFF
    Array("<r>ok</r>".utf8) + [0xE2, 0x82],  // cut short at the end
  ]

  private struct Outcome: Equatable {
    var doctype: Bool
    var crowdedLine: Int?
    var invalid: Bool
  }

  private static func check(_ bytes: [UInt8], chunk: Int) -> (Outcome, [UInt8]) {
    var check = XMLPrecheck(maximumAttributes: 4)
    var passed: [UInt8] = []
    var offset = 0
    while offset < bytes.count {
      let end = min(offset + chunk, bytes.count)
      bytes[offset..<end].withUnsafeBytes { check.feed($0) }
      offset = end
      // What may go to the parser: checked, in order, and never past a failure.
      #expect(check.checked <= check.received)
      if !check.failed { passed = Array(bytes[..<check.checked]) }
    }
    check.finish()
    if !check.failed { passed = Array(bytes[..<check.checked]) }
    return (
      Outcome(
        doctype: check.declaresDocumentType, crowdedLine: check.crowdedLine,
        invalid: check.invalidUTF8), passed
    )
  }

  @Test func everyChunkSizeDecidesAsTheWholePartDoes() {
    let expected: [Outcome] = [
      Outcome(doctype: false, crowdedLine: nil, invalid: false),
      Outcome(doctype: true, crowdedLine: nil, invalid: false),
      Outcome(doctype: false, crowdedLine: nil, invalid: false),
      Outcome(doctype: false, crowdedLine: 2, invalid: false),
      Outcome(doctype: false, crowdedLine: nil, invalid: false),
      Outcome(doctype: false, crowdedLine: nil, invalid: false),
      Outcome(doctype: false, crowdedLine: nil, invalid: false),
      Outcome(doctype: false, crowdedLine: 1, invalid: false),
    ]
    let inputs = Self.parts.map { Array($0.utf8) } + Self.invalidUTF8
    let outcomes =
      expected
      + Self.invalidUTF8.map { _ in Outcome(doctype: false, crowdedLine: nil, invalid: true) }
    for (bytes, outcome) in zip(inputs, outcomes) {
      for chunk in 1...bytes.count {
        let (found, passed) = Self.check(bytes, chunk: chunk)
        #expect(found == outcome, "\(String(decoding: bytes, as: UTF8.self)), chunks of \(chunk)")
        if !outcome.doctype && outcome.crowdedLine == nil && !outcome.invalid {
          #expect(passed == bytes)
        }
      }
    }
  }

  /// A sheet with a cell error early and a crowded tag late is refused for the tag, as when
  /// the part was checked whole before parsing: the parser's early stop does not end the
  /// checks.
  @Test func aLaterCheckOutranksAnEarlierParseError() {
    let attributes = (0..<70).map { " a\($0)=\"0\"" }.joined()
    let rows = (1...6_000).map { "<row r=\"\($0 + 1)\"><c r=\"A\($0 + 1)\"><v>\($0)</v></c></row>" }
    let data = Data(
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
      <row r="1"><c r="A1"><v>tre</v></c></row>\(rows.joined())\
      <row r="9000"><c r="A9000"\(attributes)><v>1</v></c></row></sheetData></worksheet>
      """.utf8)
    #expect(data.count > 200_000)
    let handler = SheetHandler(
      file: "sheet.xlsx", part: "xl/worksheets/sheet1.xml", sharedStrings: SharedStrings(),
      kinds: [], date1904: false, maximumCells: 1_000_000)
    #expect {
      try parseXMLPart(
        PartStream(path: handler.part, data: data, chunkSize: 4_096), with: handler,
        root: "worksheet")
    } throws: { error in
      (error as? IngestError)?.description
        == "sheet.xlsx: xl/worksheets/sheet1.xml: an element on line 2 has more than 64 "
        + "attributes"
    }
  }

  /// The same sheet read in chunks of 1, 7, 4 096 and 65 536 bytes gives the same cells.
  @Test func chunkSizeChangesNoCell() throws {
    let cells = (1...400).map { n in
      "<row r=\"\(n)\"><c r=\"A\(n)\" t=\"inlineStr\"><is><t>Nätverk \(n) &amp; å</t></is></c>"
        + "<c r=\"C\(n)\"><v>\(Double(n) / 8)</v></c></row>"
    }.joined()
    let data = Data(
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
      <sheetData>\(cells)</sheetData></worksheet>
      """.utf8)
    func texts(_ chunk: Int) throws -> [String] {
      let handler = SheetHandler(
        file: "sheet.xlsx", part: "xl/worksheets/sheet1.xml", sharedStrings: SharedStrings(),
        kinds: [], date1904: false, maximumCells: 1_000_000)
      try parseXMLPart(
        PartStream(path: handler.part, data: data, chunkSize: chunk), with: handler,
        root: "worksheet")
      let cells = handler.cells
      return (0..<cells.rowCount).flatMap { row in
        cells.cells(ofRow: row).map { cell -> String in
          guard case .text(let range) = cells.value(cell) else { return "shared" }
          return "\(cells.line(ofRow: row)):\(cells.column(cell)):"
            + String(decoding: cells.text[range], as: UTF8.self)
        }
      }
    }
    let whole = try texts(data.count)
    #expect(whole.count == 800)
    #expect(whole[0] == "1:0:Nätverk 1 & å")
    #expect(whole[1] == "1:2:0.125")
    for chunk in [1, 7, 4_096, 65_536] { #expect(try texts(chunk) == whole) }
  }
}
