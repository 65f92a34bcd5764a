import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Text written to an open file piece by piece through a buffer of 1 MiB, for the outputs too
/// large to hold whole before they are written: the report page and the notebook inline every
/// chart, tens of MB for a survey of 2 000 questions.
///
/// The first failed write is kept and later writes are dropped; ``finish()`` says whether all
/// of it reached the file.
public final class TextSink {
  private let descriptor: Int32
  private var buffer: [UInt8] = []
  private var failure: Int32?
  static let capacity = 1 << 20

  init(descriptor: Int32) {
    self.descriptor = descriptor
    buffer.reserveCapacity(Self.capacity)
  }

  /// Appends `text` as UTF-8.
  public func write(_ text: String) {
    var text = text
    text.withUTF8 { write($0) }
  }

  /// Appends bytes.
  public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard failure == nil else { return }
    if buffer.count + bytes.count > Self.capacity { flush() }
    if bytes.count >= Self.capacity {
      if !writeAll(descriptor, bytes) { failure = errno }
    } else {
      buffer.append(contentsOf: bytes)
    }
  }

  /// Appends bytes.
  public func write(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { write($0) }
  }

  private func flush() {
    guard failure == nil, !buffer.isEmpty else { return }
    let complete = buffer.withUnsafeBufferPointer { writeAll(descriptor, $0) }
    if !complete { failure = errno }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes what the buffer holds.
  /// - Returns: The `errno` of the first write that failed, or `nil` when all was written.
  func finish() -> Int32? {
    flush()
    return failure
  }
}

/// Writes all of `bytes` to `fd`, again after an interrupted or short write.
/// - Returns: `false` when a write fails (`errno` says why).
func writeAll(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  var offset = 0
  while offset < bytes.count {
    let count = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
    if count < 0 && errno == EINTR { continue }
    guard count > 0 else { return false }
    offset += count
  }
  return true
}

extension [UInt8] {
  /// Appends a literal's UTF-8 bytes in one copy, for the byte writers of the SVG and the
  /// notebook (`withUTF8Buffer`, since a one-character literal is kept as a scalar, not as
  /// bytes; and not `"…".utf8`, which is copied through a string view piece by piece).
  mutating func append(literal: StaticString) {
    literal.withUTF8Buffer { append(contentsOf: $0) }
  }

  /// Appends `count` spaces one by one: for an indent, a few bytes, where appending a
  /// sequence of them went through the generic, element-wise path anyway.
  mutating func append(spaces count: Int) {
    for _ in 0..<count { append(UInt8(ascii: " ")) }
  }
}
