/// The two CSV dialects of outputs (SPEC §6).
public enum CSVDialect: String, Sendable, CaseIterable {
  /// RFC 4180: UTF-8, `,`, dot decimal, full precision. For machines.
  case rfc
  /// Swedish Excel: UTF-8 with BOM, `;`, decimal comma, so a double-click opens it right.
  case excelSwedish = "excel-sv"
}

/// One cell of an output table.
public enum CSVValue: Sendable, Equatable {
  /// Text from the analysis or from an input (a group name): escaped and neutralised.
  case text(String)
  /// A number, written in full precision; `nil` or not finite is an empty cell.
  case number(Double?)
  /// An empty cell.
  case empty
}

/// Builds CSV text for a dialect.
///
/// Text cells that begin with `=`, `+`, `-`, `@`, TAB or CR could run as formulas in a
/// spreadsheet (CSV injection): in every dialect they get a leading `'` (OWASP's advice;
/// quoting alone does not stop Excel, which evaluates a quoted formula too). Numbers are
/// never touched, so negative numbers stay numbers.
public struct CSVWriter: Sendable {
  /// The dialect.
  public let dialect: CSVDialect
  /// CRLF for files (RFC 4180, and what Excel writes); LF for a terminal.
  public let lineEnding: String

  /// Creates a writer.
  public init(dialect: CSVDialect, lineEnding: String = "\r\n") {
    self.dialect = dialect
    self.lineEnding = lineEnding
  }

  var delimiter: Character { dialect == .rfc ? "," : ";" }

  /// The whole file: header and rows, BOM for `excel-sv`.
  public func document<Rows: Sequence<[CSVValue]>>(header: [String], rows: Rows) -> String {
    var text = dialect == .excelSwedish ? "\u{FEFF}" : ""
    append(header.map(CSVValue.text), to: &text)
    for row in rows { append(row, to: &text) }
    return text
  }

  /// One line, with its line end.
  public func line(_ cells: [CSVValue]) -> String {
    var text = ""
    append(cells, to: &text)
    return text
  }

  /// Appends one line and its line end to `text`, cell by cell: no array of cells' texts
  /// and no string per line made and copied again (the answers table of a 2 000-question
  /// survey has tens of thousands of lines).
  private func append(_ cells: [CSVValue], to text: inout String) {
    for (index, value) in cells.enumerated() {
      if index > 0 { text.append(delimiter) }
      text += cell(value)
    }
    text += lineEnding
  }

  /// One cell's text.
  public func cell(_ value: CSVValue) -> String {
    switch value {
    case .empty, .number(nil): return ""
    case .number(let number?):
      guard number.isFinite else { return "" }
      let text = Self.machineNumber(number)
      return dialect == .rfc ? text : text.replacingOccurrences(of: ".", with: ",")
    case .text(let text):
      // The first byte, as a spreadsheet reads the first character: `=` with a combining
      // mark or a zero-width joiner after it is one Swift `Character`, but still starts a
      // formula there (and so does CR LF a line break).
      let risky = text.utf8.first.map { "=+-@\t\r".utf8.contains($0) } == true
      return quoteIfNeeded(risky ? "'" + text : text)
    }
  }

  private func quoteIfNeeded(_ text: String) -> String {
    let special = delimiter.asciiValue ?? 0x2C
    let needs = text.utf8.contains { $0 == special || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    guard needs else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Full precision, dot decimal: the shortest text that reads back to the same double, and
  /// whole numbers without a decimal part.
  public static func machineNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 {
      return String(Int64(value))
    }
    return "\(value)"
  }
}
