import KPIAnalysis
import KPIModel

/// A small hand-made sick-leave breakdown for the chart tests, built through the public API
/// of KPIAnalysis (`SickLeaveTally`), so suppression is exactly what the analysis decides.
enum SickLeaveFixtures {
  static func day(_ text: String) -> CalendarDate {
    let parts = text.split(separator: "-").map { Int($0)! }
    return CalendarDate(year: parts[0], month: parts[1], day: parts[2])!
  }

  /// In 2024 and 2025: twelve women and twelve men aged 40 and three women aged 25, 2 000
  /// scheduled hours each. Nobody is 50 or older; the three young women are a group of at
  /// most ten, so their figures are withheld, and more with them so that none can be
  /// recomputed.
  ///
  /// 2024: two short spells (a woman's and a man's, 40 h each), two of 15–59 days (80 h
  /// each) and one woman's long spell (400 h), so the class "60 dagar eller mer" is one
  /// person's.
  /// 2025: short, middle and long spells of women and men, 1 000 h in all.
  static func report(disclosure: SickLeaveDisclosure = .published) throws -> SickLeaveReport {
    var tally = SickLeaveTally()
    var line = 2
    for year in [2024, 2025] {
      for (prefix, sex, age, count) in [
        ("W", Sex.woman, 40, 12), ("M", .man, 40, 12), ("Y", .woman, 25, 3),
      ] {
        for index in 1...count {
          try tally.add(
            SickLeaveEmployee(
              id: "\(prefix)\(index)", period: year, sex: sex, age: age, scheduledHours: 2_000,
              line: line))
          line += 1
        }
      }
    }
    let spells: [(String, String, String, Double)] = [
      ("W1", "2024-03-01", "2024-03-05", 40), ("M1", "2024-03-04", "2024-03-08", 40),
      ("W2", "2024-04-01", "2024-04-20", 80), ("M2", "2024-04-01", "2024-04-20", 80),
      ("W3", "2024-05-01", "2024-07-31", 400),
      ("W1", "2025-02-03", "2025-02-07", 40), ("M1", "2025-02-03", "2025-02-07", 24),
      ("W4", "2025-02-10", "2025-02-12", 16), ("M4", "2025-02-10", "2025-02-12", 20),
      ("W2", "2025-03-03", "2025-03-21", 120), ("M2", "2025-03-03", "2025-03-21", 100),
      ("W5", "2025-03-03", "2025-03-21", 80), ("M5", "2025-03-03", "2025-03-21", 100),
      ("W3", "2025-05-01", "2025-07-31", 200), ("M3", "2025-05-01", "2025-07-31", 150),
      ("W6", "2025-05-01", "2025-07-31", 100), ("M6", "2025-05-01", "2025-07-31", 50),
    ]
    for (id, start, end, hours) in spells {
      try tally.add(
        SickLeaveSpell(
          employeeID: id, start: day(start), end: day(end), sickHours: hours, line: line))
      line += 1
    }
    return try tally.report(period: 2025, years: 2, disclosure: disclosure)
  }
}
