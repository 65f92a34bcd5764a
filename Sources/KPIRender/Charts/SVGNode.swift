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
    out.reserveCapacity(1 << 15)
    write(to: &out, depth: 0)
    return String(decoding: out, as: UTF8.self)
  }

  /// Whether whitespace inside the element would be rendered, so it must be written on one
  /// line: text elements, and any element holding character data.
  private var hasText: Bool {
    guard case .element(let name, _, let children) = self else { return true }
    switch name {
    case "text", "tspan", "title", "desc": return true
    default: break
    }
    return children.contains { node in
      if case .text = node { return true }
      return false
    }
  }

  // Everything is appended to `out` as bytes as it goes, without a string of its own per
  // tag, indent or escaped value: 4 000 charts spent most of their drawing in making, copying
  // and releasing those.
  private func write(to out: inout [UInt8], depth: Int) {
    out.append(spaces: 2 * depth)
    switch self {
    case .text(let text):
      XMLEscaping.append(text, lineBreaks: false, to: &out)
      out.append(UInt8(ascii: "\n"))
    case .element(let name, let attributes, let children):
      if hasText {
        writeInline(to: &out)
        out.append(UInt8(ascii: "\n"))
        return
      }
      openTag(name, attributes, empty: children.isEmpty, to: &out)
      out.append(UInt8(ascii: "\n"))
      guard !children.isEmpty else { return }
      for child in children { child.write(to: &out, depth: depth + 1) }
      out.append(spaces: 2 * depth)
      out.append(literal: "</")
      out.append(text: name)
      out.append(literal: ">\n")
    }
  }

  private func writeInline(to out: inout [UInt8]) {
    switch self {
    case .text(let text):
      XMLEscaping.append(text, lineBreaks: false, to: &out)
    case .element(let name, let attributes, let children):
      openTag(name, attributes, empty: children.isEmpty, to: &out)
      guard !children.isEmpty else { return }
      for child in children { child.writeInline(to: &out) }
      out.append(literal: "</")
      out.append(text: name)
      out.append(UInt8(ascii: ">"))
    }
  }

  private func openTag(
    _ name: String, _ attributes: [SVGAttribute], empty: Bool, to out: inout [UInt8]
  ) {
    precondition(XMLEscaping.isName(name), "not an XML name: \(name)")
    out.append(UInt8(ascii: "<"))
    out.append(text: name)
    for attribute in attributes {
      precondition(XMLEscaping.isName(attribute.name), "not an XML name: \(attribute.name)")
      out.append(UInt8(ascii: " "))
      out.append(text: attribute.name)
      out.append(literal: "=\"")
      XMLEscaping.append(attribute.value, lineBreaks: true, to: &out)
      out.append(UInt8(ascii: "\""))
    }
    out.append(literal: empty ? "/>" : ">")
  }
}

/// Escaping for XML text and attribute values, done on UTF-8 bytes.
///
/// Character data: the five XML specials become entities, and characters XML 1.0 forbids
/// (control characters, U+FFFE, U+FFFF) become U+FFFD, so no input can make the file
/// unreadable. An attribute value is escaped the same way, and its line breaks and tabs
/// become character references, since a parser would otherwise normalise them to spaces.
enum XMLEscaping {
  /// Appends `string` escaped to `out`.
  ///
  /// Bytes, not scalars: the runs between two bytes to be replaced are copied in one go,
  /// and most values (numbers, colours, plain labels) are one run. In UTF-8 the forbidden
  /// characters are the bytes below 0x20 other than tab, line feed and carriage return, and
  /// the sequences EF BF BE and EF BF BF (U+FFFE, U+FFFF); no other sequence holds those bytes.
  /// - Parameters:
  ///   - string: The unescaped text.
  ///   - lineBreaks: Whether tab, line feed and carriage return become character references
  ///     (attribute values) or stay as they are (character data).
  ///   - out: The XML written so far.
  static func append(_ string: String, lineBreaks: Bool, to out: inout [UInt8]) {
    var string = string
    string.withUTF8 { utf8 in
      var plain = 0
      var index = 0
      while index < utf8.count {
        let byte = utf8[index]
        let replacement: StaticString
        var length = 1
        switch byte {
        case UInt8(ascii: "&"): replacement = "&amp;"
        case UInt8(ascii: "<"): replacement = "&lt;"
        case UInt8(ascii: ">"): replacement = "&gt;"
        case UInt8(ascii: "\""): replacement = "&quot;"
        case UInt8(ascii: "'"): replacement = "&apos;"
        case 0x09 where lineBreaks: replacement = "&#9;"
        case 0x0A where lineBreaks: replacement = "&#10;"
        case 0x0D where lineBreaks: replacement = "&#13;"
        case 0x09, 0x0A, 0x0D:
          index += 1
          continue
        case ..<0x20: replacement = "\u{FFFD}"
        case 0xEF
        where index + 2 < utf8.count && utf8[index + 1] == 0xBF && utf8[index + 2] >= 0xBE:
          replacement = "\u{FFFD}"
          length = 3
        default:
          index += 1
          continue
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<index]))
        out.append(literal: replacement)
        index += length
        plain = index
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain...]))
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
  /// Appends a text's UTF-8 bytes in one copy (the SVG writer's one way of adding text
  /// that needs no escaping: names fixed by the renderer).
  fileprivate mutating func append(text: String) {
    var text = text
    text.withUTF8 { append(contentsOf: $0) }
  }
}
