import Foundation
import KPIModel
import Testing

@testable import KPIIngest

@Suite("Visitor reader")
struct VisitorReaderTests {
  static func read(_ text: String) throws -> VisitorFile {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("besok-\(UUID().uuidString).csv")
    try Data(text.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try VisitorReader.read(url)
  }

  static func messages(_ text: String) -> [String] {
    do {
      _ = try read(text)
      return []
    } catch let error as IngestError {
      return error.diagnostics.map { "\($0.row ?? 0):\($0.column ?? 0): \($0.message)" }
    } catch {
      return ["\(error)"]
    }
  }

  @Test func readsDaysAndMonths() throws {
    let file = try Self.read(
      "date,category,visitors\n2024-02-29,allmänhet,120\n2024-03,skolprogram,1 234\n")
    #expect(
      file.counts == [
        VisitorCount(
          date: CalendarDate(year: 2024, month: 2, day: 29)!, category: "allmänhet",
          visitors: 120),
        VisitorCount(
          date: CalendarDate(year: 2024, month: 3)!, category: "skolprogram", visitors: 1234),
      ])
    #expect(file.emptyCounts == 0)
  }

  // Swedish headers, `;` and a decimal-comma export; an empty count is a missing value.
  @Test func swedishHeadersAndEmptyCounts() throws {
    let file = try Self.read(
      "Datum;Kategori;Besökare\n2023-01-02;konferens;\n2023-01-03;konferens;40\n")
    #expect(file.counts.count == 1)
    #expect(file.counts[0].visitors == 40)
    #expect(file.emptyCounts == 1)
    let events = try Self.read("date,category,count\n2023-01,konferenser,14\n")
    #expect(events.counts.first?.visitors == 14)
  }

  // Every bad cell at once, located as row:column.
  @Test func badCellsAreLocated() {
    #expect(
      Self.messages(
        "date,category,visitors\n2023-02-29,allmänhet,1\n2023-03-01,,2\n2023-03-02,a,tre\n"
          + "2023-03-03,a,-4\n2023-03-04,a,2.5\n")
        == [
          "2:1: expected a date (such as 2025-03-01, 31/1 2025, 1/31/2025) or a month "
            + "(YYYY-MM), found \"2023-02-29\"",
          "3:2: expected a category, found an empty cell",
          "4:3: expected a whole number of visitors (0 or more), found \"tre\"",
          "5:3: expected a whole number of visitors (0 or more), found \"-4\"",
          "6:3: expected a whole number of visitors (0 or more), found \"2.5\"",
        ])
  }

  // A day given twice is the analysis' rule, not the reader's (see KPIEngineTests'
  // VisitorDuplicateTests): the reader hands both counts on, each with its line.
  @Test func countsComeWithTheirLines() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("besok-\(UUID().uuidString).csv")
    try Data("date,category,visitors\n\n2023-05-02,A,3\n2023-05-02,A,4\n".utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    var seen: [(Double, Int)] = []
    let file = try VisitorReader.read(url) { count, line in seen.append((count.visitors, line)) }
    // Line 2 is blank: the counts are on lines 3 and 4; the dates in column 1.
    #expect(seen.map(\.0) == [3, 4] && seen.map(\.1) == [3, 4])
    #expect(file.dateColumn == 1)
  }

  // Issue 17, item 2: a category called Totalt would pass for the sum over the categories.
  @Test func aCategoryNamedAsTheTotalIsRefused() {
    #expect(
      Self.messages("date,category,visitors\n2023-05,A,3\n2023-05,totalt,5\n") == [
        "3:2: the category \"totalt\" has the name of the total; rename it in the file"
      ])
  }

  // Issue 17, item 8: a file that is not an export (here a password file's line) is not
  // echoed: the message gives the first line's shape, not its text.
  @Test func aFileThatIsNoExportIsNotQuoted() {
    let messages = Self.messages("root:x:0:0:root:/root:/bin/bash\nanna:x:1000:1000::/home/anna\n")
    #expect(messages.count == 1)
    #expect(
      messages.first?.hasPrefix(
        "1:0: no column \"date\" (the day or month); the first line (1 field, 31 characters) "
          + "has no column like it; `kpi inspect besok-") == true)
    #expect(!messages.joined().contains("root"))
  }

  @Test func missingColumnSuggestsTheNearest() {
    #expect(
      Self.messages("date,category,visitor\n2023-05-02,A,3\n") == [
        "1:0: no column \"visitors\" (the number of visitors); did you mean \"visitor\"?"
      ])
  }

  @Test func headerOnlyIsAnError() {
    #expect(Self.messages("date,category,visitors\n").count == 1)
  }
}
