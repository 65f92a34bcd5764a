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
    if rename(temporary.path, url.path) != 0 {
      try? manager.removeItem(at: temporary)
      throw RenderError(path: url.path, reason: String(cString: strerror(errno)))
    }
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
