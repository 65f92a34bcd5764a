import Foundation

/// Writes files whole or not at all: to a temporary name in the same folder, then renamed over
/// the target, so a failed run leaves the previous output intact (SPEC §8).
public enum AtomicFile {
  /// Writes `data` to `url`, creating the folder when needed.
  /// - Throws: ``RenderError`` when the folder or file cannot be written.
  public static func write(_ data: Data, to url: URL) throws(RenderError) {
    let pending: Pending
    do {
      pending = try prepare(url) { sink in
        data.withUnsafeBytes { sink.write($0.bindMemory(to: UInt8.self)) }
      }
    } catch let error as RenderError {
      throw error
    } catch {
      throw RenderError(path: url.path, reason: "\(error)")
    }
    try pending.put()
  }

  /// A file written in full under a temporary name beside its place, and synced, but not
  /// yet put there: ``put()`` renames it over the target, ``discard()`` removes it.
  public struct Pending: Sendable {
    /// The temporary file.
    let temporary: URL
    /// Where it goes.
    public let url: URL

    /// Puts the file in place, replacing what was there in one step.
    /// - Throws: ``RenderError`` when it cannot be renamed (the temporary file is removed).
    public func put() throws(RenderError) {
      if let injected = FaultInjection.failure(url) {
        discard()
        throw injected
      }
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        discard()
        throw RenderError(path: url.path, reason: reason)
      }
      FaultInjection.written()
    }

    /// Removes the temporary file.
    public func discard() {
      unlink(temporary.path)
    }
  }

  /// Writes the file `url` piece by piece through `body` under a temporary name in its
  /// folder (made when needed) and syncs it, for ``Pending/put()`` to put in place: the
  /// notebook, too large to be held whole, written before the run's folder is put in place
  /// and renamed after.
  /// - Throws: ``RenderError`` when the folder or file cannot be written; what `body` throws
  ///   (the temporary file is then removed).
  public static func prepare(_ url: URL, _ body: (TextSink) throws -> Void) throws -> Pending {
    let folder = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw RenderError(path: folder.path, reason: "cannot create the folder")
    }
    let temporary = folder.appendingPathComponent(
      ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    let failed = RenderError(
      path: url.path, reason: "the folder is not writable or the disk is full")
    // 0o666 less the umask, as Foundation creates files.
    let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw failed }
    let pending = Pending(temporary: temporary, url: url)
    let sink = TextSink(descriptor: fd)
    do {
      try body(sink)
    } catch {
      close(fd)
      pending.discard()
      throw error
    }
    let complete = sink.finish() == nil && fsync(fd) == 0
    close(fd)
    guard complete else {
      pending.discard()
      throw failed
    }
    return pending
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

/// Keeps outputs off inputs (SPEC §8): no output file may be an input file, by whatever path
/// it is reached (a symbolic or hard link, `--out .` in the data's folder, an analysis id
/// that is also a folder of inputs).
public enum OutputGuard {
  /// A folder for results from the command line; an empty one is refused, since it would
  /// silently mean the working directory.
  /// - Throws: ``RenderError`` for an empty path.
  public static func folder(_ path: String) throws(RenderError) -> URL {
    guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw RenderError(path: "--out", reason: "is empty; name a folder for the results")
    }
    return URL(fileURLWithPath: path)
  }

  /// Refuses when one of `outputs` is the same file as one of `inputs`.
  /// - Throws: ``RenderError`` naming both paths.
  public static func check(outputs: [URL], inputs: [URL]) throws(RenderError) {
    var known: [FileIdentity: URL] = [:]
    for input in inputs {
      if let identity = FileIdentity(input) { known[identity] = input }
    }
    for output in outputs {
      guard let identity = FileIdentity(output), let input = known[identity] else { continue }
      throw RenderError(
        path: output.path,
        reason: "is the input \(input.path); choose another --out (or store) for the results")
    }
  }
}

/// A file by its device and inode, so that two paths to one file compare equal.
private struct FileIdentity: Hashable {
  var device: UInt64
  var inode: UInt64

  init?(_ url: URL) {
    var info = stat()
    guard stat(url.path, &info) == 0 else { return nil }
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
  }
}
