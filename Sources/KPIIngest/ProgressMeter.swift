import Foundation

/// How far long work has come, for a line on stderr while it lasts (SPEC §3: work over a
/// second shows progress when stderr is a terminal).
///
/// The readers tell it once per block or chunk, from the thread that merges them, never per
/// row; it passes a ``Snapshot`` to the sink the command line installed at most every
/// ``interval`` and not before ``delay`` has passed, so that short work shows nothing. With no
/// sink installed (the default, and a library's use) it does nothing but take a lock.
public final class ProgressMeter: @unchecked Sendable {
  /// What is shown: the analysis under way in a report, and the file being read.
  public struct Snapshot: Sendable, Equatable {
    /// The analyses of a report done so far, their number, and the id of the one under way.
    public var analysis: (done: Int, count: Int, id: String)?
    /// The file being read, by name.
    public var file: String?
    /// The rows read of it, when the reader counts them.
    public var rows: Int?
    /// The bytes read of it, and its size when known.
    public var bytes = 0
    public var size: Int?

    public static func == (a: Snapshot, b: Snapshot) -> Bool {
      a.analysis?.done == b.analysis?.done && a.analysis?.count == b.analysis?.count
        && a.analysis?.id == b.analysis?.id && a.file == b.file && a.rows == b.rows
        && a.bytes == b.bytes && a.size == b.size
    }
  }

  /// The one meter of the process.
  public static let shared = ProgressMeter()

  /// The least time between two snapshots.
  public static let interval: UInt64 = 250_000_000
  /// How long work runs before anything is shown: a second, unless `KPI_PROGRESS_DELAY`
  /// (seconds) says otherwise, as the pseudo-terminal test does for a small file.
  public static let delay: UInt64 = {
    if let text = ProcessInfo.processInfo.environment["KPI_PROGRESS_DELAY"],
      let seconds = Double(text), seconds >= 0
    {
      return UInt64(seconds * 1e9)
    }
    return 1_000_000_000
  }()

  private let lock = NSLock()
  private var sink: (@Sendable (Snapshot?) -> Void)?
  private var state = Snapshot()
  private var started: UInt64 = 0
  private var lastShown: UInt64?

  /// Shows progress through `sink` from now on; `finish` hands it `nil` to clear the line.
  public func install(_ sink: @escaping @Sendable (Snapshot?) -> Void) {
    lock.withLock {
      self.sink = sink
      started = DispatchTime.now().uptimeNanoseconds
    }
  }

  /// Clears what was shown, if anything, and shows nothing more.
  public func finish() {
    let sink: (@Sendable (Snapshot?) -> Void)? = lock.withLock {
      defer {
        self.sink = nil
        lastShown = nil
      }
      return lastShown == nil ? nil : self.sink
    }
    sink?(nil)
  }

  /// A report starts analysis `done + 1` of `count`.
  public func analysis(_ done: Int, of count: Int, id: String) {
    update {
      $0.analysis = (done, count, id)
      $0.file = nil
    }
  }

  /// A reader has read `bytes` of `file` (of `size`), and `rows` rows when it counts them.
  public func reading(_ file: String, bytes: Int, of size: Int?, rows: Int? = nil) {
    update {
      $0.file = file
      $0.bytes = bytes
      $0.size = size
      $0.rows = rows
    }
  }

  private func update(_ change: (inout Snapshot) -> Void) {
    let shown: (sink: @Sendable (Snapshot?) -> Void, snapshot: Snapshot)? = lock.withLock {
      guard let sink else { return nil }
      change(&state)
      let now = DispatchTime.now().uptimeNanoseconds
      guard now - started >= Self.delay else { return nil }
      if let lastShown, now - lastShown < Self.interval { return nil }
      lastShown = now
      return (sink, state)
    }
    if let shown { shown.sink(shown.snapshot) }
  }
}
