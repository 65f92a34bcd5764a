import KPIModel

// Day arithmetic for spells: lengths in calendar days and the part of a spell in each year,
// on CalendarDate's day numbers.

/// Days from 1970-01-01 to a calendar day; a whole month counts as its first day.
func epochDay(_ date: CalendarDate) -> Int {
  date.daysSince1970
}

/// The calendar day `day` days after 1970-01-01.
func calendarDate(epochDay day: Int) -> CalendarDate {
  let civil = CalendarDate.civil(daysSince1970: day)
  // Every epoch day within the years CalendarDate accepts has a date.
  return CalendarDate(year: civil.year, month: civil.month, day: civil.day)!
}
