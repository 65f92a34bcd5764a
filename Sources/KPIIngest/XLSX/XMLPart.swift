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
  /// The most bytes of the part held in memory at once while it was parsed.
  fileprivate(set) var peakBufferedBytes = 0

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

/// Parses one XML part held in memory, fed in chunks to the streaming `parseXMLPart` that
/// reads a ``PartStream``.
func parseXMLPart(_ data: Data, with handler: XMLPartHandler, root: String) throws(IngestError) {
  try parseXMLPart(PartStream(path: handler.part, data: data), with: handler, root: root)
}

/// Parses one XML part with Foundation's `XMLParser` as its chunks come out of the archive.
///
/// Every chunk passes ``XMLPrecheck`` before the parser sees it, and the whole part is read
/// and checked even when the parser stops early, so that the error reported is the one a
/// reader of the whole part would report first: the archive's, then a document type, then a
/// crowded start tag, then bytes that are not UTF-8, then the handler's or the parser's.
/// - Parameters:
///   - part: The part's chunks.
///   - handler: Receives the events.
///   - root: The document element the part must have, without prefix (`worksheet`).
/// - Throws: ``IngestError`` `.malformed` when the XML is not well formed, declares a document
///   type, or has another root; `.limitExceeded` when an element has more than
///   ``maximumXMLAttributes`` attributes; the handler's own failure when it recorded one; the
///   archive's error (``PartStream/finish()``) before any of these.
func parseXMLPart(_ part: PartStream, with handler: XMLPartHandler, root: String)
  throws(IngestError)
{
  let name = handler.part
  let input = CheckedPartInput(part)
  // libxml2 is fed by the parser in chunks of 128 KB: handed a large buffer in one piece,
  // its push parser reports an internal error at the end of an otherwise good 47 MB sheet.
  let parser = XMLParser(stream: input)
  parser.shouldProcessNamespaces = true
  parser.shouldReportNamespacePrefixes = false
  parser.shouldResolveExternalEntities = false
  parser.delegate = handler
  handler.parser = parser
  let succeeded = parser.parse()
  parser.delegate = nil
  input.drain()
  try part.finish()
  handler.peakBufferedBytes = input.peakBufferedBytes + part.peakQueuedBytes()
  let check = input.precheck
  if check.declaresDocumentType {
    throw IngestError(
      .malformed, file: handler.file, message: "\(name): document type declarations are not allowed"
    )
  }
  if let line = check.crowdedLine {
    throw IngestError(
      .limitExceeded, file: handler.file,
      message:
        "\(name): an element on line \(line) has more than \(maximumXMLAttributes) attributes"
    )
  }
  // FoundationXML force-unwraps element and attribute names as UTF-8 and traps on a name
  // with a stray byte, which libxml2 lets through in its recovering mode: the bytes are
  // vetted before the parser sees them. Excel and LibreOffice write every part in UTF-8.
  if check.invalidUTF8 {
    throw IngestError(.malformed, file: handler.file, message: "\(name): the XML is not UTF-8")
  }
  if let failure = handler.failure { throw failure }
  // In its recovering mode libxml2 reports success for a document cut short, but it does
  // record the error.
  guard succeeded, parser.parserError == nil else {
    throw IngestError(
      .malformed, file: handler.file,
      message: "\(name): not well-formed XML near line \(parser.lineNumber)")
  }
  guard handler.rootName == root else {
    throw IngestError(
      .malformed, file: handler.file, message: "\(name): expected a <\(root)> document")
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
/// or `nil` when there is none (``XMLPrecheck`` on the whole of `data`).
///
/// One pass over the bytes: comments, processing instructions, CDATA sections and end tags
/// are skipped; in a start tag every `=` outside a quoted value begins an attribute. Bytes
/// that are not well-formed XML are left for the parser to refuse.
func lineOfCrowdedStartTag(_ data: Data, maximumAttributes: Int) -> Int? {
  wholePrecheck(data, maximumAttributes: maximumAttributes).crowdedLine
}

/// Whether `data` is well-formed UTF-8.
func isValidUTF8(_ data: Data) -> Bool { !wholePrecheck(data).invalidUTF8 }

/// Whether the prolog of a UTF-8 document holds `<!DOCTYPE`.
///
/// Checked before parsing because the parser substitutes entities: refusing any DTD shuts
/// out "billion laughs" expansion without depending on libxml2's own guards.
func declaresDocumentType(_ data: Data) -> Bool { wholePrecheck(data).declaresDocumentType }

/// ``XMLPrecheck`` fed all of `data` in one chunk.
func wholePrecheck(_ data: Data, maximumAttributes: Int = maximumXMLAttributes) -> XMLPrecheck {
  var check = XMLPrecheck(maximumAttributes: maximumAttributes)
  data.withUnsafeBytes { check.feed($0) }
  check.finish()
  return check
}
