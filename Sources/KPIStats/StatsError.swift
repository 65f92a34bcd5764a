/// An error raised by an estimator or by the GSL layer beneath it.
///
/// Every failure of the statistics module is one of these: an argument an estimator cannot
/// accept (`n = 0`, `k > n`, a level outside (0, 1)), too little data (fewer than three points
/// for a trend), or a numerical failure reported by GSL. The message names the function that
/// refused and what it expected, so the command line can print it as one line.
public struct StatsError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The closed set of failure kinds.
  public enum Code: Sendable, Equatable {
    /// An argument outside the estimator's domain.
    case invalidArgument
    /// Fewer observations than the estimator needs.
    case insufficientData
    /// GSL reported a failure; the payload is GSL's status code.
    case numerical(status: Int32)
  }

  /// What kind of failure this is.
  public var code: Code
  /// The estimator or GSL function that failed, e.g. `"ProportionInterval"` or
  /// `"gsl_fit_linear"`.
  public var function: String
  /// What was expected and what was found.
  public var message: String

  /// Creates an error.
  public init(_ code: Code, function: String, message: String) {
    self.code = code
    self.function = function
    self.message = message
  }

  public var description: String { "\(function): \(message)" }

  static func invalid(_ function: String, _ message: String) -> StatsError {
    StatsError(.invalidArgument, function: function, message: message)
  }
}

extension Double {
  /// The number as a message shows it: `0` rather than `0.0`, full precision otherwise.
  public var messageText: String {
    self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : "\(self)"
  }
}
