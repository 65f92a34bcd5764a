import Crypto
import Foundation

/// SHA-256 of input files, by which the store recognises a run it has seen.
public enum FileDigest {
  /// The file's SHA-256 as 64 lower-case hex digits, read in 1 MiB pieces so memory stays
  /// flat for any size.
  /// - Throws: ``StoreError`` when the file cannot be read.
  public static func sha256(of url: URL) throws(StoreError) -> String {
    guard let handle = try? FileHandle(forReadingFrom: url) else {
      throw StoreError(path: url.path, reason: "cannot read the file to hash it")
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    while true {
      let piece: Data
      do {
        piece = try handle.read(upToCount: 1 << 20) ?? Data()
      } catch {
        throw StoreError(path: url.path, reason: "cannot read the file to hash it")
      }
      if piece.isEmpty { break }
      hasher.update(data: piece)
    }
    return hex(hasher.finalize())
  }

  /// SHA-256 of text, e.g. of several files' digests joined.
  public static func sha256(of text: String) -> String {
    hex(SHA256.hash(data: Data(text.utf8)))
  }

  private static func hex(_ digest: SHA256.Digest) -> String {
    digest.map { String(format: "%02x", $0) }.joined()
  }
}
