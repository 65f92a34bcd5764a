import Foundation

/// The bytes of one XML part as they are inflated, a chunk at a time, so that no part is ever
/// held whole (issue 17, item 13: a 257 KB workbook that unpacks to 190 MB).
///
/// ZIPFoundation pushes the inflated chunks of an entry to a closure; Foundation's
/// `XMLParser` pulls its input from an `InputStream`. The archive's extraction therefore runs
/// on a thread of its own and hands its chunks over through a ``ChunkPipe`` of two chunks,
/// which the parser's thread takes as it needs them: at most a few hundred kilobytes of a
/// part are in memory at any moment, whatever its size.
final class PartStream {
  /// The part's path in the archive, for diagnostics.
  let path: String
  private let nextChunk: () -> Data?
  private let finished: () throws(IngestError) -> Void
  private var ended = false
  /// The most bytes of the part waiting in the pipe at once.
  var peakQueuedBytes: () -> Int

  init(
    path: String, next: @escaping () -> Data?,
    finish: @escaping () throws(IngestError) -> Void, peakQueuedBytes: @escaping () -> Int
  ) {
    self.path = path
    self.nextChunk = next
    self.finished = finish
    self.peakQueuedBytes = peakQueuedBytes
  }

  /// A part already in memory, handed out in chunks of `chunkSize` bytes (for tests and
  /// for parts made in memory).
  convenience init(path: String, data: Data, chunkSize: Int = 1 << 16) {
    var offset = data.startIndex
    self.init(
      path: path,
      next: {
        guard offset < data.endIndex else { return nil }
        let end = min(offset + chunkSize, data.endIndex)
        defer { offset = end }
        return data.subdata(in: offset..<end)
      }, finish: {}, peakQueuedBytes: { 0 })
  }

  /// The next chunk, or `nil` after the last.
  func next() -> Data? {
    guard !ended else { return nil }
    if let chunk = nextChunk() { return chunk }
    ended = true
    return nil
  }

  /// Reads what is left and waits for the extraction to end.
  /// - Throws: ``IngestError`` when the archive could not give the whole part: it inflates to
  ///   more than it declared or the workbook to more than the limit (`.limitExceeded`), or
  ///   the data is truncated or corrupt (`.malformed`).
  func finish() throws(IngestError) {
    while next() != nil {}
    try finished()
  }
}

/// A bounded hand-over of chunks from one producing thread to one consuming thread.
final class ChunkPipe: @unchecked Sendable {
  private let condition = NSCondition()
  private var chunks: [Data] = []
  private var closed = false
  private let capacity: Int
  private var queuedBytes = 0
  private var peak = 0

  init(capacity: Int = 2) { self.capacity = capacity }

  /// The most bytes that waited in the pipe at once.
  var peakQueuedBytes: Int { condition.withLock { peak } }

  /// Hands a chunk over, waiting while the pipe is full.
  func put(_ chunk: Data) {
    condition.lock()
    defer { condition.unlock() }
    while chunks.count >= capacity { condition.wait() }
    chunks.append(chunk)
    queuedBytes += chunk.count
    peak = max(peak, queuedBytes)
    condition.broadcast()
  }

  /// No more chunks will come.
  func close() {
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  /// The next chunk, waiting for it; `nil` once the pipe is closed and empty.
  func take() -> Data? {
    condition.lock()
    defer { condition.unlock() }
    while chunks.isEmpty && !closed { condition.wait() }
    guard !chunks.isEmpty else { return nil }
    let chunk = chunks.removeFirst()
    queuedBytes -= chunk.count
    condition.broadcast()
    return chunk
  }
}

/// The input the XML parser pulls: the bytes of a ``PartStream`` that ``XMLPrecheck`` has
/// passed. Once a check fails the parser reads an error and stops; the rest of the part is
/// still checked by ``drain()``, so that the part's first failure is reported as it would be
/// were the part read whole first.
final class CheckedPartInput: InputStream {
  private let part: PartStream
  private(set) var precheck = XMLPrecheck()
  /// Bytes received and not yet handed to the parser; the first is byte ``bufferStart`` of
  /// the part.
  private var buffer: [UInt8] = []
  private var bufferStart = 0
  private var given = 0
  private var ended = false
  /// The most bytes of the part the buffer held at once.
  private(set) var peakBufferedBytes = 0

  init(_ part: PartStream) {
    self.part = part
    super.init(data: Data())
  }

  override func open() {}
  override func close() {}
  override var hasBytesAvailable: Bool { !ended || given < precheck.checked }
  override var streamStatus: Stream.Status { .open }
  override var streamError: Error? { nil }

  override func read(_ target: UnsafeMutablePointer<UInt8>, maxLength: Int) -> Int {
    while true {
      if precheck.failed { return -1 }
      let available = precheck.checked - given
      if available > 0 {
        let count = min(available, maxLength)
        let offset = given - bufferStart
        buffer.withUnsafeBufferPointer { bytes in
          target.update(from: bytes.baseAddress! + offset, count: count)
        }
        given += count
        return count
      }
      if ended { return 0 }
      pull()
    }
  }

  /// Checks the rest of the part, which the parser did not read.
  func drain() {
    while !ended { pull() }
  }

  private func pull() {
    guard let chunk = part.next() else {
      precheck.finish()
      ended = true
      return
    }
    // What the parser has had is not kept.
    if given > bufferStart {
      buffer.removeFirst(given - bufferStart)
      bufferStart = given
    }
    if precheck.failed {
      // The parser reads no more: only the checks go on.
      chunk.withUnsafeBytes { precheck.feed($0) }
      return
    }
    buffer.append(contentsOf: chunk)
    peakBufferedBytes = max(peakBufferedBytes, buffer.count)
    chunk.withUnsafeBytes { precheck.feed($0) }
  }
}
