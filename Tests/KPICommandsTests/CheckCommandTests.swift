import Foundation
import Testing

/// `kpi check` on the fixtures of Tests/Fixtures/check, from the repository's root as the
/// help's example runs it.
private func check(_ table: String, rules: String? = nil, _ options: String...) throws -> Run {
  var arguments = ["check", "Tests/Fixtures/check/\(table)"]
  if let rules { arguments += ["--rules", "Tests/Fixtures/check/\(rules)"] }
  return try kpi(arguments + options, in: repositoryRoot)
}

/// The warning for a figure the law would withhold.
private func smallGroup(_ cell: String, _ value: String, _ employees: Int) -> String {
  "ar2025-sjukfranvaro.csv:\(cell): warning: \(value) is printed for a group of \(employees) "
    + (employees == 1 ? "employee" : "employees")
    + "; the law withholds figures for groups of at most 10 employees (LKBR 11 kap.)"
}

@Suite("kpi check on the tables of the published reports")
struct CheckPublishedTablesTests {
  // AR2025 2.9 (lines 475-525). The reference file's notes: the 2024 sex rows of the spell
  // classes are contributions to all sick hours, not shares within each sex; the 2024 age
  // rows by sex look additive, not rates. The rates of ≤ 29, of men 30–49 and of men ≥ 50
  // describe 1 to 10 employees (datasets/README.md).
  @Test func sickLeaveTableOfTheAnnualReport() throws {
    let run = try check("ar2025-sjukfranvaro.csv", rules: "ar2025-sjukfranvaro.yaml")
    #expect(run.status == 65)
    #expect(run.stderr.isEmpty)
    #expect(
      run.lines == [
        "ar2025-sjukfranvaro.csv:7:3: error: the shares of group \"män\" (lines 7, 10, 13) add up "
          + "to 60,7 + 0 + 0 = 60,7, not 100; rounding explains at most ±1,05",
        "ar2025-sjukfranvaro.csv:7:3: error: 74,4 of \"Sjukfrånvaro 1-14 dgr i % av total "
          + "sjukfrånvaro\" (line 6) lies outside its parts (Män 60,7, Kvinnor 13,7), though it "
          + "is their weighted average; 60,7 + 13,7 = 74,4: the parts look like contributions "
          + "to the whole, not shares of their own",
        "ar2025-sjukfranvaro.csv:8:3: error: the shares of group \"kvinnor\" (lines 8, 11, 14) "
          + "add up to 13,7 + 17,1 + 8,6 = 39,4, not 100; rounding explains at most ±0,15",
        smallGroup("15:2", "2,0", 3), smallGroup("15:3", "0", 3), smallGroup("15:4", "3,0", 3),
        smallGroup("16:2", "1,6", 1), smallGroup("16:3", "0", 1), smallGroup("16:4", "1,7", 1),
        smallGroup("17:2", "2,2", 2), smallGroup("17:3", "0", 2), smallGroup("17:4", "3,7", 2),
        smallGroup("19:2", "6,3", 5),
        "ar2025-sjukfranvaro.csv:19:3: error: 2,4 of \"Sjukfrånvaro 30-49 år\" (line 18) lies "
          + "outside its parts (Män 0,4, Kvinnor 1,9), though it is their weighted average; "
          + "0,4 + 1,9 = 2,3: the parts look like contributions to the whole, not rates of their "
          + "own",
        smallGroup("19:3", "0,4", 4), smallGroup("19:4", "1,1", 3),
        smallGroup("22:2", "1", 7),
        "ar2025-sjukfranvaro.csv:22:3: error: 1,8 of \"Sjukfrånvaro 50 år och äldre\" (line 21) "
          + "lies outside its parts (Män 0,2, Kvinnor 1,7), though it is their weighted average; "
          + "0,2 + 1,7 = 1,9: the parts look like contributions to the whole, not rates of their "
          + "own",
        smallGroup("22:3", "0,2", 8), smallGroup("22:4", "0,3", 10),
        "ar2025-sjukfranvaro.csv: 5 errors, 15 warnings (27 rows, 3 columns of figures)",
      ])
  }

  // DR2023:5169-5206: only Q7's "57% (3 av 5 personer)" is off; 3 of 5 is 60 %.
  @Test func narvardskontoretsResults() throws {
    let run = try check("dr2023-narvardskontoret.csv")
    #expect(run.status == 65)
    #expect(
      run.lines == [
        "dr2023-narvardskontoret.csv:8:2: error: 57 % does not match \"3 av 5\": 3 / 5 = 60,0 %",
        "dr2023-narvardskontoret.csv: 1 error, 0 warnings (11 rows, 3 columns of figures)",
      ])
  }

  @Test func narvardskontoretsResultsForMachines() throws {
    let run = try check("dr2023-narvardskontoret.csv", "--format", "csv")
    #expect(run.status == 65)
    #expect(
      run.stdout
        == "table,row,column,column_name,label,severity,check,message\r\n"
        + "dr2023-narvardskontoret.csv,8,2,Har svarat,Är ärendena väl beredda?,error,ratio,"
        + "\"57 % does not match \"\"3 av 5\"\": 3 / 5 = 60,0 %\"\r\n")
  }

  // AR2025:411 adds up (27 + 1 = 28); DR2023:5502 names eight partly met and three met of
  // twelve, where its chart (DR2023:5529) has four met; "fyra av 17" names one status only.
  @Test func goalTallies() throws {
    let run = try check("maluppfyllelse.csv", rules: "maluppfyllelse.yaml")
    #expect(run.status == 0)
    #expect(
      run.lines == [
        "maluppfyllelse.csv:3:3: warning: the printed parts of \"Antal mål\" (line 2) add up to "
          + "3 + 8 = 11 of 12; 1 not accounted for (\"Ej uppfyllda\", \"Ej bedömda\" not "
          + "printed)",
        "maluppfyllelse.csv: 0 errors, 1 warning (6 rows, 6 columns of figures)",
      ])
  }

  // AR2025:4502 and 4538: 74 of 75 reviews and 2 of at least 3 newsletters, both "uppfyllt".
  @Test func dataProtectionOfficersGoals() throws {
    let run = try check("ar2025-dataskydd.csv")
    #expect(run.status == 0)
    #expect(
      run.lines == [
        "ar2025-dataskydd.csv:2:6: warning: status \"Målet är uppfyllt.\" contradicts the "
          + "figures: 74 >= 75 does not hold",
        "ar2025-dataskydd.csv:6:6: warning: status \"Målet är uppfyllt.\" contradicts the "
          + "figures: 2 >= 3 does not hold",
        "ar2025-dataskydd.csv: 0 errors, 2 warnings (11 rows, 5 columns of figures)",
      ])
  }

  // The rules the help shows, on a table they fit: they must read, and they must check.
  @Test func theHelpsRulesWork() throws {
    let help = try kpi("check", "--help")
    let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    let start = try #require(lines.firstIndex { $0.hasPrefix("  label: ") })
    let end = try #require(lines[start...].firstIndex { $0.isEmpty })
    let rules = lines[start..<end].map { String($0.dropFirst(2)) }.joined(separator: "\n")
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let table = """
      Sjukfrånvaro;2023;2024;2025
      Sjukfrånvaro;3,3;2,0;2,2
      Män;2,9;1,1;0,6
      Kvinnor;3,5;2,3;2,8
      1-14 dagar;52,8;74,4;64,3
      15 dagar eller mer;47,2;25,6;35,7
      Besökare;61 000;70 000;73 416
      Förändring;;+15;+6

      """
    try Data(table.utf8).write(to: folder.appendingPathComponent("t.csv"))
    try Data(rules.utf8).write(to: folder.appendingPathComponent("t.yaml"))
    let run = try kpi("check", "t.csv", "--rules", "t.yaml", in: folder)
    #expect(run.status == 65, "\(run.stderr)")
    #expect(
      run.lines == [
        "t.csv:8:4: error: +6 does not match the levels of \"Besökare\" (line 7): 73 416 / "
          + "70 000 − 1 = 4,9 % against 2024",
        "t.csv: 1 error, 0 warnings (7 rows, 3 columns of figures)",
      ])
  }
}

@Suite("kpi check on the tables kpi report writes")
struct CheckReportTablesTests {
  /// The tables of `kpi report` whose arithmetic `kpi check` knows without rules.
  static let tables = [
    "sjukfranvaro/sickleave-table.csv", "sjukfranvaro/sickleave.csv", "goals.csv",
    "natverksenkat/survey.csv", "narvard/questionnaire.csv", "navet/visitors.csv",
  ]

  @Test func theBundledReportHasNoFindings() throws {
    let folder = try ReportCommandTests.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let report = try kpi(
      "report", "datasets/sjuharad-2025.yaml", "--out", "out", "--no-store", in: folder)
    #expect(report.status == 0, "\(report.stderr)")
    for table in Self.tables {
      let run = try kpi("check", "out/\(table)", in: folder)
      #expect(run.status == 0, "\(table): \(run.stdout)")
      #expect(run.lines.count == 1, "\(table): \(run.stdout)")
      #expect(run.lines.first?.contains(": no findings (") == true, "\(table)")
      let csv = try kpi("check", "out/\(table)", "--format", "csv", in: folder)
      #expect(csv.stdout == "table,row,column,column_name,label,severity,check,message\r\n")
    }
    // Not vacuous: a share moved in the sick-leave table is caught.
    let url = folder.appendingPathComponent("out/sjukfranvaro/sickleave-table.csv")
    let text = try String(contentsOf: url, encoding: .utf8)
    try Data(
      text.replacingOccurrences(of: "0.19600686046000262", with: "0.29600686046000262").utf8
    ).write(to: url)
    let changed = try kpi("check", "out/sjukfranvaro/sickleave-table.csv", in: folder)
    #expect(changed.status == 65)
    #expect(
      changed.lines.first
        == "sickleave-table.csv:9:7: error: the shares of group \"women, all\" (lines 9, 12, "
        + "15) add up to 0.617529354852896 + 0.29600686046000262 + 0.18646378468710145 = 1.1, "
        + "not 1")
  }

  // Swedish Excel's dialect: `;` and decimal commas, the same arithmetic.
  @Test func theSickLeaveTableInExcelDialectHasNoFindings() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try kpi(
      [
        "sickleave", "--employees", "datasets/sjukfranvaro/employees.csv", "--spells",
        "datasets/sjukfranvaro/spells.csv", "--out", folder.path, "--dialect", "excel-sv",
      ], in: repositoryRoot)
    #expect(run.status == 0, "\(run.stderr)")
    let checked = try kpi(
      "check", folder.appendingPathComponent("sickleave-table.csv").path, in: repositoryRoot)
    #expect(checked.status == 0)
    #expect(
      checked.lines == ["sickleave-table.csv: no findings (23 rows, 3 columns of figures)"])
  }

  // A manual goal marked met against its numbers is kept by kpi report and flagged by check.
  @Test func aContradictedManualGoalInGoalsCSV() throws {
    let folder = try ReportCommandTests.workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let project = """
      organisation: Test
      period: "2025"
      goals:
        - {id: dso-nyhetsbrev, text: Minst tre nyhetsbrev, target: 3, comparator: ">=", value: 2,
           status: uppfyllt}

      """
    try Data(project.utf8).write(to: folder.appendingPathComponent("datasets/test.yaml"))
    let report = try kpi("report", "datasets/test.yaml", "--out", "out", "--no-store", in: folder)
    #expect(report.status == 0, "\(report.stderr)")
    let run = try kpi("check", "out/goals.csv", in: folder)
    #expect(run.status == 0)
    #expect(
      run.lines.first
        == "goals.csv:2:7: warning: status \"met\" contradicts the figures: 2 >= 3 does not hold")
  }
}

@Suite("kpi check refuses what it cannot read")
struct CheckInputErrorTests {
  @Test func aMissingTable() throws {
    let run = try kpi("check", "no-such-table.csv", in: repositoryRoot)
    #expect(run.status == 66)
    #expect(run.stderr.hasPrefix("kpi check: error: no-such-table.csv"))
  }

  @Test func rulesThatDoNotFitTheTable() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("rows:\n  - {label: Medianlön, kind: rate}\n".utf8).write(
      to: folder.appendingPathComponent("rules.yaml"))
    let run = try kpi(
      [
        "check",
        repositoryRoot.appendingPathComponent(
          "Tests/Fixtures/check/dr2023-narvardskontoret.csv"
        ).path, "--rules", "rules.yaml",
      ], in: folder)
    #expect(run.status == 65)
    #expect(
      run.stderr
        == "kpi check: error: rules.yaml:2:13: no row labelled \"Medianlön\" in "
        + "dr2023-narvardskontoret.csv (rows are matched in table order)\n")
    #expect(run.stdout.isEmpty)
  }

  // Issue 17, item 11: NaN, Inf and 1e400 where a count belongs were only warnings; a
  // figure no table can print is an error (exit 65), while words stay warnings.
  @Test func nonFiniteFiguresAreErrors() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("Antal;2024;2025\nAnställda;NaN;53\nKvinnor;Inf;39\nMän;1e400;saknas\n".utf8)
      .write(to: folder.appendingPathComponent("t.csv"))
    try Data(
      "rows:\n  - {label: Anställda, kind: count}\n  - {label: Kvinnor, kind: count}\n  - {label: Män, kind: count}\n"
        .utf8
    )
    .write(to: folder.appendingPathComponent("rules.yaml"))
    let run = try kpi(["check", "t.csv", "--rules", "rules.yaml"], in: folder)
    #expect(run.status == 65)
    #expect(
      run.lines.contains("t.csv:2:2: error: expected a finite number in a count row, found \"NaN\"")
    )
    #expect(
      run.lines.contains("t.csv:3:2: error: expected a finite number in a count row, found \"Inf\"")
    )
    #expect(
      run.lines.contains(
        "t.csv:4:2: error: expected a finite number in a count row, found \"1e400\""))
    #expect(
      run.lines.contains("t.csv:4:3: warning: expected a number in a count row, found \"saknas\""))
  }

  // Issue 17, item 11: a UTF-16 table without a byte-order mark was read as one column of
  // NUL-ridden text and gave "no findings"; it is now recognised by its zero bytes and
  // checked (40 + 14 = 54 is not 53).
  @Test(arguments: [String.Encoding.utf16BigEndian, .utf16LittleEndian])
  func utf16WithoutAByteOrderMarkIsChecked(encoding: String.Encoding) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let table = "Antal;2024;2025\nAnställda;50;53\nKvinnor;30;40\nMän;20;14\n"
    // .utf16BigEndian and .utf16LittleEndian write no byte-order mark.
    let bytes = try #require(table.data(using: encoding))
    #expect(bytes.first != 0xFF && bytes.first != 0xFE)
    try bytes.write(to: folder.appendingPathComponent("t.csv"))
    try Data(
      ("rows:\n  - {label: Anställda, kind: count, parts: [kvinnor, man]}\n"
        + "  - {label: Kvinnor, id: kvinnor, kind: count}\n  - {label: Män, id: man, kind: count}\n")
        .utf8
    ).write(to: folder.appendingPathComponent("rules.yaml"))
    let run = try kpi(["check", "t.csv", "--rules", "rules.yaml"], in: folder)
    #expect(run.status == 65)
    #expect(
      run.lines.first
        == "t.csv:3:3: error: the parts of \"Anställda\" (line 2) add up to 40 + 14 = 54, not 53")
  }

  @Test func aHeaderWithoutRows() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(";2024;2025\n".utf8).write(to: folder.appendingPathComponent("t.csv"))
    let run = try kpi("check", "t.csv", in: folder)
    #expect(run.status == 65)
    #expect(run.stderr == "kpi check: error: t.csv:1: the file has a header but no data rows\n")
  }
}
