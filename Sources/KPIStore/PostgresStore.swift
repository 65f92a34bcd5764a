#if Postgres
  import Foundation
  import KPIModel
  import Logging
  import NIOCore
  import NIOPosix
  import PostgresNIO

  /// The store on a PostgreSQL server, shared by many organisations (issue 19): the tables
  /// and migrations of ``SQLiteStore``, and the database itself decides who may write. Each
  /// organisation has a role (`kpi store init` makes it) whose row-level security policies
  /// let it insert, update and delete only rows of its organisation; a read role may read
  /// everything, for comparisons, and write nothing.
  ///
  /// Each run is one transaction on one connection: a run killed midway leaves nothing (the
  /// server rolls back when the connection drops). Recording a run takes a transaction-level
  /// advisory lock keyed by its organisation and input hashes, so eight analysts starting the
  /// same run at once record it once; runs of other inputs do not wait for it.
  ///
  /// Written on PostgresNIO, pure Swift on SwiftNIO: no libpq or other system library, the
  /// same build on every machine, and kept by the Vapor and Swift Server groups. Its
  /// future-based calls are waited on from the command's own thread, so the store's interface
  /// stays synchronous like ``SQLiteStore``'s.
  public final class PostgresStore: ValueStore {
    /// The server, database and role.
    public let address: PostgresAddress

    public var location: String { address.description }

    /// Connects once to check that `kpi store init` has set the database up with this
    /// version's schema.
    /// - Throws: ``StoreError`` when the server cannot be reached, refuses the role, or has
    ///   no or an older schema.
    public init(_ address: PostgresAddress) throws(StoreError) {
      self.address = address
      let applied = try appliedMigrations()
      guard applied == SQLiteStore.migrationNames else {
        throw StoreError(
          path: address.description,
          reason: applied.isEmpty
            ? "database \(address.database) has no kpi schema; run `kpi store init --store "
              + "\(address.description)` as its owner first"
            : "database \(address.database) has the schema of migrations \(applied), this kpi "
              + "needs \(SQLiteStore.migrationNames); run `kpi store init` as its owner")
      }
    }

    public func transaction<T>(_ body: (any ValueStoreTransaction) throws -> T) throws -> T {
      let session = try PostgresSession(address)
      defer { session.close() }
      try session.execute("BEGIN")
      do {
        let result = try body(PostgresTransaction(session: session))
        try session.execute("COMMIT")
        return result
      } catch {
        try? session.execute("ROLLBACK")
        throw error
      }
    }

    public func values(kpi: String?, organisation: String?) throws(StoreError) -> [KPIValue] {
      let session = try PostgresSession(address)
      defer { session.close() }
      return try PostgresTransaction(session: session).values(kpi: kpi, organisation: organisation)
    }

    public func organisationValues(kpi: String, period: String) throws(StoreError)
      -> [OrganisationValue]
    {
      let session = try PostgresSession(address)
      defer { session.close() }
      return try session.query(
        StoreSQL.organisationValues(placeholder: { "$\($0)" }), [.text(kpi), .text(period)]
      ).map { row throws(StoreError) in
        let (organisation, scope, value, count, lower, upper, status) = try session.decode(
          row, as: (String, String, Double?, Double?, Double?, Double?, String?).self)
        return OrganisationValue(
          organisation: organisation,
          value: KPIValue(
            kpi: kpi, period: period, scope: scope, value: value, count: count, lower: lower,
            upper: upper, status: status))
      }
    }

    public func content() throws(StoreError) -> StoreContent {
      let session = try PostgresSession(address)
      defer { session.close() }
      var inputs: [Int64: [(name: String, sha256: String)]] = [:]
      for row in try session.query("SELECT runId, name, sha256 FROM runInput ORDER BY name") {
        let (id, name, sha256) = try session.decode(row, as: (Int64, String, String).self)
        inputs[id, default: []].append((name, sha256))
      }
      var values: [Int64: [KPIValue]] = [:]
      for row in try session.query(
        """
        SELECT runId, kpi, period, scope, value, count, lower, upper, status FROM kpiValue
        ORDER BY kpi, period, scope
        """)
      {
        let (id, kpi, period, scope, value, count, lower, upper, status) = try session.decode(
          row,
          as: (Int64, String, String, String, Double?, Double?, Double?, Double?, String?).self)
        values[id, default: []].append(
          KPIValue(
            kpi: kpi, period: period, scope: scope, value: value, count: count, lower: lower,
            upper: upper, status: status))
      }
      var runs: [(run: RunRecord, values: [KPIValue])] = []
      for row in try session.query(
        "SELECT id, organisation, analysis, kind, period, time FROM run ORDER BY id")
      {
        let (id, organisation, analysis, kind, period, time) = try session.decode(
          row, as: (Int64, String, String, String, String, String).self)
        runs.append(
          (
            RunRecord(
              organisation: organisation, analysis: analysis, kind: kind, period: period,
              inputs: inputs[id] ?? [], time: time), values[id] ?? []
          ))
      }
      var history: [(organisation: String, source: String, value: KPIValue)] = []
      for row in try session.query(
        """
        SELECT organisation, source, kpi, period, scope, value FROM history
        ORDER BY organisation, source, kpi, period, scope
        """)
      {
        let (organisation, source, kpi, period, scope, value) = try session.decode(
          row, as: (String, String, String, String, String, Double?).self)
        history.append(
          (organisation, source, KPIValue(kpi: kpi, period: period, scope: scope, value: value)))
      }
      return StoreContent(runs: runs, history: history)
    }

    public func counts() throws(StoreError) -> StoreCounts {
      let session = try PostgresSession(address)
      defer { session.close() }
      let rows = try session.query(
        """
        SELECT (SELECT count(*) FROM run), (SELECT count(*) FROM runInput),
          (SELECT count(*) FROM kpiValue), (SELECT count(*) FROM history)
        """)
      let (runs, inputs, values, history) = try session.decode(
        rows[0], as: (Int64, Int64, Int64, Int64).self)
      return StoreCounts(
        runs: Int(runs), inputs: Int(inputs), values: Int(values), history: Int(history))
    }

    public func appliedMigrations() throws(StoreError) -> [String] {
      let session = try PostgresSession(address)
      defer { session.close() }
      return try Self.appliedMigrations(session)
    }

    static func appliedMigrations(_ session: PostgresSession) throws(StoreError) -> [String] {
      let exists = try session.query("SELECT to_regclass('kpiMigration') IS NOT NULL")
      guard try session.decode(exists[0], as: Bool.self) else { return [] }
      return try session.query("SELECT name FROM kpiMigration ORDER BY name").map {
        row throws(StoreError) in try session.decode(row, as: String.self)
      }
    }

    /// What `kpi store init` made: each organisation's writing role, and the read role.
    public struct Setup: Sendable, Equatable {
      /// The migrations applied now (empty when the schema was up to date).
      public var migrated: [String]
      /// Organisation and the role that may write its values.
      public var writers: [(organisation: String, role: String)]
      /// The role that may read every organisation's values and write none.
      public var reader: String

      public static func == (a: Setup, b: Setup) -> Bool {
        a.migrated == b.migrated && a.reader == b.reader
          && a.writers.map(\.organisation) == b.writers.map(\.organisation)
          && a.writers.map(\.role) == b.writers.map(\.role)
      }
    }

    /// The role of an organisation in `database`: the database's name and the organisation's,
    /// in lower-case ASCII letters, digits and `_` (å, ä → a, ö → o), e.g. `kpi_boras_stad`.
    /// Roles belong to the whole server, so the database name keeps two stores on one server
    /// apart.
    public static func roleName(organisation: String, database: String) -> String {
      String((slug(database) + "_" + slug(organisation)).prefix(63))
    }

    /// The read role of `database`, e.g. `kpi_reader`.
    public static func readerRole(database: String) -> String {
      String((slug(database) + "_reader").prefix(63))
    }

    static func slug(_ text: String) -> String {
      let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        .lowercased()
      var result = ""
      for scalar in folded.unicodeScalars {
        if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
          result.unicodeScalars.append(scalar)
        } else if !result.hasSuffix("_") {
          result += "_"
        }
      }
      return result.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
    }

    /// Sets up an empty (or an earlier) database: the schema's migrations, the read role, and
    /// a writing role for each organisation with the policies that hold it to its own rows.
    /// Running it again changes nothing; a new organisation adds its role. The connecting
    /// role must own the database and may create roles. The roles get no password: the
    /// database's administrator gives each one (`ALTER ROLE … PASSWORD`, or psql's
    /// `\password`), so none passes through kpi.
    /// - Throws: ``StoreError``.
    public static func initialise(_ address: PostgresAddress, organisations: [String])
      throws(StoreError) -> Setup
    {
      let session = try PostgresSession(address)
      defer { session.close() }
      try session.execute("BEGIN")
      do throws(StoreError) {
        // One setup at a time on this database.
        try session.execute("SELECT pg_advisory_xact_lock(7316001)")
        let applied = try appliedMigrations(session)
        var migrated: [String] = []
        if applied.isEmpty {
          try session.execute(
            "CREATE TABLE kpiMigration (name TEXT PRIMARY KEY, time TIMESTAMPTZ NOT NULL DEFAULT now())"
          )
        }
        for (name, statements) in zip(SQLiteStore.migrationNames, migrations)
        where !applied.contains(name) {
          for statement in statements { try session.execute(statement) }
          _ = try session.query("INSERT INTO kpiMigration (name) VALUES ($1)", [.text(name)])
          migrated.append(name)
        }
        let reader = readerRole(database: address.database)
        try createRole(reader, session)
        try session.execute(
          "GRANT SELECT ON run, runInput, kpiValue, history, organisationRole, kpiMigration TO \(reader)"
        )
        var writers: [(organisation: String, role: String)] = []
        for organisation in organisations {
          let role = roleName(organisation: organisation, database: address.database)
          guard !slug(organisation).isEmpty else {
            throw StoreError(
              path: address.description, code: .badAddress,
              reason: "organisation \"\(organisation)\" has no letters or digits for a role name")
          }
          try createRole(role, session)
          try session.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON run, runInput, kpiValue, history TO \(role)")
          try session.execute("GRANT SELECT ON organisationRole, kpiMigration TO \(role)")
          try session.execute("GRANT USAGE ON SEQUENCE run_id_seq TO \(role)")
          _ = try session.query(
            """
            INSERT INTO organisationRole (role, organisation) VALUES ($1, $2)
            ON CONFLICT (role) DO UPDATE SET organisation = excluded.organisation
            """, [.text(role), .text(organisation)])
          writers.append((organisation, role))
        }
        try session.execute("COMMIT")
        return Setup(migrated: migrated, writers: writers, reader: reader)
      } catch {
        try? session.execute("ROLLBACK")
        throw error
      }
    }

    /// A login role without password, unless the server has it already.
    static func createRole(_ role: String, _ session: PostgresSession) throws(StoreError) {
      let exists = try session.query(
        "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", [.text(role)])
      if try !session.decode(exists[0], as: Bool.self) {
        try session.execute("CREATE ROLE \(role) LOGIN")
      }
      try session.execute(
        "GRANT CONNECT ON DATABASE \(quoted(session.address.database)) TO \(role)")
      try session.execute("GRANT USAGE ON SCHEMA public TO \(role)")
    }

    static func quoted(_ identifier: String) -> String {
      "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The statements of each migration, as ``SQLiteStore``'s: v1 the tables, v2 the
    /// organisations (a column in every key) and the row-level security that holds each
    /// role to its organisation's rows.
    static let migrations: [[String]] = [
      [
        """
        CREATE TABLE run (id BIGSERIAL PRIMARY KEY, fingerprint TEXT NOT NULL UNIQUE,
          analysis TEXT NOT NULL, kind TEXT NOT NULL, period TEXT NOT NULL, time TEXT NOT NULL)
        """,
        """
        CREATE TABLE runInput (runId BIGINT NOT NULL REFERENCES run (id) ON DELETE CASCADE,
          name TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (runId, name))
        """,
        """
        CREATE TABLE kpiValue (kpi TEXT NOT NULL, period TEXT NOT NULL, scope TEXT NOT NULL,
          runId BIGINT NOT NULL REFERENCES run (id) ON DELETE CASCADE,
          value DOUBLE PRECISION, count DOUBLE PRECISION, lower DOUBLE PRECISION,
          upper DOUBLE PRECISION, status TEXT, PRIMARY KEY (kpi, period, scope))
        """,
        """
        CREATE TABLE history (kpi TEXT NOT NULL, period TEXT NOT NULL, scope TEXT NOT NULL,
          value DOUBLE PRECISION, source TEXT NOT NULL, PRIMARY KEY (kpi, period, scope))
        """,
      ],
      [
        "ALTER TABLE run ADD COLUMN organisation TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE run DROP CONSTRAINT run_fingerprint_key",
        "ALTER TABLE run ADD UNIQUE (organisation, fingerprint)",
        "ALTER TABLE kpiValue ADD COLUMN organisation TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE kpiValue DROP CONSTRAINT kpivalue_pkey",
        "ALTER TABLE kpiValue ADD PRIMARY KEY (organisation, kpi, period, scope)",
        "ALTER TABLE history ADD COLUMN organisation TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE history DROP CONSTRAINT history_pkey",
        "ALTER TABLE history ADD PRIMARY KEY (organisation, kpi, period, scope)",
        // Which role writes for which organisation. Policies ask it with current_user, so an
        // administrator's SET ROLE is held to the same rules as the role's own login.
        "CREATE TABLE organisationRole (role TEXT PRIMARY KEY, organisation TEXT NOT NULL)",
        """
        CREATE FUNCTION kpiMayWrite(target TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
          SELECT EXISTS (SELECT 1 FROM organisationRole
            WHERE role = current_user AND organisation = target) $$
        """,
      ]
        + ["run", "kpiValue", "history", "runInput"].flatMap { table in
          let own =
            table == "runInput"
            ? "kpiMayWrite((SELECT r.organisation FROM run r WHERE r.id = runId))"
            : "kpiMayWrite(organisation)"
          return [
            "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY readAll ON \(table) FOR SELECT USING (true)",
            "CREATE POLICY insertOwn ON \(table) FOR INSERT WITH CHECK (\(own))",
            "CREATE POLICY updateOwn ON \(table) FOR UPDATE USING (\(own)) WITH CHECK (\(own))",
            "CREATE POLICY deleteOwn ON \(table) FOR DELETE USING (\(own))",
          ]
        },
    ]
  }

  /// A run's writes and reads on its connection, inside its transaction.
  struct PostgresTransaction: ValueStoreTransaction {
    let session: PostgresSession

    @discardableResult
    func record(_ run: RunRecord, values: [KPIValue]) throws(StoreError) -> Bool {
      let fingerprint = run.fingerprint
      // Two runs of the same inputs queue here; the second then finds the first's run.
      try session.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
        [.text(run.organisation + "\n" + fingerprint)])
      let existing = try session.query(
        "SELECT id FROM run WHERE organisation = $1 AND fingerprint = $2",
        [.text(run.organisation), .text(fingerprint)])
      let runID: Int64
      if let row = existing.first {
        runID = try session.decode(row, as: Int64.self)
      } else {
        let inserted = try session.query(
          """
          INSERT INTO run (organisation, fingerprint, analysis, kind, period, time)
          VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
          """,
          [
            .text(run.organisation), .text(fingerprint), .text(run.analysis), .text(run.kind),
            .text(run.period), .text(run.time),
          ])
        runID = try session.decode(inserted[0], as: Int64.self)
        for input in run.inputs {
          try session.execute(
            "INSERT INTO runInput (runId, name, sha256) VALUES ($1, $2, $3)",
            [.int(runID), .text(input.name), .text(input.sha256)])
        }
      }
      let upsert = StoreSQL.upsertValue(placeholder: { "$\($0)" })
      for value in values {
        try session.execute(
          upsert,
          [
            .text(run.organisation), .text(value.kpi), .text(value.period), .text(value.scope),
            .int(runID), .double(value.value), .double(value.count), .double(value.lower),
            .double(value.upper), .text(value.status),
          ])
      }
      return existing.isEmpty
    }

    func importHistory(_ values: [KPIValue], source: String, organisation: String)
      throws(StoreError)
    {
      let upsert = StoreSQL.upsertHistory(placeholder: { "$\($0)" })
      for value in values {
        try session.execute(
          upsert,
          [
            .text(organisation), .text(value.kpi), .text(value.period), .text(value.scope),
            .double(value.value), .text(source),
          ])
      }
    }

    func values(kpi: String?, organisation: String?) throws(StoreError) -> [KPIValue] {
      try session.query(
        StoreSQL.values(placeholder: { "$\($0)::TEXT" }), [.text(kpi), .text(organisation)]
      ).map { row throws(StoreError) in
        let (kpi, period, scope, value, count, lower, upper, status) = try session.decode(
          row, as: (String, String, String, Double?, Double?, Double?, Double?, String?).self)
        return KPIValue(
          kpi: kpi, period: period, scope: scope, value: value, count: count, lower: lower,
          upper: upper, status: status)
      }
    }
  }

  /// A bound parameter.
  enum PostgresParameter {
    case text(String?)
    case double(Double?)
    case int(Int64)
  }

  /// One connection, used from one thread: each call waits for the server's answer. Errors
  /// become ``StoreError``s naming the server (never the password) and what the server said.
  final class PostgresSession {
    let address: PostgresAddress
    let connection: PostgresConnection
    static let logger: Logger = {
      // PostgresNIO logs its protocol at debug level; a command prints only its own lines.
      var logger = Logger(label: "kpi.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
      logger.logLevel = .critical
      return logger
    }()

    init(_ address: PostgresAddress) throws(StoreError) {
      self.address = address
      let configuration: PostgresConnection.Configuration
      if address.host.hasPrefix("/") {
        configuration = .init(
          unixSocketPath: "\(address.host)/.s.PGSQL.\(address.port)", username: address.user,
          password: address.password, database: address.database)
      } else {
        configuration = .init(
          host: address.host, port: address.port, username: address.user,
          password: address.password, database: address.database, tls: .disable)
      }
      do {
        connection = try PostgresConnection.connect(
          on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1,
          logger: Self.logger
        ).wait()
      } catch {
        throw Self.storeError(error, address: address, connecting: true)
      }
    }

    func close() {
      try? connection.close().wait()
    }

    func query(_ sql: String, _ parameters: [PostgresParameter] = []) throws(StoreError)
      -> [PostgresRow]
    {
      var bindings = PostgresBindings(capacity: parameters.count)
      for parameter in parameters {
        switch parameter {
        case .text(let text): bindings.append(text)
        case .double(let number): bindings.append(number)
        case .int(let number): bindings.append(number)
        }
      }
      do {
        return Array(
          try connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: Self.logger)
            .wait().rows)
      } catch {
        throw Self.storeError(error, address: address, connecting: false)
      }
    }

    func execute(_ sql: String, _ parameters: [PostgresParameter] = []) throws(StoreError) {
      _ = try query(sql, parameters)
    }

    /// Runs `statements` one after the other in a session of their own at `address`, on
    /// `database` instead of the address' own when given (set-up, such as a test server's).
    static func execute(
      _ statements: [String], at address: PostgresAddress, database: String? = nil
    ) throws(StoreError) {
      var address = address
      if let database { address.database = database }
      let session = try PostgresSession(address)
      defer { session.close() }
      for statement in statements { try session.execute(statement) }
    }

    func decode<each Column: PostgresDecodable>(_ row: PostgresRow, as: (repeat each Column).Type)
      throws(StoreError) -> (repeat each Column)
    {
      do {
        return try row.decode((repeat each Column).self)
      } catch {
        throw StoreError(path: address.description, reason: "unexpected column type: \(error)")
      }
    }

    /// What the server said, in words: PSQLError's own description hides it, so that no
    /// query text leaks into logs; the server's message names no password.
    static func storeError(_ error: any Error, address: PostgresAddress, connecting: Bool)
      -> StoreError
    {
      if let error = error as? PSQLError {
        if let info = error.serverInfo {
          let state = info[.sqlState] ?? ""
          let message = info[.message] ?? "refused"
          if state == "42501" {
            return StoreError(
              path: address.description, code: .refused,
              reason: "PostgreSQL refused the write as role \(address.user): \(message) (a "
                + "role may write only its own organisation's values; the read role none)")
          }
          let detail = info[.detail].map { " (\($0))" } ?? ""
          return StoreError(
            path: address.description,
            reason: "PostgreSQL: \(message)\(detail) [SQLSTATE \(state)]")
        }
        if connecting {
          return StoreError(
            path: address.description,
            reason:
              "cannot connect to the server (\(error.code)\(error.underlying.map { ": \($0)" } ?? ""))"
          )
        }
        return StoreError(path: address.description, reason: "PostgreSQL: \(error.code)")
      }
      return StoreError(
        path: address.description,
        reason: connecting ? "cannot connect to the server: \(error)" : "\(error)")
    }
  }
#endif
