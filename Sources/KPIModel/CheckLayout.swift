/// What `kpi check` knows about the rows of a ``PrintedTable``: where the labels and the
/// figures are, what kind of figure each row holds and how rows hang together.
///
/// It comes from a rules file (`kpi check --rules`) or is inferred from a table's machine
/// columns, such as the `measure,sex,age_group` of `sickleave-table.csv`. Rows it does not
/// name get no arithmetic checks; the text checks (`57 % (3 av 5)`) look at every cell.
public struct CheckLayout: Sendable, Equatable {
  /// The 0-based column of the row labels.
  public var labelColumn: Int
  /// The 0-based columns holding figures, in period order (a change is taken against the
  /// column before it).
  public var valueColumns: [Int]
  /// Whether shares and changes are printed as percent or as fractions.
  public var scale: CheckScale
  /// The rows that have a kind, by their index in ``PrintedTable/rows``.
  public var rows: [Int: CheckRowSpec]

  /// Creates a layout.
  public init(
    labelColumn: Int, valueColumns: [Int], scale: CheckScale = .percent,
    rows: [Int: CheckRowSpec] = [:]
  ) {
    self.labelColumn = labelColumn
    self.valueColumns = valueColumns
    self.scale = scale
    self.rows = rows
  }

  /// The layout of a table nobody described: labels in the first column, figures in all the
  /// others, no kinds.
  public static func plain(_ table: PrintedTable) -> CheckLayout {
    CheckLayout(labelColumn: 0, valueColumns: Array(table.header.indices.dropFirst()))
  }
}

/// How a table writes shares and changes.
public enum CheckScale: String, Sendable, Equatable, CaseIterable {
  /// `52,8` for 52,8 %: shares of a whole add up to 100.
  case percent
  /// `0.528` for 52,8 %: shares of a whole add up to 1, as machine CSV writes them.
  case fraction

  /// What the shares of a whole add up to.
  public var whole: Double {
    switch self {
    case .percent: 100
    case .fraction: 1
    }
  }
}

/// The kinds of row `kpi check` knows.
public enum CheckRowKind: String, Sendable, Equatable, CaseIterable {
  /// A number of things (employees, goals, visitors) or an amount (FTE, tkr): its parts add
  /// up to it. A whole number printed without decimals is taken as exact.
  case count
  /// A ratio such as a sick-leave rate: the rate of a whole is a weighted average of its
  /// parts' rates, so it lies between them.
  case rate
  /// A share of a total: the shares of a group add up to 100 % (or 1), and the share of a
  /// whole lies between its parts' shares, as a rate does.
  case share
  /// The relative change of another row against the column before: `+28 %`.
  case change
  /// The difference of another row against the column before: visitors, or percentage
  /// points of a rate.
  case difference
  /// Text only: no arithmetic, but the text checks still read it.
  case text
}

/// The kind of a row and its relations to other rows.
public struct CheckRowSpec: Sendable, Equatable {
  /// The kind.
  public var kind: CheckRowKind
  /// The breakdowns of this row into parts, each a list of row indices (of
  /// ``PrintedTable/rows``): a total rate may be broken down by sex and, separately, by age.
  public var breakdowns: [[Int]]
  /// For a share: the group of rows whose shares add up to the whole.
  public var group: String?
  /// For a change or difference: the row index of the levels it is computed from.
  public var base: Int?
  /// Head counts of the group the row describes, by 0-based column; for the law's rule on
  /// small groups.
  public var employees: [Int: Int]

  /// Creates a row spec.
  public init(
    kind: CheckRowKind, breakdowns: [[Int]] = [], group: String? = nil, base: Int? = nil,
    employees: [Int: Int] = [:]
  ) {
    self.kind = kind
    self.breakdowns = breakdowns
    self.group = group
    self.base = base
    self.employees = employees
  }
}
