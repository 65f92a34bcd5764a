#if Postgres
  import Foundation
  import KPIModel
  import Testing

  @testable import KPIStore

  /// The database, not kpi, decides who writes (issue 19): each organisation's role writes
  /// only its own rows, and the read role none.
  @Suite("KPI store: PostgreSQL roles and row-level security")
  struct PostgresSecurityTests {
    static let organisations = ["Borås Stad", "Marks kommun"]

    static func run(_ organisation: String) -> RunRecord {
      RunRecord(
        organisation: organisation, analysis: "navet", kind: "visitors", period: "2025",
        inputs: [(name: "visitors.csv", sha256: String(repeating: "f", count: 64))],
        time: "2026-01-02T08:00:00Z")
    }

    static func value(_ visitors: Double) -> KPIValue {
      KPIValue(kpi: "navet.visitors", period: "2025", scope: "Totalt", value: visitors)
    }

    @Test func eachRoleWritesOnlyItsOwnOrganisation() throws {
      guard let server = TestServer.shared,
        let fresh = try Backend.postgres.fresh(organisations: Self.organisations),
        case .postgres(let admin) = fresh.location
      else { return }
      let database = admin.database
      let borasRole = PostgresStore.roleName(organisation: "Borås Stad", database: database)
      let marksRole = PostgresStore.roleName(organisation: "Marks kommun", database: database)
      let readerRole = PostgresStore.readerRole(database: database)
      #expect(borasRole == database + "_boras_stad")
      #expect(marksRole == database + "_marks_kommun")
      let boras = try PostgresStore(server.login(borasRole, database: database, password: "b-1"))
      let marks = try PostgresStore(server.login(marksRole, database: database, password: "m-1"))
      let reader = try PostgresStore(
        server.login(readerRole, database: database, password: "r-1"))

      #expect(try boras.record(Self.run("Borås Stad"), values: [Self.value(73_416)]))
      #expect(try marks.record(Self.run("Marks kommun"), values: [Self.value(12_000)]))

      // Borås's role recording Mark's values: the database refuses the insert.
      do {
        try boras.record(Self.run("Marks kommun"), values: [Self.value(1)])
        Issue.record("Borås's role wrote Mark's values")
      } catch {
        #expect(error.code == .refused)
        #expect(error.description.contains("row-level security"))
        #expect(error.description.contains(borasRole))
      }
      do {
        try boras.importHistory([Self.value(1)], source: "x.csv", organisation: "Marks kommun")
        Issue.record("Borås's role imported Mark's history")
      } catch {
        #expect(error.code == .refused)
      }
      // Its updates and deletes do not reach Mark's rows: they are not its to change.
      let session = try PostgresSession(boras.address)
      defer { session.close() }
      try session.execute(
        "UPDATE kpiValue SET value = 0 WHERE organisation = 'Marks kommun'")
      try session.execute("DELETE FROM kpiValue WHERE organisation = 'Marks kommun'")
      try session.execute("DELETE FROM run WHERE organisation = 'Marks kommun'")
      // Nor may it give its own rows to Mark.
      do {
        try session.execute(
          "UPDATE kpiValue SET organisation = 'Marks kommun' WHERE organisation = 'Borås Stad'")
        Issue.record("Borås's role moved its rows to Mark")
      } catch {
        #expect(error.code == .refused)
      }

      // The read role reads everyone's and writes nothing.
      let compared = try reader.organisationValues(kpi: "navet.visitors", period: "2025")
      #expect(compared.map(\.organisation) == ["Borås Stad", "Marks kommun"])
      #expect(compared.map(\.value.value) == [73_416, 12_000])
      do {
        try reader.record(Self.run("Borås Stad"), values: [Self.value(0)])
        Issue.record("the read role wrote")
      } catch {
        #expect(error.code == .refused)
        #expect(error.description.contains(readerRole))
      }
      #expect(try fresh.store.counts() == StoreCounts(runs: 2, inputs: 2, values: 2, history: 0))
    }

    /// `kpi store init` twice: the second run changes nothing; a new organisation adds its
    /// role only.
    @Test func settingUpTwiceChangesNothing() throws {
      guard let fresh = try Backend.postgres.fresh(organisations: ["Borås Stad"]),
        case .postgres(let admin) = fresh.location
      else { return }
      let again = try PostgresStore.initialise(admin, organisations: ["Borås Stad"])
      #expect(again.migrated.isEmpty)
      #expect(again.writers.map(\.role) == [admin.database + "_boras_stad"])
      let more = try PostgresStore.initialise(
        admin, organisations: ["Borås Stad", "Ulricehamns kommun"])
      #expect(more.migrated.isEmpty)
      #expect(more.writers.map(\.role).last == admin.database + "_ulricehamns_kommun")
      if let server = TestServer.shared {
        try? server.execute(["DROP ROLE IF EXISTS \(admin.database)_ulricehamns_kommun"])
      }
    }
  }
#endif
