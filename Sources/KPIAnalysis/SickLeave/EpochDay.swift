import KPIModel

// Day arithmetic for spells: lengths in calendar days and the part of a spell in each year.
// Kept here rather than on CalendarDate because only the sick-leave breakdown needs it.

/// Days from 1970-01-01 to a calendar day (negative before), proleptic Gregorian calendar
/// (H. Hinnant, "chrono-compatible low-level date algorithms", days_from_civil). A whole
/// month counts as its first day.
func epochDay(_ date: CalendarDate) -> Int {
  let year = date.month <= 2 ? date.year - 1 : date.year
  let era = (year >= 0 ? year : year - 399) / 400
  let yearOfEra = year - era * 400
  let monthIndex = (date.month + 9) % 12  // March = 0
  let dayOfYear = (153 * monthIndex + 2) / 5 + (date.day ?? 1) - 1
  let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/// The calendar day `day` days after 1970-01-01 (civil_from_days).
func calendarDate(epochDay day: Int) -> CalendarDate {
  let shifted = day + 719_468
  let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
  let dayOfEra = shifted - era * 146_097
  let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
  let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
  let monthIndex = (5 * dayOfYear + 2) / 153
  let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
  let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
  let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  // Every epoch day within the years CalendarDate accepts has a date.
  return CalendarDate(year: year, month: month, day: dayOfMonth)!
}
