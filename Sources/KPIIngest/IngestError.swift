import Foundation
import KPIModel

/// Where in an input a problem sits and what it is: one line of an ``IngestError``.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
  /// The file's name as the user gave it (no folder), e.g. `"enkat.csv"`.
  public var file: String
  /// 1-based row: the physical line of a CSV where the record starts, the row number of a
  /// sheet, the line of a YAML file. `nil` when the problem concerns the whole file.
  public var row: Int?
  /// 1-based column (field index of a CSV record, column number of a sheet, column of a YAML
  /// line). `nil` when the problem concerns a whole row or file.
  public var column: Int?
  /// What was expected and what was found, e.g. `expected a number, found "tre"`.
  public var message: String

  /// Creates a diagnostic.
  public init(file: String, row: Int? = nil, column: Int? = nil, message: String) {
    self.file = file
    self.row = row
    self.column = column
    self.message = message
  }

  /// `FILE:ROW:COLUMN: message`, leaving out the parts that are unknown.
  public var description: String {
    var location = file
    if let row { location += ":\(row)" }
    if let column { location += ":\(column)" }
    return "\(location): \(message)"
  }

  /// Quotes text taken from an input for a message, cut after 20 characters: cells may hold
  /// names, e-mail addresses or free text, which must not be echoed whole (SPEC §8).
  public static func quote<S: StringProtocol>(_ text: S) -> String {
    MessageText.quote(text)
  }
}

/// An input that cannot be read as it should: the one error type of the ingest module.
///
/// Cell-level problems are collected, up to ``IngestError/maximumDiagnostics`` per file, so
/// that one run shows the user every bad cell at once; other problems stop at the first.
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The closed set of failure kinds. The command line maps ``unreadable`` to exit 66 and
  /// every other kind to exit 65.
  public enum Code: Sendable, Equatable {
    /// The file is missing or cannot be opened.
    case unreadable
    /// The bytes are not what the format requires: bad encoding, an unterminated quote, a
    /// ragged row, a truncated or corrupt archive.
    case malformed
    /// Cells that do not hold what their column requires.
    case invalidValue
    /// A column the spec names is not in the header.
    case missingColumn
    /// The input exceeds a safety limit (line length, columns, unpacked size, cells).
    case limitExceeded
    /// A spec or project file is invalid.
    case invalidSpec
  }

  /// How many diagnostics one file collects before reading stops.
  public static let maximumDiagnostics = 20

  /// What kind of failure this is.
  public var code: Code
  /// One or more located problems, in input order.
  public var diagnostics: [Diagnostic]

  /// Creates an error with one or more diagnostics.
  public init(_ code: Code, _ diagnostics: [Diagnostic]) {
    precondition(!diagnostics.isEmpty, "an IngestError needs at least one diagnostic")
    self.code = code
    self.diagnostics = diagnostics
  }

  /// Creates an error with one diagnostic.
  public init(
    _ code: Code, file: String, row: Int? = nil, column: Int? = nil, message: String
  ) {
    self.init(code, [Diagnostic(file: file, row: row, column: column, message: message)])
  }

  /// One line per diagnostic.
  public var description: String {
    diagnostics.map(\.description).joined(separator: "\n")
  }
}
