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
      piece.withUnsafeBytes { hasher.update($0) }
    }
    return hasher.finalize()
  }

  /// SHA-256 of text, e.g. of several files' digests joined.
  public static func sha256(of text: String) -> String {
    var hasher = SHA256()
    var text = text
    text.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
    return hasher.finalize()
  }
}

/// SHA-256 (FIPS 180-4), the store's one hash.
///
/// Written out here rather than taken from swift-crypto, which compiles all of BoringSSL
/// (about a minute of every cold build on two cores) for this one function; a run hashes its
/// inputs once, so the portable implementation's speed (a few hundred MB/s) is enough. It is
/// checked against Python's `hashlib.sha256` in the tests.
struct SHA256 {
  private static let roundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
    0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe,
    0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f,
    0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
    0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
    0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b,
    0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116,
    0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
  ]

  private var state: [UInt32] = [
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
    0x5be0_cd19,
  ]
  /// Bytes of an unfinished 64-byte block.
  private var pending: [UInt8] = []
  private var length: UInt64 = 0
  private var schedule = [UInt32](repeating: 0, count: 64)

  /// Adds bytes to the message.
  mutating func update(_ bytes: UnsafeRawBufferPointer) {
    length &+= UInt64(bytes.count)
    var index = 0
    if !pending.isEmpty {
      let take = min(64 - pending.count, bytes.count)
      pending += bytes[0..<take]
      index = take
      if pending.count == 64 {
        let block = pending
        pending.removeAll(keepingCapacity: true)
        block.withUnsafeBytes { compress($0, at: 0) }
      }
    }
    while index + 64 <= bytes.count {
      compress(bytes, at: index)
      index += 64
    }
    if index < bytes.count { pending += bytes[index...] }
  }

  /// The digest as 64 lower-case hex digits.
  mutating func finalize() -> String {
    let bits = length &* 8
    var tail = pending
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) {
      tail.append(UInt8(truncatingIfNeeded: bits >> shift))
    }
    tail.withUnsafeBytes { raw in
      for offset in stride(from: 0, to: raw.count, by: 64) { compress(raw, at: offset) }
    }
    let digits = Array("0123456789abcdef".utf8)
    var hex: [UInt8] = []
    for word in state {
      for shift in stride(from: 28, through: 0, by: -4) {
        hex.append(digits[Int((word >> UInt32(shift)) & 0xF)])
      }
    }
    return String(decoding: hex, as: UTF8.self)
  }

  private mutating func compress(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
    for t in 0..<16 {
      let p = offset + 4 * t
      schedule[t] =
        UInt32(bytes[p]) << 24 | UInt32(bytes[p + 1]) << 16 | UInt32(bytes[p + 2]) << 8
        | UInt32(bytes[p + 3])
    }
    for t in 16..<64 {
      let w15 = schedule[t - 15]
      let w2 = schedule[t - 2]
      let s0 = rotate(w15, 7) ^ rotate(w15, 18) ^ (w15 >> 3)
      let s1 = rotate(w2, 17) ^ rotate(w2, 19) ^ (w2 >> 10)
      schedule[t] = schedule[t - 16] &+ s0 &+ schedule[t - 7] &+ s1
    }
    var a = state[0]
    var b = state[1]
    var c = state[2]
    var d = state[3]
    var e = state[4]
    var f = state[5]
    var g = state[6]
    var h = state[7]
    for t in 0..<64 {
      let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
      let choice = (e & f) ^ (~e & g)
      let t1 = h &+ s1 &+ choice &+ Self.roundConstants[t] &+ schedule[t]
      let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
      let majority = (a & b) ^ (a & c) ^ (b & c)
      let t2 = s0 &+ majority
      h = g
      g = f
      f = e
      e = d &+ t1
      d = c
      c = b
      b = a
      a = t1 &+ t2
    }
    state[0] &+= a
    state[1] &+= b
    state[2] &+= c
    state[3] &+= d
    state[4] &+= e
    state[5] &+= f
    state[6] &+= g
    state[7] &+= h
  }

  @inline(__always)
  private func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 {
    (x >> n) | (x << (32 - n))
  }
}
