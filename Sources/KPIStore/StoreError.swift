/// A store that cannot be opened, migrated or written: the one error type of the store
/// module. The command line ends with exit 73 for it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
  /// The database file.
  public var path: String
  /// What failed, from SQLite.
  public var reason: String

  /// Creates an error.
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): store error: \(reason)" }
}
