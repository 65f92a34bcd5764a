import Foundation
import KPIAnalysis
import KPIModel
import Testing

@testable import KPIIngest

/// A Swedish HR system's two exports as they come (issue 16): Swedish headers, a cause column
/// with VAB and föräldraledighet beside sick leave, part-time spells with an extent and no
/// hours, an employment rate in percent. `Fixtures/hr` holds them in Windows-1252 with `;`,
/// CRLF, decimal comma and space thousands (`2 096,00`); the values are this test's own.
@Suite("Sick leave from a Swedish HR export")
struct SickLeaveHRExportTests {
  static func fixture(_ name: String) -> URL {
    Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/hr")!
  }

  /// The breakdown of 2024 with withheld figures kept (three employees withhold everything).
  static func breakdown(_ employees: URL, _ spells: URL, threshold: Int = .max) throws -> (
    SickLeaveYear, SickLeaveSpellInput
  ) {
    let staff = try SickLeaveReader.staff(
      try TableReader.open(employees), fullTimeHours: 2080, blockSize: 64, threshold: threshold)
    let input = try SickLeaveReader.spells(
      try TableReader.open(spells), of: staff, blockSize: 64, threshold: threshold)
    let report = try SickLeaveBreakdown(employees: staff.employees, spells: input.spells)
      .report(period: 2024, years: 1, disclosure: .internalUse)
    return (try #require(report.years.first), input)
  }

  // Hand-computed. 2024 has 262 weekdays; scheduled 2 096 = 262 × 8, 1 048 = 262 × 4,
  // 1 572 = 262 × 6 hours per weekday.
  //   2001 Sjuk, 40,00 given                                        40
  //   2001 VAB, 2002 VAB, 2003 Föräldraledig                        left out
  //   2002 Sjukdom 2024-05-06 (Mon)–05-12 (Sun), 0,500, no hours:   5 × 4 × 0.5 = 10
  //   2003 "sjuk  del av dag" 2024-09-02 (Mon), 25, no hours:       1 × 6 × 0.25 = 1.5
  // sick 51.5 of 2 096 + 1 048 + 1 572 = 4 716 scheduled; fte 1 + 0.5 + 0.75 = 2.25.
  static let expectedNote =
    "franvaro.csv: 3 rader med annan frånvaroorsak än sjukfrånvaro räknas inte "
    + "(VAB: 2, Föräldraledig: 1)"

  @Test func windows1252ExportRowByRow() throws {
    let (year, input) = try Self.breakdown(
      Self.fixture("anstallda.csv"), Self.fixture("franvaro.csv"))
    let rate = try #require(year.figure(.rate, sex: .all))
    #expect(rate.numeratorHours == 51.5)
    #expect(rate.denominatorHours == 4_716)
    #expect(year.employees == 3 && year.fte == 2.25)
    #expect(input.causeNote == Self.expectedNote)
    #expect(input.notice == "franvaro.csv was read as Windows-1252")
    // Women: 2001 and 2003, 40 + 1.5 of 2 096 + 1 572.
    let women = try #require(year.figure(.rate, sex: .women))
    #expect(women.numeratorHours == 41.5 && women.denominatorHours == 3_668)
  }

  // The same rows as UTF-8 in blocks of 64 bytes: the block reader skips the rows the
  // decoder leaves out, and counts them once.
  @Test func utf8ExportInBlocks() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("hr-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var urls: [URL] = []
    for name in ["anstallda.csv", "franvaro.csv"] {
      let data = try Data(contentsOf: Self.fixture(name))
      let text = try #require(String(data: data, encoding: .windowsCP1252))
      let url = folder.appendingPathComponent(name)
      try Data(text.utf8).write(to: url)
      urls.append(url)
    }
    let (year, input) = try Self.breakdown(urls[0], urls[1], threshold: 0)
    let rate = try #require(year.figure(.rate, sex: .all))
    #expect(rate.numeratorHours == 51.5 && rate.denominatorHours == 4_716)
    #expect(input.causeNote == Self.expectedNote)
    #expect(input.notice == nil)
  }

  // MARK: - Numeric dates

  /// Writes `text` to a new temporary file.
  static func file(_ name: String, _ text: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("hr-dates-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
  }

  static let twoEmployees = """
    employee_id,period,sex,birth_year,scheduled_hours,fte
    E1,2024,K,1980,2080,1
    E2,2024,M,1970,2080,1

    """

  /// The sick hours of 2024, those in spells of 60 days or more, and the note on the dates,
  /// read row by row and in blocks of 64 bytes.
  static func hours(_ spells: String, layout: SickLeaveLayout = .init()) throws -> [(
    all: Double?, long: Double?, note: String?
  )] {
    let employees = try file("e.csv", twoEmployees)
    let url = try file("s.csv", spells)
    return try [Int.max, 0].map { threshold in
      let staff = try SickLeaveReader.staff(
        try TableReader.open(employees), fullTimeHours: 2080, blockSize: 64,
        threshold: threshold)
      let input = try SickLeaveReader.spells(
        try TableReader.open(url), of: staff, layout: layout, blockSize: 64,
        threshold: threshold)
      let report = try SickLeaveBreakdown(employees: staff.employees, spells: input.spells)
        .report(period: 2024, years: 1, disclosure: .internalUse)
      let year = try #require(report.years.first)
      return (
        year.figure(.rate, sex: .all)?.numeratorHours,
        year.figure(.share60Plus, sex: .all)?.numeratorHours, input.dateNote
      )
    }
  }

  // Day first, as 31/1/2024 on row 3 shows: 3/4/2024–5/4/2024 is 3–5 April, 3 days (month
  // first it would be 4 March–4 May, 62 days, a long spell). All 24 + 16 + 8 = 48 hours are
  // in short spells.
  @Test func dayFirstDatesSettledByTheColumn() throws {
    let spells = """
      employee_id,start,end,sick_hours
      E1,3/4/2024,5/4/2024,24
      E2,31/1/2024,2/2/2024,16
      E1,10/12/2024,10/12/2024,8

      """
    for result in try Self.hours(spells) {
      #expect(result.all == 48)
      #expect(result.long == 0)
      #expect(
        result.note
          == "s.csv: dates in column \"start\" read as day/month/year (d/m/yyyy), as row 3 "
          + "shows (\"31/1/2024\") (and in \"end\")")
    }
  }

  // Month first because the layout says so, though no date shows it: 4/3/2024–4/5/2024 is
  // 3–5 April, 3 days (day first, 4 March–4 May, long). No note: the order was given.
  @Test func monthFirstDatesGivenByTheLayout() throws {
    let spells = """
      employee_id,start,end,sick_hours
      E1,4/3/2024,4/5/2024,24
      E2,2/1/2024,2/3/2024,16

      """
    for result in try Self.hours(spells, layout: SickLeaveLayout(dateFormat: .monthFirst)) {
      #expect(result.all == 40)
      #expect(result.long == 0)
      #expect(result.note == nil)
    }
  }

  // No date has a number over 12 and no date_format: refused, naming the first such date.
  @Test func ambiguousDatesWithoutAnOrderAreRefused() throws {
    let spells = "employee_id,start,end,sick_hours\nE1,3/4/2024,5/4/2024,24\n"
    let error = #expect(throws: IngestError.self) { try Self.hours(spells) }
    #expect(
      "\(error.map { "\($0)" } ?? "")".hasPrefix(
        "s.csv:2:2: cannot tell the day from the month in \"3/4/2024\""))
  }

  @Test func weekdays() {
    let day = { (y: Int, m: Int, d: Int) in CalendarDate.daysSince1970(year: y, month: m, day: d) }
    #expect(SickLeaveCells.weekdays(day(2024, 1, 1), day(2024, 12, 31)) == 262)
    #expect(SickLeaveCells.weekdays(day(2023, 1, 1), day(2023, 12, 31)) == 260)
    // 2024-05-06 is a Monday; Saturday 11 and Sunday 12 May are not weekdays.
    #expect(SickLeaveCells.weekdays(day(2024, 5, 6), day(2024, 5, 12)) == 5)
    #expect(SickLeaveCells.weekdays(day(2024, 5, 11), day(2024, 5, 12)) == 0)
    #expect(SickLeaveCells.weekdays(day(1969, 12, 29), day(1970, 1, 4)) == 5)
  }

  @Test(arguments: [
    ("0,250", 0.25), ("25", 0.25), ("100 %", 1.0), ("1", 1.0), ("0,5", 0.5), ("50,0", 0.5),
  ])
  func extent(_ text: String, _ value: Double) {
    var text = text
    #expect(text.withUTF8 { SickLeaveCells.extent($0) } == value)
  }

  @Test(arguments: ["0,1", "150", "", "halv"])
  func extentRefused(_ text: String) {
    var text = text
    #expect(text.withUTF8 { SickLeaveCells.extent($0) } == nil)
  }

  static func employeesError(_ text: String) throws -> String {
    do {
      _ = try SickLeaveReaderTests.employees(text)
      return ""
    } catch {
      return "\(error)"
    }
  }

  // "75,0" in an fte column is a rate in percent, not 75 årsarbetare.
  @Test func fteOverOneAndAHalfRefused() throws {
    let message = try Self.employeesError(
      "employee_id;period;sex;age;scheduled_hours;fte\r\nA1;2024;K;40;1 560;75,0\r\n"
        + "A2;2024;M;40;2 080;1,5\r\n")
    #expect(
      message
        == "employees.csv:2:6: expected full-time equivalents of one employee (0–1.5; an "
        + "employment rate in percent belongs in an employment_rate or Sysselsättningsgrad "
        + "column), found \"75,0\"")
  }

  @Test func scheduledHoursOverAYearRefused() throws {
    let message = try Self.employeesError(
      "employee_id,period,sex,age,scheduled_hours\nA1,2024,K,40,8784\nA2,2024,M,40,8784.5\n")
    #expect(
      message
        == "employees.csv:3:5: expected the scheduled hours of one year (at most 8 784, "
        + "366 days × 24 hours), found \"8784.5\"")
  }

  // `Sysselsättningsgrad (%)` is the employment rate: 75,0 → 0.75.
  @Test func swedishHeadersByDefault() throws {
    let rows = try SickLeaveReaderTests.employees(
      "ANSTÄLLNINGSNR;kön;Ålder;År;Sysselsättningsgrad  (%);Ordinarie arbetstid\r\n"
        + "7;Kvinna;44;2024;75,0;1 560,00\r\n")
    #expect(rows.count == 1)
    #expect(rows[0].id == "7" && rows[0].age == 44 && rows[0].period == 2024)
    #expect(rows[0].fte == 0.75 && rows[0].scheduledHours == 1_560 && rows[0].sex == .woman)
  }

  // A mapping names a column the defaults do not know; one it names must be there.
  @Test func mappedColumns() throws {
    let layout = SickLeaveLayout(columns: ["start": ["Första dag"], "end": ["Sista dag"]])
    let spells = try SickLeaveReaderTests.withFile(
      "Anställningsnummer;Första dag;Sista dag;Sjuktimmar\n9;2024-02-01;2024-02-02;16\n",
      name: "spells.csv"
    ) { url in
      var table = try TableReader.open(url)
      var rows: [SickLeaveSpell] = []
      try SickLeaveReader.readSpells(&table, layout: layout) { rows.append($0) }
      return rows
    }
    #expect(spells.count == 1 && spells[0].sickHours == 16)
    #expect(spells[0].start == CalendarDate(year: 2024, month: 2, day: 1))
    let missing = SickLeaveLayout(columns: ["sick_hours": ["Timmar sjuk"]])
    #expect {
      try SickLeaveReaderTests.withFile(
        "employee_id,start,end,sick_hours\n9,2024-02-01,2024-02-02,16\n", name: "spells.csv"
      ) { url in
        var table = try TableReader.open(url)
        try SickLeaveReader.readSpells(&table, layout: missing) { _ in }
      }
    } throws: { error in
      "\(error)".hasPrefix(
        "spells.csv:1: no column \"Timmar sjuk\" (spells, the sick_hours column the mapping "
          + "names)")
    }
  }

  // An empty cause is not sick leave either, and is named so; a role may have several names
  // (the two files name the id differently).
  @Test func emptyCauseAndSeveralNames() throws {
    let layout = SickLeaveLayout(columns: ["employee_id": ["Anst", "Nr"]])
    let staff = try SickLeaveReaderTests.withFile(
      "Anst;År;Kön;Ålder;Ordinarie arbetstid\nA1;2024;K;40;2096\n", name: "e.csv"
    ) {
      try SickLeaveReader.staff(try TableReader.open($0), fullTimeHours: 2080, layout: layout)
    }
    let input = try SickLeaveReaderTests.withFile(
      "Nr;Orsak;Från;Till;Timmar\nA1;;2024-03-04;2024-03-04;8\nA1;Semester;2024-07-01;"
        + "2024-07-05;40\nA1; SJUKDOM ;2024-03-05;2024-03-05;8\nA1;;2024-03-06;2024-03-06;8\n",
      name: "s.csv"
    ) { try SickLeaveReader.spells(try TableReader.open($0), of: staff, layout: layout) }
    #expect(
      input.causeNote
        == "s.csv: 3 rader med annan frånvaroorsak än sjukfrånvaro räknas inte (utan orsak: 2, "
        + "Semester: 1)")
    let report = try SickLeaveBreakdown(employees: staff.employees, spells: input.spells)
      .report(years: 1, disclosure: .internalUse)
    #expect(report.years[0].figure(.rate, sex: .all)?.numeratorHours == 8)
  }

  // An extent outside 25–100 % where the hours are empty is located; with hours it is not
  // needed and not read.
  @Test func badExtentWithoutHoursIsLocated() throws {
    let staff = try SickLeaveReaderTests.withFile(
      "employee_id,period,sex,age,scheduled_hours\nA1,2024,K,40,2096\n", name: "e.csv"
    ) { try SickLeaveReader.staff(try TableReader.open($0), fullTimeHours: 2080) }
    let spells =
      "employee_id,start,end,sick_hours,omfattning\nA1,2024-03-04,2024-03-04,8,7\n"
      + "A1,2024-03-05,2024-03-05,,0.1\n"
    #expect {
      try SickLeaveReaderTests.withFile(spells, name: "s.csv") {
        _ = try SickLeaveReader.spells(try TableReader.open($0), of: staff)
      }
    } throws: { error in
      "\(error)"
        == "s.csv:3:5: expected an extent of 25–100 % (0,25–1 or 25–100) for a row without "
        + "hours, found \"0.1\""
    }
    // Without a cause column every row counts, and no note is made.
    let input = try SickLeaveReaderTests.withFile(
      "employee_id,start,end,sick_hours,omfattning\nA1,2024-03-04,2024-03-04,8,7\n"
        + "A1,2024-03-05,2024-03-05,,50\n", name: "s.csv"
    ) { try SickLeaveReader.spells(try TableReader.open($0), of: staff) }
    #expect(input.causeNote == nil)
    let report = try SickLeaveBreakdown(employees: staff.employees, spells: input.spells)
      .report(years: 1, disclosure: .internalUse)
    // 8 + 1 weekday × 2 096 / 262 × 0.5 = 8 + 4 = 12.
    #expect(report.years[0].figure(.rate, sex: .all)?.numeratorHours == 12)
  }
}

@Suite("Sick-leave entry: columns and causes")
struct SickLeaveEntryLayoutTests {
  static func load(_ analysis: String) throws(IngestError) -> ProjectFile {
    try SpecLoader.loadProject(
      yaml: "organisation: T\nperiod: \"2024\"\nanalyses:\n" + analysis, fileName: "p.yaml")
  }

  @Test func columnsAndCauses() throws {
    let project = try Self.load(
      """
        - {id: hr, kind: sickleave, employees: a.csv, spells: f.csv,
           columns: {employee_id: [Anst nr, Nr], start: Första dag}, sick_causes: [Sjuk]}
      """)
    guard case .sickleave(let entry) = try #require(project.analyses.first) else {
      Issue.record("not a sick-leave entry")
      return
    }
    #expect(entry.layout.columns == ["employee_id": ["Anst nr", "Nr"], "start": ["Första dag"]])
    #expect(entry.layout.sickCauses == ["Sjuk"])
    #expect(entry.layout.names("end") == SickLeaveLayout.defaultNames("end"))
  }

  @Test func unknownRoleRefused() throws {
    #expect {
      try Self.load(
        "  - {id: hr, kind: sickleave, employees: a.csv, spells: f.csv, columns: {datum: X}}\n")
    } throws: { error in
      "\(error)".hasPrefix("p.yaml:4:") && "\(error)".contains("datum")
    }
  }
}
