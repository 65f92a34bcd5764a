import Foundation
import Yams

/// Typed reading of YAML nodes, where every mismatch becomes an ``IngestError`` with code
/// `invalidSpec` located at the node's line and column.
///
/// Scalars are read from their text as written, never through YAML's type resolution, so
/// that `period: 2025` stays `"2025"` and an answer `No` stays `"No"` rather than `false`.
struct YAMLReader {
  /// A text item of a list, with its node for locating later checks.
  typealias Item = (text: String, node: Node)
  /// An entry of a mapping: its key as text, the key's node and the value.
  typealias Pair = (key: String, keyNode: Node, value: Node)

  /// The file's name for messages.
  let file: String
  /// The file's lines, for hints on a value YAML read otherwise than the person meant.
  var lines: [Substring] = []

  /// An error located at `node`, or at the start of the file when the node has no mark.
  func error(at node: Node?, _ message: String) -> IngestError {
    IngestError(
      .invalidSpec, file: file, row: node?.mark?.line, column: node?.mark?.column,
      message: message)
  }

  // MARK: - Scalars

  /// Whether `node` is YAML's null: `~`, `null` or nothing at all, unquoted.
  func isNull(_ node: Node) -> Bool {
    guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any
    else { return false }
    // An explicit `!!str` tag makes even `null` text.
    guard scalar.tag.description != Tag.Name.str.rawValue else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  /// The text of a scalar.
  /// - Throws: When the node is null, a list or a mapping.
  func text(_ node: Node, _ key: String) throws(IngestError) -> String {
    guard case .scalar(let scalar) = node, !isNull(node) else {
      throw error(
        at: node, "\(Self.name(key)) must be text, found \(describe(node))" + commentHint(node))
    }
    return scalar.string
  }

  /// The text of a scalar that must not be empty, such as a column name or an id.
  func nonEmptyText(_ node: Node, _ key: String) throws(IngestError) -> String {
    let value = try text(node, key)
    guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw error(at: node, "\(Self.name(key)) must not be empty")
    }
    return value
  }

  /// The text of an optional scalar: `nil` when absent or null.
  func optionalText(_ node: Node?, _ key: String) throws(IngestError) -> String? {
    guard let node, !isNull(node) else { return nil }
    return try nonEmptyText(node, key)
  }

  /// A number written as a decimal with a point.
  /// - Throws: When the node is not a finite number; a decimal comma gets a hint.
  func number(_ node: Node, _ key: String) throws(IngestError) -> Double {
    if case .scalar(let scalar) = node, !isNull(node),
      let value = Double(scalar.string.trimmingCharacters(in: .whitespaces)), value.isFinite
    {
      return value
    }
    var message = "\(Self.name(key)) must be a number, found \(describe(node))"
    if case .scalar(let scalar) = node {
      let written = scalar.string.trimmingCharacters(in: .whitespaces)
      let point = written.replacingOccurrences(of: ",", with: ".")
      if Double(point) != nil {
        message += "; write decimals with a point"
      } else if written.hasSuffix("%"),
        let percent = Double(point.dropLast().trimmingCharacters(in: .whitespaces))
      {
        message += "; a share is a number: write \(Self.share(percent)) for \(written)"
      }
    }
    message += commentHint(node)
    throw error(at: node, message)
  }

  /// An optional number: `nil` when absent or null.
  func optionalNumber(_ node: Node?, _ key: String) throws(IngestError) -> Double? {
    guard let node, !isNull(node) else { return nil }
    return try number(node, key)
  }

  /// A whole number.
  func integer(_ node: Node, _ key: String) throws(IngestError) -> Int {
    guard case .scalar(let scalar) = node, !isNull(node),
      let value = Int(scalar.string.trimmingCharacters(in: .whitespaces))
    else {
      throw error(at: node, "\(Self.name(key)) must be a whole number, found \(describe(node))")
    }
    return value
  }

  // MARK: - Collections

  /// The items of a list, each with its node for locating later checks.
  func list(_ node: Node, _ key: String) throws(IngestError) -> [Node] {
    guard case .sequence(let sequence) = node else {
      var message = "\(Self.name(key)) must be a list, found \(describe(node))"
      if !isNull(node) {
        message +=
          "; each item of a list starts with \"- \" on a line of its own, or write "
          + "the list as [a, b]"
      }
      throw error(at: node, message + commentHint(node))
    }
    return Array(sequence)
  }

  /// A list of texts with their nodes; `nullAs` stands in for a null item when given.
  func textList(_ node: Node, _ key: String, nullAs: String? = nil) throws(IngestError)
    -> [Item]
  {
    var items: [Item] = []
    for item in try list(node, key) {
      if let nullAs, isNull(item) {
        items.append((nullAs, item))
        continue
      }
      guard case .scalar(let scalar) = item, !isNull(item) else {
        throw error(
          at: item, "each item of \(Self.name(key)) must be text, found \(describe(item))")
      }
      items.append((scalar.string, item))
    }
    return items
  }

  /// The pairs of a mapping whose keys are texts.
  func pairs(_ node: Node, _ key: String) throws(IngestError) -> [Pair] {
    guard case .mapping(let mapping) = node else {
      throw error(at: node, "\(Self.name(key)) must be a mapping, found \(describe(node))")
    }
    var pairs: [Pair] = []
    for (keyNode, value) in mapping {
      guard case .scalar(let scalar) = keyNode else {
        throw error(
          at: keyNode, "keys of \(Self.name(key)) must be text, found \(describe(keyNode))")
      }
      pairs.append((scalar.string, keyNode, value))
    }
    return pairs
  }

  // MARK: - Words

  /// How a node is named in a message. Text is cut by ``Diagnostic/quote(_:)``, so that a
  /// file never has more than 20 of its characters echoed.
  func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar): isNull(node) ? "nothing" : Diagnostic.quote(scalar.string)
    case .sequence: "a list"
    case .mapping: "a mapping"
    case .alias: "an alias"
    }
  }

  /// A percent as the share it stands for, `85` as `0.85`, without a float's noise.
  static func share(_ percent: Double) -> String {
    let share = (percent * 1_000_000).rounded() / 100_000_000
    var text = String(share)
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text
  }

  /// A hint for a value that is nothing because a `#` made the rest of its line a comment
  /// (`label: #1 Helhet`); empty for any other node.
  func commentHint(_ node: Node) -> String {
    guard isNull(node), let line = node.mark?.line, lines.indices.contains(line - 1) else {
      return ""
    }
    let text = lines[line - 1]
    guard let colon = text.firstIndex(of: ":"),
      text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces).hasPrefix("#")
    else { return "" }
    return "; a # after a space starts a comment in YAML: put the text in quotes"
  }

  /// A key as messages write it.
  static func name(_ key: String) -> String { "\"\(key)\"" }
}

/// The keys of one mapping of a spec or project file, checked against the keys it may have.
///
/// An unknown key is an error rather than ignored: a misspelt optional key (`min_grup_size`)
/// would otherwise silently fall back to its default.
struct Fields {
  /// The mapping itself, where "missing key" errors point.
  let node: Node
  private let entries: [YAMLReader.Pair]
  private let reader: YAMLReader

  /// Reads a mapping and refuses keys outside `allowed`, suggesting the closest allowed key.
  /// - Parameters:
  ///   - node: The node that must be a mapping.
  ///   - name: What the mapping is, for messages, e.g. `the spec` or `a question`.
  ///   - allowed: Its keys, in the order the documentation lists them.
  init(_ node: Node, name: String, allowed: [String], reader: YAMLReader) throws(IngestError) {
    guard case .mapping = node else {
      throw reader.error(
        at: node, "\(name) must be a mapping of keys, found \(reader.describe(node))")
    }
    let entries = try reader.pairs(node, name)
    for entry in entries where !allowed.contains(entry.key) {
      var message = "unknown key \(Diagnostic.quote(entry.key))"
      if let suggestion = closestMatch(to: entry.key, among: allowed) {
        message += "; did you mean \"\(suggestion)\"?"
      } else {
        message += " (expected one of: \(allowed.joined(separator: ", ")))"
      }
      throw reader.error(at: entry.keyNode, message)
    }
    self.node = node
    self.entries = entries
    self.reader = reader
  }

  /// The value of `key`, or `nil` when the key is absent. A null value is returned as it is.
  subscript(key: String) -> Node? {
    entries.first { $0.key == key }?.value
  }

  /// The node of `key` itself, for errors about the key rather than its value.
  func keyNode(_ key: String) -> Node? {
    entries.first { $0.key == key }?.keyNode
  }

  /// The keys present, in file order.
  var keys: [String] { entries.map(\.key) }

  /// The value of a key that must be present.
  /// - Throws: When the key is absent; the error points at the mapping.
  func required(_ key: String, context: String = "") throws(IngestError) -> Node {
    guard let value = self[key] else {
      throw reader.error(at: node, "missing required key \"\(key)\"\(context)")
    }
    return value
  }
}

/// The candidate closest to `word` when it is close enough to be a likely typo: at most one
/// edit for short words, two from five letters, three from ten. Case is ignored and a
/// swap of neighbours counts as one edit (`titel` → `title`).
func closestMatch(to word: String, among candidates: [String]) -> String? {
  let word = Array(word.lowercased())
  guard word.count <= 40 else { return nil }
  var best: (candidate: String, distance: Int)?
  for candidate in candidates {
    let letters = Array(candidate.lowercased())
    let limit = letters.count >= 10 ? 3 : letters.count >= 5 ? 2 : 1
    let distance = editDistance(word, letters)
    if distance <= limit && distance < (best?.distance ?? .max) {
      best = (candidate, distance)
    }
  }
  return best?.candidate
}

/// Optimal string alignment distance: Levenshtein plus transpositions of neighbours.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
  for j in 0...b.count { table[0][j] = j }
  for i in 1...a.count {
    table[i][0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      var value = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
      if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
        value = min(value, table[i - 2][j - 2] + 1)
      }
      table[i][j] = value
    }
  }
  return table[a.count][b.count]
}
