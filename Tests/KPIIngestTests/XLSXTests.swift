import Foundation
import Testing

@testable import KPIIngest

/// The fixtures are written by scripts/fixtures/make_xlsx_fixtures.py; the expected values
/// below are what that script puts in them.
private func fixture(_ name: String) throws -> URL {
  try #require(
    Bundle.module.url(forResource: name, withExtension: "xlsx", subdirectory: "Fixtures/xlsx"))
}

/// Every row of a source as (line, fields).
private func readAll(_ source: XLSXSource) throws -> [Line] {
  var source = source
  var lines: [Line] = []
  while let row = try source.nextRow() { lines.append(Line(row.line, row.fields)) }
  return lines
}

private struct Line: Equatable, CustomStringConvertible {
  var line: Int
  var fields: [String]
  init(_ line: Int, _ fields: [String]) {
    self.line = line
    self.fields = fields
  }
  var description: String { "\(line): \(fields)" }
}

/// The error opening `name` throws.
private func openingError(
  _ name: String, sheet: String? = nil, limits: XLSXLimits = .default
) throws -> IngestError {
  let url = try fixture(name)
  do {
    _ = try XLSXSource(url: url, sheet: sheet, limits: limits)
  } catch {
    return error
  }
  Issue.record("\(name) opened without an error")
  throw CancellationError()
}

@Suite("XLSX reader")
struct XLSXTests {
  // MARK: - Workbooks written by real tools

  /// The first sheet of openpyxl.xlsx and of libreoffice.xlsx (the same workbook saved again
  /// by LibreOffice Calc): header rows with merged cells, å ä ö, numbers, booleans, dates.
  private static let surveySheet: [Line] = [
    // B1:C1 is merged, so the question names both columns; A1:A2 is merged down.
    Line(
      1,
      [
        "Nätverk", "Hur nöjd är du med nätverket?", "Hur nöjd är du med nätverket?", "Antal",
        "Andel", "Aktiv", "Datum", "Tidpunkt",
      ]),
    Line(2, ["Nätverk", "Helhet", "Möten"]),
    Line(
      3,
      [
        "Nätverk Å", "I mycket hög grad", "I hög grad", "12", "12.5", "TRUE", "2025-12-31",
        "2025-08-31T14:30:15",
      ]),
    // C4 is empty in the middle of the row; G4 is serial 61, the first day after the
    // fictitious leap day.
    Line(
      4,
      [
        "Ärendegrupp Ö", "I låg grad", "", "-3", "-0.25", "FALSE", "1900-03-01",
        "2024-02-29T00:00:00",
      ]),
    // Row 5 is not in the sheet; G6 is serial 60, Excel's 1900-02-29.
    Line(
      6,
      [
        "Östra nätverket", "", "Vet ej", "0", "1234567.89", "TRUE", "1900-02-29",
        "1999-12-31T23:59:59",
      ]),
    // A7:B7 is merged below the header: not filled.
    Line(7, ["Summa", "", "", "10000000000000000", "0.0000001"]),
  ]

  private static let backgroundSheet: [Line] = [
    Line(1, ["Kommun", "Invånare"]),
    Line(2, ["Borås", "115000"]),
    Line(3, ["Ulricehamn", "25000"]),
    Line(4, ["Tranemo", "11900"]),
  ]

  @Test(arguments: ["openpyxl", "libreoffice"])
  func firstSheetOfAToolsWorkbook(_ name: String) throws {
    let source = try XLSXSource(url: try fixture(name))
    #expect(source.fileName == "\(name).xlsx")
    #expect(source.sheetNames == ["Svar", "Bakgrund"])
    #expect(source.sheetName == "Svar")
    #expect(try readAll(source) == Self.surveySheet)
  }

  @Test(arguments: ["openpyxl", "libreoffice"])
  func secondSheetByName(_ name: String) throws {
    let source = try XLSXSource(url: try fixture(name), sheet: "Bakgrund")
    #expect(source.sheetName == "Bakgrund")
    #expect(try readAll(source) == Self.backgroundSheet)
  }

  @Test func rowsKeepTheirSheetLineAndFieldsTheirColumn() throws {
    var source = try XLSXSource(url: try fixture("openpyxl"))
    var rows: [Row] = []
    while let row = try source.nextRow() { rows.append(row) }
    #expect(rows.map(\.line) == [1, 2, 3, 4, 6, 7])
    #expect(rows[3].isEmpty(2))
    #expect(rows[3][0] == "Ärendegrupp Ö")
    #expect(try source.nextRow() == nil)
  }

  // MARK: - What the tools do not write

  /// handmade.xlsx: inline strings with runs, rich text and phonetic runs in shared strings,
  /// `_xHHHH_` escapes, formula and error cells, the 1904 date system, custom formats,
  /// namespace prefixes, cells without references, a `t="d"` cell, and a first sheet that
  /// lives in sheet2.xml.
  @Test func handWrittenWorkbook() throws {
    let source = try XLSXSource(url: try fixture("handmade"))
    #expect(source.sheetNames == ["Första", "Andra"])
    #expect(source.sheetName == "Första")
    #expect(
      try readAll(source) == [
        Line(1, ["Fråga", "Hej då", "Summa", "#N/A", "TRUE", "Ja\rNej", "  mellanslag  "]),
        // `"dag "0` is a number format (the d is quoted), `[$-41D]d mmmm yyyy` a date,
        // `h:mm` a time, `0.0\d` a number, `[Red]0.00` a number; the 1904 system.
        Line(
          2,
          [
            "1.5", "1904-01-01", "2024-06-19", "18:00:00", "1904-01-02", "3",
            "2024-06-19T12:00:00", "-2.5",
          ]),
        // A4 is a formula without a cached value; row 3 and row 5 (styled, empty) are left
        // out; the trailing styled empty cells are dropped.
        Line(4, ["", "", "7", "2025-01-02", "2025-01-02T08:15:00", "0.001"]),
      ])
  }

  @Test func sheetNamedInWorkbookOrderNotFileOrder() throws {
    let source = try XLSXSource(url: try fixture("handmade"), sheet: "Andra")
    #expect(try readAll(source) == [Line(1, ["Andra"])])
  }

  // MARK: - Refusals

  @Test func unknownSheetName() throws {
    let error = try openingError("openpyxl", sheet: "Saknas")
    #expect(error.code == .malformed)
    #expect(
      error.description == #"openpyxl.xlsx: no sheet named "Saknas" (sheets: Svar, Bakgrund)"#)
  }

  @Test func truncatedArchive() throws {
    let error = try openingError("truncated")
    #expect(error.code == .malformed)
    #expect(error.description == "truncated.xlsx: the archive is truncated or corrupt")
  }

  @Test func notAZipFile() throws {
    let error = try openingError("not-a-zip")
    #expect(error.code == .malformed)
    #expect(
      error.description == "not-a-zip.xlsx: not an XLSX workbook: the file is not a zip archive")
  }

  @Test func pathTraversalEntry() throws {
    let error = try openingError("traversal")
    #expect(error.code == .malformed)
    #expect(
      error.description
        == #"traversal.xlsx: the archive entry "../x" points outside the archive"#)
  }

  @Test func workbookMissingItsSheet() throws {
    let error = try openingError("missing-sheet")
    #expect(error.code == .malformed)
    #expect(
      error.description
        == "missing-sheet.xlsx: xl/worksheets/sheet1.xml: "
        + #"sheet "Blad1" is missing from the archive"#)
  }

  /// The sheet's XML stops in the middle of a cell; libxml2 recovers, the reader does not.
  @Test func sheetXMLCutShort() throws {
    let error = try openingError("truncated-sheet")
    #expect(error.code == .malformed)
    #expect(
      error.description
        == "truncated-sheet.xlsx: xl/worksheets/sheet1.xml: not well-formed XML near line 2")
  }

  @Test func checksumMismatch() throws {
    let error = try openingError("bad-crc")
    #expect(error.code == .malformed)
    #expect(
      error.description
        == "bad-crc.xlsx: xl/worksheets/sheet1.xml: the archive is truncated or corrupt")
  }

  /// bomb.xlsx declares its 210 MB honestly and is refused from the directory alone.
  @Test func zipBombByDeclaredSize() throws {
    let start = ContinuousClock.now
    let error = try openingError("bomb")
    #expect(ContinuousClock.now - start < .seconds(1))
    #expect(error.code == .limitExceeded)
    #expect(error.diagnostics.first?.file == "bomb.xlsx")
    #expect(error.description.contains("more than the limit of 200000000 bytes"))
  }

  /// bomb-lying.xlsx declares 1 000 bytes for its 210 MB sheet: only counting the inflated
  /// bytes catches it, and it is stopped after the first chunk.
  @Test func zipBombLyingAboutItsSize() throws {
    let start = ContinuousClock.now
    let error = try openingError("bomb-lying")
    #expect(ContinuousClock.now - start < .seconds(1))
    #expect(error.code == .limitExceeded)
    #expect(
      error.description
        == "bomb-lying.xlsx: xl/worksheets/sheet1.xml: unpacks to more than the 1000 bytes "
        + "the archive declares for it (a corrupt archive or a zip bomb)")
  }

  @Test func unpackedSizeLimitCountsEveryPart() throws {
    let error = try openingError("openpyxl", limits: XLSXLimits(maximumUnpackedBytes: 10_000))
    #expect(error.code == .limitExceeded)
    #expect(error.description.hasPrefix("openpyxl.xlsx: the workbook unpacks to 19863 bytes"))
  }

  @Test func cellLimit() throws {
    let error = try openingError("openpyxl", limits: XLSXLimits(maximumCells: 20))
    #expect(error.code == .limitExceeded)
    #expect(
      error.description
        == "openpyxl.xlsx: xl/worksheets/sheet1.xml: the sheet has more than 20 cells")
    #expect(throws: Never.self) {
      _ = try XLSXSource(url: try fixture("openpyxl"), limits: XLSXLimits(maximumCells: 40))
    }
  }

  /// Three cells in column XFD would make 49 152 fields.
  @Test func cellLimitCountsTheGapsBeforeAFarCell() throws {
    let error = try openingError("far-column", limits: XLSXLimits(maximumCells: 1000))
    #expect(error.code == .limitExceeded)
    let source = try XLSXSource(url: try fixture("far-column"))
    var rows = source
    let first = try #require(try rows.nextRow())
    #expect(first.count == 16_384)
    #expect(first[16_383] == "1")
  }

  /// 1 000 cells that all refer to one 15 000-byte shared string expand to 15 MB of text.
  @Test func sharedStringAmplification() throws {
    let error = try openingError(
      "shared-amplification", limits: XLSXLimits(maximumUnpackedBytes: 1_000_000))
    #expect(error.code == .limitExceeded)
    #expect(
      error.description
        == "shared-amplification.xlsx: xl/worksheets/sheet1.xml: the sheet's text comes to "
        + "more than the limit of 1000000 bytes")
  }

  /// FoundationXML would trap on the stray byte in an attribute name.
  @Test func invalidUTF8IsRefusedBeforeParsing() throws {
    let error = try openingError("bad-utf8")
    #expect(error.code == .malformed)
    #expect(error.description == "bad-utf8.xlsx: xl/workbook.xml: the XML is not UTF-8")
  }

  @Test func entityDeclarationsAreRefused() throws {
    let error = try openingError("doctype")
    #expect(error.code == .malformed)
    #expect(
      error.description
        == "doctype.xlsx: xl/worksheets/sheet1.xml: document type declarations are not allowed")
  }

  @Test func badNumberIsLocated() throws {
    let error = try openingError("bad-number")
    #expect(error.code == .malformed)
    #expect(
      error.description
        == #"bad-number.xlsx:3:2: xl/worksheets/sheet1.xml: expected a number, found "tre""#)
  }

  @Test func rowsOutOfOrder() throws {
    let error = try openingError("unordered")
    #expect(error.code == .malformed)
    #expect(
      error.description == "unordered.xlsx:2: xl/worksheets/sheet1.xml: row 2 is out of order")
  }

  @Test func missingFile() throws {
    let url = try fixture("openpyxl").deletingLastPathComponent().appendingPathComponent(
      "saknas.xlsx")
    #expect(throws: IngestError(.unreadable, file: "saknas.xlsx", message: "no such file")) {
      _ = try XLSXSource(url: url)
    }
  }

  // MARK: - Pieces

  @Test(arguments: [
    (12.5, "12.5"), (3.0, "3"), (-3.0, "-3"), (-0.25, "-0.25"), (0.0, "0"), (-0.0, "0"),
    (1e16, "10000000000000000"), (1e-7, "0.0000001"), (1234567.89, "1234567.89"),
    (0.1 + 0.2, "0.30000000000000004"), (123e20, "12300000000000000000000"),
    (1.5e-10, "0.00000000015"), (100.0, "100"),
  ])
  func decimalText(_ value: Double, _ text: String) {
    #expect(CellText.decimal(value) == text)
  }

  @Test(arguments: [
    (1.0, NumberKind.date, false, "1900-01-01"),
    (59.0, .date, false, "1900-02-28"),
    (60.0, .date, false, "1900-02-29"),
    (61.0, .date, false, "1900-03-01"),
    (45658.0, .date, false, "2025-01-01"),
    (45658.75, .date, false, "2025-01-01"),
    (45658.75, .dateTime, false, "2025-01-01T18:00:00"),
    (45658.99999999, .dateTime, false, "2025-01-02T00:00:00"),
    (0.5, .time, false, "12:00:00"),
    (1.5, .time, false, "1900-01-01T12:00:00"),
    (0.0, .date, true, "1904-01-01"),
    (2_958_465.0, .date, false, "9999-12-31"),
  ])
  func dateSerial(_ serial: Double, _ kind: NumberKind, _ date1904: Bool, _ text: String) {
    #expect(CellText.date(serial: serial, kind: kind, date1904: date1904) == text)
  }

  @Test(arguments: [
    ("2025-01-02T00:00:00Z", NumberKind.number, "2025-01-02"),
    ("2025-01-02T08:15:00.000Z", .number, "2025-01-02T08:15:00"),
    (" 2025-01-02T08:15 ", .number, "2025-01-02T08:15:00"),
    ("2025-01-02T08:15:00", .date, "2025-01-02"),
    ("2025-01-02T00:00:00", .dateTime, "2025-01-02T00:00:00"),
    ("2025-01-02", .dateTime, "2025-01-02"),
  ])
  func isoDateCells(_ value: String, _ kind: NumberKind, _ text: String) {
    #expect(CellText.isoDate(Substring(value), kind: kind) == text)
  }

  @Test func serialsThatAreNoDates() {
    #expect(CellText.date(serial: -1, kind: .date, date1904: false) == nil)
    #expect(CellText.date(serial: 2_958_466, kind: .date, date1904: false) == nil)
  }

  @Test(arguments: [
    ("General", NumberKind.number), ("0.00", .number), ("0.00E+00", .number),
    ("#,##0\\ \"kr\"", .number), ("\"dag \"0", .number), ("0.0\\d", .number),
    ("[Red]0.00", .number), ("@", .number), ("yyyy-mm-dd", .date), ("YYYY\\-MM\\-DD", .date),
    ("[$-41D]d\\ mmmm\\ yyyy;@", .date), ("mmm-yy", .date), ("h:mm", .time),
    ("mm:ss", .time), ("[h]:mm:ss", .time), ("h:mm AM/PM", .time),
    ("yyyy-mm-dd h:mm:ss", .dateTime), ("m/d/yy h:mm", .dateTime),
  ])
  func formatCodes(_ code: String, _ kind: NumberKind) {
    #expect(NumberKind(formatCode: code) == kind)
  }

  @Test func builtInFormats() {
    #expect((14...17).allSatisfy { NumberKind(builtIn: $0) == .date })
    #expect(NumberKind(builtIn: 22) == .dateTime)
    #expect([18, 19, 20, 21, 45, 46, 47].allSatisfy { NumberKind(builtIn: $0) == .time })
    #expect([0, 1, 2, 9, 10, 13, 23, 44, 48, 49].allSatisfy { NumberKind(builtIn: $0) == .number })
  }

  @Test(arguments: [
    ("xl/workbook.xml", true), ("../x", false), ("xl/../../x", false), ("/etc/passwd", false),
    ("..\\x", false), ("C:\\x", false), ("xl/..foo", true),
  ])
  func entryNames(_ path: String, _ contained: Bool) {
    #expect(WorkbookArchive.isContained(path) == contained)
  }

  @Test func relationshipTargets() {
    #expect(resolve("worksheets/sheet1.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
    #expect(
      resolve("/xl/worksheets/sheet1.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
    #expect(resolve("../media/a.png", from: "xl/worksheets/sheet1.xml") == "xl/media/a.png")
    #expect(resolve("xl/workbook.xml", from: "") == "xl/workbook.xml")
    #expect(resolve("../../x", from: "xl/workbook.xml") == nil)
    #expect(relationshipsPath(of: "xl/workbook.xml") == "xl/_rels/workbook.xml.rels")
  }

  @Test func ooxmlEscapes() {
    #expect(unescapeOOXML("Ja_x000D_Nej") == "Ja\rNej")
    #expect(unescapeOOXML("a_x005F_x000D_b") == "a_x000D_b")
    #expect(unescapeOOXML("_x_ och _xZZZZ_") == "_x_ och _xZZZZ_")
    #expect(unescapeOOXML("Fråga") == "Fråga")
  }

  /// A vertical merge into a row the sheet lacks creates that row; the part of a merge below
  /// row 2 stays empty.
  @Test func mergedHeaderFillsOnlyRowsOneAndTwo() {
    var cells = SheetCells()
    cells.append(column: 0, text: "Fråga")
    cells.endRow(line: 1)
    cells.append(column: 2, text: "x")
    cells.endRow(line: 3)
    let range = MergedRange(top: 1, left: 1, bottom: 3, right: 2)
    var small = cells
    // Three cells to write: B1, A2 and B2.
    let fitsInTwo = small.fillMergedHeaders([range], budget: 2)
    #expect(!fitsInTwo)
    let fitsInThree = cells.fillMergedHeaders([range], budget: 3)
    #expect(fitsInThree)
    let rows = (0..<cells.rowCount).map { row in
      Line(
        cells.line(ofRow: row),
        cells.cells(ofRow: row).map { cell in
          guard case .text(let range) = cells.value(cell) else { return "?" }
          return "\(cells.column(cell)):" + String(decoding: cells.text[range], as: UTF8.self)
        })
    }
    #expect(
      rows == [
        Line(1, ["0:Fråga", "1:Fråga"]), Line(2, ["0:Fråga", "1:Fråga"]), Line(3, ["2:x"]),
      ])
    #expect(cells.fieldCount == 2 + 2 + 3)
  }

  @Test func cellReferences() {
    #expect(SheetHandler.columnNumber("A1") == 1)
    #expect(SheetHandler.columnNumber("$AA$3") == 27)
    #expect(SheetHandler.columnNumber("XFD1048576") == 16_384)
    #expect(SheetHandler.columnNumber("XFE1") == nil)
    #expect(SheetHandler.columnNumber("1A") == nil)
    #expect(
      SheetHandler.mergedRange("B1:C2") == MergedRange(top: 1, left: 2, bottom: 2, right: 3))
    #expect(SheetHandler.mergedRange("B1") == nil)
  }
}
