import Foundation
import KPIModel
import Testing

@testable import KPIStore

@Suite("KPI store")
struct KPIStoreTests {
  /// A fresh database file in a temporary folder.
  static func freshStore() throws -> (KPIStore, URL) {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-store-\(UUID().uuidString)")
    let store = try KPIStore(url: folder.appendingPathComponent("kpi.sqlite"))
    return (store, folder)
  }

  static let run = RunRecord(
    analysis: "natverksenkat", kind: "survey", period: "2025",
    inputs: [(name: "2025.xlsx", sha256: String(repeating: "a", count: 64))],
    time: "2026-01-15T10:00:00Z")

  static let values = [
    KPIValue(
      kpi: "natverksenkat.share", period: "2025", scope: "Totalt", value: 134.0 / 143.0,
      count: 143, lower: 0.9087, upper: 0.9570, status: "met"),
    KPIValue(
      kpi: "natverksenkat.response_rate", period: "2025", scope: "Totalt",
      value: 143.0 / 223.0),
  ]

  @Test func recordingTheSameInputsTwiceChangesNothing() throws {
    let (store, folder) = try Self.freshStore()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try store.record(Self.run, values: Self.values))
    let first = try store.counts()
    var again = Self.run
    again.time = "2026-01-16T09:00:00Z"  // a later run of the same inputs
    #expect(try store.record(again, values: Self.values) == false)
    #expect(try store.counts() == first)
    #expect(first == StoreCounts(runs: 1, inputs: 1, values: 2, history: 0))
  }

  @Test func newInputsAreANewRunAndReplaceTheValues() throws {
    let (store, folder) = try Self.freshStore()
    defer { try? FileManager.default.removeItem(at: folder) }
    try store.record(Self.run, values: Self.values)
    var corrected = Self.run
    corrected.inputs = [(name: "2025.xlsx", sha256: String(repeating: "b", count: 64))]
    var values = Self.values
    values[0].value = 0.9
    #expect(try store.record(corrected, values: values))
    #expect(try store.counts() == StoreCounts(runs: 2, inputs: 2, values: 2, history: 0))
    #expect(try store.values(kpi: "natverksenkat.share").map(\.value) == [0.9])
  }

  @Test func historyFillsEarlierYearsAndComputedValuesWin() throws {
    let (store, folder) = try Self.freshStore()
    defer { try? FileManager.default.removeItem(at: folder) }
    let history = [
      KPIValue(kpi: "natverksenkat.share", period: "2024", scope: "Totalt", value: 0.95),
      KPIValue(kpi: "natverksenkat.share", period: "2025", scope: "Totalt", value: 0.5),
    ]
    try store.importHistory(history, source: "published.csv")
    try store.importHistory(history, source: "published.csv")
    try store.record(Self.run, values: Self.values)
    #expect(try store.counts().history == 2)
    let shares = try store.values(kpi: "natverksenkat.share")
    #expect(shares.map(\.period) == ["2024", "2025"])
    #expect(shares.map(\.value) == [0.95, 134.0 / 143.0])
    #expect(shares[1].status == "met")
  }

  @Test func reopeningKeepsDataAndMigrationsAreVersioned() throws {
    let (store, folder) = try Self.freshStore()
    defer { try? FileManager.default.removeItem(at: folder) }
    try store.record(Self.run, values: Self.values)
    let reopened = try KPIStore(url: folder.appendingPathComponent("kpi.sqlite"))
    #expect(try reopened.counts().values == 2)
    #expect(try reopened.appliedMigrations() == ["v1: runs, inputs, values, history"])
  }

  @Test func unwritableLocationIsAStoreError() {
    #expect(throws: StoreError.self) {
      try KPIStore(url: URL(fileURLWithPath: "/proc/kpi/kpi.sqlite"))
    }
  }

  // FIPS 180-2 test vector: SHA-256("abc").
  @Test func digests() throws {
    #expect(
      FileDigest.sha256(of: "abc")
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("abc-\(UUID())")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data("abc".utf8).write(to: url)
    #expect(try FileDigest.sha256(of: url) == FileDigest.sha256(of: "abc"))
  }

  // The store's own SHA-256 against Python's: `python3 -c "import hashlib;
  // print(hashlib.sha256(DATA).hexdigest())"` for each DATA below. The lengths cross the
  // 55/56/64-byte padding edges and the 1 MiB pieces a file is read in.
  @Test(arguments: [
    (Data(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    (
      Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    (
      Data("Nätverksenkät 2025".utf8),
      "d888b1765c6b9d0dc78cd09299c854c21a71d674110a18669d23cf577992bf4a"
    ),
    (
      Data(repeating: UInt8(ascii: "a"), count: 1_000_000),
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    ),
    (
      Data((0..<300).flatMap { _ in (0...255).map(UInt8.init) }),
      "f8b0585eb91f58c007a5634362c9f90d8543822c113f702523bc7b73408a9392"
    ),
  ])
  func digestsMatchHashlib(data: Data, expected: String) throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID())")
    defer { try? FileManager.default.removeItem(at: url) }
    try data.write(to: url)
    #expect(try FileDigest.sha256(of: url) == expected)
    if let text = String(data: data, encoding: .utf8) {
      #expect(FileDigest.sha256(of: text) == expected)
    }
  }
}
