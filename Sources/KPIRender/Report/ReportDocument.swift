import KPIAnalysis
import KPIModel

/// A table as a person reads it: cells already formatted in Swedish.
public struct ReportTable: Sendable, Equatable {
  /// Shown above the table.
  public var caption: String
  /// Column headings.
  public var header: [String]
  /// Rows of formatted cells.
  public var rows: [[String]]
  /// Which columns hold numbers (right-aligned).
  public var numeric: [Bool]

  /// Creates a table; `numeric` defaults to every column but the first.
  public init(caption: String, header: [String], rows: [[String]], numeric: [Bool]? = nil) {
    self.caption = caption
    self.header = header
    self.rows = rows
    self.numeric = numeric ?? header.indices.map { $0 > 0 }
  }
}

/// One piece of a report section.
public enum ReportBlock: Sendable {
  /// A paragraph of text (the summary in the reports' words).
  case paragraph(String)
  /// A chart, with the table of its numbers beside it.
  case chart(ChartSpec, table: ReportTable?)
  /// A table on its own.
  case table(ReportTable)
}

/// One analysis in the report.
public struct ReportSection: Sendable {
  /// Anchor id, e.g. `natverksenkat`.
  public var id: String
  /// Heading, e.g. `Nätverksenkät 2025`.
  public var title: String
  /// Paragraphs, charts and tables in order.
  public var blocks: [ReportBlock]

  /// Creates a section.
  public init(id: String, title: String, blocks: [ReportBlock]) {
    self.id = id
    self.title = title
    self.blocks = blocks
  }
}

/// Everything `kpi report` shows: the måluppfyllelse table first, then the analyses in the
/// order of the annual report.
public struct ReportDocument: Sendable {
  /// The organisation, e.g. Boråsregionen Sjuhärads kommunalförbund.
  public var organisation: String
  /// The period, e.g. 2025.
  public var period: String
  /// The reporting date of an interim report, or `nil` for an annual one.
  public var asOf: CalendarDate?
  /// All goals, computed and judged.
  public var goals: [GoalResult]
  /// The analyses.
  public var sections: [ReportSection]
  /// The command that regenerates the report, shown in the notebook and the page's footer.
  public var command: String

  /// Creates a document.
  public init(
    organisation: String, period: String, asOf: CalendarDate? = nil, goals: [GoalResult],
    sections: [ReportSection], command: String
  ) {
    self.organisation = organisation
    self.period = period
    self.asOf = asOf
    self.goals = goals
    self.sections = sections
    self.command = command
  }

  /// The report's heading: `Måluppfyllelse och nyckeltal 2025` for an annual report,
  /// `Delårsrapport per 31 augusti 2023` for an interim one.
  public var heading: String {
    guard let asOf else { return "Måluppfyllelse och nyckeltal \(period)" }
    return "Delårsrapport per \(SwedishFormat.longDate(asOf))"
  }

  /// The page's title: `Måluppfyllelse 2025`, or the interim report's heading.
  public var title: String {
    asOf == nil ? "Måluppfyllelse \(period)" : heading
  }

  /// The period where the text names it: `2025`, or `delårsrapport per 31 augusti 2023`.
  public var periodText: String {
    asOf.map { "delårsrapport per \(SwedishFormat.longDate($0))" } ?? period
  }

  /// The tally in the reports' words, the goals judged in the project file ("mål och
  /// uppdrag") apart from those computed from the analyses, as the annual report counts them.
  public var tallyLines: [String] {
    let manual = goals.filter { $0.source == "manual" }
    let computed = goals.filter { $0.source != "manual" }
    var lines: [String] = []
    if !computed.isEmpty {
      lines.append("Mål som följs upp med nyckeltal: \(GoalJudgement.tally(computed)).")
    }
    if !manual.isEmpty {
      let when = asOf.map { "per \(SwedishFormat.longDate($0))" } ?? period
      lines.append("Mål och uppdrag \(when): \(GoalJudgement.tally(manual)).")
    }
    return lines
  }

  /// The måluppfyllelse table.
  public var goalTable: ReportTable {
    ReportTable(
      caption: tallyLines.joined(separator: " "),
      header: ["Mål", "Utfall", "Målvärde", "Status", "Kommentar"],
      rows: goals.map { goal in
        [
          goal.text, Self.goalNumber(goal.value, unit: goal.unit),
          (goal.comparator.map { Self.comparatorText($0) + " " } ?? "")
            + Self.goalNumber(goal.target, unit: goal.unit),
          goal.status.swedish(goal.confidence), goal.note,
        ]
      },
      numeric: [false, true, true, false, false])
  }

  static func goalNumber(_ value: Double?, unit: String?) -> String {
    guard let value else { return "–" }
    if unit == "percent" { return SwedishFormat.percent(value) }
    let decimals = value == value.rounded() ? 0 : 1
    return SwedishFormat.number(value, decimals: decimals) + (unit.map { " " + $0 } ?? "")
  }

  static func comparatorText(_ comparator: Comparator) -> String {
    switch comparator {
    case .atLeast: "minst"
    case .atMost: "högst"
    case .greaterThan: "över"
    case .lessThan: "under"
    }
  }
}
