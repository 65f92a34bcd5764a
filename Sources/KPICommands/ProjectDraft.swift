import Foundation
import KPIEngine
import KPIIngest
import KPIModel
import KPIRender

/// Project files drafted by `kpi init visitors`, `kpi init sickleave` and `kpi init project`.
/// Every entry is run once, as `kpi report` will run it, before it is written, so that a
/// drafted file is one that works.
enum ProjectDraft {
  /// One drafted analysis of a project file: its lines, its one run, and what was decided.
  struct Entry {
    /// The entry's YAML lines, indented for `analyses:`.
    var lines: [String]
    /// The entry's run, as drafted.
    var outcome: AnalysisOutcome
    /// What was decided, for the terminal.
    var notes: [String]
  }

  /// A visitor file: the reader's default names first; when they fail, the column roles
  /// guessed from the header and the day/month order tried both ways, each guess said.
  static func visitors(data: String, sheet: String?, projectFolder: URL) throws -> SpecDraft {
    let entry = try visitorsEntry(
      id: "besokare", data: data, sheet: sheet, projectFolder: projectFolder)
    return SpecDraft(
      yaml: project(kind: "visitors", outcomes: [entry.outcome], entries: [entry.lines]),
      notes: entry.notes + ["check: organisation, period, base_years and goal"])
  }

  /// The analysis of a visitor file, as ``visitors(data:sheet:projectFolder:)`` drafts it.
  static func visitorsEntry(id: String, data: String, sheet: String?, projectFolder: URL) throws
    -> Entry
  {
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
        let entry = VisitorsEntry(id: id, data: data, sheet: sheet, layout: layout)
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
          "  - id: \(id)",
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
        return Entry(lines: lines, outcome: outcome, notes: notes + noticeNotes(outcome))
      }
    }
    // Not read with any guess: the reader's own error for the defaults, with file and row.
    let entry = VisitorsEntry(id: id, data: data, sheet: sheet)
    _ = try VisitorsAnalysis(entry).run(AnalysisContext())
    preconditionFailure("the default layout failed above")
  }

  /// The two HR exports, read with the default Swedish and English column names.
  static func sickLeave(employees: String, spells: String, projectFolder: URL) throws
    -> SpecDraft
  {
    let entry = try sickLeaveEntry(
      id: "sjukfranvaro", employees: employees, spells: spells, projectFolder: projectFolder)
    return SpecDraft(
      yaml: project(kind: "sickleave", outcomes: [entry.outcome], entries: [entry.lines]),
      notes: entry.notes + ["check: organisation and period"])
  }

  /// The analysis of the two HR exports, as ``sickLeave(employees:spells:projectFolder:)``
  /// drafts it.
  static func sickLeaveEntry(id: String, employees: String, spells: String, projectFolder: URL)
    throws -> Entry
  {
    let entry = SickLeaveEntry(id: id, employees: employees, spells: spells)
    let outcome = try SickLeaveAnalysis(entry).run(AnalysisContext())
    let lines = [
      "  - id: \(id)",
      "    kind: sickleave",
      "    employees: \(YAMLText.quote(relative(employees, to: projectFolder)))",
      "    spells: \(YAMLText.quote(relative(spells, to: projectFolder)))",
    ]
    return Entry(lines: lines, outcome: outcome, notes: noticeNotes(outcome))
  }

  /// The analysis of a survey or questionnaire export with its drafted spec: the kind guessed
  /// from the spec's scale (``SpecDraft/guessedKind(scale:)``), and the entry run on the spec
  /// as drafted.
  /// - Returns: The entry, the spec's text and the kind's evidence.
  static func surveyEntry(id: String, data: String, spec: String, projectFolder: URL) throws
    -> (entry: Entry, spec: String, evidence: String)
  {
    let url = URL(fileURLWithPath: data)
    var draft = try SpecDraft.survey(url, kind: SurveyKind.survey.rawValue)
    let guess = SpecDraft.guessedKind(scale: draft.scale)
    if guess.kind == .questionnaire {
      draft = try SpecDraft.survey(url, kind: guess.kind.rawValue)
    }
    // Run once on the spec as drafted, written where nothing else is.
    let scratch = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-init-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let scratchSpec = scratch.appendingPathComponent("spec.yaml")
    try Data(draft.yaml.utf8).write(to: scratchSpec)
    let outcome = try SurveyAnalysis(
      guess.kind, SurveyEntry(id: id, data: data, spec: scratchSpec.path)
    ).run(AnalysisContext())
    let lines = [
      "  - id: \(id)",
      "    kind: \(guess.kind.rawValue)  # GUESS: \(guess.evidence)",
      "    data: \(YAMLText.quote(relative(data, to: projectFolder)))",
      "    spec: \(YAMLText.quote(relative(spec, to: projectFolder)))",
    ]
    return (
      Entry(lines: lines, outcome: outcome, notes: draft.notes + noticeNotes(outcome)),
      draft.yaml, guess.evidence
    )
  }

  static func noticeNotes(_ outcome: AnalysisOutcome) -> [String] {
    outcome.notices.map { "\($0.level == .note ? "note" : "warning"): \($0.text)" }
  }

  /// A project file around drafted entries: the organisation and the period as guesses to
  /// check (the period the latest year in the analyses' values), then the entries.
  /// - Parameters:
  ///   - kind: The `kpi init` kind that drafted it, for the first line.
  ///   - preamble: Comment lines after the first two (what was found, what was left out).
  static func project(
    kind: String, outcomes: [AnalysisOutcome], entries: [[String]], preamble: [String] = []
  ) -> String {
    let years = outcomes.flatMap(\.values).compactMap { Int($0.period.prefix(4)) }
    var text =
      entries.count == 1
      ? "# Drafted by `kpi init \(kind)`: the entry below was read and run once as drafted.\n"
      : "# Drafted by `kpi init \(kind)`: each entry below was read and run once as drafted.\n"
    text += "# Every line marked GUESS was guessed: check it, then delete the mark.\n"
    text += preamble.map { "# " + MessageText.printable($0) + "\n" }.joined()
    text += "organisation: \"Organisation\"  # GUESS: write the organisation's name\n"
    text +=
      "period: \"\(years.max().map(String.init) ?? "2025")\"  # GUESS: the latest year in the data\n"
    text += "analyses:\n" + entries.map { $0.joined(separator: "\n") + "\n" }.joined()
    return text
  }

  /// `path` relative to `folder` when it lies inside it, else absolute.
  static func relative(_ path: String, to folder: URL) -> String {
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    let base = folder.standardizedFileURL.path + "/"
    return absolute.hasPrefix(base) ? String(absolute.dropFirst(base.count)) : absolute
  }
}
