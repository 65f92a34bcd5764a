import Foundation
import KPIModel

/// Builders of small visitor inputs whose sums can be checked by hand.
enum VisitorTestData {
  static func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate {
    CalendarDate(year: y, month: m, day: d)!
  }

  /// One count per day from `start` to `end`, each `value(date)`.
  static func daily(
    _ category: String, from start: (Int, Int, Int), to end: (Int, Int, Int),
    value: (CalendarDate) -> Double
  ) -> [VisitorCount] {
    var counts: [VisitorCount] = []
    var (y, m, d) = start
    while (y, m, d) <= end {
      let date = day(y, m, d)
      counts.append(VisitorCount(date: date, category: category, visitors: value(date)))
      if d < CalendarDate.daysIn(month: m, year: y) {
        d += 1
      } else if m < 12 {
        (m, d) = (m + 1, 1)
      } else {
        (y, m, d) = (y + 1, 1, 1)
      }
    }
    return counts
  }

  /// One month total per month of the given years, each `value(year, month)`.
  static func monthly(
    _ category: String, years: [Int], value: (Int, Int) -> Double?
  ) -> [VisitorCount] {
    years.flatMap { year in
      (1...12).compactMap { month in
        value(year, month).map {
          VisitorCount(
            date: CalendarDate(year: year, month: month)!, category: category, visitors: $0)
        }
      }
    }
  }

  /// The bundled `datasets/navet/visitors.csv`, read with a plain split (the file is the
  /// generator's: `date,category,visitors`, no quoting), so this test target needs no reader.
  static func bundled() throws -> [VisitorCount] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(
      contentsOf: root.appendingPathComponent("datasets/navet/visitors.csv"), encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map { line in
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      let parts = fields[0].split(separator: "-").map { Int($0)! }
      return VisitorCount(
        date: day(parts[0], parts[1], parts[2]), category: String(fields[1]),
        visitors: Double(fields[2])!)
    }
  }
}
