import Foundation
import GRDB
import KPIModel
import Testing

@testable import KPIStore

/// A store made before organisations (schema v1) still opens: v2 gives its rows the
/// organisation of the first one that writes, and its runs are still known by their inputs.
@Suite("KPI store: SQLite migration v1 → v2")
struct SQLiteMigrationTests {
  /// A store as the release before issue 19 made it: its v1 tables, written out here as that
  /// release created them, with one run, its input, two values and a history row.
  static func versionOneStore(at url: URL, run: RunRecord) throws {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let queue = try DatabaseQueue(path: url.path)
    try queue.write { db in
      try db.execute(
        sql: """
          CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
          INSERT INTO grdb_migrations VALUES ('v1: runs, inputs, values, history');
          CREATE TABLE run (id INTEGER PRIMARY KEY AUTOINCREMENT,
            fingerprint TEXT NOT NULL UNIQUE, analysis TEXT NOT NULL, kind TEXT NOT NULL,
            period TEXT NOT NULL, time TEXT NOT NULL);
          CREATE TABLE runInput (runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            name TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (runId, name));
          CREATE TABLE kpiValue (kpi TEXT NOT NULL, period TEXT NOT NULL, scope TEXT NOT NULL,
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE, value DOUBLE,
            count DOUBLE, lower DOUBLE, upper DOUBLE, status TEXT,
            PRIMARY KEY (kpi, period, scope));
          CREATE TABLE history (kpi TEXT NOT NULL, period TEXT NOT NULL, scope TEXT NOT NULL,
            value DOUBLE, source TEXT NOT NULL, PRIMARY KEY (kpi, period, scope));
          """)
      try db.execute(
        sql: "INSERT INTO run VALUES (1, ?, 'natverksenkat', 'survey', '2025', ?)",
        arguments: [run.fingerprint, run.time])
      try db.execute(
        sql: "INSERT INTO runInput VALUES (1, '2025.xlsx', ?)", arguments: [run.inputs[0].sha256])
      try db.execute(
        sql: """
          INSERT INTO kpiValue VALUES
            ('natverksenkat.share', '2025', 'Totalt', 1, 0.75, 40, 0.6, 0.86, 'not_met'),
            ('natverksenkat.share', '2025', 'Mark', 1, NULL, NULL, NULL, NULL, 'suppressed');
          INSERT INTO history VALUES ('natverksenkat.share', '2024', 'Totalt', 0.8, 'p.csv');
          """)
    }
  }

  @Test func aVersionOneStoreOpensAndTheFirstOrganisationAdoptsIt() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-v1-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("kpi.sqlite")
    let run = RunRecord(
      analysis: "natverksenkat", kind: "survey", period: "2025",
      inputs: [(name: "2025.xlsx", sha256: String(repeating: "e", count: 64))],
      time: "2025-12-20T10:00:00Z")
    try Self.versionOneStore(at: url, run: run)

    let store = try SQLiteStore(url: url)
    #expect(
      try store.appliedMigrations() == ["v1: runs, inputs, values, history", "v2: organisations"])
    #expect(try store.counts() == StoreCounts(runs: 1, inputs: 1, values: 2, history: 1))
    // Rows of no organisation until one writes.
    let before = try store.organisationValues(kpi: "natverksenkat.share", period: "2025")
    #expect(before.map(\.organisation) == ["", ""])
    #expect(before.map(\.value.scope) == ["Mark", "Totalt"])
    #expect(before.map(\.value.value) == [nil, 0.75])
    #expect(try store.values(kpi: "natverksenkat.share").map(\.period) == ["2025", "2024", "2025"])

    // The same inputs again, now of an organisation: the old run, not a new one.
    var again = run
    again.organisation = "Borås Stad"
    again.time = "2026-01-10T10:00:00Z"
    #expect(try store.record(again, values: []) == false)
    #expect(try store.counts() == StoreCounts(runs: 1, inputs: 1, values: 2, history: 1))
    let after = try store.organisationValues(kpi: "natverksenkat.share", period: "2025")
    #expect(after.map(\.organisation) == ["Borås Stad", "Borås Stad"])
    #expect(try store.values(kpi: nil, organisation: "Borås Stad").count == 3)

    // Another organisation later adopts nothing.
    var other = run
    other.organisation = "Marks kommun"
    #expect(try store.record(other, values: []))
    #expect(try store.values(kpi: nil, organisation: "Marks kommun").isEmpty)
    #expect(try store.counts().runs == 2)
  }

  #if !Postgres
    /// Without the trait, a server store is a clear error, and no file named `postgres:` is
    /// made.
    @Test func aBuildWithoutTheTraitRefusesAServer() throws {
      do {
        _ = try StoreLocation.parse("postgres://kpi@127.0.0.1/kpi", environment: [:]).open()
        Issue.record("a build without the Postgres trait opened a server store")
      } catch {
        #expect(error.code == .unsupported)
        #expect(error.description.contains("no PostgreSQL support"))
      }
    }
  #endif
}
