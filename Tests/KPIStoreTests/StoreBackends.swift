import Foundation
import KPIModel
import Testing

@testable import KPIStore

/// The two stores the same tests run on (issue 19): an SQLite file, and a database on the
/// PostgreSQL server `.ci/run` starts (`KPI_TEST_POSTGRES`, password in
/// `KPI_TEST_PGPASSWORD`). Without a server, or in a build without the `Postgres` trait, the
/// PostgreSQL cases return at once, and one line says so.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite
  case postgres

  var testDescription: String { rawValue }

  /// A fresh store, and how to remove it; `nil` when this backend cannot run here.
  func fresh(organisations: [String] = []) throws -> FreshStore? {
    switch self {
    case .sqlite:
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("kpi-store-\(UUID().uuidString)")
      let url = folder.appendingPathComponent("kpi.sqlite")
      return FreshStore(store: try SQLiteStore(url: url), location: .sqlite(url)) {
        try? FileManager.default.removeItem(at: folder)
      }
    case .postgres:
      #if Postgres
        guard let server = TestServer.shared else { return nil }
        return try server.freshDatabase(organisations: organisations)
      #else
        TestServer.reportSkipped("this build has no Postgres trait")
        return nil
      #endif
    }
  }
}

/// A store made for one test.
final class FreshStore {
  let store: any ValueStore
  let location: StoreLocation
  let remove: () -> Void

  init(store: any ValueStore, location: StoreLocation, remove: @escaping () -> Void) {
    self.store = store
    self.location = location
    self.remove = remove
  }

  deinit { remove() }
}

/// The test server of `.ci/run`.
enum TestServer {
  private static let skipped = Mutex()

  /// Prints the one line that says the PostgreSQL store tests did not run, once in the
  /// test process (the command tests say it through the same variable).
  static func reportSkipped(_ why: String) {
    if skipped.once(), getenv("KPI_TEST_POSTGRES_SKIP_SAID") == nil {
      setenv("KPI_TEST_POSTGRES_SKIP_SAID", "1", 1)
      print("PostgreSQL store tests skipped: \(why) (.ci/run starts a server)")
    }
  }

  #if Postgres
    /// The superuser's address, from `KPI_TEST_POSTGRES` and `KPI_TEST_PGPASSWORD`.
    static let shared: Server? = {
      let environment = ProcessInfo.processInfo.environment
      guard let url = environment["KPI_TEST_POSTGRES"], !url.isEmpty else {
        reportSkipped("KPI_TEST_POSTGRES is not set")
        return nil
      }
      guard
        case .postgres(let address) = try? StoreLocation.parse(
          url, environment: ["PGPASSWORD": environment["KPI_TEST_PGPASSWORD"] ?? ""],
          fromCommandLine: false)
      else {
        reportSkipped("KPI_TEST_POSTGRES is not a postgres:// URL")
        return nil
      }
      return Server(admin: address)
    }()

    struct Server: Sendable {
      let admin: PostgresAddress

      /// Runs statements as the superuser on `database` (the server's own by default).
      func execute(_ statements: [String], database: String? = nil) throws {
        try PostgresSession.execute(statements, at: admin, database: database)
      }

      /// A new database set up by `kpi store init`'s code, with a writing role for each
      /// organisation; the store connects as the superuser (who is held to no policy).
      func freshDatabase(organisations: [String]) throws -> FreshStore {
        let name = "kpitest_" + UUID().uuidString.prefix(8).lowercased()
        try execute(["CREATE DATABASE \(name)"])
        var address = admin
        address.database = name
        let setup = try PostgresStore.initialise(address, organisations: organisations)
        let roles = setup.writers.map(\.role) + [setup.reader]
        return FreshStore(store: try PostgresStore(address), location: .postgres(address)) {
          try? execute(["DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
          try? execute(roles.map { "DROP ROLE IF EXISTS \($0)" })
        }
      }

      /// The address of `role` on `database`, after giving it `password`.
      func login(_ role: String, database: String, password: String) throws -> PostgresAddress {
        try execute(["ALTER ROLE \(role) PASSWORD '\(password)'"])
        return PostgresAddress(
          host: admin.host, port: admin.port, user: role, database: database, password: password)
      }
    }
  #endif
}

/// A flag set once across threads.
final class Mutex: @unchecked Sendable {
  private let lock = NSLock()
  private var done = false

  /// `true` the first time only.
  func once() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    if done { return false }
    done = true
    return true
  }
}
