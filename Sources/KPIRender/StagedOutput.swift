import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A run's output folder, replaced in one step (SPEC §8; issue 17, item 4).
///
/// Every file of the run is written into a staging folder beside `out`
/// (`.NAME.kpi-staging-PID-UUID`, on the same file system) — or, when the old folder holds
/// the same bytes at the same place, hard-linked from there (``linkIfUnchanged(_:from:to:)``)
/// — and ``commit()`` puts the whole
/// folder in place at once: files of the old folder that the run does not write (a person's
/// own, or an earlier run's) are hard-linked into the staging folder first, the staging
/// folder is synced once, and then it is exchanged with the old folder in one
/// `renameat2(RENAME_EXCHANGE)`. A run that fails or is killed at any moment leaves `out`
/// entirely old or entirely new; the staging folders of dead runs are removed by the next
/// run into the same place.
public final class StagedOutput {
  /// The folder the run's files go to in the end.
  public let out: URL
  /// Where they are written first.
  public let staging: URL
  private let outPath: String
  private let stagingPath: String
  private var written: Set<String> = []
  /// The folders of the staging folder made so far.
  private var folders: Set<String> = []
  private var committed = false
  /// The files of the run that the old folder held already, byte for byte, and that were
  /// linked rather than written.
  public private(set) var linked = 0

  /// Starts a run into `out`: removes what dead runs left beside it and makes a staging
  /// folder.
  /// - Throws: ``RenderError`` when the staging folder cannot be made or `out` is a file.
  public init(out: URL) throws(RenderError) {
    // Through a symbolic link to the folder it names, so the link stays a link.
    let resolved = out.resolvingSymlinksInPath().standardizedFileURL
    self.out = resolved
    outPath = resolved.path
    let parent = resolved.deletingLastPathComponent()
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isFolder),
      !isFolder.boolValue
    {
      throw RenderError(path: resolved.path, reason: "is a file, not a folder for results")
    }
    do {
      try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    } catch {
      throw RenderError(path: parent.path, reason: "cannot create the folder")
    }
    Self.removeLeftovers(beside: resolved)
    staging = parent.appendingPathComponent(
      ".\(resolved.lastPathComponent).kpi-staging-\(getpid())-\(UUID().uuidString)")
    stagingPath = staging.path
    do {
      try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
    } catch {
      throw RenderError(path: staging.path, reason: "cannot create the staging folder")
    }
  }

  deinit {
    if !committed { try? FileManager.default.removeItem(at: staging) }
  }

  /// Writes a file of the run, at `path` relative to `out` (e.g. `navet/visitors.csv`).
  /// - Throws: ``RenderError`` when it cannot be written.
  public func write(_ text: String, to path: String) throws(RenderError) {
    // Paths as text: a `URL` made and taken apart three times per file was a tenth of the
    // writing of 4 000 files.
    let target = stagingPath + "/" + path
    let old = outPath + "/" + path
    do {
      try makeFolder(of: target)
      if Self.linkIfUnchanged(text, from: old, to: target) {
        linked += 1
      } else {
        try Self.writeUnsynced(text, to: target)
      }
    } catch {
      throw RenderError(path: old, reason: "the folder is not writable or the disk is full")
    }
    try written(path)
  }

  /// Writes a file of the run piece by piece into `sink`, for a file too large to be held
  /// whole (the report page, which inlines every chart). When the old folder holds the same
  /// bytes at `path`, the file written is replaced by a hard link to the old one, as
  /// ``write(_:to:)`` would have linked it.
  /// - Throws: ``RenderError`` when it cannot be written; what `body` throws.
  public func write(to path: String, _ body: (TextSink) throws -> Void) throws {
    let target = stagingPath + "/" + path
    let old = outPath + "/" + path
    let failed = RenderError(path: old, reason: "the folder is not writable or the disk is full")
    do {
      try makeFolder(of: target)
    } catch {
      throw failed
    }
    let fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw failed }
    let sink = TextSink(descriptor: fd)
    do {
      try body(sink)
    } catch {
      close(fd)
      throw error
    }
    let failure = sink.finish()
    close(fd)
    guard failure == nil else { throw failed }
    if Self.linkIfSame(target, old) { linked += 1 }
    try written(path)
  }

  /// Makes the folder the file at `path` goes in, each folder once: a run of thousands of
  /// files into one folder would otherwise stat every component of its path for every file.
  private func makeFolder(of path: String) throws {
    let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
    if !folders.contains(folder) {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      folders.insert(folder)
    }
  }

  /// Counts a file of the run as written (and fails it when a test asks to).
  private func written(_ path: String) throws(RenderError) {
    if FaultInjection.failAfter != nil,
      let injected = FaultInjection.failure(out.appendingPathComponent(path))
    {
      throw injected
    }
    FaultInjection.written()
    written.insert(path)
  }

  /// Where the run's file at `path` is while the run is under way, before ``commit()``.
  public func staged(_ path: String) -> URL { staging.appendingPathComponent(path) }

  /// Puts the run's files in place: the old folder's other files carried over, one sync,
  /// one exchange, the old folder removed.
  /// - Throws: ``RenderError`` when the folder cannot be put in place (the old one is then
  ///   untouched).
  public func commit() throws(RenderError) {
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    let exists = manager.fileExists(atPath: out.path, isDirectory: &isFolder)
    if exists { try carryOver(from: out, path: "") }
    Self.syncFileSystem(of: staging)
    if exists {
      guard Self.exchange(staging, out) else {
        throw RenderError(path: out.path, reason: String(cString: strerror(errno)))
      }
    } else if rename(staging.path, out.path) != 0 {
      throw RenderError(path: out.path, reason: String(cString: strerror(errno)))
    }
    committed = true
    // After the exchange the staging path holds the old folder.
    if exists { try? manager.removeItem(at: staging) }
  }

  /// Hard-links (or, across devices, copies) what `folder` holds at `path` and the run did
  /// not write into the staging folder.
  private func carryOver(from folder: URL, path: String) throws(RenderError) {
    let manager = FileManager.default
    let here = path.isEmpty ? folder : folder.appendingPathComponent(path)
    guard let names = try? manager.contentsOfDirectory(atPath: here.path) else { return }
    for name in names.sorted() {
      let relative = path.isEmpty ? name : path + "/" + name
      let source = folder.appendingPathComponent(relative)
      let target = staging.appendingPathComponent(relative)
      var info = stat()
      guard lstat(source.path, &info) == 0 else { continue }
      switch info.st_mode & S_IFMT {
      case S_IFDIR:
        try? manager.createDirectory(at: target, withIntermediateDirectories: true)
        try carryOver(from: folder, path: relative)
      default:
        guard !written.contains(relative), !manager.fileExists(atPath: target.path),
          !Self.isLeftoverTemporary(name)
        else { continue }
        if link(source.path, target.path) != 0 {
          do {
            try manager.copyItem(at: source, to: target)
          } catch {
            throw RenderError(path: source.path, reason: "cannot keep it in the new results")
          }
        }
      }
    }
  }

  /// Hard-links the old folder's file at `old` to `new` when it holds exactly `text`, so
  /// that a run whose files have not changed makes no new file and, once the old folder is
  /// removed, frees none.
  ///
  /// ext4 allocates an inode by passing over those freed in the last minutes, so a run of
  /// 4 000 files right after one that freed 4 000 spent seconds in the kernel making them
  /// (2 000 questions: a third of the run). Only a regular file with no other link is
  /// taken, so the new folder shares its file with nothing but the folder it replaces; it
  /// keeps the file's time of modification.
  /// - Returns: `false` when the file differs, is missing, or cannot be linked.
  static func linkIfUnchanged(_ text: String, from old: String, to new: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes -> Bool in
      var info = stat()
      guard lstat(old, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1,
        Int(info.st_size) == bytes.count
      else { return false }
      let fd = open(old, O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { return false }
      defer { close(fd) }
      let chunk = 1 << 16
      let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
      defer { buffer.deallocate() }
      var offset = 0
      while offset < bytes.count {
        let count = read(fd, buffer, min(chunk, bytes.count - offset))
        if count < 0 && errno == EINTR { continue }
        guard count > 0, memcmp(buffer, bytes.baseAddress! + offset, count) == 0 else {
          return false
        }
        offset += count
      }
      // Nothing beyond: the file did not grow since it was measured.
      guard read(fd, buffer, 1) == 0 else { return false }
      return link(old, new) == 0
    }
  }

  /// Replaces the new file at `new` by a hard link to `old` when `old` holds the same bytes
  /// and is linked nowhere else (see ``linkIfUnchanged(_:from:to:)``); the new file stays
  /// when anything fails.
  /// - Returns: Whether `new` is now the old file.
  static func linkIfSame(_ new: String, _ old: String) -> Bool {
    var info = stat()
    var newInfo = stat()
    guard lstat(old, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1,
      stat(new, &newInfo) == 0, newInfo.st_size == info.st_size
    else { return false }
    let a = open(old, O_RDONLY | O_CLOEXEC)
    guard a >= 0 else { return false }
    defer { close(a) }
    let b = open(new, O_RDONLY | O_CLOEXEC)
    guard b >= 0 else { return false }
    defer { close(b) }
    let chunk = 1 << 16
    let first = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
    let second = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
    defer {
      first.deallocate()
      second.deallocate()
    }
    var remaining = Int(info.st_size)
    while remaining > 0 {
      let count = min(chunk, remaining)
      guard readFully(a, first, count), readFully(b, second, count),
        memcmp(first, second, count) == 0
      else { return false }
      remaining -= count
    }
    // Nothing beyond: the old file did not grow since it was measured.
    guard read(a, first, 1) == 0 else { return false }
    let temporary = new + ".link"
    guard link(old, temporary) == 0 else { return false }
    guard rename(temporary, new) == 0 else {
      unlink(temporary)
      return false
    }
    return true
  }

  /// Reads exactly `count` bytes into `buffer`.
  private static func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int)
    -> Bool
  {
    var offset = 0
    while offset < count {
      let n = read(fd, buffer + offset, count - offset)
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { return false }
      offset += n
    }
    return true
  }

  /// Writes `text` to a new file at `path` without syncing it.
  ///
  /// Foundation's `Data.write(to:)` syncs every file it writes, which made a run of 4 000
  /// files wait for 4 000 syncs; ``commit()`` syncs the whole staging folder once instead.
  static func writeUnsynced(_ text: String, to path: String) throws {
    // 0o666 less the umask, as Foundation creates files.
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(fd) }
    var text = text
    let complete = text.withUTF8 { writeAll(fd, $0) }
    guard complete else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
  }

  /// Whether `name` is a temporary file of an earlier version's file-by-file writing
  /// (`.survey.csv.UUID.tmp`), which a killed run left behind: not carried over.
  static func isLeftoverTemporary(_ name: String) -> Bool {
    guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return false }
    let parts = name.dropLast(4).split(separator: ".")
    return parts.last.map { UUID(uuidString: String($0)) != nil } ?? false
  }

  /// Removes the staging folders (and old folders waiting to be removed) of runs into `out`
  /// whose process has ended.
  static func removeLeftovers(beside out: URL) {
    let parent = out.deletingLastPathComponent()
    let prefix = ".\(out.lastPathComponent).kpi-staging-"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
    for name in names where name.hasPrefix(prefix) {
      let pid = name.dropFirst(prefix.count).prefix { $0 != "-" }
      guard let pid = Int32(pid) else { continue }
      if pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) {
        try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
      }
    }
  }

  /// Swaps two folders in one step: `renameat2(RENAME_EXCHANGE)` on Linux, looked up at run
  /// time since the C library's header hides it from Swift.
  static func exchange(_ a: URL, _ b: URL) -> Bool {
    typealias RenameAt2 =
      @convention(c) (
        Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32
      ) -> Int32
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else {
      errno = ENOSYS
      return false
    }
    let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
    let renameExchange: UInt32 = 2
    return renameat2(AT_FDCWD, a.path, AT_FDCWD, b.path, renameExchange) == 0
  }

  /// One sync of the file system that holds `folder`, instead of one per file.
  static func syncFileSystem(of folder: URL) {
    let fd = open(folder.path, O_RDONLY)
    guard fd >= 0 else { return }
    defer { close(fd) }
    typealias SyncFS = @convention(c) (Int32) -> Int32
    if let symbol = dlsym(dlopen(nil, RTLD_NOW), "syncfs") {
      _ = unsafeBitCast(symbol, to: SyncFS.self)(fd)
    } else {
      _ = fsync(fd)
    }
  }
}
