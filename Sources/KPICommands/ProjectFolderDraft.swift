import Foundation
import KPIEngine
import KPIIngest
import KPIModel

/// `kpi init project DIR`: the exports of a folder, each taken for what its header and
/// cells show, a spec drafted next to each survey-like one, and the project file around them.
///
/// Each kind is recognised by the rule that drafts it alone: the HR exports by the default
/// column names of ``SickLeaveLayout`` (an employees file and a spells file, paired by folder),
/// a visitor file by ``ProjectDraft/visitorsEntry(id:data:sheet:projectFolder:)`` reading it,
/// a survey or questionnaire by ``SpecDraft`` drafting a spec that runs.
struct ProjectFolderDraft {
  /// The project file's text.
  var project: String
  /// The specs to write: path and text.
  var specs: [(path: String, yaml: String)]
  /// Every export found, for the check that no output lands on one.
  var inputs: [String]
  /// What was decided and what to check, for the terminal.
  var notes: [String]

  /// The extensions of the exports looked for.
  static let extensions: Set<String> = ["csv", "xlsx"]
  /// How deep below the folder exports are looked for.
  static let maximumDepth = 3

  /// The spec drafted for an export: `spec-<name>.yaml` next to it.
  static func specPath(for export: String) -> String {
    let url = URL(fileURLWithPath: export)
    return url.deletingLastPathComponent()
      .appendingPathComponent("spec-\(url.deletingPathExtension().lastPathComponent).yaml").path
  }

  /// The exports under `folder`, sorted by path: CSV and XLSX files, not hidden, at most
  /// ``maximumDepth`` folders down, outside any folder holding a `report.html` (the results
  /// of a `kpi report`).
  static func exports(in folder: URL) -> [String] {
    let keys: [URLResourceKey] = [.isRegularFileKey, .isDirectoryKey]
    guard
      let walk = FileManager.default.enumerator(
        at: folder, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
    else { return [] }
    var found: [String] = []
    for case let url as URL in walk {
      let values = try? url.resourceValues(forKeys: Set(keys))
      if values?.isDirectory == true {
        let isResults = FileManager.default.fileExists(
          atPath: url.appendingPathComponent("report.html").path)
        let depth =
          url.standardizedFileURL.pathComponents.count
          - folder.standardizedFileURL.pathComponents.count
        if isResults || depth >= maximumDepth { walk.skipDescendants() }
        continue
      }
      guard values?.isRegularFile == true,
        extensions.contains(url.pathExtension.lowercased()),
        !url.lastPathComponent.hasPrefix("~$")  // Excel's lock file
      else { continue }
      found.append(url.standardizedFileURL.path)
    }
    return found.sorted()
  }

  /// What an HR export's header makes it, by the default names of its columns' roles.
  enum HRFile { case employees, spells }

  static func hrFile(_ header: [String]) -> HRFile? {
    func fold(_ text: String) -> String {
      text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
    let names = Set(header.map(fold))
    func has(_ role: String) -> Bool {
      SickLeaveLayout.defaultNames(role).contains { names.contains(fold($0)) }
    }
    guard has("employee_id") else { return nil }
    if has("start") && has("end") { return .spells }
    if has("scheduled_hours") || has("fte") || has("employment_rate") { return .employees }
    return nil
  }

  /// An analysis id from a path relative to the project: its words in ASCII lower case
  /// joined by `-` (`natverksenkat/2025.xlsx` → `natverksenkat-2025`).
  static func id(_ relativePath: String, taken: inout Set<String>) -> String {
    let stem = (relativePath as NSString).deletingPathExtension.lowercased()
      .replacingOccurrences(of: "å", with: "a").replacingOccurrences(of: "ä", with: "a")
      .replacingOccurrences(of: "ö", with: "o")
      .folding(options: .diacriticInsensitive, locale: nil)
    let words = stem.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
    var id = words.joined(separator: "-")
    if id.isEmpty { id = "analys" }
    var candidate = id
    var n = 2
    while taken.contains(candidate) {
      candidate = "\(id)-\(n)"
      n += 1
    }
    taken.insert(candidate)
    return candidate
  }

  /// Drafts the project of the exports under `folder`.
  /// - Parameters:
  ///   - folder: The folder of exports.
  ///   - projectFile: Where the project file goes; paths in it are relative to its folder.
  /// - Throws: `CommandFailure` (bad input) when no export is taken for any analysis.
  static func draft(folder: URL, projectFile: URL) throws -> ProjectFolderDraft {
    let projectFolder = projectFile.absoluteURL.deletingLastPathComponent()
    let files = exports(in: folder)
    func shown(_ path: String) -> String {
      MessageText.printable(ProjectDraft.relative(path, to: folder.absoluteURL))
    }
    var notes: [String] = []
    var entries: [(order: String, lines: [String], outcome: AnalysisOutcome)] = []
    var specs: [(path: String, yaml: String)] = []
    // Why an export was not used: for the project file, and with the reader's words for the
    // terminal only (a reader's message may quote a cell).
    var notUsed: [(file: String, why: String, detail: String?)] = []
    var taken: Set<String> = []
    var employees: [String] = []
    var spells: [String] = []
    var others: [String] = []
    for file in files {
      let header: [String]
      do {
        header = try TableReader.open(URL(fileURLWithPath: file)).header
      } catch {
        notUsed.append((shown(file), "not read", "\(error)"))
        continue
      }
      switch hrFile(header) {
      case .employees: employees.append(file)
      case .spells: spells.append(file)
      case nil: others.append(file)
      }
    }
    // HR exports: an employees file with the spells file of its folder, else the next one.
    for employeesFile in employees {
      let folderOf = { (path: String) in (path as NSString).deletingLastPathComponent }
      guard
        let spellsFile = spells.first(where: { folderOf($0) == folderOf(employeesFile) })
          ?? spells.first
      else {
        notUsed.append((shown(employeesFile), "an employees file without a spells file", nil))
        continue
      }
      spells.removeAll { $0 == spellsFile }
      // The id from the employees file's folder (`sjukfranvaro/employees.csv` →
      // `sjukfranvaro`), or the kind's own for a file at the top.
      let place = (ProjectDraft.relative(employeesFile, to: folder.absoluteURL) as NSString)
        .deletingLastPathComponent
      let id = id(place.hasPrefix("/") || place.isEmpty ? "sjukfranvaro" : place, taken: &taken)
      do {
        var entry = try ProjectDraft.sickLeaveEntry(
          id: id, employees: employeesFile, spells: spellsFile, projectFolder: projectFolder)
        let evidence =
          "sickleave: \(shown(employeesFile)) (employees) and \(shown(spellsFile)) (spells),"
          + " by their column names"
        entry.lines.insert("  # \(evidence)", at: 0)
        entries.append((employeesFile, entry.lines, entry.outcome))
        notes.append("\(evidence) -> \(id)")
        notes += entry.notes.map { "  \($0)" }
      } catch {
        taken.remove(id)
        notUsed.append(
          (
            "\(shown(employeesFile)) and \(shown(spellsFile))", "not read as sick leave",
            "\(error)"
          ))
      }
    }
    for spellsFile in spells {
      notUsed.append((shown(spellsFile), "a spells file without an employees file", nil))
    }
    for file in others {
      let id = id(ProjectDraft.relative(file, to: folder.absoluteURL), taken: &taken)
      // A visitor file: read as `kpi visitors` reads one, with the layouts it tries.
      if let entry = try? ProjectDraft.visitorsEntry(
        id: id, data: file, sheet: nil, projectFolder: projectFolder)
      {
        let evidence = "visitors: \(shown(file)), read as dated visitor counts"
        var lines = entry.lines
        lines.insert("  # \(evidence)", at: 0)
        entries.append((file, lines, entry.outcome))
        notes.append("\(evidence) -> \(id)")
        notes += entry.notes.map { "  \($0)" }
        continue
      }
      let spec = specPath(for: file)
      do {
        let drafted = try ProjectDraft.surveyEntry(
          id: id, data: file, spec: spec, projectFolder: projectFolder)
        var lines = drafted.entry.lines
        let evidence = "\(shown(file)), spec drafted in \(shown(spec))"
        lines.insert("  # \(evidence)", at: 0)
        entries.append((file, lines, drafted.entry.outcome))
        specs.append((spec, drafted.spec))
        notes.append("\(evidence) -> \(id) (\(drafted.evidence))")
        notes += drafted.entry.notes.map { "  \($0)" }
      } catch {
        taken.remove(id)
        notUsed.append((shown(file), "neither visitor counts nor a survey", "\(error)"))
      }
    }
    guard !entries.isEmpty else {
      throw CommandFailure(
        kind: .badInput,
        message: "no export in \(MessageText.quote(folder.relativePath)) was taken for an analysis"
          + (files.isEmpty
            ? " (no CSV or XLSX file found)"
            : ": "
              + notUsed.map { "\($0.file): \($0.why)" + ($0.detail.map { " (\($0))" } ?? "") }
              .joined(separator: "; ")))
    }
    // In the order of the annual report: surveys, questionnaires, sick leave, visitors, as the
    // files were found within each.
    func rank(_ lines: [String]) -> Int {
      let kinds = ["kind: survey", "kind: questionnaire", "kind: sickleave", "kind: visitors"]
      return kinds.firstIndex { kind in lines.contains { $0.hasPrefix("    " + kind) } } ?? 4
    }
    entries.sort { (rank($0.lines), $0.order) < (rank($1.lines), $1.order) }
    var preamble = ["From the exports in \(folder.relativePath): \(entries.count) analyses."]
    preamble += notUsed.map { "Not used: \($0.file): \($0.why)" }
    notes += notUsed.map {
      "not used: \($0.file): \($0.why)" + ($0.detail.map { " (\($0))" } ?? "")
    }
    notes.append(
      "check: organisation, period, each analysis' kind, and in each spec the lines marked GUESS")
    return ProjectFolderDraft(
      project: ProjectDraft.project(
        kind: "project", outcomes: entries.map(\.outcome), entries: entries.map(\.lines),
        preamble: preamble),
      specs: specs, inputs: files, notes: notes)
  }
}
