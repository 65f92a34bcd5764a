import Dispatch

/// `(0..<count).map(transform)` on every core; the results keep their order, so they are the
/// same however many cores did the work.
public func concurrentMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
  let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
  results.initialize(repeating: nil)
  defer {
    results.deinitialize()
    results.deallocate()
  }
  let shared = SharedResults(buffer: results)
  DispatchQueue.concurrentPerform(iterations: count) { index in
    shared.buffer[index] = transform(index)
  }
  return results.map { $0! }
}

/// The results buffer, written by each iteration at its own index only.
private struct SharedResults<T>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<T?>
}
