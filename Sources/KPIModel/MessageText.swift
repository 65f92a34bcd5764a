/// Text from an input as messages quote it.
public enum MessageText {
  /// How many characters of a cell or name a message quotes.
  public static let limit = 80

  /// Quotes text taken from an input for a message: cut after ``limit`` characters (cells may
  /// hold names, e-mail addresses or free text, which must not be echoed whole; SPEC §8),
  /// with quotes, backslashes and control characters escaped, so that no byte of the input
  /// can move the cursor, change colours or set a terminal's title (ESC, OSC sequences).
  public static func quote<S: StringProtocol>(_ text: S) -> String {
    var escaped = ""
    for scalar in String(text.prefix(limit)).unicodeScalars {
      switch scalar {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      case "\n": escaped += "\\n"
      case "\r": escaped += "\\r"
      case "\t": escaped += "\\t"
      case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
        escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return "\"" + escaped + (text.count > limit ? "…\"" : "\"")
  }
}
