import Foundation
import KPIModel

/// A drafted survey or questionnaire spec (`kpi init survey`): the YAML, every guess in it
/// marked as one with its evidence, and what the analyst should check.
///
/// The export is read by ``TableReader`` as the analyses read it (encoding, sheet, header
/// rows). Identity, timestamp and free-text columns are named only, as skipped: no cell of
/// theirs reaches the YAML or the notes.
public struct SpecDraft: Sendable {
  /// Creates a draft from its text and notes.
  public init(yaml: String, notes: [String], scale: [String] = []) {
    self.yaml = yaml
    self.notes = notes
    self.scale = scale
  }

  /// The spec's text.
  public var yaml: String
  /// What was decided and what to check, one line each, for the terminal.
  public var notes: [String]
  /// A drafted spec's scale (or, for questions on no known scale, their answers).
  public var scale: [String]

  /// The kind a spec's scale suggests: a questionnaire's questions are answered yes or no
  /// (Ja / Delvis / Nej, Ja / Nej, Yes / No), a survey's on a scale of satisfaction or
  /// agreement. The evidence is said in the same breath.
  public static func guessedKind(scale: [String]) -> (kind: SurveyKind, evidence: String) {
    let yesNo: Set<String> = ["ja", "delvis", "nej", "yes", "partly", "no"]
    let steps = scale.joined(separator: " / ")
    if !scale.isEmpty, scale.allSatisfy({ yesNo.contains(AnswerScale.fold($0)) }) {
      return (.questionnaire, "yes/no answers (\(steps)): a questionnaire")
    }
    return (.survey, "answers not yes/no (\(steps)): a survey")
  }

  /// Where a person reads what each key of a spec means: the file in the repository and the
  /// command that prints it (SpecDraftTests checks that the file exists).
  public static let specReference = "docs/spec.md, or `kpi spec`"
  /// The repository path of ``specReference``'s file.
  static let specReferencePath = "docs/spec.md"

  /// Header words of a group column.
  static let groupWords = [
    "nätverk", "grupp", "group", "network", "country", "land", "enhet", "unit", "kommun",
    "förvaltning", "team", "avdelning", "department", "organisation", "roll", "role",
  ]

  /// Drafts a spec for an export.
  /// - Parameters:
  ///   - url: The export.
  ///   - kind: `survey` or `questionnaire` (the title and goal).
  ///   - sheet, headerRows, skipRows: As the spec's keys.
  /// - Throws: ``IngestError`` from the reader, or `.invalidValue` when no column holds
  ///   answers on a known scale.
  public static func survey(
    _ url: URL, kind: String, sheet: String? = nil, headerRows: Int? = nil, skipRows: Int = 0
  ) throws(IngestError) -> SpecDraft {
    var table = try TableReader.open(
      url, sheet: sheet, headerRows: headerRows, skipLines: skipRows)
    var profiles = try ColumnProfile.profiles(&table)
    // Qualtrics' third header row, `{"ImportId":"QID1"}`, read as a data row: three rows.
    if headerRows == nil,
      profiles.contains(where: { $0.values.contains { $0.value.hasPrefix("{\"ImportId\"") } })
    {
      table = try TableReader.open(url, sheet: sheet, headerRows: 3, skipLines: skipRows)
      profiles = try ColumnProfile.profiles(&table)
    }
    return try draft(
      profiles, file: table.fileName, kind: kind, rows: table.rowCount,
      headerRows: table.headerRows, sheet: sheet, skipRows: skipRows,
      encodingNotice: table.source.encodingNotice)
  }

  static func draft(
    _ profiles: [ColumnProfile], file: String, kind: String, rows: Int, headerRows: Int,
    sheet: String?, skipRows: Int, encodingNotice: String?
  ) throws(IngestError) -> SpecDraft {
    var notes: [String] = []
    if let encodingNotice { notes.append("note: \(encodingNotice)") }
    var skipped: [(name: String, role: ColumnProfile.Role)] = []
    var matches: [(index: Int, match: AnswerScale.Match)] = []
    var others: [Int] = []
    // Multi-select questions: cells of several options.
    var multiSelect: [(index: Int, separator: String, options: [String])] = []
    for (index, profile) in profiles.enumerated() {
      let role = profile.role
      if role == .multiSelect, let choices = profile.choices {
        multiSelect.append((index, choices.separator, choices.options))
        continue
      }
      guard role == .categorical else {
        skipped.append((profile.name, role))
        continue
      }
      if let match = AnswerScale.match(profile.values) {
        matches.append((index, match))
      } else {
        others.append(index)
      }
    }
    // The scale most question columns fit: a column's scale counts for every known scale
    // holding all its steps (Ja/Nej columns for Ja/Delvis/Nej); ties go to words (a numeric
    // column may be a year or a count), then to the shorter scale.
    // Numbers only on the same scale: a 1–5 column (6 = not applicable) is no 0–10 question.
    func fits(_ inner: [String], _ outer: [String]) -> Bool {
      if inner == outer { return true }
      if inner.allSatisfy({ Int($0) != nil }) || outer.allSatisfy({ Int($0) != nil }) {
        return false
      }
      return Set(inner.map(AnswerScale.fold)).isSubset(of: Set(outer.map(AnswerScale.fold)))
    }
    // The group: a column of few values on no scale, by its header or else the first.
    let groupCandidates = others.filter {
      (2...80).contains(profiles[$0].values.count) && !profiles[$0].isOverflowing
    }
    let namedGroup = groupCandidates.first { index in
      let header = profiles[index].name.lowercased()
      return groupWords.contains { header.contains($0) }
    }
    var group = namedGroup ?? groupCandidates.first { !profiles[$0].name.contains("?") }

    let candidates = Array(Set(matches.map(\.match.scale)))
    func fitting(_ scale: [String]) -> Int { matches.filter { fits($0.match.scale, scale) }.count }
    let scale: [String]
    let chosen: [(index: Int, match: AnswerScale.Match)]
    let otherScales: [(index: Int, match: AnswerScale.Match)]
    var positive: [String]
    /// Whether the questions are categorical answers on no known scale (``categorical(_:)``).
    var isCategorical = false
    if let known = candidates.max(by: { a, b in
      let (ca, cb) = (fitting(a), fitting(b))
      if ca != cb { return ca < cb }
      let (na, nb) = (a.allSatisfy { Int($0) != nil }, b.allSatisfy { Int($0) != nil })
      if na != nb { return na }
      if a.count != b.count { return a.count > b.count }
      return a.joined() > b.joined()
    }) {
      scale = known
      chosen = matches.filter { fits($0.match.scale, scale) }
      otherScales = matches.filter { !fits($0.match.scale, scale) }
      positive = Array(scale.prefix(scale.count >= 4 ? 2 : 1))
      if scale == ["Ja", "Nej"] || scale == ["Yes", "No"] { positive = [scale[0]] }
    } else {
      // No known scale: the categorical questions, when there are any.
      var fallback = categorical(profiles, others.filter { $0 != group })
      if fallback == nil, group != nil, namedGroup == nil {
        // The group was only the first column without a question mark: a question rather.
        fallback = categorical(profiles, others)
        if fallback != nil { group = nil }
      }
      guard let fallback else {
        throw IngestError(
          .invalidValue, file: file,
          message: "no column holds answers on a scale kpi init knows or a few (2 to"
            + " \(categoricalLimit)) repeated answers (\(profiles.count) columns,"
            + " \(skipped.count) of them identities, times or free text); write the spec by hand"
            + " (\(specReference)), `kpi inspect \(file) --column NAME` shows a column's answers")
      }
      isCategorical = true
      scale = fallback.scale
      chosen = fallback.columns.map { index in
        (
          index,
          AnswerScale.Match(
            scale: fallback.scale, positive: [], notSubstantive: fallback.notSubstantive,
            synonyms: [:], unrecognised: [], isNumeric: false)
        )
      }
      otherScales = []
      positive = Array(scale.prefix(1))
    }
    let first = chosen[0].match
    var notSubstantive: [String] = []
    var synonyms: [(String, String)] = []
    for (_, match) in chosen {
      for answer in match.notSubstantive + match.unrecognised
      where !notSubstantive.contains(where: { AnswerScale.fold($0) == AnswerScale.fold(answer) }) {
        notSubstantive.append(answer)
      }
      for (from, to) in match.synonyms.sorted(by: { $0.key < $1.key })
      where !synonyms.contains(where: { AnswerScale.fold($0.0) == AnswerScale.fold(from) }) {
        synonyms.append((from, to))
      }
    }
    let questionColumns = Set(chosen.map(\.index))

    // MARK: The YAML
    var y = YAMLWriter()
    y.comment("Drafted by `kpi init \(kind)` from \(MessageText.printable(file)) (\(rows) rows).")
    y.comment("Every line marked GUESS was guessed from the data: check it, then delete the mark.")
    y.comment("The keys are described in \(specReference).")
    // The export's name in the title, so that a project of several drafted surveys has
    // headings that tell them apart until the analyst writes real ones.
    let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    y.key("title", "Enkät (\(stem))", comment: "GUESS: write the report's title")
    if let sheet { y.key("sheet", sheet) }
    y.raw("header_rows: \(headerRows)", comment: "read as the reader reads the file")
    if skipRows > 0 { y.raw("skip_rows: \(skipRows)") }
    if let group {
      let profile = profiles[group]
      y.key(
        "group", profile.name,
        comment: "GUESS: \(profile.values.count) distinct values, blank in \(profile.blank) rows")
      y.raw(
        "missing_group: ej_angivet",
        comment: profile.blank > 0
          ? "GUESS: \(profile.blank) rows without a group are shown as \"Ej angivet\""
          : "no row lacks a group")
      notes.append("group column: \(MessageText.quote(profile.name)) (guess)")
    } else {
      y.comment("No group column was found: every answer counts in Totalt only.")
      notes.append("no group column found")
    }
    if isCategorical {
      y.comment("GUESS: no known scale; the answers of the questions below, most frequent first.")
      y.comment("Put them best first and name the answers that count as positive.")
      y.list("scale", scale)
      y.list("positive", positive, comment: "GUESS: the most frequent answer; check it")
    } else {
      y.comment(
        "GUESS: the scale, best first"
          + (first.isNumeric ? " (the highest number taken as best)" : ""))
      y.list("scale", scale)
      y.list("positive", positive, comment: "GUESS: the top boxes")
    }
    y.list("not_substantive", notSubstantive + [""], comment: "GUESS: left out of the base")
    if !synonyms.isEmpty {
      y.raw("synonyms:", comment: "GUESS: other spellings, matched by their beginning")
      for (from, to) in synonyms { y.raw("  \(YAMLWriter.quote(from)): \(YAMLWriter.quote(to))") }
    }
    y.raw("questions:")
    var ids: Set<String> = []
    for (index, _) in chosen {
      let profile = profiles[index]
      let id = uniqueID(profile.name, index: index, taken: &ids)
      let counts = scale.map { step in
        let n = profile.values.filter { AnswerScale.fold($0.value) == AnswerScale.fold(step) }
          .reduce(0) { $0 + $1.count }
        return "\(step) \(n)"
      }
      let rest = profile.values.filter { value in
        !scale.contains { AnswerScale.fold($0) == AnswerScale.fold(value.value) }
      }.reduce(0) { $0 + $1.count }
      y.comment(
        "  answers: " + counts.joined(separator: ", ") + ", other \(rest), blank \(profile.blank)")
      y.raw("  - id: \(id)")
      y.raw("    column: \(YAMLWriter.quote(profile.name))")
      y.raw(
        "    goal: \(kind == "questionnaire" ? "0.95" : "0.85")",
        comment: "GUESS: the goal share")
    }
    for (index, separator, options) in multiSelect {
      let profile = profiles[index]
      let cells = profile.filled
      y.comment(
        "  GUESS: a multi-select question, several options to a cell separated by \"\(separator)\""
          + " (\(cells) answered, blank \(profile.blank))")
      y.raw("  - id: \(uniqueID(profile.name, index: index, taken: &ids))")
      y.raw("    column: \(YAMLWriter.quote(profile.name))")
      y.raw("    multiple: true")
      y.raw("    separator: \(YAMLWriter.quote(separator))")
      y.raw("    options: [" + options.map(YAMLWriter.quote).joined(separator: ", ") + "]")
    }
    for (index, match) in otherScales {
      y.comment(
        "Not included, on another scale (\(match.scale.joined(separator: " / "))): "
          + MessageText.printable(profiles[index].name))
    }
    for index in others where index != group && !questionColumns.contains(index) {
      y.comment("Not included, no known scale: \(MessageText.printable(profiles[index].name))")
    }
    for (name, role) in skipped {
      y.comment("Skipped (\(role.rawValue)): \(MessageText.printable(name))")
    }
    y.comment("invited: the number invited per group gives the response rate, e.g.")
    y.comment("invited: {Nätverk A: 12, Nätverk B: 8}")
    y.raw("min_group_size: 5")

    if isCategorical {
      notes.append(
        "no column holds a known scale: \(chosen.count) question columns of"
          + " \(scale.count) answers each drafted as categorical; answers (most frequent first):"
          + " \(scale.joined(separator: " / ")), positive: \(positive.joined(separator: ", "))"
          + " (guess: the most frequent answer; check it)")
    } else {
      notes.append(
        "scale: \(scale.joined(separator: " / ")) (guess), positive: "
          + positive.joined(separator: ", "))
      notes.append("\(chosen.count) question columns on this scale")
    }
    if !multiSelect.isEmpty {
      notes.append(
        "\(multiSelect.count) multi-select question column\(multiSelect.count == 1 ? "" : "s")"
          + " (guess): "
          + multiSelect.map { MessageText.quote(profiles[$0.index].name) }.joined(separator: ", "))
    }
    if !otherScales.isEmpty {
      notes.append("\(otherScales.count) columns on another scale left out")
    }
    if !skipped.isEmpty {
      notes.append(
        "skipped: "
          + skipped.map { "\(MessageText.quote($0.name)) (\($0.role.rawValue))" }
          .joined(separator: ", "))
    }
    notes.append("check: title, the scale's order, positive, goals and invited")
    return SpecDraft(yaml: y.text, notes: notes, scale: scale)
  }

  /// The most distinct answers a column on no known scale may have to be drafted as a
  /// categorical question.
  static let categoricalLimit = 12

  /// Questions on no known scale: the columns of 2 to ``categoricalLimit`` distinct answers,
  /// some of them given more than once (so that no answer typed by one respondent alone is
  /// copied), and of those the columns whose answers fit in the answers of the most others.
  /// The answers (not the no-opinion ones) come most frequent first.
  /// - Parameter indices: The categorical columns on no scale that are not the group.
  /// - Returns: The columns, the answers and the no-opinion answers; `nil` when none qualifies.
  static func categorical(_ profiles: [ColumnProfile], _ indices: [Int])
    -> (columns: [Int], scale: [String], notSubstantive: [String])?
  {
    func opinions(_ index: Int) -> [(value: String, count: Int)] {
      profiles[index].values.filter { !AnswerScale.noOpinion.contains(AnswerScale.fold($0.value)) }
    }
    let eligible = indices.filter { index in
      let profile = profiles[index]
      let answers = opinions(index)
      return (2...categoricalLimit).contains(answers.count) && !profile.isOverflowing
        && profile.filled > profile.values.count
    }
    func answerSet(_ index: Int) -> Set<String> {
      Set(opinions(index).map { AnswerScale.fold($0.value) })
    }
    // The answer set most columns fit in; ties to the fewer answers, then the first column.
    var best: (index: Int, fitting: [Int])?
    for index in eligible {
      let set = answerSet(index)
      let fitting = eligible.filter { answerSet($0).isSubset(of: set) }
      if best == nil || fitting.count > best!.fitting.count
        || (fitting.count == best!.fitting.count && set.count < answerSet(best!.index).count)
      {
        best = (index, fitting)
      }
    }
    guard let best else { return nil }
    // Each answer spelt as it is most often, counted over every chosen column.
    var totals: [String: (spelling: String, count: Int, first: Int)] = [:]
    var notSubstantive: [String] = []
    var order = 0
    for index in best.fitting {
      for answer in profiles[index].values {
        let key = AnswerScale.fold(answer.value)
        if AnswerScale.noOpinion.contains(key) {
          if !notSubstantive.contains(where: { AnswerScale.fold($0) == key }) {
            notSubstantive.append(answer.value)
          }
          continue
        }
        if let total = totals[key] {
          totals[key] = (total.spelling, total.count + answer.count, total.first)
        } else {
          totals[key] = (answer.value, answer.count, order)
          order += 1
        }
      }
    }
    let scale = totals.values.sorted {
      $0.count != $1.count ? $0.count > $1.count : $0.first < $1.first
    }.map(\.spelling)
    return (best.fitting, scale, notSubstantive)
  }

  /// A question id from a header: its first words in ASCII lower case, or `q<column>`.
  static func uniqueID(_ header: String, index: Int, taken: inout Set<String>) -> String {
    let folded = header.lowercased()
      .replacingOccurrences(of: "å", with: "a").replacingOccurrences(of: "ä", with: "a")
      .replacingOccurrences(of: "ö", with: "o")
      .folding(options: .diacriticInsensitive, locale: nil)
    let words = folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.prefix(4)
    var id = words.joined(separator: "_")
    if id.isEmpty || id.count > 40 { id = "q\(index + 1)" }
    var candidate = id
    var n = 2
    while taken.contains(candidate) {
      candidate = "\(id)_\(n)"
      n += 1
    }
    taken.insert(candidate)
    return candidate
  }
}

/// YAML text for drafted files.
public enum YAMLText {
  /// A double-quoted YAML scalar, safe for any text (colons, `#`, quotes, control characters).
  public static func quote(_ value: String) -> String { YAMLWriter.quote(value) }
}

/// Writes YAML line by line, every text double-quoted so that a colon, `#` or quote in a
/// question cannot change what it means.
struct YAMLWriter {
  private(set) var text = ""

  /// A double-quoted YAML scalar: `\` and `"` escaped, control characters as `\uXXXX`.
  static func quote(_ value: String) -> String {
    var out = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case _
      where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
        || scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029:
        out += String(format: "\\u%04X", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  mutating func comment(_ line: String) {
    text += "# " + MessageText.printable(line) + "\n"
  }

  mutating func raw(_ line: String, comment: String? = nil) {
    text += line + (comment.map { "  # " + MessageText.printable($0) } ?? "") + "\n"
  }

  mutating func key(_ key: String, _ value: String, comment: String? = nil) {
    raw("\(key): \(Self.quote(value))", comment: comment)
  }

  mutating func list(_ key: String, _ values: [String], comment: String? = nil) {
    raw("\(key): [" + values.map(Self.quote).joined(separator: ", ") + "]", comment: comment)
  }
}
