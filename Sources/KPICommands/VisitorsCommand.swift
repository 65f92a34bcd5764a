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

/// `kpi visitors`: Navet's visitor figures.
struct VisitorsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "visitors",
    abstract: "Visitors per year, half-year, quarter, month and summer, against last year and "
      + "base years; seasonal profile, trend and forecast.",
    discussion: """
      Reads long-format counts (date,category,visitors; a date is YYYY-MM-DD for a day or \
      YYYY-MM for a month total) and writes visitors.csv, visitors-seasonal.csv, \
      visitors-trend.csv, visitors-holdout.csv, visitors-summary.txt and, with --goal, \
      visitors-goals.csv to the --out folder, and prints the summary.

      A day or month missing inside the span the data cover is reported on stderr and in \
      the summary; periods that contain it are shown without a value, never as if the day \
      had no visitors. A day given twice is an error unless --sum-duplicates is given.

      Example (the annual report 2025, against 2019 and 2022, goal +15 %):
        kpi visitors --data datasets/navet/visitors.csv \\
          --base-year 2019 --base-year 2022 --goal 0.15 --out out/navet

      Example (the interim report per 31 August 2023):
        kpi visitors --data datasets/navet/visitors.csv \\
          --base-year 2019 --through 2023-08 --out out/navet-2023-08
      """
  )

  @Option(help: "The counts: CSV or XLSX with columns date, category, visitors.")
  var data: String

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
  }

  func run() throws {
    try reportingFailures("kpi visitors") {
      let options = VisitorOptions(
        baseYears: baseYears, summer: summer.months,
        duplicates: sumDuplicates ? .sum : .reject, goal: goal, through: through?.date)
      let entry = VisitorsEntry(id: "visitors", data: data, options: options, noun: noun)
      try runAnalysis(
        VisitorsAnalysis(entry), out: out, dialect: dialect, command: "kpi visitors")
    }
  }
}
