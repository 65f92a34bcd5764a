import Foundation
import Testing

/// The CSV fixtures of the ingest tests (scripts/fixtures/make_csv_fixtures.py).
func ingestFixture(_ name: String) -> String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("KPIIngestTests/Fixtures/csv/\(name)").path
}

@Suite("kpi inspect")
struct InspectCommandTests {
  @Test func describesAWindows1252File() throws {
    let run = try kpi("inspect", ingestFixture("windows1252.csv"))
    #expect(run.status == 0)
    #expect(run.stderr == "kpi inspect: note: windows1252.csv was read as Windows-1252\n")
    #expect(
      run.lines == [
        "fil: windows1252.csv", "format: CSV (Windows-1252, ;)", "rubrikrader: 1",
        "kolumner (2):", "  1. Kommun", "  2. Kostnad", "datarader: 3",
      ])
  }

  @Test(
    "malformed input exits 65 naming file and row",
    arguments: [
      ("ragged.csv", "ragged.csv:3:4: expected 3 fields as in the header, found 4"),
      ("short-row.csv", "short-row.csv:3:3: expected 3 fields as in the header, found 2"),
      ("unterminated.csv", "unterminated.csv:2:2: a quoted field is never closed"),
      ("invalid-utf8.csv", "invalid-utf8.csv:3:2: invalid UTF-8"),
      ("empty.csv", "empty.csv: the file is empty"),
      ("header-only.csv", "header-only.csv:1: the file has a header but no data rows"),
    ])
  func malformed(name: String, message: String) throws {
    let run = try kpi("inspect", ingestFixture(name))
    #expect(run.status == 65)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasPrefix("kpi inspect: error: \(message)"))
    #expect(run.stderr.split(separator: "\n").count == 1)
  }

  @Test func missingFileExits66() throws {
    let run = try kpi("inspect", "/nonexistent/enkat.csv")
    #expect(run.status == 66)
    #expect(run.stderr == "kpi inspect: error: enkat.csv: cannot open: No such file or directory\n")
  }
}

extension InspectCommandTests {
  /// The XLSX fixtures of the ingest tests (scripts/fixtures/make_xlsx_fixtures.py).
  static func workbook(_ name: String) -> String {
    URL(fileURLWithPath: ingestFixture(name)).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("xlsx/\(name)").path
  }

  @Test(
    "malformed workbooks exit 65 naming the file",
    arguments: [
      ("truncated.xlsx", "truncated.xlsx: the archive is truncated or corrupt"),
      ("bomb.xlsx", "bomb.xlsx: the workbook unpacks to 210001429 bytes, more than the limit"),
      ("bomb-lying.xlsx", "bomb-lying.xlsx: xl/worksheets/sheet1.xml: unpacks to more than"),
      ("traversal.xlsx", "traversal.xlsx: the archive entry \"../x\" points outside the archive"),
      ("not-a-zip.xlsx", "not-a-zip.xlsx: "),
      (
        "missing-sheet.xlsx",
        "missing-sheet.xlsx: xl/worksheets/sheet1.xml: sheet \"Blad1\" is missing"
      ),
      (
        "bad-crc.xlsx",
        "bad-crc.xlsx: xl/worksheets/sheet1.xml: the archive is truncated or corrupt"
      ),
      (
        "bad-number.xlsx",
        "bad-number.xlsx:3:2: xl/worksheets/sheet1.xml: expected a number, found \"tre\""
      ),
      ("bad-utf8.xlsx", "bad-utf8.xlsx: xl/workbook.xml: the XML is not UTF-8"),
      (
        "doctype.xlsx",
        "doctype.xlsx: xl/worksheets/sheet1.xml: document type declarations are not allowed"
      ),
      (
        "truncated-sheet.xlsx",
        "truncated-sheet.xlsx: xl/worksheets/sheet1.xml: not well-formed XML near line 2"
      ),
      ("unordered.xlsx", "unordered.xlsx:2: xl/worksheets/sheet1.xml: row 2 is out of order"),
    ])
  func malformedWorkbook(name: String, message: String) throws {
    let run = try kpi("inspect", Self.workbook(name))
    #expect(run.status == 65)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasPrefix("kpi inspect: error: \(message)"))
    #expect(run.stderr.split(separator: "\n").count == 1)
  }

  // SPEC §8's limits on a CSV, through the command: one line naming file and row.
  @Test(
    "a CSV over the limits exits 65 naming file and row",
    arguments: [
      (
        "long.csv", "a,b\n1,2\n3,\"" + String(repeating: "x", count: 1_100_000) + "\"\n",
        "long.csv:3: a record longer than 1 MB (is a quote left open, or is this not a CSV file?)"
      ),
      (
        "wide.csv", "a,b\n" + String(repeating: "1,", count: 100_001) + "\n",
        "wide.csv:2: more than 100000 fields in one record"
      ),
      (
        "wide-header.csv", String(repeating: "a,", count: 100_001) + "\n1,2\n",
        "wide-header.csv:1: more than 100000 fields in one record"
      ),
    ])
  func csvOverTheLimits(name: String, text: String, message: String) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    let run = try kpi("inspect", folder.appendingPathComponent(name).path)
    #expect(run.status == 65)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr == "kpi inspect: error: \(message)\n")
  }

  @Test func readsTheBundledWorkbook() throws {
    let run = try kpi("inspect", "datasets/natverksenkat/2025.xlsx", in: repositoryRoot)
    #expect(run.status == 0)
    #expect(run.lines.contains("format: XLSX (blad \"Svar\")"))
    #expect(run.lines.last == "datarader: 143")
  }
}

/// Issue 17, item 8: raw ESC and OSC bytes in a header reached the terminal through
/// `kpi inspect`; they are shown escaped.
@Suite("kpi inspect escapes control characters")
struct InspectEscapingTests {
  @Test func headerControlBytesAreEscaped() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("inspect-\(UUID().uuidString).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data("a\u{1B}[2J,b\u{1B}]0;titel\u{07}\n1,2\n".utf8).write(to: url)
    let run = try kpi("inspect", url.path)
    #expect(run.status == 0)
    #expect(!run.stdout.contains("\u{1B}") && !run.stdout.contains("\u{07}"))
    #expect(run.stdout.contains("  1. a\\u{1B}[2J\n  2. b\\u{1B}]0;titel\\u{7}\n"))
  }
}

extension InspectCommandTests {
  /// A Microsoft Forms multi-select column (`;` after each option): `kpi inspect --column`
  /// names it multi-select and counts its options, not its combinations. Counted by hand from
  /// the five cells: Nyhetsbrev in rows 1, 2, 4 and 5 (4), Webbplats in 1, 3 and 5 (3),
  /// Teams in 2 and 4 (2); one cell blank.
  @Test func multiSelectColumnShowsItsOptions() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("forms.csv")
    try """
    ID,Vilka kanaler?
    1,Nyhetsbrev;Webbplats;
    2,Teams;Nyhetsbrev;
    3,Webbplats;
    4,Nyhetsbrev;Teams;
    5,Webbplats;Nyhetsbrev;
    6,

    """.write(to: file, atomically: true, encoding: .utf8)
    let run = try kpi("inspect", file.path, "--column", "Vilka kanaler?")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.lines == [
        "kolumn: Vilka kanaler? (multi-select)", "ifyllda: 5, tomma: 1",
        "alternativ (3, avgränsade med \";\"):", "  4\tNyhetsbrev", "  3\tWebbplats",
        "  2\tTeams",
      ])
  }
}
