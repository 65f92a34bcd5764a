import Foundation
import ZIPFoundation

/// The zip container of a workbook: checks every entry name and the declared sizes once, then
/// inflates the parts the reader asks for, counting bytes as they come out.
final class WorkbookArchive {
  let file: String
  private let archive: Archive
  private let limits: XLSXLimits
  private var entries: [String: Entry] = [:]
  /// Bytes inflated so far, over all parts.
  private var unpackedBytes = 0

  /// Opens the archive and vets its directory.
  /// - Throws: ``IngestError`` `.unreadable` when the file cannot be opened, `.malformed`
  ///   when it is not a zip archive, is truncated, or names an entry outside the archive, and
  ///   `.limitExceeded` when the declared sizes add up to more than the limit.
  init(url: URL, file: String, limits: XLSXLimits) throws(IngestError) {
    self.file = file
    self.limits = limits
    let head = try Self.readHead(url: url, file: file)
    try Self.checkSignature(head, file: file)
    do {
      archive = try Archive(url: url, accessMode: .read)
    } catch {
      throw IngestError(.malformed, file: file, message: "the archive is truncated or corrupt")
    }
    var declared: UInt64 = 0
    for entry in archive {
      let path = entry.path
      guard Self.isContained(path) else {
        throw IngestError(
          .malformed, file: file,
          message: "the archive entry \(Diagnostic.quote(path)) points outside the archive")
      }
      // Saturating: a hostile directory may declare sizes that overflow when added.
      let (sum, overflow) = declared.addingReportingOverflow(entry.uncompressedSize)
      declared = overflow ? .max : sum
      if entries[path] == nil { entries[path] = entry }
    }
    if declared > UInt64(max(limits.maximumUnpackedBytes, 0)) {
      throw IngestError(
        .limitExceeded, file: file,
        message: "the workbook unpacks to \(declared) bytes, more than the limit of "
          + "\(limits.maximumUnpackedBytes) bytes")
    }
  }

  /// The size the directory declares for the part at `path` (0 when there is none), at most
  /// the limit.
  func declaredSize(_ path: String) -> Int {
    guard let entry = entries[path] else { return 0 }
    return Int(min(entry.uncompressedSize, UInt64(max(limits.maximumUnpackedBytes, 0))))
  }

  /// Whether the archive holds a part at `path`.
  func contains(_ path: String) -> Bool { entries[path] != nil }

  /// The bytes inflated so far, over all parts.
  var unpackedByteCount: Int { unpackedBytes }

  /// The part at `path` as a stream of chunks, inflated on a thread of its own as the reader
  /// takes them, or `nil` when the archive has no such part. The caller reads it through
  /// and calls ``PartStream/finish()``, which reports what went wrong in the archive.
  /// - Throws: ``IngestError`` `.malformed` when the entry is not a file. The limits are
  ///   enforced as the chunks come out (see ``PartStream/finish()``): an entry that inflates
  ///   to more than it declared, or the workbook to more than the limit, is stopped there.
  func part(_ path: String, chunkSize: Int = 1 << 16) throws(IngestError) -> PartStream? {
    guard let entry = entries[path] else { return nil }
    guard entry.type == .file else {
      throw IngestError(.malformed, file: file, message: "\(path): is not a file")
    }
    let declared = entry.uncompressedSize
    let budget = limits.maximumUnpackedBytes - unpackedBytes
    let pipe = ChunkPipe()
    let extraction = Extraction()
    let done = DispatchSemaphore(value: 0)
    let work = UncheckedBox((archive, entry))
    let thread = Thread {
      let (archive, entry) = work.value
      var count = 0
      do {
        let checksum = try archive.extract(entry, bufferSize: chunkSize, skipCRC32: false) {
          chunk in
          count += chunk.count
          // Stop the moment the inflater outruns the directory: an honest archive never
          // does, and a bomb is caught before it has produced more than it admitted to.
          guard UInt64(count) <= declared else { throw Overrun.declaredSize }
          guard count <= budget else { throw Overrun.limit }
          pipe.put(chunk)
        }
        extraction.finish(count: count, checksum: checksum, error: nil)
      } catch {
        extraction.finish(count: count, checksum: nil, error: error)
      }
      pipe.close()
      done.signal()
    }
    thread.start()
    return PartStream(
      path: path, next: { pipe.take() },
      finish: { [self] () throws(IngestError) in
        done.wait()
        let (count, checksum, error) = extraction.result
        if let error {
          switch error as? Overrun {
          case .declaredSize?:
            throw IngestError(
              .limitExceeded, file: file,
              message: "\(path): unpacks to more than the \(declared) bytes the archive "
                + "declares for it (a corrupt archive or a zip bomb)")
          case .limit?:
            throw IngestError(
              .limitExceeded, file: file,
              message: "\(path): the workbook unpacks to more than the limit of "
                + "\(limits.maximumUnpackedBytes) bytes")
          case nil:
            throw IngestError(
              .malformed, file: file, message: "\(path): the archive is truncated or corrupt")
          }
        }
        guard UInt64(count) == declared, checksum == entry.checksum else {
          throw IngestError(
            .malformed, file: file, message: "\(path): the archive is truncated or corrupt")
        }
        unpackedBytes += count
      }, peakQueuedBytes: { pipe.peakQueuedBytes })
  }

  /// What the extraction thread found: its bytes, checksum and error.
  private final class Extraction: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var checksum: CRC32?
    private var error: (any Error)?

    func finish(count: Int, checksum: CRC32?, error: (any Error)?) {
      lock.withLock {
        self.count = count
        self.checksum = checksum
        self.error = error
      }
    }

    var result: (Int, CRC32?, (any Error)?) { lock.withLock { (count, checksum, error) } }
  }

  private enum Overrun: Error, Equatable {
    case declaredSize
    case limit
  }

  // MARK: - Vetting

  /// Whether an entry name stays inside the folder the archive would unpack to: no `..`
  /// component, no absolute path, no drive letter.
  static func isContained(_ path: String) -> Bool {
    if path.hasPrefix("/") || path.hasPrefix("\\") { return false }
    let components = path.split(
      separator: "/", omittingEmptySubsequences: false
    ).flatMap { $0.split(separator: "\\", omittingEmptySubsequences: false) }
    if components.contains("..") { return false }
    if let first = components.first, first.contains(":") { return false }
    return true
  }

  /// The first bytes of the file, which say what kind of file it is.
  private static func readHead(url: URL, file: String) throws(IngestError) -> Data {
    try InputFile.requireRegular(url)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw IngestError(.unreadable, file: file, message: "no such file")
    }
    guard !isDirectory.boolValue else {
      throw IngestError(.unreadable, file: file, message: "is a folder, not a workbook")
    }
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      return try handle.read(upToCount: 8) ?? Data()
    } catch {
      throw IngestError(.unreadable, file: file, message: "cannot be read")
    }
  }

  /// Refuses files that are not zip archives with a message that says what they are.
  private static func checkSignature(_ head: Data, file: String) throws(IngestError) {
    let bytes = [UInt8](head)
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06])
    {
      return
    }
    if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
      // Excel's binary .xls and password-protected .xlsx files are OLE compound files.
      throw IngestError(
        .malformed, file: file,
        message: "not an XLSX workbook: an old .xls file or an encrypted workbook "
          + "(save it as an unprotected .xlsx)")
    }
    throw IngestError(
      .malformed, file: file, message: "not an XLSX workbook: the file is not a zip archive")
  }
}

/// A value handed to another thread that uses it alone while the owner waits.
struct UncheckedBox<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
