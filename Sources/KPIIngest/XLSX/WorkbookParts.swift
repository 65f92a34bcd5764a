import Foundation

/// One `<Relationship>` of a `.rels` part.
struct Relationship: Equatable {
  var id: String
  /// The relationship type URI; compared by its last segment, which is the same in the
  /// transitional and the strict OOXML namespaces.
  var type: String
  /// The target's path in the archive, resolved against the source part.
  var target: String?

  /// Whether the type's last segment is `kind` (`worksheet`, `sharedStrings`, …).
  func isKind(_ kind: String) -> Bool { type.hasSuffix("/" + kind) }
}

/// Reads a `.rels` part.
final class RelationshipsHandler: XMLPartHandler {
  private let source: String
  private(set) var relationships: [Relationship] = []

  /// - Parameter source: The part whose relationships these are (`xl/workbook.xml`), or `""`
  ///   for the package's own `_rels/.rels`.
  init(file: String, part: String, source: String) {
    self.source = source
    super.init(file: file, part: part)
  }

  override func start(_ name: String, _ attributes: [String: String]) {
    guard name == "Relationship" else { return }
    guard let id = attributes["Id"], let type = attributes["Type"] else {
      return fail("\(part): a relationship lacks its Id or Type")
    }
    let external = attributes["TargetMode"] == "External"
    let target = external ? nil : attributes["Target"].flatMap { resolve($0, from: source) }
    relationships.append(Relationship(id: id, type: type, target: target))
  }
}

/// The path in the archive that `target` names, seen from the part `source`; `nil` when it
/// climbs above the archive's root.
func resolve(_ target: String, from source: String) -> String? {
  let decoded = target.removingPercentEncoding ?? target
  var components: [Substring] = []
  if !decoded.hasPrefix("/") {
    components = source.split(separator: "/")
    if !components.isEmpty { components.removeLast() }
  }
  for component in decoded.split(separator: "/") {
    switch component {
    case ".": continue
    case "..":
      guard !components.isEmpty else { return nil }
      components.removeLast()
    default: components.append(component)
    }
  }
  return components.joined(separator: "/")
}

/// The `.rels` part that holds the relationships of `part`.
func relationshipsPath(of part: String) -> String {
  var components = part.split(separator: "/", omittingEmptySubsequences: false)
  let name = components.popLast() ?? ""
  return (components + ["_rels", name + ".rels"]).joined(separator: "/")
}

/// One `<sheet>` of `workbook.xml`.
struct SheetEntry: Equatable {
  var name: String
  var relationshipID: String
}

/// Reads `workbook.xml`: the sheets in workbook order and the date system.
final class WorkbookHandler: XMLPartHandler {
  private(set) var sheets: [SheetEntry] = []
  private(set) var date1904 = false

  override func start(_ name: String, _ attributes: [String: String]) {
    switch name {
    case "workbookPr":
      let value = attributes["date1904"]
      date1904 = value == "1" || value == "true"
    case "sheet":
      guard let sheetName = attributes["name"],
        let id = Self.attribute("id", in: attributes)
      else { return fail("\(part): a sheet lacks its name or relationship id") }
      sheets.append(SheetEntry(name: sheetName, relationshipID: id))
    default:
      break
    }
  }
}

/// Decodes the `_xHHHH_` escapes with which OOXML stores characters XML cannot carry (a
/// carriage return is `_x000D_`); `_x005F_` escapes the underscore itself.
func unescapeOOXML(_ text: String) -> String {
  // Most text has no underscore at all; the check is on bytes, which is far cheaper.
  guard text.utf8.contains(UInt8(ascii: "_")) else { return text }
  var result = ""
  var scalars = Array(text.unicodeScalars)[...]
  while let first = scalars.first {
    if first == "_", scalars.count >= 7, scalars[scalars.startIndex + 1] == "x",
      scalars[scalars.startIndex + 6] == "_",
      let code = UInt32(
        String(
          String.UnicodeScalarView(scalars[(scalars.startIndex + 2)..<(scalars.startIndex + 6)])),
        radix: 16),
      let scalar = Unicode.Scalar(code)
    {
      result.unicodeScalars.append(scalar)
      scalars = scalars.dropFirst(7)
    } else {
      result.unicodeScalars.append(first)
      scalars = scalars.dropFirst()
    }
  }
  return result
}

/// `text` without the XML whitespace (space, tab, line feed, carriage return) around it.
func trimmingXMLWhitespace<S: StringProtocol>(_ text: S) -> S.SubSequence {
  func isSpace(_ character: Character) -> Bool {
    character == " " || character == "\t" || character == "\n" || character == "\r"
      || character == "\r\n"
  }
  guard let first = text.firstIndex(where: { !isSpace($0) }) else { return text[text.endIndex...] }
  let last = text.lastIndex(where: { !isSpace($0) })!
  return text[first...last]
}
