import Foundation

/// Writes files whole or not at all: to a temporary name in the same folder, then renamed over
/// the target, so a failed run leaves the previous output intact (SPEC §8).
public enum AtomicFile {
  /// Writes `data` to `url`, creating the folder when needed.
  /// - Throws: ``RenderError`` when the folder or file cannot be written.
  public static func write(_ data: Data, to url: URL) throws(RenderError) {
    let folder = url.deletingLastPathComponent()
    let manager = FileManager.default
    do {
      try manager.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw RenderError(path: folder.path, reason: "cannot create the folder")
    }
    let temporary = folder.appendingPathComponent(
      ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      try data.write(to: temporary)
    } catch {
      try? manager.removeItem(at: temporary)
      throw RenderError(path: url.path, reason: "the folder is not writable or the disk is full")
    }
    if let injected = FaultInjection.failure(url) {
      try? manager.removeItem(at: temporary)
      throw injected
    }
    if rename(temporary.path, url.path) != 0 {
      try? manager.removeItem(at: temporary)
      throw RenderError(path: url.path, reason: String(cString: strerror(errno)))
    }
    FaultInjection.written()
  }

  /// Writes named texts into a folder, each file atomically. Callers compute every text
  /// first, so a failure in the analysis leaves all earlier outputs as they were.
  public static func write(_ files: [(name: String, text: String)], in folder: URL)
    throws(RenderError)
  {
    for file in files { try write(file.text, to: folder.appendingPathComponent(file.name)) }
  }

  /// Writes text as UTF-8.
  public static func write(_ text: String, to url: URL) throws(RenderError) {
    try write(Data(text.utf8), to: url)
  }
}

/// For tests only: `KPI_TEST_FAIL_AFTER_FILES=N` in the environment makes every file after the
/// first N of the process fail once its temporary file is written, before the rename, as a
/// full disk would; so a test can check what a run that dies halfway leaves behind. Unset (as
/// always outside tests), it changes nothing.
enum FaultInjection {
  /// N, read once from the environment; `nil` when unset or not a number.
  static let failAfter: Int? = ProcessInfo.processInfo.environment["KPI_TEST_FAIL_AFTER_FILES"]
    .flatMap { Int($0) }

  private static let lock = NSLock()
  nonisolated(unsafe) private static var count = 0

  /// The error for writing `url`, when N files have been written already.
  static func failure(_ url: URL) -> RenderError? {
    guard let limit = failAfter, lock.withLock({ count }) >= limit else { return nil }
    return RenderError(
      path: url.path, reason: "failure injected by KPI_TEST_FAIL_AFTER_FILES=\(limit)")
  }

  /// Counts a file written.
  static func written() {
    guard failAfter != nil else { return }
    lock.withLock { count += 1 }
  }
}
