/// A store that cannot be opened, migrated or written: the one error type of the store
/// module. The command line ends with exit 73 for it, and with 64 for ``Code/unsupported``
/// and ``Code/badAddress``.
public struct StoreError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure.
  public enum Code: Sendable, Equatable {
    /// The database failed or refused: it cannot be opened, read or written.
    case failed
    /// The database refused a write the connected role may not make (PostgreSQL's
    /// row-level security or grants).
    case refused
    /// This build cannot open such a store (no `Postgres` trait).
    case unsupported
    /// The store's address cannot be read, or carries a password on the command line.
    case badAddress
  }

  /// The database file or server (without password).
  public var path: String
  /// What kind of failure.
  public var code: Code
  /// What failed, from the database.
  public var reason: String

  /// Creates an error.
  public init(path: String, code: Code = .failed, reason: String) {
    self.path = path
    self.code = code
    self.reason = reason
  }

  public var description: String { "\(path): store error: \(reason)" }
}
