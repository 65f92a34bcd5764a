import Foundation
import KPIModel
import Testing

@testable import KPIStore

@Suite("KPI store, on SQLite and on PostgreSQL")
struct KPIStoreTests {
  static let run = RunRecord(
    organisation: "Borås Stad", analysis: "natverksenkat", kind: "survey", period: "2025",
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

  @Test(arguments: Backend.allCases)
  func recordingTheSameInputsTwiceChangesNothing(backend: Backend) throws {
    guard let fresh = try backend.fresh(organisations: ["Borås Stad"]) else { return }
    let store = fresh.store
    #expect(try store.record(Self.run, values: Self.values))
    let first = try store.counts()
    var again = Self.run
    again.time = "2026-01-16T09:00:00Z"  // a later run of the same inputs
    #expect(try store.record(again, values: Self.values) == false)
    #expect(try store.counts() == first)
    #expect(first == StoreCounts(runs: 1, inputs: 1, values: 2, history: 0))
    #expect(try store.values(kpi: "natverksenkat.share") == [Self.values[0]])
  }

  @Test(arguments: Backend.allCases)
  func newInputsAreANewRunAndReplaceTheValues(backend: Backend) throws {
    guard let fresh = try backend.fresh(organisations: ["Borås Stad"]) else { return }
    let store = fresh.store
    try store.record(Self.run, values: Self.values)
    var corrected = Self.run
    corrected.inputs = [(name: "2025.xlsx", sha256: String(repeating: "b", count: 64))]
    var values = Self.values
    values[0].value = 0.9
    #expect(try store.record(corrected, values: values))
    #expect(try store.counts() == StoreCounts(runs: 2, inputs: 2, values: 2, history: 0))
    #expect(try store.values(kpi: "natverksenkat.share").map(\.value) == [0.9])
  }

  @Test(arguments: Backend.allCases)
  func historyFillsEarlierYearsAndComputedValuesWin(backend: Backend) throws {
    guard let fresh = try backend.fresh(organisations: ["Borås Stad"]) else { return }
    let store = fresh.store
    let history = [
      KPIValue(kpi: "natverksenkat.share", period: "2024", scope: "Totalt", value: 0.95),
      KPIValue(kpi: "natverksenkat.share", period: "2025", scope: "Totalt", value: 0.5),
    ]
    try store.importHistory(history, source: "published.csv", organisation: "Borås Stad")
    try store.importHistory(history, source: "published.csv", organisation: "Borås Stad")
    try store.record(Self.run, values: Self.values)
    #expect(try store.counts().history == 2)
    let shares = try store.values(kpi: "natverksenkat.share")
    #expect(shares.map(\.period) == ["2024", "2025"])
    #expect(shares.map(\.value) == [0.95, 134.0 / 143.0])
    #expect(shares[1].status == "met")
  }

  @Test(arguments: Backend.allCases)
  func migrationsAreVersionedAndTheSameOnBoth(backend: Backend) throws {
    guard let fresh = try backend.fresh() else { return }
    try fresh.store.record(Self.run, values: Self.values)
    let reopened = try fresh.location.open()
    #expect(try reopened.counts().values == 2)
    #expect(
      try reopened.appliedMigrations() == [
        "v1: runs, inputs, values, history", "v2: organisations",
      ])
  }

  /// Two organisations' values of the same KPI, period and scope are two rows; each reads its
  /// own, and the comparison reads both, by organisation.
  @Test(arguments: Backend.allCases)
  func everyValueHasItsOrganisation(backend: Backend) throws {
    guard let fresh = try backend.fresh(organisations: ["Borås Stad", "Marks kommun"])
    else { return }
    let store = fresh.store
    var marks = Self.run
    marks.organisation = "Marks kommun"
    var marksValues = Self.values
    marksValues[0].value = 40.0 / 50.0
    marksValues[0].count = 50
    // The same inputs of another organisation are a run of its own.
    #expect(try store.record(Self.run, values: Self.values))
    #expect(try store.record(marks, values: marksValues))
    #expect(try store.counts() == StoreCounts(runs: 2, inputs: 2, values: 4, history: 0))
    #expect(
      try store.values(kpi: "natverksenkat.share", organisation: "Marks kommun").map(\.value)
        == [0.8])
    let compared = try store.organisationValues(kpi: "natverksenkat.share", period: "2025")
    #expect(compared.map(\.organisation) == ["Borås Stad", "Marks kommun"])
    #expect(compared.map(\.value.value) == [134.0 / 143.0, 0.8])
    #expect(compared.map(\.value.count) == [143, 50])
  }

  /// `kpi store copy`: an SQLite history into the other store, twice, adds it once.
  @Test(arguments: Backend.allCases)
  func copyingAStoreTwiceAddsItOnce(backend: Backend) throws {
    guard let target = try backend.fresh(organisations: ["Borås Stad"]) else { return }
    guard let source = try Backend.sqlite.fresh() else { return }
    try source.store.record(Self.run, values: Self.values)
    var later = Self.run
    later.inputs = [(name: "2025.xlsx", sha256: String(repeating: "d", count: 64))]
    later.time = "2026-02-01T08:00:00Z"
    var corrected = Self.values
    corrected[1].value = 0.65
    try source.store.record(later, values: [corrected[1]])
    try source.store.importHistory(
      [KPIValue(kpi: "natverksenkat.share", period: "2024", scope: "Totalt", value: 0.95)],
      source: "published.csv", organisation: "Borås Stad")
    #expect(try target.store.copy(from: source.store) == 2)
    #expect(try target.store.copy(from: source.store) == 0)
    #expect(try target.store.counts() == StoreCounts(runs: 2, inputs: 2, values: 2, history: 1))
    #expect(try target.store.values() == source.store.values())
    #expect(
      try target.store.values(kpi: "natverksenkat.response_rate").map(\.value) == [0.65])
  }

  @Test func unwritableLocationIsAStoreError() {
    #expect(throws: StoreError.self) {
      try SQLiteStore(url: URL(fileURLWithPath: "/proc/kpi/kpi.sqlite"))
    }
  }

  /// A URL is a server, read with libpq's variables; a password typed on the command line is
  /// refused, and no message shows one.
  @Test func serverAddresses() throws {
    let environment = [
      "PGHOST": "db.example", "PGPORT": "6543", "PGUSER": "kpi_boras", "PGDATABASE": "kpi",
      "PGPASSWORD": "hemligt",
    ]
    #expect(
      try StoreLocation.parse("postgres://", environment: environment)
        == .postgres(
          PostgresAddress(
            host: "db.example", port: 6543, user: "kpi_boras", database: "kpi",
            password: "hemligt")))
    let typed = try StoreLocation.parse(
      "postgresql://kpi_reader@127.0.0.1:5433/regionen", environment: environment)
    #expect(typed.description == "postgres://kpi_reader@127.0.0.1:5433/regionen")
    #expect(!typed.description.contains("hemligt"))
    do {
      _ = try StoreLocation.parse("postgres://kpi_boras:hemligt@db.example/kpi", environment: [:])
      Issue.record("a password on the command line was accepted")
    } catch {
      #expect(error.code == .badAddress)
      #expect(!error.description.contains("hemligt"))
    }
    // KPI_STORE may carry one (it is not in the shell's history); it is still never shown.
    let fromEnvironment = try StoreLocation.resolve(
      option: nil, fallback: URL(fileURLWithPath: "kpi.sqlite"),
      environment: ["KPI_STORE": "postgres://u:p%40ss@h:1/d"])
    guard case .postgres(let address) = fromEnvironment else {
      Issue.record("KPI_STORE was not read")
      return
    }
    #expect(address.password == "p@ss")
    #expect(fromEnvironment.description == "postgres://u@h:1/d")
    #expect(
      try StoreLocation.resolve(
        option: nil, fallback: URL(fileURLWithPath: "/x/kpi.sqlite"), environment: [:])
        == .sqlite(URL(fileURLWithPath: "/x/kpi.sqlite")))
    #expect(try StoreLocation.parse("postgres:/x", environment: [:]).fileURL == nil)
    #expect(try StoreLocation.parse("data/postgres.sqlite", environment: [:]).fileURL != nil)
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
