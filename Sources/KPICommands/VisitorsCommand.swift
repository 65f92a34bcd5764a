import ArgumentParser
import Foundation
import KPIEngine
import KPIIngest
import KPIModel
import KPIRender

/// Summer months as `6-8`.
struct MonthSpan: ExpressibleByArgument {
  var months: ClosedRange<Int>

  init?(argument: String) {
    guard let months = VisitorOptions.summerMonths(argument) else { return nil }
    self.months = months
  }

  var defaultValueDescription: String { "\(months.lowerBound)-\(months.upperBound)" }
}

/// A day or month as `2023-08-31` or `2023-08`.
struct DateArgument: ExpressibleByArgument {
  var date: CalendarDate

  init?(argument: String) {
    guard let date = CellParser.date(argument) else { return nil }
    self.date = date
  }
}

/// A `--date-format` value: `d/m/yyyy` or `m/d/yyyy`.
struct DateFormatArgument: ExpressibleByArgument {
  var order: DayMonthOrder

  init?(argument: String) {
    guard let order = DayMonthOrder(format: argument) else { return nil }
    self.order = order
  }
}

extension VisitorFrequency: ExpressibleByArgument {}

/// `kpi visitors`: Navet's visitor figures.
struct VisitorsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "visitors",
    abstract: "Visitors per year, half-year, quarter, month and summer, against last year and "
      + "base years; seasonal profile, trend and forecast.",
    discussion: """
      Reads visitor counts, long or wide, per day, hour or month, and writes \
      visitors.csv, visitors-seasonal.csv, visitors-trend.csv, visitors-holdout.csv, \
      visitors-summary.txt and, with --goal, visitors-goals.csv to the --out folder, and \
      prints the summary.

      Layouts: long (a date, a category and a count column: date,category,visitors) or \
      wide (a date column and one column per category, as a museum's monthly table; a file \
      without a category column is wide, every other column a category, and a column named \
      Totalt, Total, Summa or Sum is left out as their sum). Columns are found by the names \
      below (without regard to case) unless --date-column, --category-column, \
      --visitors-column, --hour-column or --wide-column name them:
        date       \(VisitorLayout.defaultNames("date").joined(separator: ", "))
        category   \(VisitorLayout.defaultNames("category").joined(separator: ", "))
        visitors   \(VisitorLayout.defaultNames("visitors").joined(separator: ", "))
        hour       \(VisitorLayout.defaultNames("hour").joined(separator: ", "))

      Dates: 2025-03-01 (a day), 2025-03 (a month), 31/1 2025, 31 januari 2025, mars 2025, \
      January 31, 2025, 31-Jan-25, 1/31/2025 or 31/1/2025, Excel serial numbers, each \
      with an optional time (8:53:03 fm CET, 01:27:00 PM). The day/month order of numeric \
      dates (3/4/2025) is settled for the whole column by a date with a number over 12, or \
      by --date-format; stderr says which order was used. Counts per hour (an hour column, \
      or a time in the date) are summed to days; the same hour twice is an error unless \
      --sum-duplicates is given. A file whose every date is the first of its month is read \
      as month totals (--frequency daily reads them as days). Monthly data give every \
      period from months up (years, half-years, quarters, summer, rolling 12 months), the \
      seasonal index, trend and forecast, but no daily comparison: a report cut off \
      --through a day inside a month leaves that month out.

      In a project file (kind: visitors) the same settings are columns: {date: …, \
      category: …, visitors: …, hour: …, wide: [… , …]}, date_format: m/d/yyyy and \
      frequency: monthly.

      A day or month missing inside the span the data cover is reported on stderr and in \
      the summary; periods that contain it are shown without a value, never as if the day \
      had no visitors. A day given twice is an error unless --sum-duplicates is given.

      Example (the annual report 2025, against 2019 and 2022, goal +15 %):
        kpi visitors --data datasets/navet/visitors.csv \\
          --base-year 2019 --base-year 2022 --goal 0.15 --out out/navet

      Example (the interim report per 31 August 2023):
        kpi visitors --data datasets/navet/visitors.csv \\
          --base-year 2019 --through 2023-08 --out out/navet-2023-08

      Example (a wide monthly table dated 1/1/2014, one column per museum):
        kpi visitors --data museum.csv --date-format m/d/yyyy --out out/museum

      Example (hourly footfall per camera, long, with its own column names):
        kpi visitors --data footfall.csv --category-column LocationName \\
          --visitors-column InCount --out out/footfall

      \(specReferenceLine)
      """
  )

  @Option(help: "The counts: CSV or XLSX, long (date, category, visitors) or wide.")
  var data: String

  @Option(help: "The sheet of a workbook; the first when not given.")
  var sheet: String?

  @Option(name: .customLong("date-column"), help: "The column of the dates.")
  var dateColumn: String?

  @Option(
    name: .customLong("category-column"),
    help: "The column of the category names (a long file).")
  var categoryColumn: String?

  @Option(
    name: .customLong("visitors-column"),
    help: "The column of the counts (a long file; without a category column, one series).")
  var visitorsColumn: String?

  @Option(name: .customLong("hour-column"), help: "The column of the hour (0–23 or 13:00).")
  var hourColumn: String?

  @Option(
    name: .customLong("wide-column"),
    help: ArgumentHelp(
      "A column holding one category's counts (a wide file); repeat for each. Without it "
        + "a file with no category column takes every column but the date and the hour."))
  var wideColumns: [String] = []

  @Option(
    name: .customLong("date-format"),
    help: "The order of numeric dates: d/m/yyyy (31/1/2025) or m/d/yyyy (1/31/2025).")
  var dateFormat: DateFormatArgument?

  @Option(
    help: ArgumentHelp(
      "daily or monthly (1/1/2014 is January's total); found from the dates when not given."))
  var frequency: VisitorFrequency?

  @Option(
    name: .customLong("base-year"),
    help: "A year to compare every period with, e.g. 2019; repeat for several.")
  var baseYears: [Int] = []

  @Option(help: "Goal on growth against the previous year: 0.15 = at least +15 %.")
  var goal: Double?

  @Option(help: "Summer months, first-last: 6-8 is June–August.")
  var summer: MonthSpan = MonthSpan(argument: "6-8")!

  @Option(help: "Leave out counts after this day or month (YYYY-MM-DD or YYYY-MM).")
  var through: DateArgument?

  @Flag(help: "Add up counts given twice for the same day and category instead of refusing.")
  var sumDuplicates = false

  @Option(help: "What is counted, in Swedish plural, for the summary (e.g. konferenser).")
  var noun: String = VisitorsEntry.defaultNoun

  @Option(help: "Folder for the results.")
  var out: String = "out"

  @Option(help: "CSV dialect of the tables: rfc or excel-sv.")
  var dialect: CSVDialect = .rfc

  func validate() throws {
    if let goal, !goal.isFinite || goal <= -1 {
      throw ValidationError("--goal must be a growth above −1, e.g. 0.15 for +15 %")
    }
    if categoryColumn != nil && !wideColumns.isEmpty {
      throw ValidationError(
        "--category-column and --wide-column cannot both be given: a file is long (one "
          + "column of category names) or wide (one column per category)")
    }
  }

  @OptionGroup var progress: ProgressOptions

  func run() throws {
    try reportingFailures("kpi visitors", progress: progress) {
      let options = VisitorOptions(
        baseYears: baseYears, summer: summer.months,
        duplicates: sumDuplicates ? .sum : .reject, goal: goal, through: through?.date)
      let layout = VisitorLayout(
        dateColumn: dateColumn, categoryColumn: categoryColumn, visitorsColumn: visitorsColumn,
        hourColumn: hourColumn, wideColumns: wideColumns, dateFormat: dateFormat?.order,
        frequency: frequency)
      let entry = VisitorsEntry(
        id: "visitors", data: data, sheet: sheet, options: options, noun: noun, layout: layout)
      try runAnalysis(
        VisitorsAnalysis(entry), out: out, dialect: dialect, command: "kpi visitors")
    }
  }
}
