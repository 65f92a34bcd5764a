import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The fast path for large, well-formed UTF-8 CSV files: the data rows are cut into blocks of
/// a few megabytes, the blocks are scanned on every core, and the readers see each record's
/// fields as bytes in the block's buffer, never as `String`s or ``Row``s.
///
/// It is an optimistic path. Anything it does not handle the way ``CSVSource`` and
/// ``TableReader`` do — invalid UTF-8 (perhaps a Windows-1252 file), an unterminated quote, a
/// record over the limits, a ragged row, a quoted line break exactly where a block was cut —
/// makes it give up (`nil`), and the caller reads the file the ordinary way, which reports the
/// error with file, row and column or decides the encoding. Blocks are merged in file order,
/// so results do not depend on how many cores did the work.
public enum CSVBlocks {
  /// Data below this size is read in one block.
  public static let parallelThreshold = 4 << 20
  /// The largest block.
  public static let blockSize = 4 << 20
  /// The smallest block when a file is cut.
  public static let smallestBlock = 512 << 10

  /// Where the data rows of a CSV start, if the fast path can read it.
  public struct Layout: Sendable {
    public let url: URL
    public let delimiter: UInt8
    /// Byte offset of the first data row.
    public let dataStart: Int
    public let fileSize: Int
    /// Number of fields in the header.
    public let columns: Int
    /// The 1-based line the data rows start on (after the header's line breaks), from which
    /// ``CSVBlocks/scanCountingLines(_:blockSize:threshold:parse:merge:)`` numbers blocks.
    public let dataLine: Int
  }

  /// The layout of a CSV whose header spans `headerRows` records, or `nil` when the fast path
  /// cannot read it (not a plain file, a UTF-16 byte-order mark, a header it cannot find).
  public static func layout(
    _ url: URL, delimiter: UInt8, headerRows: Int, columns: Int
  ) -> Layout? {
    let fd = open(url.path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    let size = Int(info.st_size)
    var head = [UInt8](repeating: 0, count: min(size, 1 << 20))
    guard head.withUnsafeMutableBytes({ readFully(fd, $0, at: 0) }) else { return nil }
    if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
      || UTF8Transcoder.utf16WithoutBOM(head) != nil
    {
      return nil
    }
    var position = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var scanner = RecordScanner(delimiter: delimiter)
    defer { scanner.deallocate() }
    var seen = 0
    let found = head.withUnsafeMutableBufferPointer { buffer -> Bool in
      while seen < headerRows {
        switch scanner.scan(buffer, &position, isFinal: size == buffer.count) {
        case .record: seen += 1
        case .blankLine: continue
        case .end, .incomplete, .bail: return false
        }
      }
      return true
    }
    // The header decides the encoding as much as the data: a Windows-1252 header with UTF-8
    // looking data is Windows-1252 throughout for the ordinary reader.
    let header = head.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[0..<position]) }
    guard found, FastUTF8.isValid(header) else { return nil }
    let dataLine = 1 + BlockRecords.lineBreaks(header, isFinal: true)
    return Layout(
      url: url, delimiter: delimiter, dataStart: position, fileSize: size, columns: columns,
      dataLine: dataLine)
  }

  /// Scans the data rows block by block: `parse` turns one block's records into a partial
  /// result (or `nil` to give up), and `merge` takes the partial results in file order.
  ///
  /// - Returns: `false` when the fast path gave up; then nothing more is merged and the
  ///   caller must discard what was merged and read the file the ordinary way.
  ///
  /// - Parameters:
  ///   - blockSize: Bytes per block (tests cut small blocks to try every boundary); by
  ///     default about an eighth of each core's share, between 512 KB and 4 MB, so that the
  ///     cores stay busy to the end of a smaller file.
  ///   - threshold: Data up to this size is one block.
  public static func scan<Partial>(
    _ layout: Layout, blockSize: Int? = nil, threshold: Int = parallelThreshold,
    parse: @escaping @Sendable (inout BlockRecords) -> Partial?,
    merge: (Partial) -> Void
  ) -> Bool {
    scan(layout, blockSize: blockSize, threshold: threshold, parse: parse) { partial in
      merge(partial)
      return true
    }
  }

  /// ``scan(_:blockSize:threshold:parse:merge:)`` for a `merge` that can find a problem
  /// itself: when it returns `false`, the blocks not yet scanned are not read and the scan
  /// returns `false`.
  public static func scan<Partial>(
    _ layout: Layout, blockSize: Int? = nil, threshold: Int = parallelThreshold,
    parse: @escaping @Sendable (inout BlockRecords) -> Partial?,
    mergeWhile merge: (Partial) -> Bool
  ) -> Bool {
    scan(layout, blockSize: blockSize, threshold: threshold, countsLines: false, parse: parse) {
      partial, _ in merge(partial)
    }
  }

  /// ``scan(_:blockSize:threshold:parse:mergeWhile:)`` with the rows numbered: each block
  /// counts its line breaks, and `merge` gets with each partial result the 1-based line of
  /// the file where the block starts (the sum of the counts of the blocks before it), so
  /// that ``BlockRecords/line`` of a record, added to it, is the record's line in the file
  /// as ``Row/line`` gives it.
  public static func scanCountingLines<Partial>(
    _ layout: Layout, blockSize: Int? = nil, threshold: Int = parallelThreshold,
    parse: @escaping @Sendable (inout BlockRecords) -> Partial?,
    merge: (Partial, _ firstLine: Int) -> Bool
  ) -> Bool {
    scan(
      layout, blockSize: blockSize, threshold: threshold, countsLines: true, parse: parse,
      merge: merge)
  }

  /// ``scanCountingLines(_:blockSize:threshold:parse:merge:)`` for a `merge` that throws: the
  /// first error stops the scan (the blocks not yet scanned are not read) and is rethrown.
  /// - Returns: `false` when the fast path gave up, as the non-throwing scan.
  public static func scanCountingLines<Partial>(
    _ layout: Layout, blockSize: Int? = nil, threshold: Int = parallelThreshold,
    parse: @escaping @Sendable (inout BlockRecords) -> Partial?,
    throwingMerge merge: (Partial, _ firstLine: Int) throws -> Void
  ) throws -> Bool {
    var failure: (any Error)?
    let finished = scanCountingLines(
      layout, blockSize: blockSize, threshold: threshold, parse: parse
    ) { partial, firstLine in
      do {
        try merge(partial, firstLine)
        return true
      } catch {
        failure = error
        return false
      }
    }
    if let failure { throw failure }
    return finished
  }

  private static func scan<Partial>(
    _ layout: Layout, blockSize: Int?, threshold: Int, countsLines: Bool,
    parse: @escaping @Sendable (inout BlockRecords) -> Partial?,
    merge: (Partial, Int) -> Bool
  ) -> Bool {
    let data = layout.fileSize - layout.dataStart
    let (blockSize, blockCount) = blocks(layout, blockSize: blockSize, threshold: threshold)
    let fd = open(layout.url.path, O_RDONLY)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    let workers = blockCount == 1 ? 1 : cores
    // Worker w scans blocks w, w + workers, …; the calling thread merges them in order while
    // the next ones are scanned. A block may start only when the block `ahead` places
    // before it is merged, so at most `ahead` blocks wait in memory: eight per worker, so
    // that the workers go on while a reader that merges a few blocks together (the spells)
    // is at it.
    let ahead = 8 * workers
    let pipeline = Pipeline<Partial>(count: blockCount)
    let group = DispatchGroup()
    do {
      for worker in 0..<workers {
        // A thread of its own rather than a dispatch queue's: the workers wait on each other
        // through the merging thread, and a queue's pool need not start every worker at once.
        group.enter()
        Thread {
          defer { group.leave() }
          for index in stride(from: worker, to: blockCount, by: workers) {
            if index >= ahead { pipeline.merged[index - ahead].wait() }
            if !pipeline.isCancelled {
              let nominal = { (i: Int) in layout.dataStart + i * blockSize }
              var records = BlockRecords(
                fd: fd, layout: layout, nominalStart: index == 0 ? nil : nominal(index),
                nominalEnd: index + 1 == blockCount ? nil : nominal(index + 1))
              if records.prepare() {
                let partial = parse(&records)
                if countsLines { pipeline.lines[index] = records.linesToEnd() }
                if !records.failed { pipeline.results[index] = partial }
              }
            }
            pipeline.ready[index].signal()
          }
        }.start()
      }
    }
    var ok = true
    var firstLine = layout.dataLine
    let file = layout.url.lastPathComponent
    for index in 0..<blockCount {
      pipeline.ready[index].wait()
      if ok, let partial = pipeline.results[index] {
        pipeline.results[index] = nil
        let line = firstLine
        firstLine += pipeline.lines[index]
        if !merge(partial, line) {
          ok = false
          pipeline.cancel()
        }
        ProgressMeter.shared.reading(
          file, bytes: min(data, (index + 1) * blockSize), of: data,
          rows: countsLines ? firstLine - layout.dataLine : nil)
      } else if ok {
        ok = false
        pipeline.cancel()
      }
      pipeline.merged[index].signal()
    }
    group.wait()
    return ok
  }

  /// The size and number of the blocks a scan of `layout` cuts (see
  /// ``scan(_:blockSize:threshold:parse:merge:)``), for a merge that treats the last blocks
  /// differently; without a `blockSize`, blocks of at most `largest` bytes.
  public static func blocks(
    _ layout: Layout, blockSize: Int?, largest: Int = blockSize,
    threshold: Int = parallelThreshold
  ) -> (size: Int, count: Int) {
    let data = layout.fileSize - layout.dataStart
    let size = blockSize ?? min(largest, max(smallestBlock, data / (cores * 8)))
    return (size, data <= threshold ? 1 : (data + size - 1) / size)
  }

  /// The cores the blocks are scanned on.
  public static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// Fills `buffer` from the file at `offset`; `false` when the file ends first or fails.
  static func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: Int)
    -> Bool
  {
    var done = 0
    while done < buffer.count {
      let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
      if n <= 0 { return false }
      done += n
    }
    return true
  }
}

/// The blocks in flight: each result slot is written by one worker and read by the merging
/// thread only after that worker signalled `ready`.
private final class Pipeline<T>: @unchecked Sendable {
  let results: UnsafeMutableBufferPointer<T?>
  /// Line breaks per block, when counted.
  let lines: UnsafeMutableBufferPointer<Int>
  let ready: [DispatchSemaphore]
  let merged: [DispatchSemaphore]
  private let lock = NSLock()
  private var cancelled = false

  init(count: Int) {
    results = .allocate(capacity: count)
    results.initialize(repeating: nil)
    lines = .allocate(capacity: count)
    lines.initialize(repeating: 0)
    ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
    merged = (0..<count).map { _ in DispatchSemaphore(value: 0) }
  }

  deinit {
    results.deinitialize()
    results.deallocate()
    lines.deallocate()
  }

  var isCancelled: Bool { lock.withLock { cancelled } }
  func cancel() { lock.withLock { cancelled = true } }
}

/// The records of one block, handed out one at a time as fields in the block's buffer.
public struct BlockRecords: ~Copyable {
  let fd: Int32
  let layout: CSVBlocks.Layout
  let nominalStart: Int?
  let nominalEnd: Int?
  /// File offset of `buffer[0]`.
  private var base = 0
  private var buffer: UnsafeMutableBufferPointer<UInt8> = .init(start: nil, count: 0)
  private var position = 0
  /// File offset where the next block's first record starts; this block's records stop there.
  private var stop = Int.max
  private var isFinal = false
  private var scanner: RecordScanner
  /// Whether the block could not be read the fast way.
  public private(set) var failed = false
  /// File offset of the block's first record, and the offsets from there of its line breaks,
  /// found before the scanner unquotes fields in place (which moves line breaks).
  private var blockStart = 0
  private var breaks: [Int32] = []
  /// The line breaks before the record being read.
  private var breaksBefore = 0
  /// Whether the block has a quote: without one every record is one line, and lines are
  /// counted as records and blank lines, without noting the breaks.
  private var hasQuotes = true
  private var records = 0
  private var blankLines = 0
  /// The line of the record ``next()`` returned last, counted from the block's first line
  /// (0 for a record on it): add the block's first line from
  /// ``CSVBlocks/scanCountingLines(_:blockSize:threshold:parse:merge:)`` for the file's.
  public private(set) var line = 0

  init(fd: Int32, layout: CSVBlocks.Layout, nominalStart: Int?, nominalEnd: Int?) {
    self.fd = fd
    self.layout = layout
    self.nominalStart = nominalStart
    self.nominalEnd = nominalEnd
    scanner = RecordScanner(delimiter: layout.delimiter)
  }

  deinit {
    buffer.deallocate()
    scanner.deallocate()
  }

  /// The first file offset at or after `nominal` where a line starts (a record starts there
  /// unless a quoted field spans the line break, which the scan of the block before detects).
  private func lineStart(after nominal: Int) -> Int? {
    var offset = nominal - base
    guard offset >= 1 else { return nil }
    while offset < buffer.count {
      let previous = buffer[offset - 1]
      if previous == 0x0A || (previous == 0x0D && buffer[offset] != 0x0A) { return base + offset }
      offset += 1
    }
    return nil
  }

  /// Reads the block from the file and checks it is UTF-8.
  mutating func prepare() -> Bool {
    let from = nominalStart.map { $0 - 1 } ?? layout.dataStart
    let to = min(layout.fileSize, (nominalEnd ?? layout.fileSize) + (64 << 10))
    guard load(from: from, to: to) else { return fail() }
    // No line starts after a cut when the last record runs from before it to the end of the
    // file: then the cut is at the end.
    let atEnd = to == layout.fileSize ? layout.fileSize : nil
    if let nominalEnd {
      guard let next = lineStart(after: nominalEnd) ?? atEnd else { return fail() }
      stop = next
    }
    if let nominalStart {
      guard let start = lineStart(after: nominalStart) ?? atEnd else { return fail() }
      position = start - base
    } else {
      position = 0
    }
    blockStart = base + position
    findBreaks()
    return validate()
  }

  /// Notes where the block's line breaks are, as ``Row/line`` counts them: LF, CR LF and a CR
  /// alone each one.
  private mutating func findBreaks() {
    let end = min(buffer.count, stop - base)
    guard position < end else { return }
    let p = UnsafePointer(buffer.baseAddress!)
    hasQuotes = memchr(p + position, 0x22, end - position) != nil
    guard hasQuotes else { return }
    let origin = position
    breaks.reserveCapacity((end - position) / 24)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    // The high bit set in exactly the bytes of `x` that are zero.
    @inline(__always) func zeros(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x | low7) }
    var i = position
    while i < end {
      if i + 8 <= end {
        let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
        var lf = zeros(word ^ (ones &* 0x0A))
        if zeros(word ^ (ones &* 0x0D)) == 0 {
          while lf != 0 {
            breaks.append(Int32(i - origin + lf.trailingZeroBitCount / 8))
            lf &= lf &- 1
          }
          i += 8
          continue
        }
      }
      // Byte by byte where a CR is (or at the end): a CR alone is a break of its own.
      let stopAt = min(end, i + 8)
      while i < stopAt {
        if p[i] == 0x0A {
          breaks.append(Int32(i - origin))
        } else if p[i] == 0x0D, i + 1 < buffer.count ? p[i + 1] != 0x0A : isFinal {
          breaks.append(Int32(i - origin))
        }
        i += 1
      }
    }
  }

  /// The line breaks of the block: those from its first line to where its records end.
  public func linesToEnd() -> Int {
    hasQuotes ? breaks.count : records + blankLines
  }

  /// Line breaks in `bytes`, as ``Row/line`` counts them: LF, CR LF and a CR alone each
  /// one. `isFinal`: whether a CR as the last byte counts (no LF after it).
  static func lineBreaks(_ bytes: UnsafeBufferPointer<UInt8>, isFinal: Bool) -> Int {
    guard let p = bytes.baseAddress else { return 0 }
    let n = bytes.count
    let ones: UInt64 = 0x0101_0101_0101_0101
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    // The high bit set in exactly the bytes of `x` that are zero.
    @inline(__always) func zeros(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x | low7) }
    var count = 0
    var i = 0
    var crs = false
    while i + 8 <= n {
      let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
      count += zeros(word ^ (ones &* 0x0A)).nonzeroBitCount
      if zeros(word ^ (ones &* 0x0D)) != 0 { crs = true }
      i += 8
    }
    while i < n {
      if p[i] == 0x0A { count += 1 }
      if p[i] == 0x0D { crs = true }
      i += 1
    }
    guard crs else { return count }
    // A CR alone (old Mac files) is a line break of its own; CR LF was counted at the LF.
    for j in 0..<n where p[j] == 0x0D {
      if j + 1 < n ? p[j + 1] != 0x0A : isFinal { count += 1 }
    }
    return count
  }

  private mutating func load(from: Int, to: Int) -> Bool {
    buffer.deallocate()
    buffer = .allocate(capacity: max(1, to - from))
    buffer = UnsafeMutableBufferPointer(rebasing: buffer[0..<(to - from)])
    base = from
    isFinal = to == layout.fileSize
    return CSVBlocks.readFully(fd, UnsafeMutableRawBufferPointer(buffer), at: from)
  }

  /// The block's own bytes must be UTF-8; a field never splits a sequence, since the
  /// delimiters are ASCII.
  private mutating func validate() -> Bool {
    let end = min(buffer.count, stop - base)
    guard position <= end else { return true }
    let slice = UnsafeBufferPointer(rebasing: buffer[position..<end])
    return FastUTF8.isValid(slice) ? true : fail()
  }

  private mutating func fail() -> Bool {
    failed = true
    return false
  }

  /// Frees the block's bytes once its records are read (a reader that goes on working on
  /// what it took from them, so that the bytes do not wait in memory meanwhile): ``next()``
  /// returns `nil` from here on.
  public mutating func releaseBuffer() {
    buffer.deallocate()
    buffer = .init(start: nil, count: 0)
    position = 0
    stop = base
  }

  /// The bytes from the next record to where this block's records end, as far as they are in
  /// memory (checked UTF-8): for a reader that sizes its arrays for the block's rows before it
  /// reads them with ``next()``.
  public var pending: UnsafeBufferPointer<UInt8> {
    let end = min(buffer.count, stop - base)
    guard !failed, position < end else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(rebasing: buffer[position..<end])
  }

  /// The line breaks the scanner has read in this block: the block's lines once ``next()``
  /// has returned `nil`.
  var lines: Int { scanner.line - 1 }

  /// The next record, or `nil` at the end of the block or when the fast path gives up (see
  /// ``failed``).
  @inline(__always)
  public mutating func next() -> RecordView? {
    if failed { return nil }
    while true {
      let at = base + position
      if at == stop { return nil }
      if at > stop {
        // The records of this block did not end where the next block was cut: a quoted line
        // break there, or a CR LF split.
        failed = true
        return nil
      }
      let recordStart = Int32(at - blockStart)
      switch scanner.scan(buffer, &position, isFinal: isFinal) {
      case .record:
        if hasQuotes {
          while breaksBefore < breaks.count && breaks[breaksBefore] < recordStart {
            breaksBefore += 1
          }
          line = breaksBefore
        } else {
          line = records + blankLines
          records += 1
        }
        return RecordView(buffer: UnsafeBufferPointer(buffer), scanner: scanner)
      case .blankLine:
        blankLines += 1
        continue
      case .end where isFinal:
        return nil
      case .end, .incomplete:
        // The record runs past the buffer: read it again from its start, with more after it.
        let to = min(layout.fileSize, base + buffer.count + (1 << 20))
        guard to > base + buffer.count, to - at <= 3 << 20, load(from: at, to: to) else {
          failed = true
          return nil
        }
        position = 0
        guard validate() else { return nil }
      case .bail:
        failed = true
        return nil
      }
    }
  }
}

/// One record of a block: its fields as byte ranges of the block's buffer, valid until the
/// next call to ``BlockRecords/next()``.
public struct RecordView {
  let base: UnsafePointer<UInt8>
  let starts: UnsafePointer<Int>
  let ends: UnsafePointer<Int>
  /// Number of fields.
  public let count: Int
  /// The line the record starts on, counted from 1 at the block's start.
  let line: Int

  init(buffer: UnsafeBufferPointer<UInt8>, scanner: RecordScanner) {
    base = buffer.baseAddress!
    starts = UnsafePointer(scanner.starts)
    ends = UnsafePointer(scanner.ends)
    count = scanner.count
    line = scanner.recordLine
  }

  /// The bytes of field `index`; empty past the end.
  @inline(__always)
  public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
    guard index < count else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(start: base + starts[index], count: ends[index] - starts[index])
  }

  /// Whether every field is empty (``TableReader`` skips such records).
  public var isBlank: Bool {
    var index = 0
    while index < count {
      if starts[index] != ends[index] { return false }
      index += 1
    }
    return true
  }

  /// Whether the record has the header's number of fields, as ``TableReader`` requires of a
  /// CSV: more are fine when the extra ones are empty.
  public func fits(columns: Int) -> Bool {
    if count == columns { return true }
    if count < columns { return false }
    return (columns..<count).allSatisfy { starts[$0] == ends[$0] }
  }

  /// Field `index` as a string (for the rare cell the fast path hands to ``CellParser``).
  public func string(_ index: Int) -> String {
    String(decoding: field(index), as: UTF8.self)
  }
}
