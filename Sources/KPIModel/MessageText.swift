/// Text from an input as messages quote it.
public enum MessageText {
  /// Quotes text taken from an input for a message, cut after 20 characters: cells may hold
  /// names, e-mail addresses or free text, which must not be echoed whole (SPEC §8).
  public static func quote<S: StringProtocol>(_ text: S) -> String {
    let limit = 20
    let escaped = String(text.prefix(limit)).replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    return "\"" + escaped + (text.count > limit ? "…\"" : "\"")
  }
}
