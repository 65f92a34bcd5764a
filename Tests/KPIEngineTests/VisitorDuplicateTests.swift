import Foundation
import KPIEngine
import KPIIngest
import KPIModel
import Testing

/// A day or month given twice, or a month both as a total and as days: the analysis' rule
/// (one implementation, in `VisitorSeries`), reported with the file, the row and the date
/// column, naming the earlier line.
@Suite("Visitors: repeated days and months")
struct VisitorDuplicateTests {
  /// The messages of a run on `text` as `ROW:COLUMN: message`.
  static func messages(_ text: String, duplicates: DuplicatePolicy = .reject) throws -> [String] {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(text.utf8).write(to: folder.appendingPathComponent("besok.csv"))
    let analysis = VisitorsAnalysis(
      VisitorsEntry(id: "v", data: "besok.csv", options: VisitorOptions(duplicates: duplicates)),
      folder: folder)
    do {
      _ = try analysis.run(AnalysisContext())
      return []
    } catch let error as IngestError {
      #expect(error.diagnostics.allSatisfy { $0.file == "besok.csv" })
      return error.diagnostics.map { "\($0.row ?? 0):\($0.column ?? 0): \($0.message)" }
    }
  }

  // A duplicate names the line of the first count; summing is the caller's choice.
  @Test func duplicatesNameBothLines() throws {
    let text = "date,category,visitors\n2023-05-02,A,3\n2023-05-02,B,1\n2023-05-02,A,4\n"
    #expect(
      try Self.messages(text) == [
        "4:1: 2023-05-02 for \"A\" is already on line 2 "
          + "(give --sum-duplicates to add such counts up)"
      ])
    #expect(try Self.messages(text, duplicates: .sum) == [])
  }

  // The earlier line is the day's own, not the month's first; a month total given twice
  // names the first total; days after the refused ones are still checked.
  @Test func duplicatesNameTheLineOfThatDayOrMonth() throws {
    let text =
      "date,category,visitors\n2023-05-01,A,1\n2023-05-02,A,2\n2023-05-31,A,3\n"
      + "2023-05-02,A,4\n2023-06,A,30\n2023-06,A,31\n2023-05-31,A,5\n2023-05-01,B,6\n"
    #expect(
      try Self.messages(text) == [
        "5:1: 2023-05-02 for \"A\" is already on line 3 "
          + "(give --sum-duplicates to add such counts up)",
        "7:1: 2023-06 for \"A\" is already on line 6 "
          + "(give --sum-duplicates to add such counts up)",
        "8:1: 2023-05-31 for \"A\" is already on line 4 "
          + "(give --sum-duplicates to add such counts up)",
      ])
  }

  @Test func monthTotalAndDaysAreRefused() throws {
    #expect(
      try Self.messages("date,category,visitors\n2023-05,A,30\n2023-05-02,A,3\n") == [
        "3:1: \"A\" has a month total for 2023-05 on line 2; give the month either as days "
          + "or as one total"
      ])
    // Days first, then the total: the line of the month's first day is named. The date is
    // the second column here.
    #expect(
      try Self.messages(
        "category,date,visitors\nA,2023-05-03,3\nA,2023-05-02,3\nA,2023-05,30\n", duplicates: .sum)
        == [
          "4:2: \"A\" has daily counts for 2023-05 on line 2; give the month either as days "
            + "or as one total"
        ])
  }
}
