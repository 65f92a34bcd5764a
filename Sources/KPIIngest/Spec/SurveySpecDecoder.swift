import Foundation
import KPIModel
import Yams

/// Builds a ``SurveySpec`` from the YAML of SPEC §4.1 and checks that it makes sense.
///
/// Checks stop at the first problem, in this order: unknown keys, missing required keys, then
/// each key in the order of ``keys`` (but `invited` before `questions`, whose recipients it
/// names, and `synonyms` after `questions`, since a synonym may map onto a multi-select
/// question's option). A check relating two keys is made with the later one.
struct SurveySpecDecoder {
  /// The keys of a spec, in the order SPEC §4.1 documents them.
  static let keys = [
    "title", "period", "group", "weight", "scale", "positive", "not_substantive", "synonyms",
    "questions", "invited", "min_group_size", "sheet", "header_rows", "skip_rows",
    "missing_group",
  ]
  /// The keys a spec must have.
  static let requiredKeys = ["title", "scale", "positive", "questions"]
  /// The keys of one question.
  static let questionKeys = [
    "id", "column", "label", "text", "goal", "recipients", "multiple", "options", "separator",
    "columns",
  ]

  let reader: YAMLReader

  /// The spec a document describes.
  /// - Throws: ``IngestError`` with code `invalidSpec`, located at the offending node.
  func decode(_ root: Node?) throws(IngestError) -> SurveySpec {
    guard let root else {
      throw IngestError(.invalidSpec, file: reader.file, message: "the spec is empty")
    }
    let fields = try Fields(root, name: "the spec", allowed: Self.keys, reader: reader)
    for key in Self.requiredKeys { _ = try fields.required(key) }

    let title = try reader.nonEmptyText(fields.required("title"), "title")
    let period = try reader.optionalText(fields["period"], "period")
    let group = try reader.optionalText(fields["group"], "group")
    let weight = try reader.optionalText(fields["weight"], "weight")
    let scale = try decodeScale(fields.required("scale"))
    let positive = try decodePositive(fields.required("positive"), scale: scale)
    let notSubstantive = try decodeNotSubstantive(fields["not_substantive"], scale: scale)
    // Before the questions, whose recipients must be groups of `invited`.
    let invited = try decodeInvited(fields["invited"])
    let questions = try decodeQuestions(
      fields.required("questions"), invited: invited, scale: scale)
    // After the questions: a synonym may map onto a multi-select question's option.
    let options = questions.filter(\.multiple).flatMap { $0.options ?? scale }
    let synonyms = try decodeSynonyms(
      fields["synonyms"], scale: scale, notSubstantive: notSubstantive + options)
    return SurveySpec(
      title: title, period: period, groupColumn: group, weightColumn: weight, scale: scale,
      positive: positive, notSubstantive: notSubstantive, synonyms: synonyms,
      questions: questions, invited: invited,
      minimumGroupSize: try decodeMinimumGroupSize(fields["min_group_size"]),
      sheet: try reader.optionalText(fields["sheet"], "sheet"),
      headerRows: try decodeHeaderRows(fields["header_rows"]),
      missingGroup: try decodeMissingGroup(fields["missing_group"]),
      skipRows: try decodeSkipRows(fields["skip_rows"])
    )
  }

  // MARK: - Answers

  private func decodeScale(_ node: Node) throws(IngestError) -> [String] {
    let items = try reader.textList(node, "scale")
    guard !items.isEmpty else {
      throw reader.error(at: node, "\"scale\" must list at least one answer")
    }
    var scale: [String] = []
    for item in items {
      guard !item.text.isEmpty else {
        throw reader.error(
          at: item.node,
          "an answer on the scale must not be empty; blank cells go in \"not_substantive\"")
      }
      guard !scale.contains(item.text) else {
        throw reader.error(
          at: item.node, "answer \(Diagnostic.quote(item.text)) is on the scale twice")
      }
      scale.append(item.text)
    }
    return scale
  }

  private func decodePositive(_ node: Node, scale: [String]) throws(IngestError) -> [String] {
    let items = try reader.textList(node, "positive")
    guard !items.isEmpty else {
      throw reader.error(at: node, "\"positive\" must list at least one answer of the scale")
    }
    for item in items where !scale.contains(item.text) {
      throw reader.error(
        at: item.node,
        "positive answer \(Diagnostic.quote(item.text)) is not on the scale"
          + " (expected one of: \(listing(scale)))")
    }
    return items.map(\.text)
  }

  /// Absent or null means blank cells only. A null item also stands for a blank cell, as the
  /// quoted empty string does, because `- ` on its own line is how YAML writes nothing.
  private func decodeNotSubstantive(_ node: Node?, scale: [String]) throws(IngestError)
    -> [String]
  {
    guard let node, !reader.isNull(node) else { return [""] }
    let items = try reader.textList(node, "not_substantive", nullAs: "")
    for item in items where scale.contains(item.text) {
      throw reader.error(
        at: item.node,
        "\(Diagnostic.quote(item.text)) is on the scale and cannot also be in"
          + " \"not_substantive\"")
    }
    return items.map(\.text)
  }

  /// A synonym may map onto a not-substantive answer as well as onto the scale, so that
  /// `Vet inte` can be read as `Vet ej`.
  private func decodeSynonyms(_ node: Node?, scale: [String], notSubstantive: [String])
    throws(IngestError) -> [String: String]
  {
    guard let node, !reader.isNull(node) else { return [:] }
    var synonyms: [String: String] = [:]
    for pair in try reader.pairs(node, "synonyms") {
      guard case .scalar(let scalar) = pair.value, !reader.isNull(pair.value) else {
        throw reader.error(
          at: pair.value,
          "the synonym \(Diagnostic.quote(pair.key)) must map to an answer of the scale,"
            + " found \(reader.describe(pair.value))")
      }
      // `notSubstantive` holds the multi-select questions' options too.
      guard scale.contains(scalar.string) || notSubstantive.contains(scalar.string) else {
        throw reader.error(
          at: pair.value,
          "synonym target \(Diagnostic.quote(scalar.string)) is not on the scale"
            + " (expected one of: \(listing(scale)))")
      }
      synonyms[pair.key] = scalar.string
    }
    return synonyms
  }

  // MARK: - Questions

  private func decodeQuestions(_ node: Node, invited: Invited?, scale: [String])
    throws(IngestError) -> [QuestionSpec]
  {
    let items = try reader.list(node, "questions")
    guard !items.isEmpty else {
      throw reader.error(at: node, "\"questions\" must list at least one question")
    }
    var questions: [QuestionSpec] = []
    var firstLine: [String: Int] = [:]
    for item in items {
      let fields = try Fields(item, name: "a question", allowed: Self.questionKeys, reader: reader)
      // A multi-select question of one column per option names its columns in `columns`.
      let perOption = fields["columns"].map { !reader.isNull($0) } ?? false
      for key in perOption ? ["id"] : ["id", "column"] { _ = try fields.required(key) }
      if perOption, let node = fields["column"] {
        throw reader.error(
          at: node,
          "give a question either \"column\" or \"columns\" (one column per option), not both")
      }
      let idNode = try fields.required("id")
      let id = try reader.nonEmptyText(idNode, "id")
      if let line = firstLine[id] {
        throw reader.error(
          at: idNode, "duplicate question id \(Diagnostic.quote(id)) (first used on line \(line))")
      }
      firstLine[id] = idNode.mark?.line ?? 0
      var question = QuestionSpec(
        id: id,
        column: perOption ? "" : try reader.nonEmptyText(fields.required("column"), "column"),
        goal: try decodeGoal(fields["goal"]),
        recipients: try decodeRecipients(fields["recipients"], invited: invited),
        label: try reader.optionalText(fields["label"], "label"),
        text: try reader.optionalText(fields["text"], "text"))
      try decodeMultiple(fields, into: &question, scale: scale)
      questions.append(question)
    }
    if questions.allSatisfy(\.multiple) {
      throw reader.error(
        at: node,
        "\"questions\" must list at least one question that is not `multiple: true`"
          + " (a question with a share and a goal)")
    }
    return questions
  }

  /// `multiple`, `separator` and `options`: a multi-select question, its options (the scale
  /// when not given) and what separates them in a cell. Such a question has a share per option,
  /// not one share, so no `goal`.
  private func decodeMultiple(
    _ fields: Fields, into question: inout QuestionSpec, scale: [String]
  ) throws(IngestError) {
    if let node = fields["multiple"], !reader.isNull(node) {
      guard case .scalar(let scalar) = node,
        let value = [
          "true": true, "yes": true, "ja": true, "false": false, "no": false,
          "nej": false,
        ][scalar.string.trimmingCharacters(in: .whitespaces).lowercased()]
      else {
        throw reader.error(
          at: node, "\"multiple\" must be true or false, found \(reader.describe(node))")
      }
      question.multiple = value
    }
    for key in ["separator", "options", "columns"] where !question.multiple {
      if let node = fields[key], !reader.isNull(node) {
        throw reader.error(
          at: node, "\"\(key)\" applies only to a question with `multiple: true`")
      }
    }
    guard question.multiple else { return }
    if let node = fields["goal"], question.goal != nil {
      throw reader.error(
        at: node,
        "a question with `multiple: true` has a share per option, not one share to judge"
          + " against \"goal\"; remove the goal")
    }
    if let node = fields["separator"], !reader.isNull(node) {
      guard case .scalar(let scalar) = node, !scalar.string.isEmpty,
        scalar.string.trimmingCharacters(in: .whitespaces).count == scalar.string.count
      else {
        throw reader.error(
          at: node,
          "\"separator\" must be a text without spaces around it, such as \";\", found "
            + reader.describe(node))
      }
      question.separator = scalar.string
    }
    if let node = fields["options"], !reader.isNull(node) {
      let items = try reader.textList(node, "options")
      guard !items.isEmpty else {
        throw reader.error(at: node, "\"options\" must list at least one option")
      }
      var options: [String] = []
      for item in items {
        guard !item.text.isEmpty else {
          throw reader.error(at: item.node, "an option must not be empty")
        }
        guard !options.contains(item.text) else {
          throw reader.error(
            at: item.node, "option \(Diagnostic.quote(item.text)) is listed twice")
        }
        options.append(item.text)
      }
      question.options = options
    }
    if let node = fields["columns"], !reader.isNull(node) {
      if let options = fields["options"] {
        throw reader.error(
          at: options,
          "the options of a question with \"columns\" are its keys; leave out \"options\"")
      }
      if let separator = fields["separator"] {
        throw reader.error(
          at: separator, "\"separator\" does not apply to one column per option (\"columns\")")
      }
      let pairs = try reader.pairs(node, "columns")
      guard !pairs.isEmpty else {
        throw reader.error(at: node, "\"columns\" must map at least one option to its column")
      }
      var columns: [String] = []
      for pair in pairs {
        guard case .scalar(let scalar) = pair.value, !reader.isNull(pair.value),
          !scalar.string.isEmpty
        else {
          throw reader.error(
            at: pair.value,
            "the option \(Diagnostic.quote(pair.key)) must map to its column's header, found "
              + reader.describe(pair.value))
        }
        columns.append(scalar.string)
      }
      question.options = pairs.map(\.key)
      question.optionColumns = columns
      question.column = columns[0]
    }
    if (question.options ?? scale).count > QuestionSpec.maximumOptions {
      throw reader.error(
        at: fields["options"] ?? fields["multiple"],
        "a question with `multiple: true` may have at most \(QuestionSpec.maximumOptions)"
          + " options, found \((question.options ?? scale).count)")
    }
  }

  private func decodeGoal(_ node: Node?) throws(IngestError) -> Double? {
    guard let node, let goal = try reader.optionalNumber(node, "goal") else { return nil }
    guard (0...1).contains(goal) else {
      var message = "\"goal\" must be a share between 0 and 1, found \(reader.describe(node))"
      if goal > 1 && goal <= 100 {
        message += "; write \(Self.format(goal / 100)) for \(Self.format(goal)) %"
      }
      throw reader.error(at: node, message)
    }
    return goal
  }

  private func decodeRecipients(_ node: Node?, invited: Invited?) throws(IngestError)
    -> [String]?
  {
    guard let node, !reader.isNull(node) else { return nil }
    let items = try reader.textList(node, "recipients")
    guard !items.isEmpty else {
      throw reader.error(at: node, "\"recipients\" must list at least one group")
    }
    // Only a per-group count names the groups; a total or a file cannot be checked here.
    if case .perGroup(let counts) = invited {
      let groups = counts.map(\.group)
      for item in items where !groups.contains(item.text) {
        var message = "recipient group \(Diagnostic.quote(item.text)) is not in \"invited\""
        if let suggestion = closestMatch(to: item.text, among: groups) {
          message += "; did you mean \(Diagnostic.quote(suggestion))?"
        } else {
          message += " (expected one of: \(listing(groups)))"
        }
        throw reader.error(at: item.node, message)
      }
    }
    return items.map(\.text)
  }

  // MARK: - Counts and layout

  /// A number is a total, a mapping is per group, other text names a file.
  private func decodeInvited(_ node: Node?) throws(IngestError) -> Invited? {
    guard let node, !reader.isNull(node) else { return nil }
    switch node {
    case .scalar(let scalar):
      let text = scalar.string.trimmingCharacters(in: .whitespaces)
      if Double(text) != nil { return .total(try count(node, "\"invited\"")) }
      guard !text.isEmpty else {
        throw reader.error(at: node, "\"invited\" must not be empty")
      }
      return .file(text)
    case .mapping:
      let pairs = try reader.pairs(node, "invited")
      guard !pairs.isEmpty else {
        throw reader.error(at: node, "\"invited\" must list at least one group")
      }
      var counts: [(group: String, count: Int)] = []
      for pair in pairs {
        let what = "the invited count of \(Diagnostic.quote(pair.key))"
        counts.append((pair.key, try count(pair.value, what)))
      }
      return .perGroup(counts)
    case .sequence, .alias:
      throw reader.error(
        at: node,
        "\"invited\" must be a number, a mapping of group to number, or a file name,"
          + " found \(reader.describe(node))")
    }
  }

  /// A number of people: a whole number, zero or more.
  private func count(_ node: Node, _ what: String) throws(IngestError) -> Int {
    guard case .scalar(let scalar) = node, !reader.isNull(node),
      let value = Int(scalar.string.trimmingCharacters(in: .whitespaces)), value >= 0
    else {
      throw reader.error(
        at: node, "\(what) must be a whole number of 0 or more, found \(reader.describe(node))")
    }
    return value
  }

  private func decodeMinimumGroupSize(_ node: Node?) throws(IngestError) -> Int {
    guard let node, !reader.isNull(node) else { return SurveySpec.defaultMinimumGroupSize }
    let value = try reader.integer(node, "min_group_size")
    guard value >= 1 else {
      throw reader.error(
        at: node, "\"min_group_size\" must be at least 1, found \(reader.describe(node))")
    }
    return value
  }

  private func decodeHeaderRows(_ node: Node?) throws(IngestError) -> Int? {
    guard let node, !reader.isNull(node) else { return nil }
    guard case .scalar(let scalar) = node, let value = Int(scalar.string), (1...3).contains(value)
    else {
      throw reader.error(
        at: node, "\"header_rows\" must be 1, 2 or 3, found \(reader.describe(node))")
    }
    return value
  }

  private func decodeSkipRows(_ node: Node?) throws(IngestError) -> Int {
    guard let node, !reader.isNull(node) else { return 0 }
    let value = try reader.integer(node, "skip_rows")
    guard value >= 0 else {
      throw reader.error(
        at: node, "\"skip_rows\" must be 0 or more, found \(reader.describe(node))")
    }
    return value
  }

  private func decodeMissingGroup(_ node: Node?) throws(IngestError) -> MissingGroup {
    guard let node, !reader.isNull(node) else { return .notStated }
    guard case .scalar(let scalar) = node,
      let value = MissingGroup(rawValue: scalar.string.trimmingCharacters(in: .whitespaces))
    else {
      throw reader.error(
        at: node,
        "\"missing_group\" must be one of: "
          + MissingGroup.allCases.map(\.rawValue).joined(separator: ", ")
          + ", found \(reader.describe(node))")
    }
    return value
  }

  // MARK: - Words

  /// Values listed in a message, each cut by ``Diagnostic/quote(_:)``.
  private func listing(_ values: [String]) -> String {
    values.map { Diagnostic.quote($0) }.joined(separator: ", ")
  }

  /// A number as a person writes it: `85`, `0.85`, `92.5`, with float noise rounded off.
  static func format(_ value: Double) -> String {
    let rounded = (value * 1e9).rounded() / 1e9
    if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
    return String(rounded)
  }
}
