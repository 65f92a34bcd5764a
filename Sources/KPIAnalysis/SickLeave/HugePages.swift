#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Array where Element: BitwiseCopyable {
  /// An array of `count` copies of `value` whose memory is asked, before it is first
  /// touched, to be backed by huge pages where the system allows it (Linux with transparent
  /// huge pages set to `madvise`): for the tables the spell accumulator and the person index
  /// reach in random order, so that each access does not also miss the address translation
  /// cache (44 MB of employee-periods are 11 000 small pages, or 22 huge ones). Only a hint:
  /// the values are the same either way.
  public init(hugePagesRepeating value: Element, count: Int) {
    self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
      #if os(Linux)
        let huge = 2 << 20
        let bytes = count * MemoryLayout<Element>.stride
        if bytes >= 2 * huge, let base = buffer.baseAddress {
          let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
          let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
          if end > start {
            // 14 is MADV_HUGEPAGE.
            _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, 14)
          }
        }
      #endif
      buffer.initialize(repeating: value)
      initialized = count
    }
  }
}
