/// The CSV state machine: bytes in, records out, resumable across chunk boundaries.
struct Tokenizer {
  private enum State {
    /// Between records.
    case recordStart
    /// At the start of a field inside a record.
    case fieldStart
    /// Inside an unquoted field.
    case unquoted
    /// Inside a quoted field.
    case quoted
    /// Inside a quoted field, just after a quote: a doubled quote or the closing one.
    case quoteInQuoted
  }

  private static let lineFeed = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")
  private static let quote = UInt8(ascii: "\"")

  let delimiter: UInt8
  let limits: CSVLimits
  let fileName: String

  /// The record being built, handed out when complete.
  private(set) var row = Row()
  private var state = State.recordStart
  /// 1-based physical line the tokenizer is on.
  private var line = 1
  /// A CR ended the last line: an LF right after it belongs to the same line break.
  private var skipLineFeed = false
  /// The last byte inside a quoted field was a CR, perhaps at the end of a chunk.
  private var quotedCarriageReturn = false
  /// Offset in `row.bytes` where the current field starts.
  private var fieldStart = 0
  /// OR of the current field's bytes: bit 7 set means it needs UTF-8 validation.
  private var highBits: UInt8 = 0
  /// Whether a byte is special (delimiter, quote, CR, LF) for unquoted scanning.
  private var special = [Bool](repeating: false, count: 256)

  init(delimiter: UInt8, limits: CSVLimits, fileName: String) {
    self.delimiter = delimiter
    self.limits = limits
    self.fileName = fileName
    for byte in [delimiter, Self.quote, Self.lineFeed, Self.carriageReturn] {
      special[Int(byte)] = true
    }
  }

  /// Consumes bytes from `position` until a record is complete (returns `true`, the record is
  /// ``row``) or the buffer is exhausted (returns `false`).
  mutating func advance(_ buffer: UnsafeBufferPointer<UInt8>, position: inout Int)
    throws(IngestError) -> Bool
  {
    var i = position
    defer { position = i }
    let end = buffer.count
    while i < end {
      let byte = buffer[i]
      if skipLineFeed {
        skipLineFeed = false
        if byte == Self.lineFeed {
          i += 1
          continue
        }
      }
      switch state {
      case .recordStart:
        if byte == Self.lineFeed || byte == Self.carriageReturn {
          // An empty line: skip it.
          line += 1
          skipLineFeed = byte == Self.carriageReturn
          i += 1
          continue
        }
        row.reset(line: line)
        fieldStart = 0
        highBits = 0
        state = .fieldStart
      case .fieldStart:
        if byte == Self.quote {
          state = .quoted
          i += 1
        } else {
          state = .unquoted
        }
      case .unquoted:
        let spanStart = i
        var bits = highBits
        let table = special
        while i < end {
          let b = buffer[i]
          if table[Int(b)] && b != Self.quote { break }
          bits |= b
          i += 1
        }
        highBits = bits
        row.appendBytes(UnsafeBufferPointer(rebasing: buffer[spanStart..<i]))
        try checkRecordSize()
        if i == end { return false }
        let b = buffer[i]
        i += 1
        if b == delimiter {
          try endField()
          state = .fieldStart
        } else {
          try endField()
          line += 1
          skipLineFeed = b == Self.carriageReturn
          state = .recordStart
          return true
        }
      case .quoted:
        let spanStart = i
        var bits = highBits
        var lines = 0
        var afterCR = quotedCarriageReturn
        while i < end {
          let b = buffer[i]
          if b == Self.quote { break }
          // CR, LF and CRLF each count as one line break.
          if b == Self.carriageReturn || (b == Self.lineFeed && !afterCR) { lines += 1 }
          afterCR = b == Self.carriageReturn
          bits |= b
          i += 1
        }
        quotedCarriageReturn = afterCR
        highBits = bits
        line += lines
        row.appendBytes(UnsafeBufferPointer(rebasing: buffer[spanStart..<i]))
        try checkRecordSize()
        if i == end { return false }
        i += 1
        quotedCarriageReturn = false
        state = .quoteInQuoted
      case .quoteInQuoted:
        if byte == Self.quote {
          row.appendByte(Self.quote)
          state = .quoted
          i += 1
        } else if byte == delimiter {
          try endField()
          state = .fieldStart
          i += 1
        } else if byte == Self.lineFeed || byte == Self.carriageReturn {
          try endField()
          line += 1
          skipLineFeed = byte == Self.carriageReturn
          state = .recordStart
          i += 1
          return true
        } else {
          // Text after a closing quote joins the field, as Python's csv module does.
          state = .unquoted
        }
      }
    }
    return false
  }

  /// Ends the input: returns the last record if it had no line break, or `nil`.
  /// - Throws: ``IngestError`` `.malformed` when a quoted field is still open.
  mutating func finish() throws(IngestError) -> Row? {
    switch state {
    case .recordStart:
      return nil
    case .quoted:
      throw IngestError(
        .malformed, file: fileName, row: row.line, column: row.count + 1,
        message: "a quoted field is never closed (a \" is missing)")
    case .fieldStart, .unquoted, .quoteInQuoted:
      try endField()
      state = .recordStart
      return row
    }
  }

  private mutating func endField() throws(IngestError) {
    if highBits & 0x80 != 0 {
      let start = fieldStart
      let bad = row.bytes.withUnsafeBufferPointer { buffer in
        UTF8Validation.firstInvalidOffset(UnsafeBufferPointer(rebasing: buffer[start...]))
      }
      if let bad {
        throw IngestError(
          .malformed, file: fileName, row: row.line, column: row.count + 1,
          message:
            "invalid UTF-8 (byte 0x\(String(row.bytes[start + bad], radix: 16, uppercase: true)) "
            + "at character \(bad + 1) of the field); save the file as UTF-8 or Windows-1252")
      }
    }
    row.endField()
    fieldStart = row.bytes.count
    highBits = 0
    if row.count > limits.maximumFields {
      throw IngestError(
        .limitExceeded, file: fileName, row: row.line,
        message: "more than \(limits.maximumFields) fields in one record")
    }
  }

  private func checkRecordSize() throws(IngestError) {
    if row.bytes.count > limits.maximumRecordBytes {
      throw IngestError(
        .limitExceeded, file: fileName, row: row.line,
        message: "a record longer than \(limits.maximumRecordBytes / (1 << 20)) MB "
          + "(is a quote left open, or is this not a CSV file?)")
    }
  }
}
