import Foundation
import KPIModel
import Testing

@testable import KPIIngest

/// The date forms of real exports (issue 16): one reader, `CellParser.dateText`, and one rule
/// for the day/month order of a column, `DateColumn`.
@Suite("Date forms")
struct DateFormTests {
  /// A cell that needs no day/month order: its day (or month) and time of day, written out.
  @Test(
    arguments: [
      ("2025-03-01", "2025-03-01", nil),
      ("2025-03", "2025-03", nil),
      // 8 h 53 min 3 s = 8·3600 + 53·60 + 3 = 31 983 s.
      ("2025-03-01T08:53:03", "2025-03-01", 31_983),
      ("2025-03-01 08:53", "2025-03-01", 31_980),
      ("2025-03-01T08:53:03Z", "2025-03-01", 31_983),
      ("2025-03-01T08:53:03+01:00", "2025-03-01", 31_983),
      // Swedish.
      ("31/1 2025", "2025-01-31", nil),
      ("31 januari 2025", "2025-01-31", nil),
      ("31 jan. 2025", "2025-01-31", nil),
      ("mars 2025", "2025-03", nil),
      ("31.1.2025", "2025-01-31", nil),
      // Google Forms in a Swedish account: year first, fm/em. 1:05 em = 13:05 = 47 100 s.
      ("2022/03/22 8:53:03 fm CET", "2022-03-22", 31_983),
      ("2022/03/22 1:05:00 em CET", "2022-03-22", 47_100),
      // 12 fm is midnight: 0:30 = 1 800 s; 12 em is noon: 12:30 = 45 000 s.
      ("2022/03/22 12:30:00 fm", "2022-03-22", 1_800),
      ("2022/03/22 12:30:00 em", "2022-03-22", 45_000),
      // English.
      ("January 31, 2025", "2025-01-31", nil),
      ("Jan 2025", "2025-01", nil),
      ("31-Jan-25", "2025-01-31", nil),
      ("01-May-17", "2017-05-01", nil),
      ("31-Jan-2025", "2025-01-31", nil),
      // A two-digit year is Excel's: 30–99 are 1930–1999.
      ("01-May-95", "1995-05-01", nil),
      // Day and month the same: no order needed. 1:27 PM = 13:27 = 48 420 s.
      ("5/5/2025 01:27:00 PM", "2025-05-05", 48_420),
    ] as [(String, String, Int?)])
  func readsWithoutAnOrder(text: String, date: String, secondOfDay: Int?) throws {
    let parsed = try #require(CellParser.dateText(text))
    #expect(parsed.date(order: nil)?.description == date)
    #expect(parsed.secondOfDay == secondOfDay)
    #expect(CellParser.date(text)?.description == date)
  }

  /// US exports: `03/14/2025 01:27:00 PM` (SurveyMonkey), `1/31/2025`: a number over 12 shows
  /// the order, and the column is read in it.
  @Test func usDatesWithAMAndPM() throws {
    var column = DateColumn()
    // 1:27 PM = 13·3600 + 27·60 = 48 420 s; 12:05 AM = 0:05 = 300 s.
    #expect(
      column.read("03/14/2025 01:27:00 PM", row: 2)
        == .date(CalendarDate(year: 2025, month: 3, day: 14)!, secondOfDay: 48_420))
    #expect(
      column.read("1/31/2025 12:05 AM", row: 3)
        == .date(CalendarDate(year: 2025, month: 1, day: 31)!, secondOfDay: 300))
    #expect(column.order == .monthFirst)
    // 2/3/2025 is now 3 February, as the column reads it.
    #expect(
      column.read("2/3/2025", row: 4)
        == .date(CalendarDate(year: 2025, month: 2, day: 3)!, secondOfDay: nil))
  }

  // A single value never picks an order for itself: 3/4/2025 is no date without a column,
  // and neither is 13/4/2025 (its neighbours might say otherwise).
  @Test(arguments: [
    "3/4/2025", "13/4/2025", "4/13/2025", "2025-02-29", "2025-13", "32 mars 2025",
    "mars", "smarts 2025", "2025-03-01 söndag", "2025-03-01 25:00", "1:30 PM", "13:00 PM",
  ])
  func notDatesOnTheirOwn(text: String) {
    #expect(CellParser.date(text) == nil)
  }

  // Excel serials in a date column (an XLSX date cell without a date format): 45 658 is
  // 2025-01-01 (python3: datetime(1899,12,30) + timedelta(days=45658)); .5 is noon.
  @Test func excelSerials() {
    var column = DateColumn()
    #expect(
      column.read("45658", row: 2)
        == .date(CalendarDate(year: 2025, month: 1, day: 1)!, secondOfDay: nil))
    #expect(
      column.read("45658.5", row: 3)
        == .date(CalendarDate(year: 2025, month: 1, day: 1)!, secondOfDay: 43_200))
    // A year is no serial (1905-07-11 is no visitor's day).
    #expect(column.read("2019", row: 4) == .invalid(nil))
  }

  // The ambiguous-order rule: the whole column decides, from a value over 12.
  @Test func aLaterDayOverTwelveSettlesEarlierValues() throws {
    var column = DateColumn()
    guard case .pending(let early) = column.read("3/4/2025", row: 2) else {
      Issue.record("3/4/2025 must wait for the column")
      return
    }
    #expect(column.order == nil)
    #expect(
      column.read("13/4/2025", row: 3)
        == .date(CalendarDate(year: 2025, month: 4, day: 13)!, secondOfDay: nil))
    #expect(column.order == .dayFirst)
    #expect(column.date(early) == CalendarDate(year: 2025, month: 4, day: 3))
    #expect(
      column.orderNote(column: "Datum")
        == "dates in column \"Datum\" read as day/month/year (d/m/yyyy), as row 3 shows "
        + "(\"13/4/2025\")")

    var american = DateColumn()
    guard case .pending(let first) = american.read("3/4/2025", row: 2) else {
      Issue.record("3/4/2025 must wait for the column")
      return
    }
    _ = american.read("4/13/2025", row: 3)
    #expect(american.order == .monthFirst)
    #expect(american.date(first) == CalendarDate(year: 2025, month: 3, day: 4))
  }

  // A value that is no day in the order it would show settles nothing.
  @Test func anImpossibleDaySettlesNothing() {
    var column = DateColumn()
    #expect(column.read("2/30/2025", row: 2) == .invalid(nil))
    #expect(column.order == nil)
    _ = column.read("13/4/2025", row: 3)
    #expect(column.order == .dayFirst)
  }

  @Test func aColumnThatShowsBothOrdersIsAnError() {
    var column = DateColumn()
    _ = column.read("13/4/2025", row: 2)
    #expect(
      column.read("4/14/2025", row: 3)
        == .invalid(
          "day and month are the other way round than on row 2 (\"13/4/2025\", day/month/year); "
            + "found \"4/14/2025\" (month/day/year); give date_format to say which order the file "
            + "uses"))
  }

  @Test func aColumnThatNeverShowsItsOrderNeedsDateFormat() {
    var column = DateColumn()
    _ = column.read("2/1/2014", row: 2)
    _ = column.read("3/1/2014", row: 3)
    #expect(column.order == nil)
    #expect(
      column.unsettledMessage
        == "cannot tell the day from the month in \"2/1/2014\": no date in the column has a "
        + "number over 12; give date_format: d/m/yyyy or m/d/yyyy (--date-format on the "
        + "command line)")
    // With date_format the same values are read at once, and a contradicting one is refused.
    var given = DateColumn(order: .monthFirst)
    #expect(
      given.read("2/1/2014", row: 2)
        == .date(CalendarDate(year: 2014, month: 2, day: 1)!, secondOfDay: nil))
    #expect(
      given.read("13/1/2014", row: 3)
        == .invalid("expected a date in the order m/d/yyyy (date_format), found \"13/1/2014\""))
    #expect(
      given.orderNote(column: "Date")
        == "dates in column \"Date\" read as month/day/year (m/d/yyyy), as date_format says")
  }

  @Test(arguments: [
    ("d/m/yyyy", DayMonthOrder.dayFirst), ("DD/MM/YYYY", .dayFirst), ("%d/%m/%Y", .dayFirst),
    ("dmy", .dayFirst), ("m/d/yyyy", .monthFirst), ("MM/DD/YYYY", .monthFirst),
    ("%m/%d/%Y", .monthFirst),
  ])
  func dateFormatSettings(text: String, order: DayMonthOrder) {
    #expect(DayMonthOrder(format: text) == order)
  }

  @Test(arguments: ["yyyy-mm-dd", "", "iso", "d/d/yyyy"])
  func notDateFormats(text: String) {
    #expect(DayMonthOrder(format: text) == nil)
  }

  // The hot path's fallback reads the other forms too, through the same reader.
  @Test func dayReadsOtherFormsOutOfLine() {
    var text = "31/1 2025"
    let day = text.withUTF8 { CellParser.day($0) }
    #expect(day == CalendarDate(year: 2025, month: 1, day: 31)!.daysSince1970)
    var month = "mars 2025"
    #expect(month.withUTF8 { CellParser.day($0) } == nil)
  }

  @Test(
    arguments: [
      ("13", 46_800), ("0", 0), ("13:00", 46_800), ("13:00-14:00", 46_800),
      ("13-14", 46_800), ("1:00 PM", 46_800), ("23:30", 84_600),
    ] as [(String, Int)])
  func hours(text: String, second: Int) {
    #expect(CellParser.timeOfDay(text) == second)
  }

  @Test(arguments: ["24", "", "tretton", "-1"])
  func notHours(text: String) {
    #expect(CellParser.timeOfDay(text) == nil)
  }
}
