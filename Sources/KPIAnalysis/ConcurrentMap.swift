import Dispatch
import Foundation

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

/// A value computed on a thread of its own while the caller goes on: for a step that need
/// not wait for the ones before it (the spell accumulator's tables, zeroed while the person
/// index is built and the first blocks are scanned).
public final class BackgroundValue<T: Sendable>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private var result: T?

  /// Starts `work` at once.
  public init(_ work: @escaping @Sendable () -> T) {
    Thread { [self] in
      result = work()
      done.signal()
    }.start()
  }

  /// The value, once computed; called once.
  public func wait() -> T {
    done.wait()
    defer { result = nil }
    return result!
  }
}
