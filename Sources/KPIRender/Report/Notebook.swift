import Foundation
import KPIAnalysis

/// The report as a Jupyter notebook (nbformat 4.5): a markdown cell per section and, for each,
/// a code cell holding the `kpi` command whose outputs are the section's tables (HTML) and
/// charts (SVG). Deterministic: no timestamps, cell ids numbered in order, keys sorted.
public enum Notebook {
  /// The notebook's JSON text.
  public static func render(_ document: ReportDocument) -> String {
    String(decoding: renderBytes(document), as: UTF8.self)
  }

  /// The notebook's JSON as UTF-8 bytes, in one buffer (``render(_:write:)`` hands it on
  /// in pieces instead).
  public static func renderBytes(_ document: ReportDocument) -> [UInt8] {
    var bytes: [UInt8] = []
    render(document) { bytes.append(contentsOf: $0) }
    return bytes
  }

  /// The notebook's JSON handed to `write` piece by piece, about 1 MiB at a time: each
  /// chart's SVG is read (``ChartSpec/withSVG(_:)``) only as its output is written, so a
  /// notebook of thousands of charts is never held whole.
  public static func render(
    _ document: ReportDocument, write: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    var cells: [JSONValue] = []
    func markdown(_ text: String) {
      cells.append(
        .object([
          "cell_type": "markdown", "id": .string("cell-\(cells.count + 1)"), "metadata": [:],
          "source": .strings(lines(text)),
        ]))
    }
    func code(_ source: String, outputs: [JSONValue]) {
      cells.append(
        .object([
          "cell_type": "code", "id": .string("cell-\(cells.count + 1)"), "metadata": [:],
          "execution_count": .null, "source": .strings(lines(source)), "outputs": .array(outputs),
        ]))
    }
    let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: document.command) + 1))
    markdown(
      "# \(escaped(document.heading))\n\n"
        + "\(escaped(document.organisation))\n\n"
        + document.tallyLines.map(escaped).joined(separator: "\n\n") + "\n\nKörs om med:\n\n"
        + "\(fence)sh\n\(document.command)\n\(fence)")
    code("!" + document.command, outputs: [html(document.goalTable, caption: false)])
    for section in document.sections {
      var text = "## \(escaped(section.title))\n"
      var outputs: [JSONValue] = []
      for block in section.blocks {
        switch block {
        case .paragraph(let paragraph): text += "\n" + escaped(paragraph)
        case .chart(let chart, let table):
          outputs.append(.later { svg(chart) })
          if let table { outputs.append(html(table, caption: true)) }
        case .table(let table): outputs.append(html(table, caption: true))
        }
      }
      markdown(text)
      code("# \(section.title): tabeller och diagram ur kpi report", outputs: outputs)
    }
    let notebook: JSONValue = [
      "cells": .array(cells),
      "metadata": [
        "kernelspec": ["display_name": "Python 3", "language": "python", "name": "python3"],
        "language_info": ["name": "python"],
      ],
      "nbformat": .int(4), "nbformat_minor": .int(5),
    ]
    withoutActuallyEscaping(write) { write in
      var json = PrettyJSON(flush: write)
      json.write(notebook, indent: 0)
      json.append(UInt8(ascii: "\n"))
      json.finish()
    }
  }

  /// Text from the inputs (names, labels, titles) made inert in a markdown cell: HTML's
  /// `<`, `>` and `&` as entities, so no tag or script can run from a label, and the
  /// characters of Markdown's links, emphasis and code with a backslash, so a name cannot
  /// turn into a link or change the page's layout; a `#` that starts a line is escaped too.
  static func escaped(_ text: String) -> String {
    var result = ""
    var lineStart = true
    for character in text {
      switch character {
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "&": result += "&amp;"
      case "\\", "`", "*", "_", "[", "]": result += "\\" + String(character)
      case "#" where lineStart: result += "\\#"
      default: result.append(character)
      }
      lineStart = character == "\n"
    }
    return result
  }

  /// The longest run of `character` in `text`, for a code fence longer than any inside.
  static func longestRun(of character: Character, in text: String) -> Int {
    var longest = 0
    var run = 0
    for c in text {
      run = c == character ? run + 1 : 0
      longest = max(longest, run)
    }
    return longest
  }

  /// Text as notebooks store it: lines with their line ends.
  static func lines(_ text: String) -> [String] {
    var result = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      String($0) + "\n"
    }
    if let last = result.last {
      result[result.count - 1] = String(last.dropLast())
      if result[result.count - 1].isEmpty { result.removeLast() }
    }
    return result
  }

  static func svg(_ chart: ChartSpec) -> JSONValue {
    [
      "output_type": "display_data", "metadata": [:],
      "data": [
        "image/svg+xml": .chartLines(chart), "text/plain": .strings([chart.title]),
      ],
    ]
  }

  static func html(_ table: ReportTable, caption: Bool) -> JSONValue {
    let plain = ([table.header] + table.rows).map { $0.joined(separator: "\t") }
      .joined(separator: "\n")
    return [
      "output_type": "display_data", "metadata": [:],
      "data": [
        "text/html": .lines(HTMLReport.table(table, showCaption: caption)),
        "text/plain": .lines(plain),
      ],
    ]
  }
}

/// The JSON a notebook is made of.
enum JSONValue: ExpressibleByStringLiteral, ExpressibleByDictionaryLiteral {
  case string(String)
  case int(Int)
  case null
  case array([JSONValue])
  case object([String: JSONValue])
  /// A text as notebooks store it, the array of its lines with their line ends: the same
  /// JSON as `.strings(Notebook.lines(text))`, written without making a string per line
  /// (a chart's SVG has hundreds).
  case lines(String)
  /// A chart's SVG as ``lines(_:)`` would write it, from the chart's bytes as read
  /// (``ChartSpec/withSVG(_:)``), with no string made of them.
  case chartLines(ChartSpec)
  /// A value made only when it is written, and let go after.
  case later(() -> JSONValue)

  static func strings(_ strings: [String]) -> JSONValue { .array(strings.map(JSONValue.string)) }

  init(stringLiteral value: String) { self = .string(value) }

  init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(Dictionary(uniqueKeysWithValues: elements))
  }
}

/// JSON laid out byte for byte as `JSONSerialization` writes it with `.sortedKeys`,
/// `.prettyPrinted` and `.withoutEscapingSlashes`, which notebooks have always been written
/// with, in one pass over bytes: `JSONSerialization` took 1.8 s for the 31 MB notebook of a
/// 2 000-question survey.
///
/// The keys are the format's own ASCII names, whose byte order is `JSONSerialization`'s
/// order.
struct PrettyJSON {
  /// The bytes written and not yet handed on.
  private(set) var bytes: [UInt8] = []
  /// Takes the bytes written so far whenever they reach 1 MiB, and at the end; without it
  /// they are all kept in ``bytes``.
  private let flush: ((UnsafeBufferPointer<UInt8>) -> Void)?

  init(flush: ((UnsafeBufferPointer<UInt8>) -> Void)? = nil) {
    self.flush = flush
    // Room for a piece and the line that takes it past 1 MiB, so the buffer never grows.
    if flush != nil { bytes.reserveCapacity((1 << 20) + (1 << 16)) }
  }

  /// Hands the rest of the bytes on.
  mutating func finish() {
    guard let flush else { return }
    bytes.withUnsafeBufferPointer { flush($0) }
    bytes.removeAll()
  }

  mutating func write(_ value: JSONValue, indent: Int) {
    switch value {
    case .later(let make): write(make(), indent: indent)
    case .string(let string): writeString(string)
    case .lines(let text):
      var text = text
      text.withUTF8 { writeLines($0, indent: indent) }
    case .chartLines(let chart): chart.withSVG { writeLines($0, indent: indent) }
    case .int(let number): bytes.append(contentsOf: String(number).utf8)
    case .null: bytes.append(literal: "null")
    case .array(let array):
      bytes.append(UInt8(ascii: "["))
      writeItems(array.count, indent: indent) { json, index in
        json.write(array[index], indent: indent + 2)
      }
      bytes.append(UInt8(ascii: "]"))
    case .object(let object):
      let keys = object.keys.sorted()
      bytes.append(UInt8(ascii: "{"))
      writeItems(keys.count, indent: indent) { json, index in
        json.writeString(keys[index])
        json.bytes.append(literal: " : ")
        json.write(object[keys[index]]!, indent: indent + 2)
      }
      bytes.append(UInt8(ascii: "}"))
    }
  }
  /// The items of an array or object, one a line; an empty one is a blank line, as
  /// `JSONSerialization` writes it.
  private mutating func writeItems(
    _ count: Int, indent: Int, _ item: (inout PrettyJSON, Int) -> Void
  ) {
    bytes.append(UInt8(ascii: "\n"))
    for index in 0..<count {
      if index > 0 { bytes.append(literal: ",\n") }
      if let flush, bytes.count >= 1 << 20 {
        bytes.withUnsafeBufferPointer { flush($0) }
        bytes.removeAll(keepingCapacity: true)
      }
      bytes.append(spaces: indent + 2)
      item(&self, index)
    }
    bytes.append(UInt8(ascii: "\n"))
    bytes.append(spaces: indent)
  }

  mutating func append(_ byte: UInt8) { bytes.append(byte) }

  /// The lines of the UTF-8 text `utf8` as ``Notebook/lines(_:)`` cuts them: after every
  /// line feed that is a character of its own (not the end of a CR LF, which `split` takes
  /// for one character), the line end kept, and no empty last line.
  ///
  /// The array is laid out in a buffer of its exact size and appended in one go: a chart's
  /// SVG is hundreds of lines with a dozen quotes each, and appending it line by line and
  /// run by run was most of the writing of a 48 MB notebook.
  private mutating func writeLines(_ utf8: UnsafeBufferPointer<UInt8>, indent: Int) {
    // One pass finds the line ends and what escaping adds: both are among the bytes to be
    // escaped, which are few.
    var ends: [Int] = []
    var added = 0
    for index in utf8.indices where Self.isEscaped(utf8[index]) {
      added += Self.addedByEscape(utf8[index])
      if utf8[index] == 0x0A && !(index > 0 && utf8[index - 1] == 0x0D) { ends.append(index + 1) }
    }
    // The last line, without a line end: `lines` adds one and drops the last character
    // again, which takes a CR the line ends with along (CR LF is one character).
    var last = utf8.count
    if last > (ends.last ?? 0) && utf8[last - 1] == 0x0D { last -= 1 }
    if last > (ends.last ?? 0) { ends.append(last) }
    let text = UnsafeBufferPointer(rebasing: utf8[..<(ends.last ?? 0)])
    // What is left out is at most that CR, whose escape adds a byte.
    added -= utf8.count - text.count
    // `[`, the lines (each indented and quoted, all but the first after `,` and a line
    // end), a line end, the indent, `]`; as `writeItems` lays an array out.
    let size =
      text.count + added + ends.count * (indent + 4) + max(0, ends.count - 1) * 2 + indent + 4
    if let flush, bytes.count >= 1 << 20 {
      bytes.withUnsafeBufferPointer { flush($0) }
      bytes.removeAll(keepingCapacity: true)
    }
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { out in
      var at = 0
      func put(_ byte: UInt8) {
        out[at] = byte
        at += 1
      }
      put(UInt8(ascii: "["))
      put(UInt8(ascii: "\n"))
      var start = 0
      for (item, end) in ends.enumerated() {
        if item > 0 {
          put(UInt8(ascii: ","))
          put(UInt8(ascii: "\n"))
        }
        for _ in 0..<indent + 2 { put(UInt8(ascii: " ")) }
        put(UInt8(ascii: "\""))
        at = Self.escape(UnsafeBufferPointer(rebasing: text[start..<end]), into: out, at: at)
        put(UInt8(ascii: "\""))
        start = end
      }
      put(UInt8(ascii: "\n"))
      for _ in 0..<indent { put(UInt8(ascii: " ")) }
      put(UInt8(ascii: "]"))
      precondition(at == size, "notebook lines laid out beyond their size")
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: out[..<at]))
    }
  }

  /// A string with `"`, `\\` and the control characters escaped, everything else as its
  /// UTF-8 bytes (`/` included).
  private mutating func writeString(_ string: String) {
    var string = string
    string.withUTF8 { writeString($0) }
  }

  private mutating func writeString(_ utf8: UnsafeBufferPointer<UInt8>) {
    let size = Self.escapedCount(utf8) + 2
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { out in
      out[0] = UInt8(ascii: "\"")
      let end = Self.escape(utf8, into: out, at: 1)
      out[end] = UInt8(ascii: "\"")
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: out[...end]))
    }
  }

  private static let hex = Array("0123456789abcdef".utf8)

  /// How many bytes ``escape(_:into:at:)`` writes for `utf8`.
  private static func escapedCount(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
    var count = utf8.count
    for byte in utf8 where isEscaped(byte) { count += addedByEscape(byte) }
    return count
  }

  /// Whether a byte is escaped in a JSON string: `"`, `\\` and the control characters.
  private static func isEscaped(_ byte: UInt8) -> Bool {
    byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
  }

  /// How many bytes the escape of a byte that ``isEscaped(_:)`` adds to it: one for a
  /// backslash before it or a letter, five for `\u00XX`.
  private static func addedByEscape(_ byte: UInt8) -> Int {
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x08, 0x09, 0x0A, 0x0C, 0x0D: 1
    default: 5
    }
  }

  /// Writes `utf8` into `out` from `at` as the inside of a JSON string: `"` and `\\` after a
  /// backslash, the control characters as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00XX`,
  /// every other byte as it is.
  /// - Returns: Where the bytes written end.
  private static func escape(
    _ utf8: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, at: Int
  ) -> Int {
    var at = at
    for byte in utf8 {
      guard isEscaped(byte) else {
        out[at] = byte
        at += 1
        continue
      }
      out[at] = UInt8(ascii: "\\")
      at += 1
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): out[at] = byte
      case 0x08: out[at] = UInt8(ascii: "b")
      case 0x09: out[at] = UInt8(ascii: "t")
      case 0x0A: out[at] = UInt8(ascii: "n")
      case 0x0C: out[at] = UInt8(ascii: "f")
      case 0x0D: out[at] = UInt8(ascii: "r")
      default:
        out[at] = UInt8(ascii: "u")
        out[at + 1] = UInt8(ascii: "0")
        out[at + 2] = UInt8(ascii: "0")
        out[at + 3] = hex[Int(byte >> 4)]
        out[at + 4] = hex[Int(byte & 0xF)]
        at += 4
      }
      at += 1
    }
    return at
  }
}
