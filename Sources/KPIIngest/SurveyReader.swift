import KPIModel

/// Reads a survey export against its spec: finds the columns, and codes every answer as a
/// small integer for the tally.
///
/// Codes are the position in ``answerLabels`` (the scale, then the non-blank
/// `not_substantive` answers), or −1 for a blank cell. An answer matches a label exactly, or
/// after trimming, ignoring case and collapsing white space, or through the spec's
/// `synonyms`; anything else is an error naming file, row and column.
public struct SurveyReader<Source: RowSource> {
  /// The spec.
  public let spec: SurveySpec
  /// The labels codes point into.
  public let answerLabels: [String]
  private var table: TableReader<Source>
  let groupColumn: Int?
  let weightColumn: Int?
  let questionColumns: [Int]
  let exactLabels: [[UInt8]]
  var lenientCodes: [String: Int]

  /// Resolves the spec's columns against the table's header.
  /// - Throws: ``IngestError`` `.missingColumn` for every column the spec names that the
  ///   header lacks (each with the nearest header as a suggestion).
  public init(spec: SurveySpec, table: TableReader<Source>) throws(IngestError) {
    self.spec = spec
    self.table = table
    answerLabels = spec.scale + spec.notSubstantive.filter { !$0.isEmpty }
    var missing: [Diagnostic] = []
    func find(_ name: String, _ purpose: String) -> Int? {
      do {
        return try table.requireColumn(name, purpose: purpose)
      } catch {
        missing += error.diagnostics
        return nil
      }
    }
    groupColumn = spec.groupColumn.flatMap { find($0, "group") }
    weightColumn = spec.weightColumn.flatMap { find($0, "weight") }
    questionColumns = spec.questions.map { find($0.column, "question \($0.id)") ?? -1 }
    if !missing.isEmpty { throw IngestError(.missingColumn, missing) }
    exactLabels = answerLabels.map { Array($0.utf8) }
    var lenient: [String: Int] = [:]
    for (code, label) in answerLabels.enumerated() { lenient[Self.fold(label)] = code }
    for (synonym, target) in spec.synonyms {
      if let code = answerLabels.firstIndex(of: target) { lenient[Self.fold(synonym)] = code }
    }
    lenientCodes = lenient
  }

  /// The table's file name.
  public var fileName: String { table.fileName }
  /// The data rows read so far.
  public var rowCount: Int { table.rowCount }
  /// The underlying table reader.
  public var tableReader: TableReader<Source> { table }

  /// Reads every row and hands it to `body` as (group, weight, codes). The codes array is
  /// reused between calls.
  /// - Throws: ``IngestError``: up to 20 cell diagnostics at once, or a structural error.
  public mutating func read(_ body: (String?, Double, [Int]) throws -> Void) throws {
    var collector = DiagnosticCollector()
    var codes = [Int](repeating: -1, count: questionColumns.count)
    while let row = try table.nextRow() {
      var valid = true
      var group: String?
      if let groupColumn {
        let name = String(row[groupColumn].trimmingSpaces)
        if name.isEmpty {
          valid = false
          try collector.add(
            Diagnostic(
              file: fileName, row: row.line, column: groupColumn + 1,
              message: "expected a group name in column \"\(table.header[groupColumn])\", "
                + "found an empty cell"))
        }
        group = name
      }
      var weight = 1.0
      if let weightColumn {
        let text = row[weightColumn]
        if let value = CellParser.number(text), value >= 0 {
          weight = value
        } else {
          valid = false
          try collector.add(
            Diagnostic(
              file: fileName, row: row.line, column: weightColumn + 1,
              message: "expected a non-negative number (weight), found \(Diagnostic.quote(text))"))
        }
      }
      for (q, column) in questionColumns.enumerated() {
        if let code = code(row, column) {
          codes[q] = code
        } else {
          valid = false
          try collector.add(
            Diagnostic(
              file: fileName, row: row.line, column: column + 1,
              message: "unknown answer \(Diagnostic.quote(row[column])) in column "
                + "\"\(table.header[column])\" (expected one of: "
                + answerLabels.joined(separator: ", ") + ")"))
        }
      }
      if valid { try body(group, weight, codes) }
    }
    try table.requireData()
    try collector.finish()
  }

  private mutating func code(_ row: Row, _ column: Int) -> Int? {
    if row.isEmpty(column) { return -1 }
    let exact = row.withField(column) { field in
      exactLabels.firstIndex { $0.elementsEqual(field) }
    }
    if let exact { return exact }
    return Self.code(row[column], exactLabels: exactLabels, lenientCodes: lenientCodes)
  }

  /// The code of an answer's text: −1 for a blank, the label it equals, or the label it equals
  /// after folding case and white space (or through a synonym); `nil` for an unknown answer.
  static func code(_ text: String, exactLabels: [[UInt8]], lenientCodes: [String: Int]) -> Int? {
    if text.isEmpty { return -1 }
    if let exact = exactLabels.firstIndex(where: { $0.elementsEqual(text.utf8) }) {
      return exact
    }
    let folded = fold(text)
    if folded.isEmpty { return -1 }
    return lenientCodes[folded]
  }

  /// Lower case, white space collapsed, trimmed.
  static func fold(_ text: String) -> String {
    text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }
}
