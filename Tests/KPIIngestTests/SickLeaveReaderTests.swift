import Foundation
import KPIModel
import Testing

@testable import KPIIngest

@Suite("Sick-leave reader")
struct SickLeaveReaderTests {
  static func withFile<T>(_ text: String, name: String, _ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("sick-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return try body(url)
  }

  static func employees(_ text: String) throws -> [SickLeaveEmployee] {
    try withFile(text, name: "employees.csv") { url in
      var table = try TableReader.open(url)
      var rows: [SickLeaveEmployee] = []
      try SickLeaveReader.readEmployees(&table) { rows.append($0) }
      return rows
    }
  }

  static func spells(_ text: String) throws -> [SickLeaveSpell] {
    try withFile(text, name: "spells.csv") { url in
      var table = try TableReader.open(url)
      var rows: [SickLeaveSpell] = []
      try SickLeaveReader.readSpells(&table) { rows.append($0) }
      return rows
    }
  }

  // Headers in any case, `;` and decimal comma as Swedish Excel saves them, extra columns
  // (a name) ignored. Age at the end of 2025: 2025 − 1990 = 35; the second row gives `age`.
  @Test func readsEmployees() throws {
    let rows = try Self.employees(
      """
      Employee_ID;Namn;PERIOD;Sex;Birth_Year;Age;Scheduled_Hours;FTE
      A1;Anna A;2025;K;1990;;1 664,5;0,8
      A2;Bo B;2025;man;;61;2080;1
      """)
    #expect(rows.count == 2)
    #expect(rows[0].id == "A1" && rows[0].sex == .woman && rows[0].age == 35)
    #expect(rows[0].scheduledHours == 1_664.5 && rows[0].fte == 0.8 && rows[0].line == 2)
    #expect(rows[1].sex == .man && rows[1].age == 61 && rows[1].fte == 1)
  }

  // employment_rate in percent or as a fraction stands in for fte.
  @Test func employmentRateAsFTE() throws {
    let rows = try Self.employees(
      "employee_id,period,sex,age,scheduled_hours,employment_rate\n"
        + "A1,2025,kvinna,40,1560,75\nA2,2025,M,40,2080,1\n")
    #expect(rows.map(\.fte) == [0.75, 1])
  }

  @Test func badCellsAreLocated() throws {
    let error = try #require(throws: IngestError.self) {
      try Self.employees(
        "employee_id,period,sex,birth_year,scheduled_hours\n"
          + ",2025,X,1990,10\nA2,25,K,1990,-1\nA3,2025,K,2020,100\n")
    }
    #expect(error.code == .invalidValue)
    #expect(
      error.diagnostics.map(\.description) == [
        "employees.csv:2:1: expected an employee id, found an empty cell",
        "employees.csv:2:3: expected K or M (kvinna or man), found \"X\"",
        "employees.csv:3:2: expected a year such as 2025, found \"25\"",
        "employees.csv:3:5: expected scheduled hours (a number ≥ 0), found \"-1\"",
        "employees.csv:4:4: expected a birth year 14 to 100 years before the period, found \"2020\"",
      ])
  }

  @Test func missingColumnsAreNamed() throws {
    let error = try #require(throws: IngestError.self) {
      try Self.employees("employee_id,period,sex,scheduled_hours\nA1,2025,K,10\n")
    }
    #expect(error.code == .missingColumn)
    #expect(
      error.diagnostics.map(\.message) == [
        "no column \"birth_year\" or \"age\" (employees; looked for \"birth_year\", "
          + "\"Födelseår\", \"age\", \"Ålder\")"
      ])
  }

  @Test func readsSpells() throws {
    let rows = try Self.spells(
      "EMPLOYEE_ID,Start,End,Sick_Hours\nA1,2024-12-20,2025-01-10,110\nA1,3 mars 2025,5 mars 2025,\"24,5\"\n"
    )
    #expect(rows.count == 2)
    #expect(rows[0].start.description == "2024-12-20" && rows[0].end.description == "2025-01-10")
    #expect(rows[1].start.description == "2025-03-03" && rows[1].sickHours == 24.5)
    #expect(rows[1].line == 3)
  }

  @Test func badSpellsAreLocated() throws {
    let error = try #require(throws: IngestError.self) {
      try Self.spells(
        "employee_id,start,end,sick_hours\nA1,2025-03-10,2025-03-01,8\nA1,2025-03,2025-04-01,x\n")
    }
    #expect(
      error.diagnostics.map(\.description) == [
        "spells.csv:2:3: the spell ends (2025-03-01) before it starts (2025-03-10)",
        "spells.csv:3:2: expected a date such as 2025-03-01, found \"2025-03\"",
        "spells.csv:3:4: expected sick hours (a number ≥ 0), found \"x\"",
      ])
  }

  // Nobody ill: a header without rows is a valid spells file.
  @Test func spellsFileWithHeaderOnly() throws {
    #expect(try Self.spells("employee_id,start,end,sick_hours\n").isEmpty)
  }

  @Test(arguments: [
    ("K", Sex.woman), ("kvinna", .woman), (" Kvinna ", .woman), ("F", .woman), ("M", .man),
    ("man", .man), ("Man", .man), ("male", .man),
  ])
  func sexes(text: String, expected: Sex) {
    #expect(SickLeaveReader.parseSex(text) == expected)
  }
}
