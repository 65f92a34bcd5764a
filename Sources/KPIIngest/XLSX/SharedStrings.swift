import Foundation

/// The shared string table of a workbook, stored as one buffer of UTF-8 bytes.
///
/// Cells refer to strings by index; the reader keeps the index and copies the bytes only when
/// it builds a row, so a sheet that repeats one string a million times costs a million
/// integers, not a million copies.
struct SharedStrings: Sendable {
  private(set) var bytes: [UInt8] = []
  /// The end offset in ``bytes`` of each string.
  private(set) var ends: [Int] = []

  var count: Int { ends.count }

  /// The byte range of string `index`.
  func range(_ index: Int) -> Range<Int> {
    (index == 0 ? 0 : ends[index - 1])..<ends[index]
  }

  mutating func append(_ string: String) {
    bytes.append(contentsOf: string.utf8)
    ends.append(bytes.count)
  }
}

/// Reads `sharedStrings.xml`.
///
/// A string item `<si>` is either one `<t>` or rich-text runs `<r><t>`, concatenated; the
/// phonetic guides `<rPh>` of East Asian text are not part of the value. Whitespace inside
/// `<t>` is kept as it is, `xml:space="preserve"` or not: the parser reports it verbatim, and
/// Excel writes the attribute whenever the whitespace matters.
final class SharedStringsHandler: XMLPartHandler {
  private(set) var strings = SharedStrings()
  private var current = ""
  private var inItem = false
  private var inText = false
  private var phoneticDepth = 0

  override func start(_ name: String, _ attributes: [String: String]) {
    switch name {
    case "si":
      inItem = true
      current = ""
    case "rPh": phoneticDepth += 1
    case "t": inText = inItem && phoneticDepth == 0
    default: break
    }
  }

  override func end(_ name: String) {
    switch name {
    case "si":
      strings.append(unescapeOOXML(current))
      inItem = false
    case "rPh": phoneticDepth -= 1
    case "t": inText = false
    default: break
    }
  }

  override func text(_ string: String) {
    if inText { current += string }
  }
}
