import Foundation
import GRDB
import KPIModel

/// A run the store records: which analysis, on which inputs (by SHA-256), when.
public struct RunRecord: Sendable, Equatable {
  /// The analysis id of the project file, e.g. `natverksenkat`.
  public var analysis: String
  /// The analysis kind, e.g. `survey`.
  public var kind: String
  /// The period analysed.
  public var period: String
  /// Each input's name and SHA-256 (data files and spec).
  public var inputs: [(name: String, sha256: String)]
  /// When the run was made, ISO 8601.
  public var time: String

  /// Creates a record.
  public init(
    analysis: String, kind: String, period: String, inputs: [(name: String, sha256: String)],
    time: String
  ) {
    self.analysis = analysis
    self.kind = kind
    self.period = period
    self.inputs = inputs
    self.time = time
  }

  /// One digest for all inputs: the same inputs give the same run.
  public var fingerprint: String {
    FileDigest.sha256(
      of: ([analysis, kind, period] + inputs.map { "\($0.name)=\($0.sha256)" }).joined(
        separator: "\n"))
  }

  public static func == (a: RunRecord, b: RunRecord) -> Bool {
    a.fingerprint == b.fingerprint && a.time == b.time
  }
}

/// Row counts of the store's tables.
public struct StoreCounts: Sendable, Equatable {
  public var runs: Int
  public var inputs: Int
  public var values: Int
  public var history: Int
}

/// The history of KPI values in SQLite (SPEC §7): runs with their inputs' hashes, the values
/// each run produced, and earlier years' published aggregates imported from CSV.
///
/// Recording the same inputs again changes nothing: a run is known by the fingerprint of its
/// inputs, and a value by (kpi, period, scope). Every write is one transaction, so a failed
/// run leaves the store as it was. The schema is migrated by versioned steps.
public final class KPIStore: Sendable {
  private let queue: DatabaseQueue
  /// Where the database lives, for messages.
  public let path: String

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
      do {
        try Self.migrator.migrate(queue)
      } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
        // Two runs created the store at the same moment: both saw no schema, and the second
        // one's CREATE TABLE found the first one's tables ("table … already exists"). Once
        // more, it sees the first one's migration done.
        try Self.migrator.migrate(queue)
      }
    } catch {
      throw Self.storeError(path: url.path, error, busyTimeout: busyTimeout)
    }
  }

  /// The store's error for a database error: a busy store said in words.
  static func storeError(path: String, _ error: any Error, busyTimeout: TimeInterval)
    -> StoreError
  {
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

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: runs, inputs, values, history") { db in
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
    return migrator
  }

  /// Records a run and its values in one transaction.
  ///
  /// A run whose inputs were recorded before is not recorded again; its values replace the
  /// stored ones for the same (kpi, period, scope), so a corrected spec updates them.
  /// - Returns: `true` when the run was new.
  /// - Throws: ``StoreError``.
  @discardableResult
  public func record(_ run: RunRecord, values: [KPIValue]) throws(StoreError) -> Bool {
    do {
      return try queue.write { db in try Self.record(run, values: values, in: db) }
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }

  /// Imports earlier years' published aggregates; a (kpi, period, scope) already imported is
  /// replaced, so importing the same file twice changes nothing.
  /// - Throws: ``StoreError``.
  public func importHistory(_ values: [KPIValue], source: String) throws(StoreError) {
    do {
      try queue.write { db in try Self.importHistory(values, source: source, in: db) }
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }

  /// Values of computed runs and imported history together, computed values winning where
  /// both exist, ordered by kpi, scope and period.
  /// - Parameters:
  ///   - kpi: Only this kpi, when given.
  /// - Throws: ``StoreError``.
  public func values(kpi: String? = nil) throws(StoreError) -> [KPIValue] {
    do {
      return try queue.read { db in try Self.values(kpi: kpi, in: db) }
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }

  /// Runs `body` in one write transaction: what it records through the ``StoreTransaction``
  /// is committed when it returns and rolled back when it throws, so a run that fails midway,
  /// whatever the error, leaves the store as it was. The store's own methods must not be
  /// called inside `body`.
  /// - Throws: What `body` throws, or ``StoreError`` when the transaction cannot be opened or
  ///   committed.
  public func transaction<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
    do {
      var result: T?
      // IMMEDIATE: the write lock is taken at the start, so two runs queue up behind each
      // other instead of both reading and then failing to upgrade to writing.
      try queue.writeWithoutTransaction { db in
        try db.inTransaction(.immediate) {
          result = try body(StoreTransaction(db: db, path: path))
          return .commit
        }
      }
      return result!
    } catch let error as DatabaseError {
      throw Self.storeError(path: path, error, busyTimeout: busyTimeout)
    }
  }

  static func record(_ run: RunRecord, values: [KPIValue], in db: Database) throws -> Bool {
    let fingerprint = run.fingerprint
    var runID = try Int64.fetchOne(
      db, sql: "SELECT id FROM run WHERE fingerprint = ?", arguments: [fingerprint])
    let isNew = runID == nil
    if runID == nil {
      try db.execute(
        sql: "INSERT INTO run (fingerprint, analysis, kind, period, time) VALUES (?,?,?,?,?)",
        arguments: [fingerprint, run.analysis, run.kind, run.period, run.time])
      runID = db.lastInsertedRowID
      for input in run.inputs {
        try db.execute(
          sql: "INSERT INTO runInput (runId, name, sha256) VALUES (?,?,?)",
          arguments: [runID, input.name, input.sha256])
      }
    }
    // One statement prepared for all values: preparing it again for each (SQLite's
    // authorizer and parser) was most of the store's time for 2 000 questions' 10 000 values.
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO kpiValue (kpi, period, scope, runId, value, count, lower, upper, status)
        VALUES (?,?,?,?,?,?,?,?,?)
        ON CONFLICT (kpi, period, scope) DO UPDATE SET runId = excluded.runId,
          value = excluded.value, count = excluded.count, lower = excluded.lower,
          upper = excluded.upper, status = excluded.status
        """)
    for value in values {
      try insert.execute(
        arguments: [
          value.kpi, value.period, value.scope, runID, value.value, value.count, value.lower,
          value.upper, value.status,
        ])
    }
    return isNew
  }

  static func importHistory(_ values: [KPIValue], source: String, in db: Database) throws {
    for value in values {
      try db.execute(
        sql: """
          INSERT INTO history (kpi, period, scope, value, source) VALUES (?,?,?,?,?)
          ON CONFLICT (kpi, period, scope) DO UPDATE SET value = excluded.value,
            source = excluded.source
          """,
        arguments: [value.kpi, value.period, value.scope, value.value, source])
    }
  }

  static func values(kpi: String?, in db: Database) throws -> [KPIValue] {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT kpi, period, scope, value, count, lower, upper, status FROM kpiValue
        WHERE ?1 IS NULL OR kpi = ?1
        UNION ALL
        SELECT h.kpi, h.period, h.scope, h.value, NULL, NULL, NULL, NULL FROM history h
        WHERE (?1 IS NULL OR h.kpi = ?1) AND NOT EXISTS (SELECT 1 FROM kpiValue v
          WHERE v.kpi = h.kpi AND v.period = h.period AND v.scope = h.scope)
        ORDER BY 1, 3, 2
        """, arguments: [kpi])
    return rows.map { row in
      KPIValue(
        kpi: row[0], period: row[1], scope: row[2], value: row[3], count: row[4],
        lower: row[5], upper: row[6], status: row[7])
    }
  }

  /// Row counts of every table.
  /// - Throws: ``StoreError``.
  public func counts() throws(StoreError) -> StoreCounts {
    do {
      return try queue.read { db in
        StoreCounts(
          runs: try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0,
          inputs: try Int.fetchOne(db, sql: "SELECT count(*) FROM runInput") ?? 0,
          values: try Int.fetchOne(db, sql: "SELECT count(*) FROM kpiValue") ?? 0,
          history: try Int.fetchOne(db, sql: "SELECT count(*) FROM history") ?? 0)
      }
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }

  /// The applied migrations, oldest first.
  public func appliedMigrations() throws(StoreError) -> [String] {
    do {
      return try queue.read { db in try Self.migrator.appliedMigrations(db) }
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }
}

/// The store inside ``KPIStore/transaction(_:)``: the same writes and reads, all in the one
/// transaction.
public struct StoreTransaction {
  fileprivate let db: Database
  fileprivate let path: String

  /// Records a run and its values, as ``KPIStore/record(_:values:)`` does.
  /// - Returns: `true` when the run was new.
  /// - Throws: ``StoreError``.
  @discardableResult
  public func record(_ run: RunRecord, values: [KPIValue]) throws(StoreError) -> Bool {
    do {
      return try KPIStore.record(run, values: values, in: db)
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }

  /// Imports published aggregates, as ``KPIStore/importHistory(_:source:)`` does.
  /// - Throws: ``StoreError``.
  public func importHistory(_ values: [KPIValue], source: String) throws(StoreError) {
    do {
      try KPIStore.importHistory(values, source: source, in: db)
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }

  /// The values, as ``KPIStore/values(kpi:)`` gives them, this transaction's writes included.
  /// - Throws: ``StoreError``.
  public func values(kpi: String? = nil) throws(StoreError) -> [KPIValue] {
    do {
      return try KPIStore.values(kpi: kpi, in: db)
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }
}
