import Foundation
import KPIStore
import Testing

@testable import KPIStore

/// `kpi report`, `kpi history`, `kpi compare` and `kpi store` on the shared PostgreSQL store
/// (issue 19), with the real executable; and, in a build without the `Postgres` trait, the
/// refusal of a server store.
@Suite("kpi on the shared store")
struct SharedStoreTests {
  /// A project of one analysis, the bundled Närvårdskontoret questionnaire, for
  /// `organisation`, in `folder` (which holds a copy of datasets/narvard).
  static func project(_ organisation: String, in folder: URL, name: String) throws -> URL {
    let url = folder.appendingPathComponent("\(name).yaml")
    try """
    organisation: \(organisation)
    period: "2025"
    analyses:
      - {id: narvard, kind: questionnaire, data: narvard/2025-12.csv, spec: narvard/spec-2025-12.yaml}
    """.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  static func workspace() throws -> URL {
    let folder = try temporaryFolder()
    try FileManager.default.copyItem(
      at: repositoryRoot.appendingPathComponent("datasets/narvard"),
      to: folder.appendingPathComponent("narvard"))
    return folder
  }

  /// The data rows of a machine CSV file.
  static func dataRows(_ url: URL) throws -> Int {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\r\n").count - 1
  }

  #if Postgres
    /// Eight analysts at once, two of each of four organisations, all on the same inputs:
    /// every run exits 0, each organisation's run is recorded once with all its values, and
    /// the values are those of the same run on SQLite.
    @Test func eightReportsAtOnce() throws {
      let organisations = ["Borås Stad", "Marks kommun", "Ulricehamns kommun", "Tranemo kommun"]
      guard let server = CommandTestServer.shared,
        let database = try server.freshDatabase(organisations: organisations)
      else { return }
      defer { database.remove() }
      let folder = try Self.workspace()
      defer { try? FileManager.default.removeItem(at: folder) }

      // The reference: the same project alone on SQLite.
      let reference = try Self.project(organisations[0], in: folder, name: "reference")
      let alone = try kpi(
        [
          "report", reference.path, "--out", folder.appendingPathComponent("out-ref").path,
          "--store", folder.appendingPathComponent("ref.sqlite").path,
        ])
      #expect(alone.status == 0, "\(alone.stderr)")
      let referenceStore = try SQLiteStore(url: folder.appendingPathComponent("ref.sqlite"))
      let referenceValues = try referenceStore.values()
      // Hand count: per row of questionnaire.csv a share and a response rate, and the
      // respondents once; the data file and the spec as inputs.
      let rows = try Self.dataRows(
        folder.appendingPathComponent("out-ref/narvard/questionnaire.csv"))
      #expect(rows > 0)
      #expect(referenceValues.count == 2 * rows + 1)

      var processes: [(Process, Pipe, Pipe)] = []
      let start = Date()
      for (index, organisation) in organisations.enumerated() {
        let role = try server.login(organisation, database: database.name, password: "pw-\(index)")
        let project = try Self.project(organisation, in: folder, name: "org\(index)")
        for copy in 0..<2 {
          let process = Process()
          process.executableURL = kpiExecutable
          process.arguments = [
            "report", project.path, "--out",
            folder.appendingPathComponent("out-\(index)-\(copy)").path,
            "--store", "postgres://\(server.admin.host):\(server.admin.port)/\(database.name)",
          ]
          var environment = ProcessInfo.processInfo.environment
          environment["PGUSER"] = role
          environment["PGPASSWORD"] = "pw-\(index)"
          environment["KPI_STORE"] = nil
          process.environment = environment
          let (out, err) = (Pipe(), Pipe())
          process.standardOutput = out
          process.standardError = err
          processes.append((process, out, err))
        }
      }
      for (process, _, _) in processes { try process.run() }
      for (process, out, err) in processes {
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(
          process.terminationStatus == 0,
          "\(String(decoding: stderr, as: UTF8.self))\(String(decoding: stdout, as: UTF8.self))")
      }
      let wall = Date().timeIntervalSince(start)
      print("eight parallel kpi report runs on PostgreSQL: \(String(format: "%.2f", wall)) s wall")

      let store = try PostgresStore(database.admin)
      let counts = try store.counts()
      let referenceCounts = try referenceStore.counts()
      #expect(referenceCounts.runs == 1)
      #expect(referenceCounts.inputs == 2)
      #expect(
        counts
          == StoreCounts(
            runs: 4, inputs: 4 * referenceCounts.inputs, values: 4 * referenceValues.count,
            history: 0))
      for organisation in organisations {
        #expect(try store.values(kpi: nil, organisation: organisation) == referenceValues)
      }
    }

    /// A run killed in the middle of its transaction, after it imported its history and
    /// while it waits to record its run, leaves nothing in the store.
    @Test func aKilledRunLeavesNothing() throws {
      guard let server = CommandTestServer.shared,
        let database = try server.freshDatabase(organisations: ["Borås Stad"])
      else { return }
      defer { database.remove() }
      let folder = try Self.workspace()
      defer { try? FileManager.default.removeItem(at: folder) }
      let role = try server.login("Borås Stad", database: database.name, password: "k-1")
      let project = try Self.project("Borås Stad", in: folder, name: "boras")
      try "kpi,period,scope,value\nnarvard.q1.share,2024,Totalt,0.9\n".write(
        to: folder.appendingPathComponent("published.csv"), atomically: true, encoding: .utf8)
      try (String(contentsOf: project, encoding: .utf8) + "\nhistory: published.csv\n").write(
        to: project, atomically: true, encoding: .utf8)

      // Hold the run table, so the run stops at its first INSERT INTO run, inside its
      // transaction and after its history rows.
      let holder = try PostgresSession(database.admin)
      defer { holder.close() }
      try holder.execute("BEGIN")
      try holder.execute("LOCK TABLE run IN EXCLUSIVE MODE")
      let process = Process()
      process.executableURL = kpiExecutable
      process.arguments = [
        "report", project.path, "--out", folder.appendingPathComponent("out").path, "--store",
        "postgres://\(role)@\(server.admin.host):\(server.admin.port)/\(database.name)",
      ]
      var environment = ProcessInfo.processInfo.environment
      environment["PGPASSWORD"] = "k-1"
      process.environment = environment
      let errors = folder.appendingPathComponent("stderr.txt")
      FileManager.default.createFile(atPath: errors.path, contents: nil)
      process.standardOutput = FileHandle.nullDevice
      process.standardError = try FileHandle(forWritingTo: errors)
      try process.run()
      let watcher = try PostgresSession(database.admin)
      defer { watcher.close() }
      var waiting = false
      for _ in 0..<600 where !waiting && process.isRunning {
        let rows = try watcher.query(
          "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            + "WHERE NOT l.granted AND a.usename = $1", [.text(role)])
        let blocked: Int64 = try watcher.decode(rows[0], as: Int64.self)
        waiting = blocked > 0
        if !waiting { Thread.sleep(forTimeInterval: 0.1) }
      }
      #expect(
        waiting,
        "the run never reached its INSERT INTO run: \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")"
      )
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      #expect(process.terminationReason == .uncaughtSignal)
      try holder.execute("ROLLBACK")
      #expect(
        try PostgresStore(database.admin).counts()
          == StoreCounts(runs: 0, inputs: 0, values: 0, history: 0))
      #expect(
        !FileManager.default.fileExists(
          atPath: folder.appendingPathComponent("out/report.html").path))
    }

    /// A project of Mark's run with Borås's role: the database refuses, kpi says so and exits
    /// 73, and the outputs and the store are as before.
    @Test func anotherOrganisationsRoleIsRefused() throws {
      guard let server = CommandTestServer.shared,
        let database = try server.freshDatabase(organisations: ["Borås Stad", "Marks kommun"])
      else { return }
      defer { database.remove() }
      let folder = try Self.workspace()
      defer { try? FileManager.default.removeItem(at: folder) }
      let role = try server.login("Borås Stad", database: database.name, password: "hemligt-b")
      let project = try Self.project("Marks kommun", in: folder, name: "marks")
      let run = try kpi(
        ["report", project.path, "--out", folder.appendingPathComponent("out").path],
        environment: [
          "KPI_STORE": "postgres://\(server.admin.host):\(server.admin.port)/\(database.name)",
          "PGUSER": role, "PGPASSWORD": "hemligt-b",
        ])
      #expect(run.status == 73)
      #expect(run.stderr.contains("PostgreSQL refused the write as role \(role)"))
      #expect(!run.stderr.contains("hemligt"))
      #expect(
        !FileManager.default.fileExists(
          atPath: folder.appendingPathComponent("out/report.html").path))
      #expect(try PostgresStore(database.admin).counts().runs == 0)

      // A wrong password is a clear error too, without the password.
      let wrong = try kpi(
        [
          "history", "--store",
          "postgres://\(role)@\(server.admin.host):\(server.admin.port)/\(database.name)",
        ], environment: ["PGPASSWORD": "fel-lösen"])
      #expect(wrong.status == 73)
      #expect(wrong.stderr.contains("password authentication failed"))
      #expect(!wrong.stderr.contains("fel-lösen"))
    }

    /// `kpi store init` on an empty database, twice; `kpi store copy` of an SQLite history,
    /// twice; `kpi history` of the server.
    @Test func initCopyAndHistory() throws {
      guard let server = CommandTestServer.shared else { return }
      let name = "kpitest_" + UUID().uuidString.prefix(8).lowercased()
      try server.execute(["CREATE DATABASE \(name)"])
      let url = "postgres://\(server.admin.user)@\(server.admin.host):\(server.admin.port)/\(name)"
      let environment = ["PGPASSWORD": server.admin.password ?? ""]
      defer {
        try? server.execute([
          "DROP DATABASE IF EXISTS \(name) WITH (FORCE)", "DROP ROLE IF EXISTS \(name)_reader",
          "DROP ROLE IF EXISTS \(name)_boras_stad",
        ])
      }
      let first = try kpi(
        ["store", "init", "--store", url, "--organisation", "Borås Stad"],
        environment: environment)
      #expect(first.status == 0, "\(first.stderr)")
      #expect(
        first.lines == ["organisation,role", ",\(name)_reader", "Borås Stad,\(name)_boras_stad"])
      #expect(
        first.stderr.contains("migrated: v1: runs, inputs, values, history, v2: organisations"))
      let second = try kpi(
        ["store", "init", "--store", url, "--organisation", "Borås Stad"],
        environment: environment)
      #expect(second.status == 0)
      #expect(second.stderr.contains("schema up to date"))

      let folder = try Self.workspace()
      defer { try? FileManager.default.removeItem(at: folder) }
      let project = try Self.project("Borås Stad", in: folder, name: "boras")
      let sqlite = folder.appendingPathComponent("kpi.sqlite")
      let local = try kpi([
        "report", project.path, "--out", folder.appendingPathComponent("out").path,
      ])
      #expect(local.status == 0, "\(local.stderr)")
      let localHistory = try kpi(["history", "--store", sqlite.path])
      for _ in 0..<2 {
        let copy = try kpi(
          ["store", "copy", "--from", sqlite.path, "--to", url], environment: environment)
        #expect(copy.status == 0, "\(copy.stderr)")
      }
      let role = try server.login("Borås Stad", database: name, password: "b")
      let shared = try kpi(
        [
          "history", "--store",
          "postgres://\(role)@\(server.admin.host):\(server.admin.port)/\(name)",
        ],
        environment: ["PGPASSWORD": "b"])
      #expect(shared.status == 0, "\(shared.stderr)")
      #expect(shared.stdout == localHistory.stdout)
      var address = server.admin
      address.database = name
      #expect(try PostgresStore(address).counts() == SQLiteStore(url: sqlite).counts())

      // The read role compares: Borås's Totalt share of the first question, as history has it.
      guard
        let share = localHistory.lines.dropFirst().map({
          $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }).first(where: { $0[0].hasSuffix(".share") && $0[2] == "Totalt" && !$0[3].isEmpty })
      else {
        Issue.record("no share in the history")
        return
      }
      try server.execute(["ALTER ROLE \(name)_reader PASSWORD 'r'"])
      let compared = try kpi(
        [
          "compare", "--store",
          "postgres://\(name)_reader@\(server.admin.host):\(server.admin.port)/\(name)",
          "--kpi", share[0], "--period", share[1], "--out",
          folder.appendingPathComponent("out-compare").path,
        ], environment: ["PGPASSWORD": "r"])
      #expect(compared.status == 0, "\(compared.stderr)")
      #expect(
        compared.lines == [
          ComparisonHeader.line,
          (["Borås Stad", share[0], share[1], "Totalt"] + share[3...7]).joined(separator: ","),
        ])
    }
  #else
    /// Without the trait: a clear usage error, and no SQLite file under a folder `postgres:`.
    @Test func aServerStoreNeedsTheTrait() throws {
      let folder = try Self.workspace()
      defer { try? FileManager.default.removeItem(at: folder) }
      let project = try Self.project("Borås Stad", in: folder, name: "boras")
      let run = try kpi(
        ["report", project.path, "--out", "out", "--store", "postgres://kpi@127.0.0.1/kpi"],
        in: folder)
      #expect(run.status == 64)
      #expect(run.stderr.contains("this build of kpi has no PostgreSQL support"))
      #expect(
        !FileManager.default.fileExists(atPath: folder.appendingPathComponent("postgres:").path))
      #expect(
        !FileManager.default.fileExists(
          atPath: folder.appendingPathComponent("out/report.html").path))
    }
  #endif
}

/// `kpi compare`'s header.
enum ComparisonHeader {
  static let line = "organisation,kpi,period,scope,value,n,ci_low,ci_high,status"
}

#if Postgres
  /// The test server of `.ci/run`, for the command tests (the store tests have their own).
  struct CommandTestServer: Sendable {
    let admin: PostgresAddress

    static let shared: CommandTestServer? = {
      let environment = ProcessInfo.processInfo.environment
      guard let url = environment["KPI_TEST_POSTGRES"], !url.isEmpty,
        case .postgres(let address) = try? StoreLocation.parse(
          url, environment: ["PGPASSWORD": environment["KPI_TEST_PGPASSWORD"] ?? ""],
          fromCommandLine: false)
      else {
        // One line for the whole test process: the store tests may have said it already.
        if getenv("KPI_TEST_POSTGRES_SKIP_SAID") == nil {
          setenv("KPI_TEST_POSTGRES_SKIP_SAID", "1", 1)
          print(
            "PostgreSQL store tests skipped: KPI_TEST_POSTGRES is not set (.ci/run starts a server)"
          )
        }
        return nil
      }
      return CommandTestServer(admin: address)
    }()

    func execute(_ statements: [String], database: String? = nil) throws {
      try PostgresSession.execute(statements, at: admin, database: database)
    }

    struct Database {
      let name: String
      let admin: PostgresAddress
      let roles: [String]
      let server: CommandTestServer

      func remove() {
        try? server.execute(["DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
        try? server.execute(roles.map { "DROP ROLE IF EXISTS \($0)" })
      }
    }

    /// A new database set up as `kpi store init` does.
    func freshDatabase(organisations: [String]) throws -> Database? {
      let name = "kpitest_" + UUID().uuidString.prefix(8).lowercased()
      try execute(["CREATE DATABASE \(name)"])
      var address = admin
      address.database = name
      let setup = try PostgresStore.initialise(address, organisations: organisations)
      return Database(
        name: name, admin: address, roles: setup.writers.map(\.role) + [setup.reader],
        server: self)
    }

    /// Gives the organisation's role a password; returns the role's name.
    func login(_ organisation: String, database: String, password: String) throws -> String {
      let role = PostgresStore.roleName(organisation: organisation, database: database)
      try execute(["ALTER ROLE \(role) PASSWORD '\(password)'"])
      return role
    }
  }
#endif
