/// One inconsistency `kpi check` found in a printed table, located at a cell.
public struct CheckFinding: Sendable, Equatable {
  /// How sure the finding is.
  public enum Severity: String, Sendable, Equatable, CaseIterable {
    /// The arithmetic cannot hold, whatever the rounding: the table is wrong.
    case error
    /// Probably wrong or not allowed, but a reader could have a reason: a figure the law
    /// would withhold, a goal judged against its numbers, a tally with a gap.
    case warning
  }

  /// Which check found it.
  public enum Check: String, Sendable, Equatable, CaseIterable {
    /// Parts of a count that do not add up to it.
    case sum
    /// Shares of a group that do not add up to 100 %.
    case shares
    /// A rate or share outside the range of its parts, though it is their weighted average.
    case average
    /// A percentage that does not match its "x av y", or a machine ratio its terms.
    case ratio
    /// A change that does not match the levels it is taken from.
    case change
    /// A figure printed for a group of at most ten employees.
    case suppression
    /// A goal status that contradicts the value and target beside it.
    case goal
    /// A cell that should hold a number and does not.
    case number
  }

  /// The table's file name.
  public var table: String
  /// 1-based row of the file.
  public var line: Int
  /// 1-based column of the file.
  public var column: Int
  /// The header of that column, e.g. `2024`.
  public var columnName: String
  /// The label of that row, e.g. `Män`.
  public var label: String
  /// Error or warning.
  public var severity: Severity
  /// Which check found it.
  public var check: Check
  /// What is wrong, with the arithmetic.
  public var message: String

  /// Creates a finding.
  public init(
    table: String, line: Int, column: Int, columnName: String, label: String,
    severity: Severity, check: Check, message: String
  ) {
    self.table = table
    self.line = line
    self.column = column
    self.columnName = columnName
    self.label = label
    self.severity = severity
    self.check = check
    self.message = message
  }
}
