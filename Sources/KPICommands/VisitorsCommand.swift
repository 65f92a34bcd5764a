import ArgumentParser
import Foundation
import KPIAnalysis
import KPIIngest
import KPIModel
import KPIRender

/// Summer months as `6-8`.
struct MonthSpan: ExpressibleByArgument {
  var months: ClosedRange<Int>

  init?(argument: String) {
    let parts = argument.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard parts.count == 2, let first = parts[0], let last = parts[1], 1 <= first,
      first <= last, last <= 12
    else { return nil }
    months = first...last
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
  var noun: String = "besökare"

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
      let job = VisitorsJob(
        data: URL(fileURLWithPath: data), options: options, noun: noun,
        out: URL(fileURLWithPath: out), dialect: dialect)
      print(try job.run(), terminator: "")
    }
  }
}

/// Reads, analyses and writes one visitor file; shared with `kpi report`.
struct VisitorsJob {
  var data: URL
  var options: VisitorOptions
  var noun: String
  var out: URL
  var dialect: CSVDialect

  /// What a run produced.
  struct Output {
    var result: VisitorResult
    var summary: String
    var charts: [ChartSpec]
  }

  /// Runs the job and returns the summary text.
  func run() throws -> String {
    try execute().summary
  }

  /// Runs the job: reads, analyses, writes every file, and returns what it produced.
  func execute() throws -> Output {
    // The counts go straight into the analysis as they are read; no list of them is kept.
    var gathered = VisitorCounts(options: options)
    let file = try VisitorReader.read(data, duplicates: options.duplicates) { gathered.add($0) }
    if let notice = file.encodingNotice { printError("kpi: note: \(notice)") }
    if file.emptyCounts > 0 {
      printError(
        "kpi visitors: warning: \(file.fileName): \(file.emptyCounts) empty counts are "
          + "missing values, not 0")
    }
    let result = try VisitorAnalysis.analyse(gathered)
    for gap in result.gaps.prefix(20) {
      printError("kpi visitors: warning: \(file.fileName): no count for \(gap)")
    }
    if result.gaps.count > 20 {
      printError("kpi visitors: warning: … and \(result.gaps.count - 20) more gaps")
    }
    for absent in result.absentCategories {
      printError(
        "kpi visitors: warning: \(file.fileName): no counts for \(absent.category) in "
          + "\(absent.year); Totalt \(absent.year) leaves it out")
    }
    for year in result.missingBaseYears {
      printError("kpi visitors: warning: base year \(year) is not in \(file.fileName)")
    }
    let summary = VisitorSummary.text(result, noun: noun)

    // Everything is computed before the first file is written: a failure leaves the previous
    // outputs as they were.
    let writer = CSVWriter(dialect: dialect)
    var files: [(String, String)] = [
      (
        "visitors.csv",
        writer.document(header: VisitorTables.header, rows: VisitorTables.rows(result))
      ),
      (
        "visitors-seasonal.csv",
        writer.document(header: VisitorTables.seasonalHeader, rows: VisitorTables.seasonal(result))
      ),
      (
        "visitors-trend.csv",
        writer.document(header: VisitorTables.trendHeader, rows: VisitorTables.trends(result))
      ),
      (
        "visitors-holdout.csv",
        writer.document(header: VisitorTables.holdoutHeader, rows: VisitorTables.holdout(result))
      ),
      ("visitors-summary.txt", summary),
    ]
    if options.goal != nil {
      files.append(
        (
          "visitors-goals.csv",
          writer.document(header: VisitorTables.goalHeader, rows: VisitorTables.goals(result))
        ))
    }
    let charts = Self.charts(result)
    files += charts.map { ("\($0.id).svg", $0.svg()) }
    try AtomicFile.write(files, in: out)
    return Output(result: result, summary: summary, charts: charts)
  }

  /// The visitor charts of SPEC §6: monthly line with the previous and base years, annual
  /// bars with the trend and forecast, the seasonal profile, the share per category.
  static func charts(_ result: VisitorResult) -> [ChartSpec] {
    VisitorCharts.all(result)
  }
}
