import Foundation
import KPIAnalysis
import KPIIngest
import KPIModel
import KPIRender

/// Navet's visitor trends (SPEC §5.4): periods against the year before and base years,
/// seasonal index, trend and forecast, the goal on growth.
public struct VisitorsAnalysis: Analysis {
  /// The entry, with paths as written.
  public var entry: VisitorsEntry
  /// The folder the entry's paths are relative to; the working directory when `nil`.
  public var folder: URL?

  /// Creates the analysis of `entry`.
  public init(_ entry: VisitorsEntry, folder: URL? = nil) {
    self.entry = entry
    self.folder = folder
  }

  public var id: String { entry.id }

  public var kindName: String { "visitors" }

  public var reportOrder: Int { 3 }

  /// The counts read.
  public var dataURL: URL { ProjectFile.resolve(entry.data, against: folder) }

  public func run(_ context: AnalysisContext) throws -> AnalysisOutcome {
    var options = entry.options
    // An interim report sees the counts as they stood on its date, unless the entry says
    // where its own counts end.
    if options.through == nil { options.through = context.asOf }
    // The counts go straight into the analysis as they are read; no list of them is kept.
    var gathered = VisitorCounts(options: options)
    let file = try VisitorReader.read(
      dataURL, sheet: entry.sheet, layout: entry.layout, duplicates: options.duplicates
    ) { count, line in
      gathered.add(count, line: line)
    }
    let problems =
      gathered.problems.isEmpty
      ? gathered.implausibleYear.map { [$0] } ?? [] : gathered.problems
    if !problems.isEmpty {
      throw IngestError(
        .invalidValue,
        problems.map {
          Diagnostic(
            file: file.fileName, row: $0.line, column: file.dateColumn, message: $0.message)
        })
    }
    var notices: [Notice] = []
    if let notice = file.encodingNotice { notices.append(Notice(.note, notice)) }
    for note in file.notes { notices.append(Notice(.note, "\(file.fileName): \(note)")) }
    if file.emptyCounts > 0 {
      notices.append(
        Notice(
          .warning,
          "\(file.fileName): \(file.emptyCounts) empty counts are missing values, not 0"))
    }
    let missing = gathered.missingYears
    if let first = missing.first, let last = missing.last {
      let years =
        missing.count == last - first + 1 && missing.count > 1
        ? "\(first)–\(last)" : missing.map(String.init).joined(separator: ", ")
      notices.append(
        Notice(
          .note,
          "\(file.fileName): no counts at all for \(years); the year\(missing.count == 1 ? " is" : "s are") "
            + "left out, not counted as 0"))
    }
    let result = try VisitorAnalysis.analyse(gathered)
    for gap in result.gaps.prefix(20) {
      notices.append(Notice(.warning, "\(file.fileName): no count for \(gap.swedishText)"))
    }
    if result.gaps.count > 20 {
      notices.append(Notice(.warning, "… and \(result.gaps.count - 20) more gaps"))
    }
    for absent in result.absentCategories {
      notices.append(
        Notice(
          .warning,
          "\(file.fileName): no counts for \(absent.category) in \(absent.year); Totalt "
            + "\(absent.year) leaves it out"))
    }
    for year in result.missingBaseYears {
      notices.append(Notice(.warning, "base year \(year) is not in \(file.fileName)"))
    }
    let summary = VisitorSummary.text(result, noun: entry.noun)

    let writer = CSVWriter(dialect: context.dialect)
    var files = [
      writer.file("visitors.csv", header: VisitorTables.header, rows: VisitorTables.rows(result)),
      writer.file(
        "visitors-seasonal.csv", header: VisitorTables.seasonalHeader,
        rows: VisitorTables.seasonal(result)),
      writer.file(
        "visitors-trend.csv", header: VisitorTables.trendHeader, rows: VisitorTables.trends(result)),
      writer.file(
        "visitors-holdout.csv", header: VisitorTables.holdoutHeader,
        rows: VisitorTables.holdout(result)),
      OutputFile("visitors-summary.txt", summary),
    ]
    if options.goal != nil {
      files.append(
        writer.file(
          "visitors-goals.csv", header: VisitorTables.goalHeader, rows: VisitorTables.goals(result))
      )
    }
    let charts = ChartSpec.drawn(VisitorCharts.all(result, noun: entry.noun))
    files += charts.map { OutputFile("\($0.id).svg", $0.svg()) }
    let period = context.reportPeriod ?? result.years.last.map(String.init) ?? ""
    return AnalysisOutcome(
      files: files, summary: summary, headline: VisitorSummary.headline(noun: entry.noun),
      period: period, inputs: [dataURL], values: result.kpiValues(analysis: id),
      goals: GoalJudgement.visitors(result, analysis: id, period: period).map { [$0] } ?? [],
      section: AnalysisSections.visitors(
        id: id, result: result, summary: summary, charts: charts, noun: entry.noun,
        title: entry.title),
      notices: notices)
  }
}
