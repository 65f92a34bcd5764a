/// Employees and spells that do not fit together: the sick-leave breakdown's one error type.
///
/// Each problem names the input and the row it comes from, so the command line can print it
/// as `spells.csv:17: …`. Messages name rows, dates and hours, never an employee's id.
public struct SickLeaveError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The closed set of failure kinds.
  public enum Code: Sendable, Equatable {
    /// The same employee twice in one period.
    case duplicateEmployee
    /// A spell whose employee is not in the employees file, or not in a year the spell
    /// falls in.
    case unknownEmployee
    /// Two spells of one employee share a day.
    case overlappingSpells
    /// A spell that ends before it starts, or has negative or non-finite hours.
    case invalidSpell
    /// An employee's sick hours in a period exceed the scheduled hours.
    case sickHoursExceedScheduledHours
    /// An employee with negative or non-finite hours or full-time equivalents.
    case invalidEmployee
    /// No employees at all, or none in the period asked for.
    case noEmployees
  }

  /// Which of the two inputs a problem is in.
  public enum Input: String, Sendable, Equatable {
    /// The employees file.
    case employees
    /// The spells file.
    case spells
  }

  /// One located problem.
  public struct Problem: Sendable, Equatable, CustomStringConvertible {
    /// The kind.
    public var code: Code
    /// The input the row is in.
    public var input: Input
    /// The row, or `nil` when the problem concerns the whole input.
    public var line: Int?
    /// For two rows in conflict (overlapping spells), the other row.
    public var relatedLine: Int?
    /// What is wrong, e.g. `the spell 2025-03-05–2025-03-20 overlaps the spell on line 9`.
    public var message: String

    /// Creates a problem.
    public init(
      _ code: Code, input: Input, line: Int?, relatedLine: Int? = nil, message: String
    ) {
      self.code = code
      self.input = input
      self.line = line
      self.relatedLine = relatedLine
      self.message = message
    }

    /// `spells:17: message`.
    public var description: String {
      input.rawValue + (line.map { ":\($0)" } ?? "") + ": " + message
    }
  }

  /// How many problems are collected before the breakdown gives up.
  public static let maximumProblems = 20

  /// The problems, in input order (at least one).
  public var problems: [Problem]

  /// Creates an error.
  /// - Precondition: `problems` is not empty.
  public init(_ problems: [Problem]) {
    precondition(!problems.isEmpty, "a SickLeaveError needs at least one problem")
    self.problems = problems
  }

  /// One line per problem.
  public var description: String { problems.map(\.description).joined(separator: "\n") }
}
