import ArgumentParser
import Foundation
import KPIStore

/// `kpi store`: set up the shared PostgreSQL store, and copy a history into it.
struct StoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "store",
    abstract: "Set up the shared PostgreSQL store; copy a store into another.",
    discussion: """
      The shared store needs a build with PostgreSQL support (`--traits Postgres`).

      \(specReferenceLine)
      """,
    subcommands: [StoreInitCommand.self, StoreCopyCommand.self]
  )
}

/// `kpi store init`: schema, roles and policies on a PostgreSQL database.
struct StoreInitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create the schema, the read role and each organisation's role on a database.",
    discussion: """
      Run as the database's owner (a role that may create roles). Migrates the schema to \
      this version, creates the read role <database>_reader, and for every --organisation a \
      role <database>_<organisation> that may insert, update and delete only that \
      organisation's rows (row-level security). Running it again changes nothing; a new \
      --organisation adds its role. The roles get no password: give each one with psql's \
      \\password, so none passes through kpi or a command line. Prints one line per role: \
      organisation,role.

      Example:
        PGPASSWORD=… kpi store init --store postgres://kpi_admin@db.example/kpi \\
          --organisation "Borås Stad" --organisation "Marks kommun"

      \(specReferenceLine)
      """
  )

  @Option(help: "The database: postgres://user@host:port/database (password in PGPASSWORD).")
  var store: String?

  @Option(help: "An organisation to give a writing role (repeat for several).")
  var organisation: [String] = []

  func run() throws {
    try reportingFailures("kpi store init") {
      let location = try StoreLocation.resolve(
        option: store, fallback: URL(fileURLWithPath: "kpi.sqlite"))
      guard case .postgres(let address) = location else {
        throw CommandFailure(
          kind: .usage,
          message: "\(location): kpi store init sets up a PostgreSQL database "
            + "(postgres://…); an SQLite store is set up by its first run")
      }
      #if Postgres
        let setup = try PostgresStore.initialise(address, organisations: organisation)
        let migrated =
          setup.migrated.isEmpty
          ? "schema up to date"
          : "migrated: "
            + setup.migrated.joined(separator: ", ")
        printError("kpi store init: \(address): \(migrated)")
        print("organisation,role")
        print(",\(setup.reader)")
        for writer in setup.writers {
          print(stdoutCSV.line([.text(writer.organisation), .text(writer.role)]))
        }
      #else
        _ = try location.open()
      #endif
    }
  }
}

/// `kpi store copy`: every run, value and history row of one store into another.
struct StoreCopyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "copy",
    abstract: "Copy a store's runs, values and history into another store (idempotent).",
    discussion: """
      Copies in one transaction; copying again adds nothing, since runs are known by their \
      inputs' hashes. Into a shared store, connect as the organisation's role: the database \
      refuses rows of another organisation. An SQLite store from before organisations \
      (schema v1) has rows of no organisation: --organisation names whose they are.

      Example:
        PGUSER=kpi_boras_stad PGPASSWORD=… kpi store copy --from datasets/kpi.sqlite \\
          --to postgres://db.example/kpi --organisation "Borås Stad"

      \(specReferenceLine)
      """
  )

  @Option(help: "The store to copy: an SQLite file (or postgres://…).")
  var from: String

  @Option(help: "The store to copy into: postgres://… (or an SQLite file).")
  var to: String

  @Option(help: "The organisation of rows that have none (a store from before organisations).")
  var organisation: String?

  func run() throws {
    try reportingFailures("kpi store copy") {
      let source = try openExistingStore(from)
      let target = try StoreLocation.parse(to).open()
      let added = try target.copy(from: source, organisation: organisation)
      let counts = try source.counts()
      print(
        "\(source.location) → \(target.location): \(counts.runs) körningar, varav \(added) nya; "
          + "\(counts.values) värden, \(counts.history) historiska värden")
    }
  }
}
