import Foundation
import Testing

@testable import KPIIngest

/// The XLSX shapes that were super-linear on small inputs (issue 17, item 7): many attributes
/// in one element, a huge inline string, many shared strings. Speed is measured by
/// `scripts/hostile/make_hostile_inputs.py` on the release build; these tests check the
/// result.
@Suite("XLSX parts of hostile shape")
struct LinearTimeXLSXTests {
  private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

  private static func sheet(_ cells: String) -> Data {
    Data(
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <worksheet xmlns="\(main)"><sheetData><row r="1">\(cells)</row></sheetData></worksheet>
      """.utf8)
  }

  private static func parseSheet(_ data: Data) throws(IngestError) -> SheetHandler {
    let handler = SheetHandler(
      file: "hostile.xlsx", part: "xl/worksheets/sheet1.xml", sharedStrings: SharedStrings(),
      kinds: [], date1904: false, maximumCells: 1_000_000)
    try parseXMLPart(data, with: handler, root: "worksheet")
    return handler
  }

  private static func texts(_ cells: SheetCells) -> [String] {
    (0..<cells.rowCount).flatMap { row in
      cells.cells(ofRow: row).map { cell -> String in
        guard case .text(let range) = cells.value(cell) else { return "shared" }
        return String(decoding: cells.text[range], as: UTF8.self)
      }
    }
  }

  @Test func aCellWithFourHundredThousandAttributesIsRefusedWithItsLine() {
    let attributes = (0..<400_000).map { " a\($0)=\"0\"" }.joined()
    let data = Self.sheet(
      "<c r=\"A1\" t=\"inlineStr\"\(attributes)><is><t>ok</t></is></c>")
    #expect {
      try Self.parseSheet(data)
    } throws: { error in
      guard let error = error as? IngestError else { return false }
      return error.code == .limitExceeded
        && error.description.contains(
          "xl/worksheets/sheet1.xml: an element on line 2 has more than 64 attributes")
    }
  }

  @Test func sixtyFourAttributesAreStillRead() throws {
    // `r`, `t` and 62 more; `=` and `>` inside quoted values do not count or end the tag.
    let attributes = (0..<62).map { " a\($0)=\"x=y>z\"" }.joined()
    let data = Self.sheet(
      "<!-- a=b c=d --><c r=\"A1\" t=\"inlineStr\"\(attributes)><is><t>ok</t></is></c>")
    #expect(lineOfCrowdedStartTag(data, maximumAttributes: 64) == nil)
    #expect(lineOfCrowdedStartTag(data, maximumAttributes: 63) == 2)
    #expect(Self.texts(try Self.parseSheet(data).cells) == ["ok"])
  }

  @Test func aHalfMegabyteInlineStringIsOneCell() throws {
    let text = String(repeating: "Nätverk för samverkan & kultur ", count: 16_000)
    let escaped = text.replacingOccurrences(of: "&", with: "&amp;")
    let data = Self.sheet("<c r=\"A1\" t=\"inlineStr\"><is><t>\(escaped)</t></is></c>")
    #expect(data.count > 500_000)
    #expect(Self.texts(try Self.parseSheet(data).cells) == [text])
  }

  @Test func manySharedStringsAndAHalfMegabyteOne() throws {
    let long = String(repeating: "Svar med _x0041_ och å ", count: 22_000)
    let items = (0..<60_000).map { "<si><t>Svar nummer \($0)</t></si>" }.joined()
    let data = Data(
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <sst xmlns="\(Self.main)">\(items)<si><r><t>\(long)</t></r><r><t>slut</t></r></si></sst>
      """.utf8)
    let handler = SharedStringsHandler(file: "hostile.xlsx", part: "xl/sharedStrings.xml")
    try parseXMLPart(data, with: handler, root: "sst")
    let strings = handler.strings
    func string(_ index: Int) -> String {
      String(decoding: strings.bytes[strings.range(index)], as: UTF8.self)
    }
    #expect(strings.count == 60_001)
    #expect(string(0) == "Svar nummer 0")
    #expect(string(59_999) == "Svar nummer 59999")
    // _x0041_ is OOXML's escape of "A".
    #expect(string(60_000) == String(repeating: "Svar med A och å ", count: 22_000) + "slut")
  }
}
