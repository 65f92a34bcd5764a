import KPIAnalysis
import KPIModel

/// A small hand-made visitor result for the chart tests, built through the public API of
/// KPIAnalysis, so it is exactly what the analysis would produce.
enum VisitorFixtures {
  /// Month totals for 2019 and 2022–2024 (2020–2021 absent, as at Navet):
  ///   allmänhet   750, 1 000, 1 100, 1 250 a month in 2019, 2022, 2023, 2024, 500 more in
  ///               July: 9 500, 12 500, 13 700, 15 500 a year;
  ///   skolprogram 500, 540, 520, 570 a month, 100 in July, and March 2022 missing (a gap):
  ///               5 600, –, 5 820, 6 370 a year.
  /// Totalt: 15 100 in 2019, none in 2022, 19 520 in 2023 (1 620 a month, 1 700 in July) and
  /// 21 870 in 2024 (1 820 a month, 1 850 in July). No category's totals lie exactly on a
  /// line: the robust trend's prediction traps on a perfect fit. `partial` adds January–June
  /// 2025 at the 2024 levels.
  static func counts(
    partial: Bool = false, category: String = "skolprogram"
  ) -> [VisitorCount] {
    var counts: [VisitorCount] = []
    var years = [2019, 2022, 2023, 2024]
    if partial { years.append(2025) }
    for year in years {
      for month in 1...12 {
        if year == 2025 && month > 6 { continue }
        let date = CalendarDate(year: year, month: month)!
        let extra: [Int: Double] = [2019: 0, 2022: 40, 2023: 20]
        let levels: [Int: Double] = [2019: 750, 2022: 1_000, 2023: 1_100]
        let level = levels[year] ?? 1_250
        let general = level + (month == 7 ? 500 : 0)
        counts.append(VisitorCount(date: date, category: "allmänhet", visitors: general))
        if year == 2022 && month == 3 { continue }
        counts.append(
          VisitorCount(
            date: date, category: category,
            visitors: month == 7 ? 100 : 500 + (extra[year] ?? 70)))
      }
    }
    return counts
  }

  static func result(partial: Bool = false, category: String = "skolprogram") throws
    -> VisitorResult
  {
    try VisitorAnalysis.analyse(
      counts(partial: partial, category: category),
      options: VisitorOptions(baseYears: [2019, 2022], goal: 0.15))
  }
}
