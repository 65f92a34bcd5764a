import Testing

@testable import KPIModel

@Suite("Calendar dates")
struct CalendarDateTests {
  // Python 3.11: (date(y, m, d) - date(1970, 1, 1)).days
  @Test(
    arguments: [
      (1970, 1, 1, 0), (2000, 3, 1, 11_017), (1900, 1, 1, -25_567), (2024, 2, 29, 19_782),
      (2024, 12, 20, 20_077), (9999, 12, 31, 2_932_896),
    ])
  func dayNumbersRoundTrip(year: Int, month: Int, day: Int, days: Int) throws {
    let date = try #require(CalendarDate(year: year, month: month, day: day))
    #expect(date.daysSince1970 == days)
    let civil = CalendarDate.civil(daysSince1970: days)
    #expect(civil.year == year && civil.month == month && civil.day == day)
  }

  @Test func invalidDaysAreRejected() {
    #expect(CalendarDate(year: 2025, month: 2, day: 29) == nil)
    #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
    #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
    #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
    #expect(CalendarDate(year: 2025, month: 13) == nil)
    #expect(CalendarDate(year: 2025, month: 4, day: 31) == nil)
  }

  @Test func isoText() {
    #expect(CalendarDate(year: 2025, month: 3, day: 1)?.description == "2025-03-01")
    #expect(CalendarDate(year: 2025, month: 11)?.description == "2025-11")
  }
}
