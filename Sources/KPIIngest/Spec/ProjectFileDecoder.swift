import Foundation
import KPIModel
import Yams

/// Builds a ``ProjectFile`` from the YAML of SPEC §4.4 and checks it.
struct ProjectFileDecoder {
  /// The top-level keys of a project file.
  static let keys = [
    "organisation", "period", "as_of", "store", "history", "analyses", "goals",
  ]
  /// The keys of an analysis, all kinds together.
  static let analysisKeys = [
    "id", "kind", "data", "spec", "previous", "previous_spec", "period", "employees", "spells",
    "years", "full_time_hours", "base_years", "goal", "summer", "through", "sum_duplicates",
    "noun", "title", "sheet", "columns", "date_format", "frequency", "sick_causes",
  ]
  /// The keys of a visitor analysis' `columns:` mapping.
  static let visitorColumnKeys = ["date", "category", "visitors", "hour", "wide"]
  /// The keys of a manually judged goal.
  static let goalKeys = [
    "id", "text", "target", "comparator", "value", "unit", "status", "comment",
  ]
  /// The statuses a person may give a goal; `suppressed` is for computed goals only.
  static let manualStatuses: [GoalStatus] = [.met, .partlyMet, .notMet, .noData]

  /// The analysis kinds as a project file names them (`kind: survey`).
  enum Kind: String, CaseIterable {
    case survey, questionnaire, sickleave, visitors
  }

  /// The keys an analysis of `kind` may have. A sick-leave analysis reads two files, so one
  /// `sheet:` cannot say which sheet of which; its exports are taken from their first sheets.
  static func allowedKeys(_ kind: Kind) -> [String] {
    switch kind {
    case .survey, .questionnaire:
      ["id", "kind", "data", "spec", "previous", "previous_spec", "period", "sheet"]
    case .sickleave:
      [
        "id", "kind", "employees", "spells", "years", "full_time_hours", "columns", "sick_causes",
        "date_format",
      ]
    case .visitors:
      [
        "id", "kind", "data", "base_years", "goal", "summer", "through", "sum_duplicates",
        "noun", "title", "sheet", "columns", "date_format", "frequency",
      ]
    }
  }

  /// The file keys an analysis of `kind` cannot run without.
  static func requiredKeys(_ kind: Kind) -> [String] {
    switch kind {
    case .survey, .questionnaire: ["data", "spec"]
    case .sickleave: ["employees", "spells"]
    case .visitors: ["data"]
    }
  }

  let reader: YAMLReader

  /// The project a document describes.
  /// - Parameter baseDirectory: The folder relative paths are resolved against.
  /// - Throws: ``IngestError`` with code `invalidSpec`, located at the offending node.
  func decode(_ root: Node?, baseDirectory: URL?) throws(IngestError) -> ProjectFile {
    guard let root else {
      throw IngestError(.invalidSpec, file: reader.file, message: "the project file is empty")
    }
    let fields = try Fields(root, name: "the project file", allowed: Self.keys, reader: reader)
    for key in ["organisation", "period"] { _ = try fields.required(key) }
    return ProjectFile(
      organisation: try reader.nonEmptyText(fields.required("organisation"), "organisation"),
      period: try reader.nonEmptyText(fields.required("period"), "period"),
      asOf: try decodeAsOf(fields["as_of"]),
      store: try reader.optionalText(fields["store"], "store"),
      history: try reader.optionalText(fields["history"], "history"),
      analyses: try decodeAnalyses(fields["analyses"]),
      goals: try decodeGoals(fields["goals"]),
      baseDirectory: baseDirectory
    )
  }

  /// `as_of:`, the reporting date of an interim report: a day written `YYYY-MM-DD`, nothing
  /// else (a month would leave open which day of it the report is per).
  private func decodeAsOf(_ node: Node?) throws(IngestError) -> CalendarDate? {
    guard let text = try reader.optionalText(node, "as_of") else { return nil }
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, zip(parts, [4, 2, 2]).allSatisfy({ $0.count == $1 }),
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let date = CalendarDate(year: Int(parts[0])!, month: Int(parts[1])!, day: Int(parts[2])!)
    else {
      throw reader.error(
        at: node,
        "\"as_of\" must be a day YYYY-MM-DD, e.g. 2023-08-31, found \(Diagnostic.quote(text))")
    }
    return date
  }

  // MARK: - Analyses

  private func decodeAnalyses(_ node: Node?) throws(IngestError) -> [AnalysisEntry] {
    guard let node, !reader.isNull(node) else { return [] }
    var analyses: [AnalysisEntry] = []
    var firstLine: [String: Int] = [:]
    for item in try reader.list(node, "analyses") {
      let fields = try Fields(
        item, name: "an analysis", allowed: Self.analysisKeys, reader: reader)
      for key in ["id", "kind"] { _ = try fields.required(key) }
      // The id names the analysis' output folder and prefixes its KPI ids: a name, never a
      // path (`../x`, `..`, `a/b` would write outside --out).
      let id = try uniqueID(fields, of: "analysis", seen: &firstLine, nameOnly: true)
      analyses.append(try decodeAnalysis(fields, id: id))
    }
    return analyses
  }

  private func decodeAnalysis(_ fields: Fields, id: String) throws(IngestError) -> AnalysisEntry {
    let kindNode = try fields.required("kind")
    let kindText = try reader.text(kindNode, "kind")
    guard let kind = Kind(rawValue: kindText) else {
      let kinds = Kind.allCases.map(\.rawValue)
      var message = "unknown analysis kind \(Diagnostic.quote(kindText))"
      if let suggestion = closestMatch(to: kindText, among: kinds) {
        message += "; did you mean \"\(suggestion)\"?"
      } else {
        message += " (expected one of: \(kinds.joined(separator: ", ")))"
      }
      throw reader.error(at: kindNode, message)
    }
    let allowed = Self.allowedKeys(kind)
    for key in fields.keys where !allowed.contains(key) {
      throw reader.error(
        at: fields.keyNode(key), "\"\(key)\" does not apply to a \(kind.rawValue) analysis")
    }
    let required = Self.requiredKeys(kind)
    for key in required {
      _ = try fields.required(key, context: " for a \(kind.rawValue) analysis")
    }
    func path(_ key: String) throws(IngestError) -> String? {
      guard required.contains(key), let node = fields[key] else {
        return try reader.optionalText(fields[key], key)
      }
      return try reader.nonEmptyText(node, key)
    }
    func requiredPath(_ key: String) throws(IngestError) -> String {
      try reader.nonEmptyText(fields.required(key), key)
    }
    let sheet = try reader.optionalText(fields["sheet"], "sheet")
    func surveyEntry() throws(IngestError) -> SurveyEntry {
      SurveyEntry(
        id: id, data: try requiredPath("data"), spec: try requiredPath("spec"),
        previous: try path("previous"), previousSpec: try path("previous_spec"), sheet: sheet,
        period: try reader.optionalText(fields["period"], "period"))
    }
    switch kind {
    case .survey: return .survey(try surveyEntry())
    case .questionnaire: return .questionnaire(try surveyEntry())
    case .sickleave:
      var entry = SickLeaveEntry(
        id: id, employees: try requiredPath("employees"), spells: try requiredPath("spells"))
      if let node = fields["years"], !reader.isNull(node) {
        entry.years = try reader.integer(node, "years")
        guard entry.years >= 1 else { throw reader.error(at: node, "\"years\" must be 1 or more") }
      }
      if let hours = try reader.optionalNumber(fields["full_time_hours"], "full_time_hours") {
        guard hours > 0, hours.isFinite else {
          throw reader.error(at: fields["full_time_hours"], "\"full_time_hours\" must be positive")
        }
        entry.fullTimeHours = hours
      }
      entry.layout = try decodeSickLeaveLayout(fields)
      return .sickleave(entry)
    case .visitors:
      var options = VisitorOptions(
        baseYears: try decodeYears(fields["base_years"]),
        goal: try reader.optionalNumber(fields["goal"], "goal"))
      if let text = try reader.optionalText(fields["summer"], "summer") {
        guard let months = VisitorOptions.summerMonths(text) else {
          throw reader.error(
            at: fields["summer"],
            "\"summer\" must be months first-last, e.g. 6-8, found \(Diagnostic.quote(text))")
        }
        options.summer = months
      }
      if let text = try reader.optionalText(fields["through"], "through") {
        guard let date = CellParser.date(text) else {
          throw reader.error(
            at: fields["through"],
            "\"through\" must be a day or a month (YYYY-MM-DD or YYYY-MM), found "
              + Diagnostic.quote(text))
        }
        options.through = date
      }
      if let text = try reader.optionalText(fields["sum_duplicates"], "sum_duplicates") {
        switch text.lowercased() {
        case "true", "yes", "ja": options.duplicates = .sum
        case "false", "no", "nej": options.duplicates = .reject
        default:
          throw reader.error(
            at: fields["sum_duplicates"],
            "\"sum_duplicates\" must be true or false, found \(Diagnostic.quote(text))")
        }
      }
      return .visitors(
        VisitorsEntry(
          id: id, data: try requiredPath("data"), sheet: sheet, options: options,
          noun: try freeText(fields["noun"], "noun") ?? VisitorsEntry.defaultNoun,
          title: try freeText(fields["title"], "title"),
          layout: try decodeVisitorLayout(fields)))
    }
  }

  /// `columns:`, `date_format:` and `frequency:` of a visitor analysis.
  private func decodeVisitorLayout(_ fields: Fields) throws(IngestError) -> VisitorLayout {
    var layout = VisitorLayout()
    layout.dateFormat = try decodeDateFormat(fields)
    if let text = try reader.optionalText(fields["frequency"], "frequency") {
      guard let frequency = VisitorFrequency(rawValue: text.lowercased()) else {
        let names = VisitorFrequency.allCases.map(\.rawValue).joined(separator: ", ")
        throw reader.error(
          at: fields["frequency"],
          "\"frequency\" must be one of \(names), found \(Diagnostic.quote(text))")
      }
      layout.frequency = frequency
    }
    guard let node = fields["columns"], !reader.isNull(node) else { return layout }
    let columns = try Fields(
      node, name: "columns", allowed: Self.visitorColumnKeys, reader: reader)
    layout.dateColumn = try reader.optionalText(columns["date"], "date")
    layout.categoryColumn = try reader.optionalText(columns["category"], "category")
    layout.visitorsColumn = try reader.optionalText(columns["visitors"], "visitors")
    layout.hourColumn = try reader.optionalText(columns["hour"], "hour")
    if let wide = columns["wide"], !reader.isNull(wide) {
      for item in try reader.list(wide, "wide") {
        layout.wideColumns.append(try reader.nonEmptyText(item, "wide"))
      }
      if layout.categoryColumn != nil {
        throw reader.error(
          at: wide,
          "\"wide\" and \"category\" cannot both be given: a file is long (one column of "
            + "category names) or wide (one column per category)")
      }
    }
    return layout
  }

  /// `date_format:`, the order of day and month in numeric dates, of a visitor or sick-leave
  /// analysis.
  private func decodeDateFormat(_ fields: Fields) throws(IngestError) -> DayMonthOrder? {
    guard let text = try reader.optionalText(fields["date_format"], "date_format") else {
      return nil
    }
    guard let order = DayMonthOrder(format: text) else {
      throw reader.error(
        at: fields["date_format"],
        "\"date_format\" must be d/m/yyyy (day first) or m/d/yyyy (month first), found "
          + Diagnostic.quote(text))
    }
    return order
  }

  /// `columns:` (role: a name or a list of names), `sick_causes:` and `date_format:` of a
  /// sick-leave analysis.
  private func decodeSickLeaveLayout(_ fields: Fields) throws(IngestError) -> SickLeaveLayout {
    var layout = SickLeaveLayout()
    layout.dateFormat = try decodeDateFormat(fields)
    if let node = fields["columns"], !reader.isNull(node) {
      let columns = try Fields(
        node, name: "columns", allowed: SickLeaveLayout.roles, reader: reader)
      for role in SickLeaveLayout.roles {
        guard let item = columns[role], !reader.isNull(item) else { continue }
        if case .sequence = item {
          var names: [String] = []
          for name in try reader.list(item, role) {
            names.append(try reader.nonEmptyText(name, role))
          }
          layout.columns[role] = names
        } else {
          layout.columns[role] = [try reader.nonEmptyText(item, role)]
        }
      }
    }
    if let node = fields["sick_causes"], !reader.isNull(node) {
      var causes: [String] = []
      for item in try reader.list(node, "sick_causes") {
        causes.append(try reader.nonEmptyText(item, "sick_causes"))
      }
      guard !causes.isEmpty else {
        throw reader.error(at: node, "\"sick_causes\" must name at least one cause")
      }
      layout.sickCauses = causes
    }
    return layout
  }

  private func decodeYears(_ node: Node?) throws(IngestError) -> [Int] {
    guard let node, !reader.isNull(node) else { return [] }
    var years: [Int] = []
    for item in try reader.list(node, "base_years") {
      years.append(try reader.integer(item, "base_years"))
    }
    return years
  }

  /// The `id` of an analysis or goal, refused when an earlier one has it (`seen` holds the
  /// lines of those) or, with `nameOnly`, when it is not a name of letters, digits, - and _.
  private func uniqueID(
    _ fields: Fields, of what: String, seen: inout [String: Int], nameOnly: Bool
  ) throws(IngestError) -> String {
    let idNode = try fields.required("id")
    let id = try reader.nonEmptyText(idNode, "id")
    if nameOnly && !id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
      throw reader.error(
        at: idNode,
        "an \(what) id is a name of letters, digits, - and _, found \(Diagnostic.quote(id))")
    }
    if let line = seen[id] {
      throw reader.error(
        at: idNode, "duplicate \(what) id \(Diagnostic.quote(id)) (first used on line \(line))")
    }
    seen[id] = idNode.mark?.line ?? 0
    return id
  }

  // MARK: - Goals

  private func decodeGoals(_ node: Node?) throws(IngestError) -> [ManualGoal] {
    guard let node, !reader.isNull(node) else { return [] }
    var goals: [ManualGoal] = []
    var firstLine: [String: Int] = [:]
    for item in try reader.list(node, "goals") {
      let fields = try Fields(item, name: "a goal", allowed: Self.goalKeys, reader: reader)
      for key in ["id", "text", "status"] { _ = try fields.required(key) }
      let id = try uniqueID(fields, of: "goal", seen: &firstLine, nameOnly: false)
      let text = try reader.nonEmptyText(fields.required("text"), "text")
      let target = try reader.optionalNumber(fields["target"], "target")
      let comparator = try decodeComparator(fields["comparator"])
      if comparator != nil && target == nil {
        throw reader.error(at: fields["comparator"], "\"comparator\" needs a \"target\"")
      }
      goals.append(
        ManualGoal(
          id: id, text: text, target: target, comparator: comparator,
          value: try reader.optionalNumber(fields["value"], "value"),
          unit: try freeText(fields["unit"], "unit"),
          status: try decodeStatus(fields.required("status")),
          comment: try freeText(fields["comment"], "comment")))
    }
    return goals
  }

  private func decodeComparator(_ node: Node?) throws(IngestError) -> KPIModel.Comparator? {
    guard let node, !reader.isNull(node) else { return nil }
    let text = try reader.text(node, "comparator")
    guard let comparator = KPIModel.Comparator(rawValue: text.trimmingCharacters(in: .whitespaces))
    else {
      let comparators = KPIModel.Comparator.allCases.map(\.rawValue).joined(separator: ", ")
      throw reader.error(
        at: node,
        "unknown comparator \(Diagnostic.quote(text)) (expected one of: \(comparators))")
    }
    return comparator
  }

  private func decodeStatus(_ node: Node) throws(IngestError) -> GoalStatus {
    let text = try reader.text(node, "status")
    guard let status = GoalStatus(text: text), Self.manualStatuses.contains(status) else {
      let statuses = Self.manualStatuses.map(\.swedish).joined(separator: ", ")
      throw reader.error(
        at: node, "unknown goal status \(Diagnostic.quote(text)) (expected one of: \(statuses))")
    }
    return status
  }

  /// Optional text where empty means absent, as a unit or a comment may well be.
  private func freeText(_ node: Node?, _ key: String) throws(IngestError) -> String? {
    guard let node, !reader.isNull(node) else { return nil }
    let text = try reader.text(node, key)
    return text.isEmpty ? nil : text
  }
}
