/// The checks a part's bytes pass before the XML parser may see them, made as the bytes come
/// out of the archive chunk by chunk: no document type declaration in the prolog (so no
/// entity can expand), no start tag with more than ``maximumXMLAttributes`` attributes
/// (libxml2 compares them pairwise), and well-formed UTF-8 (FoundationXML traps on a name
/// that is not).
///
/// Each check decides exactly as it would on the whole part at once: the scanners keep their
/// place between chunks and hold back the few bytes (at most 8) whose meaning depends on what
/// follows. ``feed(_:)`` returns how many of the bytes received so far have been checked and
/// may go to the parser; none once a check has failed.
struct XMLPrecheck {
  private var doctype = DocumentTypeScan()
  private var crowded: CrowdedTagScan
  private var utf8 = UTF8Validation()
  /// The bytes received and not yet scanned by both structural scanners (at most 8 once a
  /// chunk has been fed).
  private var window: [UInt8] = []
  /// Bytes received in all.
  private(set) var received = 0
  /// Bytes checked by every scanner, from the start of the part.
  private(set) var checked = 0

  init(maximumAttributes: Int = maximumXMLAttributes) {
    crowded = CrowdedTagScan(maximumAttributes: maximumAttributes)
  }

  /// Whether the prolog declares a document type.
  var declaresDocumentType: Bool { doctype.found }
  /// The 1-based line of the first start tag with too many attributes.
  var crowdedLine: Int? { crowded.found }
  /// Whether a byte sequence that is not UTF-8 was found.
  var invalidUTF8: Bool { utf8.invalid }
  /// Whether any check has failed.
  var failed: Bool { declaresDocumentType || crowdedLine != nil || invalidUTF8 }

  /// Scans the next bytes of the part.
  mutating func feed(_ bytes: UnsafeRawBufferPointer) {
    received += bytes.count
    utf8.feed(bytes)
    window.append(contentsOf: bytes)
    scan(final: false)
  }

  /// Scans what is held back, the part being complete.
  mutating func finish() {
    utf8.finish()
    scan(final: true)
  }

  private mutating func scan(final: Bool) {
    let consumed = window.withUnsafeBufferPointer { bytes -> Int in
      let doctypeAt = doctype.scan(bytes, final: final)
      let crowdedAt = crowded.scan(bytes, final: final)
      let consumed = min(doctypeAt, crowdedAt)
      doctype.position = doctypeAt - consumed
      crowded.position = crowdedAt - consumed
      return consumed
    }
    window.removeFirst(min(consumed, window.count))
    // Both are ends of what was received: the checked bytes are the rest.
    checked = received - max(window.count, utf8.pending)
    if final { checked = received }
  }
}

/// Whether `bytes` starts with `pattern` at `index`, false when it runs past the end.
private func matches(
  _ bytes: UnsafeBufferPointer<UInt8>, _ pattern: StaticString, at index: Int
) -> Bool {
  let length = pattern.utf8CodeUnitCount
  guard index >= 0, index + length <= bytes.count else { return false }
  let utf8 = pattern.utf8Start
  for offset in 0..<length where bytes[index + offset] != utf8[offset] { return false }
  return true
}

/// The longest pattern either scanner looks for (`<![CDATA[`, `<!DOCTYPE`).
private let lookahead = 9

/// Looks for `<!DOCTYPE` in the prolog: processing instructions and comments are passed
/// over, and the first other markup ends the search.
private struct DocumentTypeScan {
  private enum State {
    case prolog
    case skip(StaticString)
    case done
  }
  private var state = State.prolog
  private(set) var found = false
  /// Where in the window the scan goes on.
  var position = 0

  /// Scans `bytes` from ``position``; returns where it stopped (`bytes.count` when done).
  mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) -> Int {
    var index = position
    let count = bytes.count
    while index < count {
      switch state {
      case .done:
        return count
      case .prolog:
        guard bytes[index] == UInt8(ascii: "<") else {
          index += 1
          continue
        }
        if !final && index + lookahead > count { return index }
        if matches(bytes, "<!DOCTYPE", at: index) {
          found = true
          state = .done
        } else if matches(bytes, "<?", at: index) {
          index += 2
          state = .skip("?>")
        } else if matches(bytes, "<!--", at: index) {
          index += 4
          state = .skip("-->")
        } else {
          // The document element has begun: the prolog is over.
          state = .done
        }
      case .skip(let terminator):
        let length = terminator.utf8CodeUnitCount
        if !final && index + length > count { return index }
        if matches(bytes, terminator, at: index) {
          index += length
          state = .prolog
        } else {
          index += 1
        }
      }
    }
    if case .done = state { return count }
    return min(index, count)
  }
}

/// Counts the attributes of each start tag (every `=` outside a quoted value), passing over
/// comments, CDATA sections, processing instructions, declarations and end tags.
private struct CrowdedTagScan {
  private enum State {
    case text
    /// Looking for `terminator`, then back to text or, after a quoted value, to the tag.
    case skip(StaticString, inTag: Bool)
    case tag
    case done
  }
  let maximumAttributes: Int
  private var state = State.text
  private var line = 1
  private var tagLine = 1
  private var attributes = 0
  private(set) var found: Int?
  /// Where in the window the scan goes on.
  var position = 0

  init(maximumAttributes: Int) { self.maximumAttributes = maximumAttributes }

  /// Scans `bytes` from ``position``; returns where it stopped.
  mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) -> Int {
    var index = position
    let count = bytes.count
    let newline = UInt8(ascii: "\n")
    while index < count {
      switch state {
      case .done:
        return count
      case .text:
        let byte = bytes[index]
        guard byte == UInt8(ascii: "<") else {
          if byte == newline { line += 1 }
          index += 1
          continue
        }
        if !final && index + lookahead > count { return index }
        guard index + 1 < count else {
          index += 1
          continue
        }
        // A skip starts at the `<` itself, as the scan of a whole part does.
        if matches(bytes, "<!--", at: index) {
          state = .skip("-->", inTag: false)
        } else if matches(bytes, "<![CDATA[", at: index) {
          state = .skip("]]>", inTag: false)
        } else if matches(bytes, "<?", at: index) {
          state = .skip("?>", inTag: false)
        } else if bytes[index + 1] == UInt8(ascii: "!") || bytes[index + 1] == UInt8(ascii: "/") {
          state = .skip(">", inTag: false)
        } else {
          tagLine = line
          attributes = 0
          index += 1
          state = .tag
        }
      case .skip(let terminator, let inTag):
        let length = terminator.utf8CodeUnitCount
        if !final && index + length > count { return index }
        if matches(bytes, terminator, at: index) {
          index += length
          state = inTag ? .tag : .text
        } else {
          if bytes[index] == newline { line += 1 }
          index += 1
        }
      case .tag:
        switch bytes[index] {
        case UInt8(ascii: ">"):
          index += 1
          state = .text
        case UInt8(ascii: "="):
          attributes += 1
          if attributes > maximumAttributes {
            found = tagLine
            state = .done
            return count
          }
          index += 1
        case UInt8(ascii: "\""):
          index += 1
          state = .skip("\"", inTag: true)
        case UInt8(ascii: "'"):
          index += 1
          state = .skip("'", inTag: true)
        case newline:
          line += 1
          index += 1
        default:
          index += 1
        }
      }
    }
    return min(index, count)
  }
}

/// Checks UTF-8 byte by byte (RFC 3629: no overlong forms, no surrogates, nothing above
/// U+10FFFF), keeping an unfinished sequence between chunks.
private struct UTF8Validation {
  private(set) var invalid = false
  /// Continuation bytes still expected.
  private var needed = 0
  /// The range the next continuation byte must fall in (narrower after E0, ED, F0, F4).
  private var low: UInt8 = 0x80
  private var high: UInt8 = 0xBF
  /// The bytes of the unfinished sequence, which may not go to the parser yet.
  private(set) var pending = 0

  mutating func feed(_ bytes: UnsafeRawBufferPointer) {
    guard !invalid else { return }
    for byte in bytes {
      if needed > 0 {
        guard byte >= low && byte <= high else { return fail() }
        needed -= 1
        pending = needed == 0 ? 0 : pending + 1
        low = 0x80
        high = 0xBF
        continue
      }
      switch byte {
      case 0x00...0x7F: continue
      case 0xC2...0xDF: needed = 1
      case 0xE0:
        needed = 2
        low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: needed = 2
      case 0xED:
        needed = 2
        high = 0x9F
      case 0xF0:
        needed = 3
        low = 0x90
      case 0xF1...0xF3: needed = 3
      case 0xF4:
        needed = 3
        high = 0x8F
      default: return fail()
      }
      pending = 1
    }
  }

  /// The part is complete: an unfinished sequence is an error.
  mutating func finish() {
    if needed > 0 { fail() }
  }

  private mutating func fail() {
    invalid = true
    pending = 0
  }
}
