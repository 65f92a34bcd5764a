/// An output that cannot be written: the one error type of the render module. The command
/// line ends with exit 73 for it.
public struct RenderError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file or folder that could not be written.
  public var path: String
  /// Why.
  public var reason: String

  /// Creates an error.
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): cannot write: \(reason)" }
}
