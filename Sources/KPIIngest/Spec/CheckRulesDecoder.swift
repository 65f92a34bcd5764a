import Foundation
import KPIModel
import Yams

/// Builds a ``CheckLayout`` from the rules file of `kpi check` and the table it describes.
///
/// ```yaml
/// label: Sjukfrånvaro            # the label column; the first column when absent
/// columns: ["2023", "2024", "2025"]   # figure columns in period order; all others when absent
/// scale: percent                 # or fraction (shares add up to 1)
/// rows:                          # in table order; rows not named get no arithmetic checks
///   - {label: Sjukfrånvaro total i %, id: total, kind: rate, parts: [men, women]}
///   - {label: Män, id: men, kind: rate, employees: {2023: 13, 2024: 13, 2025: 14}}
///   - {label: Kvinnor, id: women, kind: rate}
/// ```
///
/// Rows are matched by label in order: each entry takes the first row at or below the row the
/// entry before it took whose label is the same (case, runs of spaces and the kind of dash
/// aside), so that the `Män` under one heading is told from the `Män` under the next.
struct CheckRulesDecoder {
  /// The top-level keys.
  static let keys = ["label", "columns", "scale", "rows"]
  /// The keys of a row.
  static let rowKeys = ["label", "id", "kind", "parts", "group", "of", "employees"]

  let reader: YAMLReader
  let table: PrintedTable

  /// A row entry while the ids are being collected.
  private struct Entry {
    var index: Int
    var kind: CheckRowKind
    var fields: Fields
  }

  /// The layout the document gives `table`.
  /// - Throws: ``IngestError`` with code `invalidSpec`, located at the offending node.
  func decode(_ root: Node?) throws(IngestError) -> CheckLayout {
    guard let root else {
      throw IngestError(.invalidSpec, file: reader.file, message: "the rules file is empty")
    }
    let fields = try Fields(root, name: "the rules file", allowed: Self.keys, reader: reader)
    let labelColumn = try decodeLabelColumn(fields["label"])
    let valueColumns = try decodeColumns(fields["columns"], labelColumn: labelColumn)
    var layout = CheckLayout(
      labelColumn: labelColumn, valueColumns: valueColumns,
      scale: try decodeScale(fields["scale"]))
    guard let rowsNode = fields["rows"], !reader.isNull(rowsNode) else { return layout }

    var entries: [Entry] = []
    var ids: [String: (index: Int, line: Int)] = [:]
    var next = 0
    for item in try reader.list(rowsNode, "rows") {
      let row = try Fields(item, name: "a row", allowed: Self.rowKeys, reader: reader)
      let labelNode = try row.required("label")
      let label = try reader.nonEmptyText(labelNode, "label")
      let wanted = PrintedTable.normalize(label)
      guard
        let index = table.rows.indices.dropFirst(next).first(where: {
          PrintedTable.normalize(table.rows[$0][labelColumn]) == wanted
        })
      else {
        let after = next > 0 ? " below line \(table.rows[next - 1].line)" : ""
        throw reader.error(
          at: labelNode,
          "no row labelled \(Diagnostic.quote(label))\(after) in \(table.name) (rows are "
            + "matched in table order)")
      }
      next = index + 1
      if let idNode = row["id"] {
        let id = try reader.nonEmptyText(idNode, "id")
        if let first = ids[id] {
          throw reader.error(
            at: idNode,
            "duplicate row id \(Diagnostic.quote(id)) (first used on line \(first.line))")
        }
        ids[id] = (index, idNode.mark?.line ?? 0)
      }
      entries.append(Entry(index: index, kind: try decodeKind(row.required("kind")), fields: row))
    }

    let kinds = Dictionary(entries.map { ($0.index, $0.kind) }, uniquingKeysWith: { a, _ in a })
    // Matching moves down the table, so no two entries take the same row.
    for entry in entries {
      layout.rows[entry.index] = try decodeSpec(
        entry, ids: ids.mapValues(\.index), kinds: kinds, valueColumns: valueColumns)
    }
    return layout
  }

  // MARK: - Columns

  private func column(_ node: Node, _ key: String) throws(IngestError) -> Int {
    let name = try reader.nonEmptyText(node, key)
    if let index = table.columnIndex(name) { return index }
    let shown = table.header.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
    throw reader.error(
      at: node,
      "no column \(Diagnostic.quote(name)) in \(table.name); the columns are \(shown)"
        + (table.header.count > 8 ? ", …" : ""))
  }

  private func decodeLabelColumn(_ node: Node?) throws(IngestError) -> Int {
    guard let node, !reader.isNull(node) else { return 0 }
    return try column(node, "label")
  }

  private func decodeColumns(_ node: Node?, labelColumn: Int) throws(IngestError) -> [Int] {
    guard let node, !reader.isNull(node) else {
      return table.header.indices.filter { $0 != labelColumn }
    }
    var columns: [Int] = []
    for item in try reader.list(node, "columns") {
      let index = try column(item, "columns")
      guard index != labelColumn, !columns.contains(index) else {
        throw reader.error(at: item, "\"columns\" names a column twice or the label column")
      }
      columns.append(index)
    }
    return columns
  }

  private func decodeScale(_ node: Node?) throws(IngestError) -> CheckScale {
    guard let node, !reader.isNull(node) else { return .percent }
    let text = try reader.text(node, "scale")
    guard let scale = CheckScale(rawValue: text) else {
      throw reader.error(
        at: node, "unknown scale \(Diagnostic.quote(text)) (expected one of: percent, fraction)")
    }
    return scale
  }

  // MARK: - Rows

  private func decodeKind(_ node: Node) throws(IngestError) -> CheckRowKind {
    let text = try reader.text(node, "kind")
    guard let kind = CheckRowKind(rawValue: text) else {
      let kinds = CheckRowKind.allCases.map(\.rawValue)
      var message = "unknown row kind \(Diagnostic.quote(text))"
      if let suggestion = closestMatch(to: text, among: kinds) {
        message += "; did you mean \"\(suggestion)\"?"
      } else {
        message += " (expected one of: \(kinds.joined(separator: ", ")))"
      }
      throw reader.error(at: node, message)
    }
    return kind
  }

  private func decodeSpec(
    _ entry: Entry, ids: [String: Int], kinds: [Int: CheckRowKind], valueColumns: [Int]
  ) throws(IngestError) -> CheckRowSpec {
    let fields = entry.fields
    let kind = entry.kind
    func only(_ key: String, _ allowed: [CheckRowKind], _ what: String) throws(IngestError)
      -> Node?
    {
      guard let node = fields[key] else { return nil }
      guard allowed.contains(kind) else {
        throw reader.error(at: fields.keyNode(key), "\"\(key)\" applies to \(what) only")
      }
      return node
    }
    func reference(_ node: Node, _ key: String) throws(IngestError) -> Int {
      let id = try reader.nonEmptyText(node, key)
      guard let index = ids[id] else {
        var message = "no row has the id \(Diagnostic.quote(id))"
        if let suggestion = closestMatch(to: id, among: Array(ids.keys).sorted()) {
          message += "; did you mean \"\(suggestion)\"?"
        }
        throw reader.error(at: node, message)
      }
      guard index != entry.index else {
        throw reader.error(at: node, "a row cannot refer to itself")
      }
      return index
    }

    var spec = CheckRowSpec(kind: kind)
    if let node = try only("parts", [.count, .rate, .share], "count, rate and share rows") {
      for breakdown in try decodeBreakdowns(node) {
        var parts: [Int] = []
        for part in breakdown {
          let index = try reference(part, "parts")
          guard kinds[index] == kind else {
            throw reader.error(
              at: part,
              "the parts of a \(kind.rawValue) row must be \(kind.rawValue) rows too, found "
                + "a \(kinds[index]?.rawValue ?? "plain") row")
          }
          parts.append(index)
        }
        spec.breakdowns.append(parts)
      }
    }
    if let node = try only("group", [.share], "share rows") {
      spec.group = try reader.nonEmptyText(node, "group")
    }
    if let node = try only("of", [.change, .difference], "change and difference rows") {
      let base = try reference(node, "of")
      guard let baseKind = kinds[base], [.count, .rate, .share].contains(baseKind) else {
        throw reader.error(at: node, "\"of\" must name a count, rate or share row")
      }
      spec.base = base
    } else if kind == .change || kind == .difference {
      _ = try fields.required("of", context: " for a \(kind.rawValue) row")
    }
    if let node = try only("employees", [.rate, .share], "rate and share rows") {
      spec.employees = try decodeEmployees(node, valueColumns: valueColumns)
    }
    return spec
  }

  /// `[a, b]` is one breakdown; `[[a, b], [c, d, e]]` several.
  private func decodeBreakdowns(_ node: Node) throws(IngestError) -> [[Node]] {
    let items = try reader.list(node, "parts")
    guard !items.isEmpty else { throw reader.error(at: node, "\"parts\" must not be empty") }
    let nested = items.allSatisfy {
      if case .sequence = $0 { return true }
      return false
    }
    if !nested { return [items] }
    var breakdowns: [[Node]] = []
    for item in items {
      let parts = try reader.list(item, "parts")
      guard !parts.isEmpty else { throw reader.error(at: item, "\"parts\" must not be empty") }
      breakdowns.append(parts)
    }
    return breakdowns
  }

  /// A head count for every figure column, or a mapping of column to head count.
  private func decodeEmployees(_ node: Node, valueColumns: [Int]) throws(IngestError)
    -> [Int: Int]
  {
    func count(_ node: Node) throws(IngestError) -> Int {
      let value = try reader.integer(node, "employees")
      guard value >= 0 else { throw reader.error(at: node, "\"employees\" must not be negative") }
      return value
    }
    if case .scalar = node {
      let value = try count(node)
      return Dictionary(uniqueKeysWithValues: valueColumns.map { ($0, value) })
    }
    var counts: [Int: Int] = [:]
    for pair in try reader.pairs(node, "employees") {
      let index = try column(pair.keyNode, "employees")
      guard valueColumns.contains(index) else {
        throw reader.error(at: pair.keyNode, "\"employees\" names a column without figures")
      }
      counts[index] = try count(pair.value)
    }
    return counts
  }
}
