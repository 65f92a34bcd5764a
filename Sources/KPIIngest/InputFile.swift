import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The check every input passes before it is opened.
enum InputFile {
  /// Refuses a path that names a device, a FIFO or a socket: opening a FIFO to read waits
  /// for a writer for ever, and a device is no export. `stat` does not open the file, so the
  /// check itself cannot block. A missing file or a folder is left to the reader, which says
  /// what it expected.
  /// - Throws: ``IngestError`` `.unreadable` naming the path.
  static func requireRegular(_ url: URL) throws(IngestError) {
    var info = stat()
    guard stat(url.path, &info) == 0 else { return }
    let type = info.st_mode & S_IFMT
    guard type == S_IFREG || type == S_IFDIR else {
      let what =
        switch type {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        default: "a device"
        }
      throw IngestError(
        .unreadable, file: url.path, message: "is \(what), not a file; give the export itself")
    }
  }
}
