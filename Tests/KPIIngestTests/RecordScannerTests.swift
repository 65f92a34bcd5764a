import Testing

@testable import KPIIngest

/// The scanner's reading 16 bytes at a time (``RecordScanner/readsPlainRecords``) against its
/// field-by-field reading, on random bytes made of what CSV files hold: every step, field,
/// position, line and problem the same.
@Suite("The record scanner's two readings")
struct RecordScannerTests {
  /// Every step of scanning `bytes` from the start, as text, and the bytes after (a complete
  /// record is unquoted in place).
  static func steps(
    _ bytes: [UInt8], delimiter: UInt8, limits: CSVLimits, isFinal: Bool, readsPlainRecords: Bool
  ) -> ([String], [UInt8]) {
    var buffer = bytes
    var scanner = RecordScanner(delimiter: delimiter, limits: limits)
    scanner.readsPlainRecords = readsPlainRecords
    defer { scanner.deallocate() }
    var position = 0
    var steps: [String] = []
    buffer.withUnsafeMutableBufferPointer { buffer in
      while steps.count < 1_000 {
        let step = scanner.scan(buffer, &position, isFinal: isFinal)
        var text = "\(step) at \(position) line \(scanner.line)"
        if step == .record {
          let fields = (0..<scanner.count).map { "\(scanner.starts[$0])..<\(scanner.ends[$0])" }
          text += " from line \(scanner.recordLine): \(fields)"
        }
        if step == .bail { text += " \(String(describing: scanner.problem))" }
        steps.append(text)
        if step != .record && step != .blankLine { break }
      }
    }
    return (steps, buffer)
  }

  @Test("random CSV bytes: the same records either way")
  func randomBytes() {
    // Letters, digits, both delimiters, quotes, line breaks, spaces and a two-byte letter
    // (é), weighted towards the first so that most records are plain ones.
    let alphabet: [UInt8] = Array("abc123,,,;\"\n\r .".utf8) + [0xC3, 0xA9]
    var random = SeededRandom(state: 20_261_203)
    var records = 0
    var plain = 0
    for round in 0..<4_000 {
      let length = random.next(round < 2_000 ? 60 : 400)
      var bytes = (0..<length).map { _ in alphabet[random.next(alphabet.count)] }
      // Half of the inputs with few quotes, as real files have them.
      if round % 2 == 0 { bytes = bytes.map { $0 == 0x22 && random.next(8) > 0 ? 0x78 : $0 } }
      let limits =
        round % 5 == 0
        ? CSVLimits(maximumRecordBytes: 24, maximumFields: 4)
        : CSVLimits(maximumRecordBytes: 1 << 20, maximumFields: 100)
      for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
        for isFinal in [true, false] {
          let fast = Self.steps(
            bytes, delimiter: delimiter, limits: limits, isFinal: isFinal, readsPlainRecords: true)
          let slow = Self.steps(
            bytes, delimiter: delimiter, limits: limits, isFinal: isFinal, readsPlainRecords: false)
          #expect(fast.0 == slow.0, "\(bytes)")
          #expect(fast.1 == slow.1, "\(bytes)")
          records += fast.0.filter { $0.hasPrefix("record") }.count
          if !bytes.contains(0x22) { plain += fast.0.filter { $0.hasPrefix("record") }.count }
        }
      }
    }
    // Both kinds were met many times.
    #expect(records > 10_000)
    #expect(plain > 1_000)
  }

  @Test("a plain record is read 16 bytes at a time, with its fields where they are")
  func plainRecord() {
    // 2 records of 4 fields, the second ending in CR LF; 16 bytes at least follow each.
    let text =
      "E1,2025-01-02,2025-01-03,7.5\nE22,2025-02-01,2025-02-28,12\r\n"
      + String(repeating: "x", count: 20)
    let (steps, _) = Self.steps(
      Array(text.utf8), delimiter: UInt8(ascii: ","),
      limits: CSVLimits(maximumRecordBytes: 1 << 20, maximumFields: 100), isFinal: true,
      readsPlainRecords: true)
    // "E1" 0..<2, dates 3..<13 and 14..<24, hours 25..<28, the line feed at 28.
    #expect(
      steps[0]
        == "record at 29 line 2 from line 1: [\"0..<2\", \"3..<13\", \"14..<24\", \"25..<28\"]")
    // From 29: "E22" 29..<32, 33..<43, 44..<54, "12" 55..<57, CR LF at 57 and 58.
    #expect(
      steps[1]
        == "record at 59 line 3 from line 2: [\"29..<32\", \"33..<43\", \"44..<54\", \"55..<57\"]")
  }
}
