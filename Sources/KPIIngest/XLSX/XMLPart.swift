import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Receives the events of one XML part of a workbook.
///
/// Subclasses override ``start(_:_:)``, ``end(_:)`` and ``text(_:)``; element names come
/// without their namespace prefix, so `<x:c>` and `<c>` read alike. The delegate methods live
/// here, in the class that declares the conformance, because a subclass's own implementation
/// of an optional protocol requirement would not be called through the conformance.
class XMLPartHandler: NSObject, XMLParserDelegate {
  /// The workbook's file name, for diagnostics.
  let file: String
  /// The part's path in the archive, for diagnostics.
  let part: String
  /// The first problem found; parsing stops there.
  private(set) var failure: IngestError?
  /// The name of the document element.
  private(set) var rootName: String?
  fileprivate weak var parser: XMLParser?

  init(file: String, part: String) {
    self.file = file
    self.part = part
  }

  /// Called for each start tag, with the attributes by qualified name (`r:id`).
  func start(_ name: String, _ attributes: [String: String]) {}
  /// Called for each end tag.
  func end(_ name: String) {}
  /// Called with character data, possibly in several pieces.
  func text(_ string: String) {}

  /// Records a `.malformed` failure and stops the parser.
  func fail(row: Int? = nil, column: Int? = nil, _ message: String) {
    fail(.malformed, row: row, column: column, message)
  }

  /// Records a failure and stops the parser.
  func fail(_ code: IngestError.Code, row: Int? = nil, column: Int? = nil, _ message: String) {
    guard failure == nil else { return }
    failure = IngestError(code, file: file, row: row, column: column, message: message)
    parser?.abortParsing()
  }

  /// The attribute whose local name is `name`, whatever its prefix (`r:id` for `id`).
  static func attribute(_ name: String, in attributes: [String: String]) -> String? {
    if let value = attributes[name] { return value }
    let suffix = ":" + name
    return attributes.first { $0.key.hasSuffix(suffix) }?.value
  }

  // MARK: XMLParserDelegate

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String]
  ) {
    guard failure == nil else { return }
    if rootName == nil { rootName = elementName }
    start(elementName, attributeDict)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    guard failure == nil else { return }
    end(elementName)
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    guard failure == nil else { return }
    text(string)
  }

  func parser(_ parser: XMLParser, foundCDATA block: Data) {
    guard failure == nil else { return }
    text(String(decoding: block, as: UTF8.self))
  }

  func parser(
    _ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?
  ) {
    // Spreadsheet parts never declare entities; one that does is an expansion attack.
    fail("\(part): entity declarations are not allowed")
  }

  func parser(
    _ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?,
    systemID: String?
  ) {
    fail("\(part): entity declarations are not allowed")
  }
}

/// Parses one XML part with Foundation's `XMLParser`.
/// - Parameters:
///   - data: The part's bytes.
///   - handler: Receives the events.
///   - root: The document element the part must have, without prefix (`worksheet`).
/// - Throws: ``IngestError`` `.malformed` when the XML is not well formed, declares a document
///   type, or has another root; `.limitExceeded` when an element has more than
///   ``maximumXMLAttributes`` attributes; the handler's own failure when it recorded one.
func parseXMLPart(_ data: Data, with handler: XMLPartHandler, root: String) throws(IngestError) {
  let part = handler.part
  if declaresDocumentType(data) {
    throw IngestError(
      .malformed, file: handler.file, message: "\(part): document type declarations are not allowed"
    )
  }
  if let line = lineOfCrowdedStartTag(data, maximumAttributes: maximumXMLAttributes) {
    throw IngestError(
      .limitExceeded, file: handler.file,
      message:
        "\(part): an element on line \(line) has more than \(maximumXMLAttributes) attributes"
    )
  }
  // FoundationXML force-unwraps element and attribute names as UTF-8 and traps on a name
  // with a stray byte, which libxml2 lets through in its recovering mode: vet the bytes first.
  // Excel and LibreOffice write every part in UTF-8.
  guard isValidUTF8(data) else {
    throw IngestError(.malformed, file: handler.file, message: "\(part): the XML is not UTF-8")
  }
  // Fed in chunks through a stream: handed a large buffer in one piece, libxml2's push
  // parser reports an internal error at the end of an otherwise good 47 MB sheet.
  let parser = XMLParser(stream: InputStream(data: data))
  parser.shouldProcessNamespaces = true
  parser.shouldReportNamespacePrefixes = false
  parser.shouldResolveExternalEntities = false
  parser.delegate = handler
  handler.parser = parser
  let succeeded = parser.parse()
  parser.delegate = nil
  if let failure = handler.failure { throw failure }
  // In its recovering mode libxml2 reports success for a document cut short, but it does
  // record the error.
  guard succeeded, parser.parserError == nil else {
    throw IngestError(
      .malformed, file: handler.file,
      message: "\(part): not well-formed XML near line \(parser.lineNumber)")
  }
  guard handler.rootName == root else {
    throw IngestError(
      .malformed, file: handler.file, message: "\(part): expected a <\(root)> document")
  }
}

/// The most attributes (namespace declarations included) one element of a part may have.
///
/// libxml2 checks each attribute of a start tag against all the earlier ones, so a tag with
/// n attributes costs n² (400 000 of them took minutes). SpreadsheetML's elements have a
/// few each (a `<row>` at most 13, a worksheet's root a dozen namespace declarations); 64
/// is far above any that Excel or LibreOffice write and keeps the check cheap.
let maximumXMLAttributes = 64

/// The 1-based line of the first start tag with more than `maximumAttributes` attributes,
/// or `nil` when there is none.
///
/// One pass over the bytes: comments, processing instructions, CDATA sections and end tags
/// are skipped; in a start tag every `=` outside a quoted value begins an attribute. Bytes
/// that are not well-formed XML are left for the parser to refuse.
func lineOfCrowdedStartTag(_ data: Data, maximumAttributes: Int) -> Int? {
  data.withUnsafeBytes { raw -> Int? in
    let bytes = raw.bindMemory(to: UInt8.self)
    let count = bytes.count
    var line = 1
    var index = 0
    func matches(_ pattern: StaticString, at start: Int) -> Bool {
      let length = pattern.utf8CodeUnitCount
      guard start + length <= count else { return false }
      let utf8 = pattern.utf8Start
      for offset in 0..<length where bytes[start + offset] != utf8[offset] { return false }
      return true
    }
    // Moves `index` past the next `terminator`, counting lines on the way.
    func skip(past terminator: StaticString) {
      while index < count && !matches(terminator, at: index) {
        if bytes[index] == UInt8(ascii: "\n") { line += 1 }
        index += 1
      }
      index += terminator.utf8CodeUnitCount
    }
    while index < count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\n") { line += 1 }
      guard byte == UInt8(ascii: "<"), index + 1 < count else {
        index += 1
        continue
      }
      if matches("<!--", at: index) {
        skip(past: "-->")
      } else if matches("<![CDATA[", at: index) {
        skip(past: "]]>")
      } else if matches("<?", at: index) {
        skip(past: "?>")
      } else if bytes[index + 1] == UInt8(ascii: "!") || bytes[index + 1] == UInt8(ascii: "/") {
        skip(past: ">")
      } else {
        let tagLine = line
        var attributes = 0
        index += 1
        while index < count && bytes[index] != UInt8(ascii: ">") {
          switch bytes[index] {
          case UInt8(ascii: "="):
            attributes += 1
            if attributes > maximumAttributes { return tagLine }
            index += 1
          case UInt8(ascii: "\""):
            index += 1
            skip(past: "\"")
          case UInt8(ascii: "'"):
            index += 1
            skip(past: "'")
          case UInt8(ascii: "\n"):
            line += 1
            index += 1
          default: index += 1
          }
        }
        index += 1
      }
    }
    return nil
  }
}

/// Whether `data` is well-formed UTF-8.
func isValidUTF8(_ data: Data) -> Bool {
  data.withUnsafeBytes { raw in
    var bytes = raw.bindMemory(to: UInt8.self).makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    while true {
      switch parser.parseScalar(from: &bytes) {
      case .valid: continue
      case .emptyInput: return true
      case .error: return false
      }
    }
  }
}

/// Whether the prolog of a UTF-8 document holds `<!DOCTYPE`.
///
/// Checked before parsing because the parser substitutes entities: refusing any DTD shuts
/// out "billion laughs" expansion without depending on libxml2's own guards.
func declaresDocumentType(_ data: Data) -> Bool {
  let doctype = Array("<!DOCTYPE".utf8)
  return data.withUnsafeBytes { raw -> Bool in
    let bytes = raw.bindMemory(to: UInt8.self)
    func matches(_ pattern: [UInt8], at index: Int) -> Bool {
      index + pattern.count <= bytes.count
        && pattern.indices.allSatisfy { bytes[index + $0] == pattern[$0] }
    }
    func skip(past terminator: [UInt8], from index: Int) -> Int {
      var index = index
      while index < bytes.count, !matches(terminator, at: index) { index += 1 }
      return index + terminator.count
    }
    var index = 0
    while index < bytes.count {
      guard bytes[index] == UInt8(ascii: "<") else {
        index += 1
        continue
      }
      if matches(doctype, at: index) { return true }
      if matches(Array("<?".utf8), at: index) {
        index = skip(past: Array("?>".utf8), from: index + 2)
      } else if matches(Array("<!--".utf8), at: index) {
        index = skip(past: Array("-->".utf8), from: index + 4)
      } else {
        // The document element has begun: the prolog is over.
        return false
      }
    }
    return false
  }
}
