import Foundation
import GRDB
import KPIModel

/// The store in one SQLite file (SPEC §7), the default: one analyst's history of runs with
/// their inputs' hashes, the values each run produced, and earlier years' published
/// aggregates imported from CSV.
///
/// The schema is migrated by versioned steps; v2 gave every row its organisation. A store
/// from before v2 belongs to the first organisation that writes to it: its rows, which v2
/// leaves without one, are that organisation's from then on.
public final class SQLiteStore: ValueStore {
  private let queue: DatabaseQueue
  /// Where the database lives, for messages.
  public let path: String

  public var location: String { path }

  /// How long a run waits for another that is writing the store before it gives up.
  public static let defaultBusyTimeout: TimeInterval = 30

  /// How long this store waits for another process's write.
  public let busyTimeout: TimeInterval

  /// Opens (and creates or migrates) the store at `url`.
  ///
  /// Two runs may use one store at once: a write waits up to `busyTimeout` seconds for the
  /// other run's transaction to end (SQLite's busy handler) rather than fail at once.
  /// - Throws: ``StoreError`` when the file cannot be opened or migrated, or another run
  ///   holds it longer than `busyTimeout`.
  public init(url: URL, busyTimeout: TimeInterval = defaultBusyTimeout) throws(StoreError) {
    path = url.path
    self.busyTimeout = busyTimeout
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      var configuration = Configuration()
      configuration.busyMode = .timeout(busyTimeout)
      queue = try DatabaseQueue(path: url.path, configuration: configuration)
      // Two runs that create or migrate the store at the same moment both see a migration
      // to do; the second one's step then fails on the first one's work (CREATE TABLE finds
      // the table, or the step's own record is there already) and is rolled back. Once more,
      // it sees the first one's migrations done.
      var attempt = 0
      while true {
        do {
          try Self.migrator.migrate(queue)
          break
        } catch let error as DatabaseError
          where attempt < Self.migrationNames.count
          && (error.resultCode == .SQLITE_ERROR || error.resultCode == .SQLITE_CONSTRAINT)
        {
          attempt += 1
        }
      }
    } catch {
      throw Self.storeError(path: url.path, error, busyTimeout: busyTimeout)
    }
  }

  /// The store's error for a database error: a busy store said in words.
  static func storeError(path: String, _ error: any Error, busyTimeout: TimeInterval)
    -> StoreError
  {
    if let error = error as? StoreError { return error }
    if let error = error as? DatabaseError,
      error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    {
      return StoreError(
        path: path,
        reason: "another run holds the store (waited \(Int(busyTimeout)) s); run again when it "
          + "has finished")
    }
    return StoreError(path: path, reason: "\(error)")
  }

  /// An in-memory store, for tests and `--no-store` runs that still want history.
  public init() throws(StoreError) {
    path = ":memory:"
    busyTimeout = 0
    do {
      queue = try DatabaseQueue()
      try Self.migrator.migrate(queue)
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }

  /// The names of the migrations, oldest first; PostgreSQL's store applies the same steps.
  public static let migrationNames = [
    "v1: runs, inputs, values, history", "v2: organisations",
  ]

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration(migrationNames[0]) { db in
      try db.create(table: "run") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("fingerprint", .text).notNull().unique()
        t.column("analysis", .text).notNull()
        t.column("kind", .text).notNull()
        t.column("period", .text).notNull()
        t.column("time", .text).notNull()
      }
      try db.create(table: "runInput") { t in
        t.column("runId", .integer).notNull().references("run", onDelete: .cascade)
        t.column("name", .text).notNull()
        t.column("sha256", .text).notNull()
        t.primaryKey(["runId", "name"])
      }
      try db.create(table: "kpiValue") { t in
        t.column("kpi", .text).notNull()
        t.column("period", .text).notNull()
        t.column("scope", .text).notNull()
        t.column("runId", .integer).notNull().references("run", onDelete: .cascade)
        t.column("value", .double)
        t.column("count", .double)
        t.column("lower", .double)
        t.column("upper", .double)
        t.column("status", .text)
        t.primaryKey(["kpi", "period", "scope"])
      }
      try db.create(table: "history") { t in
        t.column("kpi", .text).notNull()
        t.column("period", .text).notNull()
        t.column("scope", .text).notNull()
        t.column("value", .double)
        t.column("source", .text).notNull()
        t.primaryKey(["kpi", "period", "scope"])
      }
    }
    // Every row gets its organisation, which becomes part of each key: SQLite cannot change
    // a primary key in place, so each table is made anew and its rows copied. Rows from
    // before have no organisation (''), until the first organisation that writes adopts them.
    migrator.registerMigration(migrationNames[1]) { db in
      try db.execute(
        sql: """
          CREATE TABLE newRun (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            organisation TEXT NOT NULL DEFAULT '',
            fingerprint TEXT NOT NULL,
            analysis TEXT NOT NULL, kind TEXT NOT NULL, period TEXT NOT NULL, time TEXT NOT NULL,
            UNIQUE (organisation, fingerprint));
          INSERT INTO newRun (id, organisation, fingerprint, analysis, kind, period, time)
            SELECT id, '', fingerprint, analysis, kind, period, time FROM run;
          CREATE TABLE newKpiValue (
            organisation TEXT NOT NULL DEFAULT '',
            kpi TEXT NOT NULL, period TEXT NOT NULL, scope TEXT NOT NULL,
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            value DOUBLE, count DOUBLE, lower DOUBLE, upper DOUBLE, status TEXT,
            PRIMARY KEY (organisation, kpi, period, scope));
          INSERT INTO newKpiValue
            SELECT '', kpi, period, scope, runId, value, count, lower, upper, status FROM kpiValue;
          CREATE TABLE newHistory (
            organisation TEXT NOT NULL DEFAULT '',
            kpi TEXT NOT NULL, period TEXT NOT NULL, scope TEXT NOT NULL,
            value DOUBLE, source TEXT NOT NULL,
            PRIMARY KEY (organisation, kpi, period, scope));
          INSERT INTO newHistory SELECT '', kpi, period, scope, value, source FROM history;
          DROP TABLE kpiValue;
          DROP TABLE history;
          DROP TABLE run;
          ALTER TABLE newRun RENAME TO run;
          ALTER TABLE newKpiValue RENAME TO kpiValue;
          ALTER TABLE newHistory RENAME TO history;
          """)
    }
    return migrator
  }

  public func transaction<T>(_ body: (any ValueStoreTransaction) throws -> T) throws -> T {
    do {
      var result: T?
      // IMMEDIATE: the write lock is taken at the start, so two runs queue up behind each
      // other instead of both reading and then failing to upgrade to writing.
      try queue.writeWithoutTransaction { db in
        try db.inTransaction(.immediate) {
          result = try body(SQLiteTransaction(db: db, path: path))
          return .commit
        }
      }
      return result!
    } catch let error as DatabaseError {
      throw Self.storeError(path: path, error, busyTimeout: busyTimeout)
    }
  }

  public func values(kpi: String?, organisation: String?) throws(StoreError) -> [KPIValue] {
    try reading { db in try Self.values(kpi: kpi, organisation: organisation, in: db) }
  }

  public func organisationValues(kpi: String, period: String) throws(StoreError)
    -> [OrganisationValue]
  {
    try reading { db in
      try Row.fetchAll(
        db, sql: StoreSQL.organisationValues(placeholder: { "?\($0)" }),
        arguments: [kpi, period]
      ).map { row in
        OrganisationValue(
          organisation: row[0],
          value: KPIValue(
            kpi: kpi, period: period, scope: row[1], value: row[2], count: row[3],
            lower: row[4], upper: row[5], status: row[6]))
      }
    }
  }

  public func content() throws(StoreError) -> StoreContent {
    try reading { db in
      let inputs = Dictionary(
        grouping: try Row.fetchAll(
          db, sql: "SELECT runId, name, sha256 FROM runInput ORDER BY name"),
        by: { $0[0] as Int64 })
      let values = Dictionary(
        grouping: try Row.fetchAll(
          db,
          sql: """
            SELECT runId, kpi, period, scope, value, count, lower, upper, status FROM kpiValue
            ORDER BY kpi, period, scope
            """), by: { $0[0] as Int64 })
      let runs = try Row.fetchAll(
        db, sql: "SELECT id, organisation, analysis, kind, period, time FROM run ORDER BY id"
      ).map { row in
        let id: Int64 = row[0]
        let run = RunRecord(
          organisation: row[1], analysis: row[2], kind: row[3], period: row[4],
          inputs: (inputs[id] ?? []).map { (name: $0[1], sha256: $0[2]) }, time: row[5])
        return (
          run: run,
          values: (values[id] ?? []).map {
            KPIValue(
              kpi: $0[1], period: $0[2], scope: $0[3], value: $0[4], count: $0[5], lower: $0[6],
              upper: $0[7], status: $0[8])
          }
        )
      }
      let history = try Row.fetchAll(
        db,
        sql: """
          SELECT organisation, source, kpi, period, scope, value FROM history
          ORDER BY organisation, source, kpi, period, scope
          """
      ).map { row in
        (
          organisation: row[0] as String, source: row[1] as String,
          value: KPIValue(kpi: row[2], period: row[3], scope: row[4], value: row[5])
        )
      }
      return StoreContent(runs: runs, history: history)
    }
  }

  static func adoptUnowned(_ organisation: String, in db: Database) throws {
    guard !organisation.isEmpty else { return }
    let owned =
      try Bool.fetchOne(
        db,
        sql: """
          SELECT EXISTS (SELECT 1 FROM run WHERE organisation <> '')
            OR EXISTS (SELECT 1 FROM history WHERE organisation <> '')
          """) ?? false
    guard !owned else { return }
    for table in ["run", "kpiValue", "history"] {
      try db.execute(
        sql: "UPDATE \(table) SET organisation = ? WHERE organisation = ''",
        arguments: [organisation])
    }
  }

  static func record(_ run: RunRecord, values: [KPIValue], in db: Database) throws -> Bool {
    try adoptUnowned(run.organisation, in: db)
    let fingerprint = run.fingerprint
    var runID = try Int64.fetchOne(
      db, sql: "SELECT id FROM run WHERE organisation = ? AND fingerprint = ?",
      arguments: [run.organisation, fingerprint])
    let isNew = runID == nil
    if runID == nil {
      try db.execute(
        sql: """
          INSERT INTO run (organisation, fingerprint, analysis, kind, period, time)
          VALUES (?,?,?,?,?,?)
          """,
        arguments: [run.organisation, fingerprint, run.analysis, run.kind, run.period, run.time])
      runID = db.lastInsertedRowID
      for input in run.inputs {
        try db.execute(
          sql: "INSERT INTO runInput (runId, name, sha256) VALUES (?,?,?)",
          arguments: [runID, input.name, input.sha256])
      }
    }
    // One statement prepared for all values: preparing it again for each (SQLite's
    // authorizer and parser) was most of the store's time for 2 000 questions' 10 000 values.
    let upsert = try db.cachedStatement(sql: StoreSQL.upsertValue(placeholder: { "?\($0)" }))
    for value in values {
      try upsert.execute(
        arguments: [
          run.organisation, value.kpi, value.period, value.scope, runID, value.value,
          value.count, value.lower, value.upper, value.status,
        ])
    }
    return isNew
  }

  static func importHistory(
    _ values: [KPIValue], source: String, organisation: String, in db: Database
  ) throws {
    try adoptUnowned(organisation, in: db)
    let upsert = try db.cachedStatement(sql: StoreSQL.upsertHistory(placeholder: { "?\($0)" }))
    for value in values {
      try upsert.execute(
        arguments: [organisation, value.kpi, value.period, value.scope, value.value, source])
    }
  }

  static func values(kpi: String?, organisation: String?, in db: Database) throws -> [KPIValue] {
    try Row.fetchAll(
      db, sql: StoreSQL.values(placeholder: { "?\($0)" }), arguments: [kpi, organisation]
    ).map { row in
      KPIValue(
        kpi: row[0], period: row[1], scope: row[2], value: row[3], count: row[4],
        lower: row[5], upper: row[6], status: row[7])
    }
  }

  private func reading<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
    do {
      return try queue.read(body)
    } catch {
      throw Self.storeError(path: path, error, busyTimeout: busyTimeout)
    }
  }

  public func counts() throws(StoreError) -> StoreCounts {
    try reading { db in
      StoreCounts(
        runs: try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0,
        inputs: try Int.fetchOne(db, sql: "SELECT count(*) FROM runInput") ?? 0,
        values: try Int.fetchOne(db, sql: "SELECT count(*) FROM kpiValue") ?? 0,
        history: try Int.fetchOne(db, sql: "SELECT count(*) FROM history") ?? 0)
    }
  }

  public func appliedMigrations() throws(StoreError) -> [String] {
    try reading { db in try Self.migrator.appliedMigrations(db) }
  }
}

/// The SQLite store inside ``SQLiteStore/transaction(_:)``.
struct SQLiteTransaction: ValueStoreTransaction {
  let db: Database
  let path: String

  @discardableResult
  func record(_ run: RunRecord, values: [KPIValue]) throws(StoreError) -> Bool {
    do {
      return try SQLiteStore.record(run, values: values, in: db)
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }

  func importHistory(_ values: [KPIValue], source: String, organisation: String)
    throws(StoreError)
  {
    do {
      try SQLiteStore.importHistory(values, source: source, organisation: organisation, in: db)
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }

  func values(kpi: String?, organisation: String?) throws(StoreError) -> [KPIValue] {
    do {
      return try SQLiteStore.values(kpi: kpi, organisation: organisation, in: db)
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }
}
