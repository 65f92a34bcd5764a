/// The name of the all-groups (and all-categories) row in outputs.
public let totalGroupName = "Totalt"

/// Whether a group or category name from an input is the total's, in any case or spacing
/// (`Totalt`, ` TOTALT `): such a name would pass for the computed total in every output.
public func isTotalName<S: StringProtocol>(_ name: S) -> Bool {
  name.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    == totalGroupName.lowercased()
}

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
      append(scalar, to: &escaped, quoting: true)
    }
    return "\"" + escaped + (text.count > limit ? "…\"" : "\"")
  }

  /// Text from an input with its control characters escaped (`\u{1B}`, `\n`), whole and
  /// unquoted: for a listing such as `kpi inspect`'s column names.
  public static func printable<S: StringProtocol>(_ text: S) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars { append(scalar, to: &escaped, quoting: false) }
    return escaped
  }

  private static func append(_ scalar: Unicode.Scalar, to text: inout String, quoting: Bool) {
    switch scalar {
    case "\"" where quoting: text += "\\\""
    case "\\" where quoting: text += "\\\\"
    case "\n": text += "\\n"
    case "\r": text += "\\r"
    case "\t": text += "\\t"
    case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
      text += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    default: text.unicodeScalars.append(scalar)
    }
  }
}
