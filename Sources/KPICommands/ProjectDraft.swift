import Foundation
import KPIEngine
import KPIIngest
import KPIModel

/// Project files drafted by `kpi init visitors` and `kpi init sickleave`: the kinds without a
/// spec of their own. The entry is run once, as `kpi report` will run it, before it is
/// written, so that a drafted file is one that works.
enum ProjectDraft {
  /// A visitor file: the reader's default names first; when they fail, the column roles
  /// guessed from the header and the day/month order tried both ways, each guess said.
  static func visitors(data: String, sheet: String?, projectFolder: URL) throws -> SpecDraft {
    var table = try TableReader.open(URL(fileURLWithPath: data), sheet: sheet)
    let header = table.header
    _ = try ColumnProfile.profiles(&table)
    // The first word found in a header wins: `location` before `site` (Leeds' Sitename is
    // the city, LocationName the camera).
    func column(_ words: [String]) -> String? {
      for word in words {
        if let name = header.first(where: { $0.lowercased().contains(word) }) { return name }
      }
      return nil
    }
    var layouts: [(VisitorLayout, [String])] = [(VisitorLayout(), [])]
    let guessed = VisitorLayout(
      dateColumn: column(["date", "datum"]), categoryColumn: column(["location", "plats", "site"]),
      visitorsColumn: column(["incount", "count", "antal", "besök", "visitors"]),
      hourColumn: column(["hour", "timme"]))
    if guessed != VisitorLayout() { layouts.append((guessed, ["columns guessed from the header"])) }
    for (layout, why) in layouts {
      // Month first before day first: a file of first-of-month dates (`2/1/2014`) reads both
      // ways, and the tools that write numeric dates without a day over 12 are mostly American.
      for order in [nil, DayMonthOrder.monthFirst, .dayFirst] {
        var layout = layout
        layout.dateFormat = order
        let entry = VisitorsEntry(id: "besokare", data: data, sheet: sheet, layout: layout)
        guard let outcome = try? VisitorsAnalysis(entry).run(AnalysisContext()) else { continue }
        var notes = why
        if let order { notes.append("GUESS: dates read as \(order.rawValue)") }
        var y = ""
        y += "    columns: {"
        var columns: [String] = []
        for (key, value) in [
          ("date", layout.dateColumn), ("category", layout.categoryColumn),
          ("visitors", layout.visitorsColumn), ("hour", layout.hourColumn),
        ] {
          if let value { columns.append("\(key): \(YAMLText.quote(value))") }
        }
        y += columns.joined(separator: ", ") + "}"
        var lines = [
          "  - id: besokare",
          "    kind: visitors",
          "    data: \(YAMLText.quote(relative(data, to: projectFolder)))",
        ]
        if let sheet { lines.append("    sheet: \(YAMLText.quote(sheet))") }
        if !columns.isEmpty { lines.append(y + "  # GUESS: the columns by their headers") }
        if let order {
          lines.append("    date_format: \(order.rawValue)  # GUESS: day/month order")
        }
        lines.append("    # base_years: [2019, 2022]")
        lines.append("    # goal: 0.15")
        return SpecDraft(
          yaml: project(kind: "visitors", outcome: outcome, entry: lines),
          notes: notes
            + outcome.notices.map { "\($0.level == .note ? "note" : "warning"): \($0.text)" }
            + ["check: organisation, period, base_years and goal"])
      }
    }
    // Not read with any guess: the reader's own error for the defaults, with file and row.
    let entry = VisitorsEntry(id: "besokare", data: data, sheet: sheet)
    _ = try VisitorsAnalysis(entry).run(AnalysisContext())
    preconditionFailure("the default layout failed above")
  }

  /// The two HR exports, read with the default Swedish and English column names.
  static func sickLeave(employees: String, spells: String, projectFolder: URL) throws
    -> SpecDraft
  {
    let entry = SickLeaveEntry(id: "sjukfranvaro", employees: employees, spells: spells)
    let outcome = try SickLeaveAnalysis(entry).run(AnalysisContext())
    let lines = [
      "  - id: sjukfranvaro",
      "    kind: sickleave",
      "    employees: \(YAMLText.quote(relative(employees, to: projectFolder)))",
      "    spells: \(YAMLText.quote(relative(spells, to: projectFolder)))",
    ]
    return SpecDraft(
      yaml: project(kind: "sickleave", outcome: outcome, entry: lines),
      notes: outcome.notices.map { "\($0.level == .note ? "note" : "warning"): \($0.text)" }
        + ["check: organisation and period"])
  }

  static func project(kind: String, outcome: AnalysisOutcome, entry: [String]) -> String {
    let years = outcome.values.compactMap { Int($0.period.prefix(4)) }
    var text =
      "# Drafted by `kpi init \(kind)`: the entry below was read and run once as drafted.\n"
    text += "# Every line marked GUESS was guessed: check it, then delete the mark.\n"
    text += "organisation: \"Organisation\"  # GUESS: write the organisation's name\n"
    text +=
      "period: \"\(years.max().map(String.init) ?? "2025")\"  # GUESS: the latest year in the data\n"
    text += "analyses:\n" + entry.joined(separator: "\n") + "\n"
    return text
  }

  /// `path` relative to `folder` when it lies inside it, else absolute.
  static func relative(_ path: String, to folder: URL) -> String {
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    let base = folder.standardizedFileURL.path + "/"
    return absolute.hasPrefix(base) ? String(absolute.dropFirst(base.count)) : absolute
  }
}
