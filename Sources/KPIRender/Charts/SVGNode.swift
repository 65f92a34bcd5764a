/// One attribute of an ``SVGNode`` element.
///
/// Attributes are kept in an array, not a dictionary, so they are written in the order the
/// renderer gives them and a golden file never changes because a hash seed did.
public struct SVGAttribute: Sendable, Equatable {
  /// The attribute's name, fixed by the renderer (never taken from input).
  public var name: String
  /// The value, escaped when written.
  public var value: String

  /// Creates an attribute.
  /// - Parameters:
  ///   - name: An XML name such as `fill` or `aria-labelledby`.
  ///   - value: The unescaped value.
  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}

/// A tiny XML tree for SVG: the third stage of the chart pipeline, between the positioned
/// marks of ``ChartScene`` and the text of the file.
///
/// Element and attribute names come from the renderer only; every text and attribute value is
/// escaped when the tree is written, so a label from an input such as `<script>` or
/// `" onload="x` can only ever be text.
public indirect enum SVGNode: Sendable, Equatable {
  /// An element with attributes in writing order and children.
  case element(name: String, attributes: [SVGAttribute], children: [SVGNode])
  /// Character data.
  case text(String)

  /// An element.
  /// - Parameters:
  ///   - name: The element name, e.g. `rect`.
  ///   - attributes: Name–value pairs in the order they are to be written; `nil` values are
  ///     left out, so optional attributes read naturally at the call site.
  ///   - children: Child nodes.
  /// - Returns: The element node.
  public static func element(
    _ name: String, _ attributes: KeyValuePairs<String, String?> = [:],
    _ children: [SVGNode] = []
  ) -> SVGNode {
    .element(
      name: name,
      attributes: attributes.compactMap { pair in pair.value.map { SVGAttribute(pair.key, $0) } },
      children: children)
  }

  /// The node as XML text, one element per line with two-space indentation.
  ///
  /// An element holding character data (`text`, `title`, `desc`) is written on one line with
  /// its whole subtree, because whitespace between a `text`'s `tspan`s would be rendered as a
  /// space and shift right-aligned lines.
  /// - Returns: The XML text, ending with a newline.
  public func xml() -> String {
    // Bytes, made into a string once: appending to a `String` piece by piece checked its
    // storage at every piece, most of the time of drawing 4 000 charts.
    var out: [UInt8] = []
    out.reserveCapacity(8192)
    write(to: &out, depth: 0)
    return String(decoding: out, as: UTF8.self)
  }

  /// Whether whitespace inside the element would be rendered, so it must be written on one
  /// line: text elements, and any element holding character data.
  private var hasText: Bool {
    guard case .element(let name, _, let children) = self else { return true }
    if ["text", "tspan", "title", "desc"].contains(name) { return true }
    return children.contains { node in
      if case .text = node { return true }
      return false
    }
  }

  // Everything is appended to `out` as it goes, without a string of its own per tag or
  // indent: 4 000 charts spent most of their drawing in making and copying those.
  private func write(to out: inout [UInt8], depth: Int) {
    for _ in 0..<depth { out += "  " }
    switch self {
    case .text(let text):
      out += XMLEscaping.text(text)
      out += "\n"
    case .element(let name, let attributes, let children):
      if hasText {
        writeInline(to: &out)
        out += "\n"
        return
      }
      openTag(name, attributes, empty: children.isEmpty, to: &out)
      out += "\n"
      guard !children.isEmpty else { return }
      for child in children { child.write(to: &out, depth: depth + 1) }
      for _ in 0..<depth { out += "  " }
      out += "</"
      out += name
      out += ">\n"
    }
  }

  private func writeInline(to out: inout [UInt8]) {
    switch self {
    case .text(let text):
      out += XMLEscaping.text(text)
    case .element(let name, let attributes, let children):
      openTag(name, attributes, empty: children.isEmpty, to: &out)
      guard !children.isEmpty else { return }
      for child in children { child.writeInline(to: &out) }
      out += "</"
      out += name
      out += ">"
    }
  }

  private func openTag(
    _ name: String, _ attributes: [SVGAttribute], empty: Bool, to out: inout [UInt8]
  ) {
    precondition(XMLEscaping.isName(name), "not an XML name: \(name)")
    out += "<"
    out += name
    for attribute in attributes {
      precondition(XMLEscaping.isName(attribute.name), "not an XML name: \(attribute.name)")
      out += " "
      out += attribute.name
      out += "=\""
      out += XMLEscaping.attribute(attribute.value)
      out += "\""
    }
    out += empty ? "/>" : ">"
  }
}

/// Escaping for XML text and attribute values.
enum XMLEscaping {
  /// Character data: the five XML specials become entities, and characters XML 1.0 forbids
  /// (control characters, U+FFFE, U+FFFF) become U+FFFD, so no input can make the file
  /// unreadable.
  static func text(_ string: String) -> String {
    escape(string, lineBreaks: false)
  }

  /// An attribute value: as ``text(_:)``, and line breaks and tabs as character references,
  /// since a parser would otherwise normalise them to spaces.
  static func attribute(_ string: String) -> String {
    escape(string, lineBreaks: true)
  }

  private static func escape(_ string: String, lineBreaks: Bool) -> String {
    // Most strings (numbers, colours, plain labels) need nothing: return them as they are.
    let plain = string.utf8.allSatisfy { byte in
      byte >= 0x20 && byte < 0x7F && byte != 0x26 && byte != 0x3C && byte != 0x3E
        && byte != 0x22 && byte != 0x27
    }
    if plain { return string }
    var out = ""
    out.reserveCapacity(string.utf8.count + 16)
    for scalar in string.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\t" where lineBreaks: out += "&#9;"
      case "\n" where lineBreaks: out += "&#10;"
      case "\r" where lineBreaks: out += "&#13;"
      default:
        out.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
      }
    }
    return out
  }

  static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x9, 0xA, 0xD: true
    case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
    default: false
    }
  }

  /// The renderer's own names: ASCII letters, digits, `-` and `:`, starting with a letter.
  static func isName(_ name: String) -> Bool {
    let letter = { (byte: UInt8) in (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
    guard let first = name.utf8.first, letter(first) else { return false }
    return name.utf8.allSatisfy { byte in
      letter(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x3A
    }
  }
}

extension [UInt8] {
  /// Appends a text's UTF-8 bytes (the SVG writer's one way of adding text).
  fileprivate static func += (bytes: inout [UInt8], text: String) {
    bytes.append(contentsOf: text.utf8)
  }
}
