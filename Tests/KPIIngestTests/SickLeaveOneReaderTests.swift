import Foundation
import KPIAnalysis
import KPIModel
import Testing

@testable import KPIIngest

/// The one sick-leave reader: blocks and rows, any order, every source through the same
/// decoders, bad rows located by the scan that finds them.
@Suite("One sick-leave reader")
struct SickLeaveOneReaderTests {
  /// A deterministic generator (64-bit LCG, Knuth's MMIX constants).
  struct Random {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }

  static func shuffled<T>(_ items: [T], seed: UInt64) -> [T] {
    var random = Random(state: seed)
    var items = items
    for index in items.indices.reversed() { items.swapAt(index, random.next(index + 1)) }
    return items
  }

  static func folder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("sick-one-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  static func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
  }

  static func write(_ text: String, _ name: String, in folder: URL) throws -> URL {
    try write(Array(text.utf8), name, in: folder)
  }

  /// How a file is read: in blocks of `blockSize` bytes, or row by row.
  enum Reading: CaseIterable {
    case blocks, rows
    var blockSize: Int? { self == .blocks ? 64 : nil }
    var threshold: Int { self == .blocks ? 0 : .max }
  }

  /// The report of two files, read the given way.
  static func report(_ employees: URL, _ spells: URL, _ reading: Reading) throws
    -> (SickLeaveReport, [String?])
  {
    let staff = try SickLeaveReader.staff(
      TableReader.open(employees), fullTimeHours: 2080, blockSize: reading.blockSize,
      threshold: reading.threshold)
    let input = try SickLeaveReader.spells(
      TableReader.open(spells), of: staff, blockSize: reading.blockSize,
      threshold: reading.threshold)
    let report = try SickLeaveBreakdown(employees: staff.employees, spells: input.spells)
      .report(disclosure: .internalUse)
    return (report, [staff.notice, input.notice])
  }

  /// Twelve employees of 2025 (E1…E12, men with odd numbers), 1600 scheduled hours each;
  /// each with three spells: 6–7 January (2 days, 8 × n hours), 2–20 March (19 days, 4 h)
  /// and 1 May–15 July (31 + 30 + 15 = 76 days, 8 h). Whole hours: every order adds up to
  /// the same bits.
  static let employeeLines = (1...12).map {
    "E\($0),2025,\($0 % 2 == 0 ? "K" : "M"),\(25 + 3 * $0),1600,75"
  }
  static let spellLines = (1...12).flatMap { n in
    [("01-06", "01-07", 8 * n), ("03-02", "03-20", 4), ("05-01", "07-15", 8)].map {
      "E\(n),2025-\($0.0),2025-\($0.1),\($0.2)"
    }
  }
  static let employeeHeader = "employee_id,period,sex,age,scheduled_hours,employment_rate\n"
  static let spellHeader = "employee_id,start,end,sick_hours\n"

  static func text(_ header: String, _ lines: [String]) -> String {
    header + lines.joined(separator: "\n") + "\n"
  }

  // Sorted, spells shuffled, and employees reversed with the spells shuffled another way,
  // each read in blocks of 64 bytes and row by row: one report. By hand: sick hours
  // 8 × (1 + … + 12) + 12 × 4 + 12 × 8 = 624 + 48 + 96 = 768 of 12 × 1600 = 19 200 scheduled,
  // rate 768 / 19 200 = 0.04; the short spells' share 624 / 768, the 15–59 days' 48 / 768,
  // the long ones' 96 / 768; FTE from employment_rate 75 % → 12 × 0.75 = 9.
  // The same with ids longer than a word ("ANSTÄLLD-NR-1", looked up through the byte table
  // rather than the person index's slots).
  @Test(arguments: ["E", "ANSTÄLLD-NR-"])
  func anyOrderAndEitherReadingGiveOneReport(prefix: String) throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let rename = { (lines: [String]) in
      lines.map { "\(prefix)" + $0.dropFirst() }
    }
    let (employeeLines, spellLines) = (rename(Self.employeeLines), rename(Self.spellLines))
    let orders: [(employees: [String], spells: [String])] = [
      (employeeLines, spellLines),
      (employeeLines, Self.shuffled(spellLines, seed: 7)),
      (employeeLines.reversed(), Self.shuffled(spellLines, seed: 8)),
    ]
    var reports: [SickLeaveReport] = []
    for (index, order) in orders.enumerated() {
      let employees = try Self.write(
        Self.text(Self.employeeHeader, order.employees), "e\(index).csv", in: folder)
      let spells = try Self.write(
        Self.text(Self.spellHeader, order.spells), "s\(index).csv", in: folder)
      for reading in Reading.allCases {
        reports.append(try Self.report(employees, spells, reading).0)
      }
    }
    #expect(reports.count == 6)
    for report in reports { #expect(report == reports[0]) }
    let year = try #require(reports[0].years.last)
    #expect(year.figure(.rate, sex: .all)?.value == 768.0 / 19_200)
    #expect(year.figure(.rate, sex: .all)?.value == 0.04)
    #expect(year.figure(.share1To14, sex: .all)?.value == 624.0 / 768)
    #expect(year.figure(.share15To59, sex: .all)?.value == 48.0 / 768)
    #expect(year.figure(.share60Plus, sex: .all)?.value == 96.0 / 768)
    #expect(year.employees == 12 && year.fte == 9)
  }

  // The same staff and spells as Windows-1252 CSV (with a name column holding "Åsa" and
  // "Märta", and the sex of the men written "Män") and as workbooks: the one report, and
  // the Windows-1252 files said to be so.
  @Test func windows1252AndWorkbooksGoThroughTheSameDecoders() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let utf8 = try Self.report(
      Self.write(Self.text(Self.employeeHeader, Self.employeeLines), "e.csv", in: folder),
      Self.write(Self.text(Self.spellHeader, Self.spellLines), "s.csv", in: folder), .rows
    ).0
    // Windows-1252: Å = 0xC5, ä = 0xE4, Ä = 0xC4.
    func windows1252(_ text: String) -> [UInt8] {
      text.unicodeScalars.map { scalar in
        switch scalar {
        case "Å": 0xC5
        case "ä": 0xE4
        case "Ä": 0xC4
        default: UInt8(scalar.value)
        }
      }
    }
    let names = ["Åsa", "Märta"]
    let employees = windows1252(
      "namn," + Self.employeeHeader
        + Self.employeeLines.enumerated().map { index, line in
          names[index % 2] + "," + line.replacingOccurrences(of: ",M,", with: ",MÄN,")
        }.joined(separator: "\n") + "\n")
    let spells = windows1252(
      "namn," + Self.spellHeader
        + Self.spellLines.map { "Åsa," + $0 }.joined(separator: "\n") + "\n")
    for reading in Reading.allCases {
      let (report, notices) = try Self.report(
        Self.write(employees, "e1252.csv", in: folder),
        Self.write(spells, "s1252.csv", in: folder), reading)
      #expect(report == utf8)
      #expect(
        notices == ["e1252.csv was read as Windows-1252", "s1252.csv was read as Windows-1252"])
    }
    let xlsx = { (name: String) in
      try #require(
        Bundle.module.url(forResource: name, withExtension: "xlsx", subdirectory: "Fixtures/xlsx"))
    }
    let (workbooks, notices) = try Self.report(
      xlsx("sickleave-employees"), xlsx("sickleave-spells"), .blocks)
    #expect(workbooks == utf8)
    #expect(notices == [nil, nil])
  }

  // age instead of birth_year, employment_rate instead of fte, in both readings: 40 at the
  // end of 2025 is the age band 30–49; rates 75 (percent) and 0.5 (a fraction) are 0.75 and
  // 0.5 FTE; the birth year wins where a row has both (2025 − 1990 = 35), age fills in.
  @Test func ageAndEmploymentRateBranches() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let text =
      "employee_id,period,sex,birth_year,age,scheduled_hours,employment_rate\n"
      + "A1,2025,K,,40,1560,75\nA2,2025,M,1990,61,1040,0.5\n"
    let url = try Self.write(text, "e.csv", in: folder)
    for reading in Reading.allCases {
      let staff = try SickLeaveReader.staff(
        TableReader.open(url), fullTimeHours: 2080, blockSize: reading.blockSize,
        threshold: reading.threshold)
      var tally = SickLeaveTally()
      var rows: [SickLeaveEmployee] = []
      var table = try TableReader.open(url)
      try SickLeaveReader.readEmployees(&table) { rows.append($0) }
      for row in rows { try tally.add(row) }
      #expect(rows.map(\.age) == [40, 35] && rows.map(\.fte) == [0.75, 0.5])
      let report = try SickLeaveBreakdown(
        employees: staff.employees, spells: SickLeaveSpells(staff.employees)
      ).report(years: 1, disclosure: .internalUse)
      #expect(report == (try tally.report(years: 1, disclosure: .internalUse)))
      // FTE 0.75 + 0.5 = 1.25; two employees, both in the band 30–49.
      #expect(report.years[0].fte == 1.25)
      #expect(report.years[0].figure(.rate, sex: .all, age: .from30To49)?.employees == 2)
    }
  }

  // 3 000 spells (the header, a spell whose note spans two lines, a blank line, then one
  // spell a line), the second-to-last with 30 February: read in blocks of 256 bytes, the bad
  // row is named by the block that holds it, as row by row. Its line: line 1 the header,
  // lines 2–3 spell 1, line 4 blank, so spell k ≥ 2 is on line k + 3 and spell 2 999 on
  // line 3 002; the date is its second field.
  @Test func badRowNearTheEndIsLocatedByItsBlock() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let count = 3_000
    var lines = ["employee_id,start,end,sick_hours,note"]
    lines.append("E1,2025-01-06,2025-01-07,8,\"two\nlines\"")
    lines.append("")
    for k in 2...count {
      let n = 1 + k % 12
      let day = k == count - 1 ? "2025-02-30" : "2025-01-06"
      lines.append("E\(n),\(day),2025-12-31,0,")
    }
    // Line 1 the header, lines 2–3 spell 1, line 4 blank, spell k ≥ 2 on line k + 3.
    let badLine = (count - 1) + 3
    let spells = try Self.write(lines.joined(separator: "\n") + "\n", "spells.csv", in: folder)
    let employees = try Self.write(
      Self.text(Self.employeeHeader, Self.employeeLines), "employees.csv", in: folder)
    for reading in Reading.allCases {
      let staff = try SickLeaveReader.staff(TableReader.open(employees), fullTimeHours: 2080)
      let error = #expect(throws: IngestError.self) {
        try SickLeaveReader.spells(
          TableReader.open(spells), of: staff, blockSize: reading == .blocks ? 256 : nil,
          threshold: reading.threshold)
      }
      #expect(
        error?.description
          == "spells.csv:\(badLine):2: expected a date such as 2025-03-01, found \"2025-02-30\"")
    }
    #expect(badLine == 3_002)
  }

  // Blocks count their lines as the streaming reader numbers its rows, whatever the line
  // breaks (LF, CR LF, a CR alone) and blank lines, for blocks of 7 to 64 bytes: with quotes
  // in the file (line breaks noted) and without (records and blank lines counted).
  @Test(arguments: ["7,\"8\"\n", "7,8\n"])
  func blocksNumberRowsAsTheStreamingReader(quoted: String) throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var text = "a,b\r\n"
    for k in 0..<200 {
      text += ["1,2\n", "3,4\r\n", "5,6\r", "\n", "\r\n", quoted][k % 6]
    }
    text += "9,10\n"
    let url = try Self.write(text, "lines.csv", in: folder)
    var table = try TableReader.open(url)
    var expected: [Int] = []
    while let row = try table.nextRow() { expected.append(row.line) }
    let layout = try #require(try TableReader.open(url).blockLayout)
    for blockSize in [7, 16, 64] {
      var lines: [Int] = []
      let finished = CSVBlocks.scanCountingLines(layout, blockSize: blockSize, threshold: 0) {
        records in
        var found: [Int] = []
        while let record = records.next() {
          if !record.isBlank { found.append(records.line) }
        }
        return found
      } merge: { found, firstLine in
        lines += found.map { firstLine + $0 }
        return true
      }
      #expect(finished)
      #expect(lines == expected, "blocks of \(blockSize)")
    }
  }

  // Problems of rows that do not fit together, from blocks of 64 bytes as row by row: the
  // same employee twice (E4 again on the last line, 14, after the header and E1…E12 on lines
  // 2–13: E4 is on line 5), a spell of an unknown employee (E99, inserted as the second
  // spell: line 3) and an overlap (appended, 1–10 March, with E12's 2–20 March spell). The
  // spell at index i (from 0) is on line i + 2: E12's March spell is index 3 × 11 + 1 = 34,
  // 35 after the insertion, so line 37; the appended one is index 36 + 1 = 37, line 39.
  @Test func problemsAcrossBlocksNameTheirRows() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let employees = try Self.write(
      Self.text(Self.employeeHeader, Self.employeeLines + ["E4,2025,K,37,1600,75"]),
      "employees.csv", in: folder)
    var spellLines = Self.spellLines
    spellLines.insert("E99,2025-01-06,2025-01-07,8", at: 1)
    spellLines.append("E12,2025-03-01,2025-03-10,8")
    let spells = try Self.write(Self.text(Self.spellHeader, spellLines), "spells.csv", in: folder)
    for reading in Reading.allCases {
      let error = #expect(throws: SickLeaveError.self) {
        _ = try Self.report(employees, spells, reading)
      }
      #expect(
        error?.problems.map(\.description) == [
          "employees:14: the employee is already listed for 2025 on line 5",
          "spells:3: the spell's employee is not in the employees file",
          "spells:39: the spell 2025-03-01–2025-03-10 overlaps the spell on line 37 "
            + "(2025-03-02–2025-03-20) of the same employee",
        ])
    }
  }

  // 150 random spells files of the twelve employees — good spells, overlaps, spells across
  // New Year or in 2024 (no rows), unknown ids, bad dates and hours, ragged rows, blank lines,
  // quoted fields, CR LF — read in blocks of 7 to 200 bytes and row by row: the same report or
  // the same error, word for word (which problems, in which order, cut at 20).
  @Test func blocksAndRowsAgreeOnRandomFiles() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let employees = try Self.write(
      Self.text(Self.employeeHeader, Self.employeeLines), "employees.csv", in: folder)
    let staff = try SickLeaveReader.staff(TableReader.open(employees), fullTimeHours: 2080)
    var random = Random(state: 99)
    var outcomes: [String: Int] = [:]
    for round in 0..<150 {
      var text = Self.spellHeader
      for _ in 0..<(1 + random.next(60)) {
        let n = 1 + random.next(13)
        let month = 1 + random.next(12)
        let day = 1 + random.next(28)
        let start = String(format: "2025-%02d-%02d", month, day)
        let end = String(format: "2025-%02d-%02d", month, min(28, day + random.next(5)))
        switch random.next(16) {
        case 0: text += "E\(n),2024-12-30,2025-01-02,8\n"
        case 1: text += "E\(n),2025-02-30,2025-03-01,8\n"
        case 2: text += "E\(n),\(start),\(end),-1\n"
        case 3: text += "E\(n),\(start),\(end)\n"
        case 4: text += "\n"
        case 5: text += "\"E\(n)\",\(start),\(end),\"7,5\"\r\n"
        case 6: text += "E\(n),\(end),\(start),4\n"
        case 7: text += "E\(n),2024-03-01,2024-03-02,4\n"
        default: text += "E\(n),\(start),\(end),\(random.next(9))\n"
        }
      }
      let spells = try Self.write(text, "spells-\(round).csv", in: folder)
      func outcome(_ blockSize: Int?, _ threshold: Int) -> (kind: String, text: String) {
        do {
          let input = try SickLeaveReader.spells(
            TableReader.open(spells), of: staff, blockSize: blockSize, threshold: threshold)
          let report = try SickLeaveBreakdown(employees: staff.employees, spells: input.spells)
            .report()
          return ("report", "\(report)")
        } catch let error as IngestError {
          return ("cells", "\(error)")
        } catch {
          return ("data", "\(error)")
        }
      }
      let rows = outcome(nil, .max)
      let blocks = outcome(7 + random.next(200), 0)
      #expect(blocks.text == rows.text, "round \(round)")
      outcomes[rows.kind, default: 0] += 1
    }
    // Not a test that cannot fail: reports and errors of both kinds occur.
    #expect(outcomes.count == 3, "\(outcomes)")
  }

  // 600 employees (P0…P599) of 2025, each with five spells of 1 January + 10 k days (k = 0…4),
  // k + 1 days long, 2 (k + 1) hours; the spells shuffled, with 40 spells of unknown ids
  // ("X…") spread among them. Read in blocks of 16 KB (about 500 spells, so each block's ids
  // are looked up in the order of the index's slots, and clean blocks are added four at a
  // time, group by group) and row by row: the same error, naming the first 20 unknown ids'
  // rows in file order. Without the unknown ids, the same report both ways; by hand: sick
  // hours per employee 2 × (1 + 2 + 3 + 4 + 5) = 30, of 1 600 scheduled, rate 30 / 1 600 =
  // 0.01875, all in spells of 1–14 days.
  // Ids P0…P599 are numbers (looked up in the person index's plain array), P0h…P599h are
  // hashed (looked up in groups in the order of their slots).
  @Test(arguments: ["", "h"])
  func manyEmployeesShuffledInLargeBlocks(suffix: String) throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let employees = (0..<600).map {
      "P\($0)\(suffix),2025,\($0 % 2 == 0 ? "K" : "M"),40,1600,100"
    }
    var spells: [String] = []
    for person in 0..<600 {
      for k in 0..<5 {
        let start = CalendarDate(year: 2025, month: 1, day: 1)!.daysSince1970 + 10 * k
        let (first, last) = (SickLeaveRows.date(start), SickLeaveRows.date(start + k))
        spells.append("P\(person)\(suffix),\(first),\(last),\(2 * (k + 1))")
      }
    }
    let clean = Self.shuffled(spells, seed: 5)
    var withUnknown = clean
    for index in 0..<40 {
      withUnknown.insert("X\(index),2025-02-01,2025-02-02,1", at: 30 + 70 * index)
    }
    let employeesURL = try Self.write(
      Self.text(Self.employeeHeader, employees), "employees.csv", in: folder)
    func read(_ lines: [String], _ name: String, blocks: Bool) throws -> SickLeaveReport {
      let url = try Self.write(Self.text(Self.spellHeader, lines), name, in: folder)
      let staff = try SickLeaveReader.staff(
        TableReader.open(employeesURL), fullTimeHours: 2080)
      let input = try SickLeaveReader.spells(
        TableReader.open(url), of: staff, blockSize: blocks ? 16 << 10 : nil,
        threshold: blocks ? 0 : .max)
      return try SickLeaveBreakdown(employees: staff.employees, spells: input.spells)
        .report(disclosure: .internalUse)
    }
    let inBlocks = try read(clean, "clean.csv", blocks: true)
    let byRows = try read(clean, "clean.csv", blocks: false)
    #expect("\(inBlocks)" == "\(byRows)")
    let total = try #require(inBlocks.years.first?.figures.first)
    #expect(abs((total.value ?? -1) - 30.0 / 1_600) < 1e-12)
    func error(blocks: Bool) -> String {
      do {
        _ = try read(withUnknown, "unknown.csv", blocks: blocks)
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    let message = error(blocks: true)
    #expect(message == error(blocks: false))
    // The first unknown id is the 31st spell: row 32 after the header.
    #expect(message.hasPrefix("spells:32: the spell's employee is not in the employees file"))
  }
}
