import Foundation
import Yams

/// A spec or project file parsed into Yams nodes, after the safety checks of SPEC §8.
///
/// Every node keeps its mark (line and column), so that the decoders can say where a problem
/// is. The checks, in order: the size limit, the text encoding, no aliases
/// (``AliasScanner``), the YAML syntax, and a limit on the number of nodes.
struct YAMLDocument {
  /// The largest file accepted; a spec is a few kilobytes.
  static let maximumBytes = 1 << 20
  /// The most nodes a document may have; the examples of SPEC §4 have about 50.
  static let maximumNodes = 100_000

  /// The file's name for messages.
  let file: String
  /// The top-level node; `nil` for a document with nothing in it.
  let root: Node?
  /// The file's lines, for the hints of ``YAMLReader`` on a value YAML read otherwise than meant.
  let lines: [Substring]
  /// Texts a `#` may have cut short (``commentWarnings(root:lines:file:)``), located.
  let warnings: [Diagnostic]

  /// Reads and parses the file at `url`.
  /// - Throws: ``IngestError`` with code `unreadable` when the file cannot be read,
  ///   `limitExceeded` when it is too big, `malformed` when it is not text, `invalidSpec`
  ///   when it is not valid YAML.
  init(url: URL) throws(IngestError) {
    let file = url.lastPathComponent
    let data = try Self.read(url, file: file)
    try self.init(text: Self.decode(data, file: file), file: file)
  }

  /// Parses YAML text.
  /// - Throws: ``IngestError``, as ``init(url:)`` does.
  init(text: String, file: String) throws(IngestError) {
    self.file = file
    guard text.utf8.count <= Self.maximumBytes else { throw Self.tooLarge(file) }
    let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    if let alias = AliasScanner.firstAlias(in: text) {
      throw IngestError(
        .invalidSpec, file: file, row: alias.line, column: alias.column,
        message: "YAML aliases (*name) are not supported; write the value out")
    }
    let parser: Parser
    let root: Node?
    do {
      parser = try Parser(yaml: text, resolver: .default, constructor: .default, encoding: .utf8)
      root = try parser.singleRoot()
    } catch {
      throw Self.diagnose(error, in: text, file: file)
    }
    // Yams holds anchors weakly: the parser must live while the walk looks at them.
    try withExtendedLifetime(parser) { () throws(IngestError) in
      if let root { try Self.checkSize(of: root, file: file) }
    }
    self.root = root
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    self.lines = lines
    self.warnings = withExtendedLifetime(parser) {
      root.map { Self.commentWarnings(root: $0, lines: lines, file: file) } ?? []
    }
  }

  /// The keys whose values are texts a person writes: titles, question texts and labels,
  /// column and group names, answers. `synonyms:` and `invited:` have texts for keys too.
  static let textKeys: Set<String> = [
    "title", "text", "label", "column", "group", "weight", "scale", "positive",
    "not_substantive", "synonyms", "recipients", "invited", "organisation", "comment",
  ]

  /// Warnings for a text YAML may have cut short: a plain (unquoted) value of a text key
  /// followed on its line by ` #`, which starts a comment, so that `text: Hur nöjd är du med
  /// nätverk #3?` reads "Hur nöjd är du med nätverk". A warning rather than an error, since
  /// a comment there is valid YAML and may be meant; one set off by two spaces and followed
  /// by a space (`title: Enkät  # the title`), the usual way of writing a comment, is taken
  /// as meant and not warned about.
  static func commentWarnings(root: Node, lines: [Substring], file: String) -> [Diagnostic] {
    var warnings: [Diagnostic] = []
    func check(_ node: Node, _ key: String) {
      guard case .scalar(let scalar) = node, scalar.style == .plain,
        let mark = node.mark, lines.indices.contains(mark.line - 1),
        !scalar.string.isEmpty, !scalar.string.contains("\n"),
        Double(scalar.string) == nil
      else { return }
      let line = Array(lines[mark.line - 1])
      let value = Array(scalar.string)
      // The value where its mark says, or else its first place on the line.
      var start = mark.column - 1
      func isValue(at position: Int) -> Bool {
        position >= 0 && position + value.count <= line.count
          && Array(line[position..<(position + value.count)]) == value
      }
      if !isValue(at: start) {
        guard let found = line.indices.first(where: isValue) else { return }
        start = found
      }
      var at = start + value.count
      var gap = 0
      while at < line.count, line[at] == " " || line[at] == "\t" {
        at += 1
        gap += 1
      }
      guard gap > 0, at < line.count, line[at] == "#" else { return }
      let next = at + 1 < line.count ? line[at + 1] : " "
      if gap >= 2 && (next == " " || next == "\r") { return }
      warnings.append(
        Diagnostic(
          file: file, row: mark.line, column: at + 1,
          message: "the text of \"\(key)\" ends before this #, which starts a comment in YAML,"
            + " and the rest of the line is left out; if the # belongs to the text, put the text"
            + " in quotes, e.g. \(key): \"Nätverk #3?\""))
    }
    func visit(_ node: Node, textKey: String?) {
      switch node {
      case .scalar:
        if let textKey { check(node, textKey) }
      case .sequence(let sequence):
        for item in sequence { visit(item, textKey: textKey) }
      case .mapping(let mapping):
        for (key, value) in mapping {
          if let textKey { check(key, textKey) }
          let name = key.string ?? ""
          visit(value, textKey: textKey ?? (textKeys.contains(name) ? name : nil))
        }
      case .alias:
        break
      }
    }
    visit(root, textKey: nil)
    return warnings
  }

  /// A reader of this document's nodes.
  var reader: YAMLReader { YAMLReader(file: file, lines: lines) }

  // MARK: - Reading

  /// The file's bytes, reading at most one byte past the limit so that a huge file is
  /// refused without being read whole.
  private static func read(_ url: URL, file: String) throws(IngestError) -> Data {
    try InputFile.requireRegular(url)
    let data: Data
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
    } catch {
      let exists = FileManager.default.fileExists(atPath: url.path)
      throw IngestError(
        .unreadable, file: file, message: exists ? "cannot read the file" : "no such file")
    }
    guard data.count <= maximumBytes else { throw tooLarge(file) }
    return data
  }

  private static func tooLarge(_ file: String) -> IngestError {
    IngestError(
      .limitExceeded, file: file,
      message: "the file is larger than 1 MB, the limit for a spec or project file")
  }

  /// The text of a file in UTF-8 (with or without BOM) or UTF-16 with BOM, the encodings an
  /// editor saves YAML in.
  private static func decode(_ data: Data, file: String) throws(IngestError) -> String {
    let bytes = [UInt8](data)
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      let encoding: String.Encoding =
        bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
      guard let text = String(data: Data(bytes.dropFirst(2)), encoding: encoding) else {
        throw IngestError(.malformed, file: file, message: "the file is not valid UTF-16 text")
      }
      return text
    }
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    if let text = String(validating: body, as: UTF8.self) { return text }
    let (row, column) = firstInvalidUTF8(in: body)
    throw IngestError(
      .malformed, file: file, row: row, column: column,
      message: "expected UTF-8 text, found a byte that is not UTF-8 (save the file as UTF-8)")
  }

  /// Line and column of the first byte sequence that is not UTF-8.
  private static func firstInvalidUTF8(in bytes: [UInt8]) -> (Int, Int) {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var row = 1
    var column = 1
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar):
        if scalar.count == 1 && scalar.first == 0x0A {
          row += 1
          column = 1
        } else {
          column += 1
        }
      case .emptyInput, .error:
        return (row, column)
      }
    }
  }

  // MARK: - Checking

  /// Refuses a document with more than ``maximumNodes`` nodes, counting an alias once per
  /// use, and any alias the scanner missed.
  private static func checkSize(of root: Node, file: String) throws(IngestError) {
    var count = 0
    var anchors = Set<ObjectIdentifier>()
    var stack = [root]
    while let node = stack.popLast() {
      count += 1
      guard count <= maximumNodes else {
        throw IngestError(
          .limitExceeded, file: file,
          message: "the file has more than \(maximumNodes) YAML nodes; a spec has a few dozen")
      }
      if let anchor = node.anchor {
        // A node met twice through the same anchor was reached through an alias.
        guard anchors.insert(ObjectIdentifier(anchor)).inserted else {
          throw IngestError(
            .invalidSpec, file: file, row: node.mark?.line, column: node.mark?.column,
            message: "YAML anchors and aliases are not supported; write the value out")
        }
      }
      switch node {
      case .mapping(let mapping):
        for (key, value) in mapping.reversed() { stack += [value, key] }
      case .sequence(let sequence):
        stack += sequence.reversed()
      case .scalar, .alias:
        break
      }
    }
  }

  /// A Yams error as a located diagnostic. The messages are libyaml's fixed phrases; the
  /// offending text is not quoted, so nothing from the file is echoed.
  private static func diagnose(_ error: any Error, in text: String, file: String) -> IngestError {
    func located(_ mark: (line: Int, column: Int)?, _ message: String) -> IngestError {
      IngestError(
        .invalidSpec, file: file, row: mark?.line, column: mark?.column, message: message)
    }
    func syntax(_ context: YamlError.Context?, _ problem: String) -> String {
      "invalid YAML: \(problem)" + (context.map { " (\($0.text))" } ?? "")
    }
    func syntax(_ context: YamlError.Context?, _ problem: String, at mark: Mark) -> String {
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let source = lines.indices.contains(mark.line - 1) ? lines[mark.line - 1] : ""
      let hint = hint(problem, line: source, column: mark.column)
      return syntax(context, problem) + (hint.map { "; \($0)" } ?? "")
    }
    guard let error = error as? YamlError else { return located(nil, "invalid YAML") }
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      return located((mark.line, mark.column), syntax(context, problem, at: mark))
    case .parser(let context, let problem, let mark, _):
      if problem.hasPrefix("Maximum nesting level") {
        return IngestError(
          .limitExceeded, file: file, row: mark.line, column: mark.column,
          message: "the YAML is nested more than 1000 levels deep")
      }
      return located((mark.line, mark.column), syntax(context, problem, at: mark))
    case .reader(let problem, let offset, _, _):
      return located(offset.flatMap { mark(atCharacter: $0, in: text) }, "invalid YAML: \(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let key = duplicates.first.map { Diagnostic.quote($0) } ?? "a key"
      return located(
        (context.mark.line, context.mark.column),
        "key \(key) appears more than once in the same mapping")
    default:
      return located(nil, "invalid YAML")
    }
  }

  /// What to do about the usual mistakes of a person who does not write YAML every day, from
  /// libyaml's fixed phrase and the line it stopped on; `nil` for any other problem.
  static func hint(_ problem: String, line: Substring, column: Int) -> String? {
    let indentation = line.prefix { $0 == " " || $0 == "\t" }
    if indentation.contains("\t") || problem.contains("tab") {
      return "indent with spaces, not tabs"
    }
    if problem.hasPrefix("mapping values are not allowed") {
      // A second `: ` on the line is in a text; a first one is a key indented too far.
      guard line.prefix(max(column - 1, 0)).contains(": ") else {
        return "indent a key as far as the keys beside it"
      }
      return "a text holding \": \" must be in quotes: put the text in quotes, "
        + "e.g. text: \"Kallelse: i tid?\""
    }
    if problem.hasPrefix("found character that cannot start any token") {
      return "a text starting with ` or @ must be in quotes: put the text in quotes"
    }
    if problem.hasPrefix("did not find expected '-' indicator")
      || problem.hasPrefix("could not find expected ':'")
    {
      return "each item of a list starts with \"- \" at the same indentation, e.g. \"  - Ja\""
    }
    return nil
  }

  /// Line and column of the character at `offset`.
  private static func mark(atCharacter offset: Int, in text: String) -> (line: Int, column: Int)? {
    var line = 1
    var column = 1
    for (position, character) in text.enumerated() {
      if position == offset { return (line, column) }
      if character.isNewline {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return nil
  }
}
