import Foundation
import KPIAnalysis
import KPIModel
import Testing

@testable import KPIIngest

/// Visitor files as counters and museums export them (issue 16): wide or long, per hour or
/// per month, with their own column names. The fixtures are ours, in the layouts of
/// `../shared/real-exports/la-museum-visitors-monthly.csv` (wide, CRLF, `M/1/YYYY`) and
/// `leeds-footfall-may2016.csv` (long, ISO dates, an hour column, names ending in a quoted
/// TAB).
@Suite("Visitor layouts")
struct VisitorLayoutTests {
  static func read(
    _ text: String, layout: VisitorLayout = VisitorLayout(), duplicates: DuplicatePolicy = .reject
  ) throws -> VisitorFile {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("besok-\(UUID().uuidString).csv")
    try Data(text.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try VisitorReader.read(url, layout: layout, duplicates: duplicates)
  }

  static func messages(_ text: String, layout: VisitorLayout = VisitorLayout()) -> [String] {
    do {
      _ = try read(text, layout: layout)
      return []
    } catch let error as IngestError {
      return error.diagnostics.map { "\($0.row ?? 0):\($0.column ?? 0): \($0.message)" }
    } catch {
      return ["\(error)"]
    }
  }

  static func day(_ y: Int, _ m: Int, _ d: Int?) -> CalendarDate {
    CalendarDate(year: y, month: m, day: d)!
  }

  // The museum's table: no category column, so every column but Date is a museum; every date
  // is the first of its month, so each row is a month's total; the order is given.
  @Test func wideMonthlyTable() throws {
    let file = try VisitorReader.read(
      csvFixture("museum-wide-monthly.csv"), layout: VisitorLayout(dateFormat: .monthFirst))
    // 15 months × 3 museums, less Naturrummet's empty March 2023.
    #expect(file.counts.count == 44)
    #expect(file.emptyCounts == 1)
    #expect(
      file.counts.prefix(3) == [
        VisitorCount(date: Self.day(2023, 1, nil), category: "Stadsmuseet", visitors: 1200),
        VisitorCount(date: Self.day(2023, 1, nil), category: "Konsthallen", visitors: 340),
        VisitorCount(date: Self.day(2023, 1, nil), category: "Naturrummet", visitors: 95),
      ])
    #expect(
      file.counts.last
        == VisitorCount(date: Self.day(2024, 3, nil), category: "Naturrummet", visitors: 105))
    #expect(
      file.notes == [
        "dates in column \"Date\" read as month/day/year (m/d/yyyy), as date_format says",
        "every date in column \"Date\" is the first of its month: read as month totals "
          + "(frequency: daily, or --frequency daily, reads them as days)",
      ])
    let result = try VisitorAnalysis.analyse(file.counts)
    // By hand: 1200+1100+1300+1250+1400+1800+2100+2000+1500+1350+1150+1600 = 17 750, and
    // 340+310+360+330+390+420+450+440+380+350+320+410 = 4 500.
    #expect(result.row("Stadsmuseet", .year, "2023")?.visitors == 17_750)
    #expect(result.row("Konsthallen", .year, "2023")?.visitors == 4_500)
    // Naturrummet's March is missing: its year has no value, never one with March as 0.
    #expect(result.row("Naturrummet", .year, "2023")?.visitors == nil)
    // Q1 2024 against Q1 2023, month totals only: 1250+1150+1400 = 3 800 against
    // 1200+1100+1300 = 3 600.
    let quarter = result.row("Stadsmuseet", .quarter, "2024-Q1")
    #expect(quarter?.visitors == 3_800 && quarter?.previous == 3_600)
  }

  // Without date_format the museum's dates never show their order (no day over 12).
  @Test func wideMonthlyTableWithoutItsOrderIsRefused() throws {
    let text = try String(contentsOf: csvFixture("museum-wide-monthly.csv"), encoding: .utf8)
    #expect(
      Self.messages(text) == [
        "3:1: cannot tell the day from the month in \"2/1/2023\": no date in the column has a "
          + "number over 12; give date_format: d/m/yyyy or m/d/yyyy (--date-format on the "
          + "command line)"
      ])
  }

  // The counter's hourly rows, summed to days per camera; OutCount and the other columns are
  // not read; the quoted TAB ends no name.
  @Test func hourlyFootfallSummedToDays() throws {
    let file = try VisitorReader.read(
      csvFixture("footfall-hourly.csv"),
      layout: VisitorLayout(categoryColumn: "LocationName", visitorsColumn: "InCount"))
    // By hand: Stortorget 12+7+3 = 22 and 15+6+2 = 23; Järnvägsgatan 20+11+4 = 35 and
    // 18+9+5 = 32; each day on the line of its first hour.
    #expect(
      file.counts == [
        VisitorCount(date: Self.day(2024, 5, 6), category: "Stortorget", visitors: 22),
        VisitorCount(date: Self.day(2024, 5, 6), category: "Järnvägsgatan", visitors: 35),
        VisitorCount(date: Self.day(2024, 5, 7), category: "Stortorget", visitors: 23),
        VisitorCount(date: Self.day(2024, 5, 7), category: "Järnvägsgatan", visitors: 32),
      ])
    #expect(file.notes == ["12 counts per hour summed to 4 daily counts"])
    var lines: [Int] = []
    _ = try VisitorReader.read(
      csvFixture("footfall-hourly.csv"),
      layout: VisitorLayout(categoryColumn: "LocationName", visitorsColumn: "InCount")
    ) { _, line in lines.append(line) }
    #expect(lines == [2, 3, 8, 9])
  }

  @Test func theSameHourTwiceIsAnErrorUnlessSummed() throws {
    let text = "date,hour,category,visitors\n2024-05-06,13,A,4\n2024-05-06,13:00-14:00,A,5\n"
    #expect(
      Self.messages(text) == [
        "3:1: 2024-05-06 13:00 for \"A\" is already on line 2 (give --sum-duplicates to add such "
          + "counts up)"
      ])
    let summed = try Self.read(text, duplicates: .sum)
    #expect(summed.counts == [VisitorCount(date: Self.day(2024, 5, 6), category: "A", visitors: 9)])
  }

  // A counter per quarter hour: each time once, summed to the day (1 + 2 = 3).
  @Test func quarterHoursAreCheckedByTheirTime() throws {
    let text = "date,category,visitors\n2024-05-06 13:15,A,1\n2024-05-06 13:30,A,2\n"
    #expect(
      try Self.read(text).counts == [
        VisitorCount(date: Self.day(2024, 5, 6), category: "A", visitors: 3)
      ])
    #expect(
      Self.messages(text + "2024-05-06 13:15,A,3\n") == [
        "4:1: 2024-05-06 13:15 for \"A\" is already on line 2 (give --sum-duplicates to add such "
          + "counts up)"
      ])
  }

  // Timestamps in the date column, as Google Forms writes them in a Swedish account, are
  // counts per time of day: summed to days.
  @Test func timestampsAreSummedToDays() throws {
    let file = try Self.read(
      "Datum,Kategori,Antal\n\"2022/03/22 8:53:03 fm CET\",A,1\n\"2022/03/22 1:05:00 em CET\",A,2\n"
        + "\"2022/03/23 9:00:00 fm CET\",A,4\n")
    #expect(
      file.counts == [
        VisitorCount(date: Self.day(2022, 3, 22), category: "A", visitors: 3),
        VisitorCount(date: Self.day(2022, 3, 23), category: "A", visitors: 4),
      ])
  }

  // A wide daily table with Swedish dates and a sum column, which is left out.
  @Test func wideDailyTableLeavesOutItsSumColumn() throws {
    let file = try Self.read(
      "Datum;Allmänhet;Skolprogram;Summa\n1/3 2025;10;5;15\n2/3 2025;12;0;12\n")
    #expect(
      file.counts == [
        VisitorCount(date: Self.day(2025, 3, 1), category: "Allmänhet", visitors: 10),
        VisitorCount(date: Self.day(2025, 3, 1), category: "Skolprogram", visitors: 5),
        VisitorCount(date: Self.day(2025, 3, 2), category: "Allmänhet", visitors: 12),
        VisitorCount(date: Self.day(2025, 3, 2), category: "Skolprogram", visitors: 0),
      ])
    #expect(file.notes == ["left out \"Summa\" as the sum of the other columns"])
    // Named wide columns: only those.
    let named = try Self.read(
      "Datum;Allmänhet;Skolprogram;Summa\n1/3 2025;10;5;15\n",
      layout: VisitorLayout(wideColumns: ["Skolprogram"]))
    #expect(
      named.counts == [
        VisitorCount(date: Self.day(2025, 3, 1), category: "Skolprogram", visitors: 5)
      ])
  }

  // A count column named without a category column: one series, named by its header; the
  // other columns are not read.
  @Test func oneSeriesWithoutCategories() throws {
    let file = try Self.read(
      "Datum,Väder,Besök\n2025-03-01,sol,40\n2025-03-02,regn,12\n",
      layout: VisitorLayout(visitorsColumn: "Besök"))
    #expect(
      file.counts == [
        VisitorCount(date: Self.day(2025, 3, 1), category: "Besök", visitors: 40),
        VisitorCount(date: Self.day(2025, 3, 2), category: "Besök", visitors: 12),
      ])
  }

  @Test func monthlyFrequencyReadsMonthEnds() throws {
    let file = try Self.read(
      "date,category,visitors\n2014-01-31,A,5\n2014-02-28,A,6\n",
      layout: VisitorLayout(frequency: .monthly))
    #expect(file.counts.map(\.date) == [Self.day(2014, 1, nil), Self.day(2014, 2, nil)])
  }

  // A daily file that starts on the first stays daily, and so does a single first of a month.
  @Test func daysStayDays() throws {
    let daily = try Self.read("date,category,visitors\n2025-03-01,A,1\n2025-03-02,A,2\n")
    #expect(daily.counts.map(\.date) == [Self.day(2025, 3, 1), Self.day(2025, 3, 2)])
    #expect(daily.notes.isEmpty)
    let single = try Self.read("date,category,visitors\n2025-03-01,A,1\n2025-03-01,B,2\n")
    #expect(single.counts.map(\.date) == [Self.day(2025, 3, 1), Self.day(2025, 3, 1)])
    let asDays = try Self.read(
      "date,category,visitors\n2025-03-01,A,1\n2025-04-01,A,2\n",
      layout: VisitorLayout(frequency: .daily))
    #expect(asDays.counts.map(\.date) == [Self.day(2025, 3, 1), Self.day(2025, 4, 1)])
  }

  // The rows before the one that settles the order wait for it, and keep their file order.
  @Test func rowsWaitForTheColumnsOrder() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("besok-\(UUID().uuidString).csv")
    try Data("date,category,visitors\n3/4/2025,A,1\n5/4/2025,A,2\n13/4/2025,A,3\n".utf8).write(
      to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    var seen: [(String, Int)] = []
    let file = try VisitorReader.read(url) { count, line in
      seen.append((count.date.description, line))
    }
    #expect(seen.map(\.0) == ["2025-04-03", "2025-04-05", "2025-04-13"])
    #expect(seen.map(\.1) == [2, 3, 4])
    #expect(
      file.notes == [
        "dates in column \"date\" read as day/month/year (d/m/yyyy), as row 4 shows (\"13/4/2025\")"
      ])
  }

  @Test func excelSerialsInADateColumn() throws {
    // python3: datetime(1899,12,30) + timedelta(days=45658) → 2025-01-01.
    let file = try Self.read("date,category,visitors\n45658,A,3\n45659,A,4\n")
    #expect(file.counts.map(\.date) == [Self.day(2025, 1, 1), Self.day(2025, 1, 2)])
  }

  // A workbook whose date cells are plain numbers (no date format), as exports often leave
  // them, beside one with a date format (which the sheet reader gives as ISO already).
  // visitors-serials.xlsx, written by hand: A2 45658, A3 45659 unformatted, A4 45660 with
  // numFmtId 14; python3: datetime(1899,12,30) + timedelta(days=45658) → 2025-01-01.
  @Test func excelSerialsInAWorkbook() throws {
    let url = try #require(
      Bundle.module.url(
        forResource: "visitors-serials", withExtension: "xlsx", subdirectory: "Fixtures/xlsx"))
    let file = try VisitorReader.read(url)
    #expect(
      file.counts == [
        VisitorCount(date: Self.day(2025, 1, 1), category: "allmänhet", visitors: 120),
        VisitorCount(date: Self.day(2025, 1, 2), category: "allmänhet", visitors: 95),
        VisitorCount(date: Self.day(2025, 1, 3), category: "allmänhet", visitors: 101),
      ])
  }

  @Test func aMappedColumnMustExist() {
    #expect(
      Self.messages(
        "Datum,Plats,Antal\n2025-03-01,A,1\n", layout: VisitorLayout(categoryColumn: "Platser"))
        == ["1:0: no column \"Platser\"; did you mean \"Plats\"?"])
    // The default names, English and Swedish, find the columns without a mapping.
    #expect(Self.messages("Datum,Plats,Antal besökare\n2025-03-01,A,1\n").isEmpty)
  }

  @Test func badCellsOfAWideTableAreLocated() {
    #expect(
      Self.messages("Date,A,B\n2025-03-01,1,tre\n2025-02-30,2,3\n") == [
        "2:3: expected a whole number of visitors (0 or more), found \"tre\"",
        "3:1: expected a date (such as 2025-03-01, 31/1 2025, 1/31/2025) or a month (YYYY-MM), "
          + "found \"2025-02-30\"",
      ])
  }

  @Test func projectEntryNamesTheLayout() throws {
    let project = try SpecLoader.loadProject(
      yaml: """
        organisation: BRS
        period: "2016"
        analyses:
          - id: leeds
            kind: visitors
            data: footfall.csv
            columns: {category: LocationName, visitors: InCount, hour: Hour}
          - id: museum
            kind: visitors
            data: museum.csv
            date_format: m/d/yyyy
            frequency: monthly
            columns: {date: Date, wide: [Avila Adobe, Firehouse Museum]}
        """, fileName: "projekt.yaml")
    #expect(
      project.analyses == [
        .visitors(
          VisitorsEntry(
            id: "leeds", data: "footfall.csv",
            layout: VisitorLayout(
              categoryColumn: "LocationName", visitorsColumn: "InCount", hourColumn: "Hour"))),
        .visitors(
          VisitorsEntry(
            id: "museum", data: "museum.csv",
            layout: VisitorLayout(
              dateColumn: "Date", wideColumns: ["Avila Adobe", "Firehouse Museum"],
              dateFormat: .monthFirst, frequency: .monthly))),
      ])
    let error = #expect(throws: IngestError.self) {
      try SpecLoader.loadProject(
        yaml: "organisation: BRS\nperiod: \"2016\"\nanalyses:\n"
          + "  - {id: m, kind: visitors, data: m.csv, date_format: yyyy-mm-dd}\n",
        fileName: "projekt.yaml")
    }
    #expect(
      error?.diagnostics.first?.message
        == "\"date_format\" must be d/m/yyyy (day first) or m/d/yyyy (month first), found "
        + "\"yyyy-mm-dd\"")
  }
}
