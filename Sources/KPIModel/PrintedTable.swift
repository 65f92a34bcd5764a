/// A table as a report prints it, every cell as the text on the page: the input of
/// `kpi check`.
///
/// Cells stay text because the checks need what was printed, not what it means: `2,0` and
/// `2` stand for different rounding windows, and `57 % (3 av 5 personer)` holds two figures.
public struct PrintedTable: Sendable, Equatable {
  /// The file's name for messages, e.g. `sjukfranvaro.csv`.
  public var name: String
  /// The column names of the header row.
  public var header: [String]
  /// The data rows, in file order.
  public var rows: [PrintedRow]

  /// Creates a table.
  public init(name: String, header: [String], rows: [PrintedRow]) {
    self.name = name
    self.header = header
    self.rows = rows
  }

  /// The 0-based index of the column named `name`, compared without regard to case or runs
  /// of white space, or `nil`.
  public func columnIndex(_ name: String) -> Int? {
    let wanted = PrintedTable.normalize(name)
    return header.firstIndex { PrintedTable.normalize($0) == wanted }
  }

  /// Lower case, white space collapsed to single spaces and trimmed, dashes unified: how
  /// labels and column names are matched.
  public static func normalize(_ text: String) -> String {
    let dashes: Set<Character> = ["\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}"]
    let unified = String(text.lowercased().map { dashes.contains($0) ? "-" : $0 })
    return unified.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }
}

/// One row of a ``PrintedTable``.
public struct PrintedRow: Sendable, Equatable {
  /// 1-based row of the file (line of a CSV, row of a sheet), for messages.
  public var line: Int
  /// The cells, one per header column.
  public var cells: [String]

  /// Creates a row.
  public init(line: Int, cells: [String]) {
    self.line = line
    self.cells = cells
  }

  /// Cell `index`, or the empty string past the end.
  public subscript(index: Int) -> String {
    cells.indices.contains(index) ? cells[index] : ""
  }
}
