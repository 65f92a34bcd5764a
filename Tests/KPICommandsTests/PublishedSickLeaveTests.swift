import Foundation
import KPIAnalysis
import KPIIngest
import Testing

/// The bundled sick-leave data (datasets/sjukfranvaro/) against the annual report 2025's
/// table, as datasets/README.md describes it.
@Suite("Bundled sick-leave data reproduce the published figures")
struct PublishedSickLeaveTests {
  static let employees = "datasets/sjukfranvaro/employees.csv"
  static let spells = "datasets/sjukfranvaro/spells.csv"

  /// Runs `kpi sickleave` on the bundled data as README shows it; the caller removes the
  /// folder.
  static func runBundled(dialect: String = "rfc") throws -> (Run, URL) {
    let out = try temporaryFolder()
    let run = try kpi(
      "sickleave", "--employees", employees, "--spells", spells, "--period", "2025",
      "--dialect", dialect, "--out", out.path, in: repositoryRoot)
    return (run, out)
  }

  /// The same breakdown with withheld values kept, through the library: what the law does not
  /// let `kpi` publish, checked all the same.
  static func internalReport() throws -> SickLeaveReport {
    var tally = SickLeaveTally()
    var employeeTable = try TableReader.open(repositoryRoot.appendingPathComponent(employees))
    try SickLeaveReader.readEmployees(&employeeTable) { try tally.add($0) }
    var spellTable = try TableReader.open(repositoryRoot.appendingPathComponent(spells))
    try SickLeaveReader.readSpells(&spellTable) { try tally.add($0) }
    return try tally.report(period: 2025, years: 3, disclosure: .internalUse)
  }

  /// A reference scope (`all`, `men`, `women <=29`, …) as sex and age band.
  static func group(_ scope: String) throws -> (SexGroup, AgeGroup) {
    let parts = scope.split(separator: " ").map(String.init)
    let sex = try #require(SexGroup(rawValue: parts[0]), "\(scope)")
    let age = try #require(AgeGroup(rawValue: parts.count > 1 ? parts[1] : "all"), "\(scope)")
    return (sex, age)
  }

  /// Published cells the law makes `kpi` withhold from the bundled data (datasets/README.md
  /// lists them with reasons), as `kpi period scope`.
  static let withheld: Set<String> = [
    // ≤ 29 has 3 employees every year; men 30–49 (5, 4, 3) and men ≥ 50 (7, 8, 10) are ten
    // or fewer; 30–49 in total and women ≥ 50 go with them, or they could be recomputed.
    "rate 2023 all <=29", "rate 2023 men <=29", "rate 2023 women <=29", "rate 2023 all 30-49",
    "rate 2023 men 30-49", "rate 2023 women >=50", "rate 2023 men >=50",
    "rate 2024 all <=29", "rate 2024 men <=29", "rate 2024 women <=29", "rate 2024 all 30-49",
    "rate 2024 men 30-49", "rate 2024 women >=50", "rate 2024 men >=50",
    "rate 2025 all <=29", "rate 2025 men <=29", "rate 2025 women <=29", "rate 2025 all 30-49",
    "rate 2025 men 30-49", "rate 2025 women >=50", "rate 2025 men >=50",
    // 2023: the men's 60+ days are one man's illness; men's and women's 1–14 and women's 60+
    // go with it.
    "share_1_14 2023 men", "share_1_14 2023 women", "share_60_plus 2023 men",
    "share_60_plus 2023 women",
    // 2024: the only 60+ spell is one woman's, so 60+ in total and for women; 1–14 in total
    // and for women go with them.
    "share_1_14 2024 all", "share_1_14 2024 women", "share_60_plus 2024 all",
    "share_60_plus 2024 women",
  ]

  /// 2024 rows printed on another base (datasets/README.md): a sex's hours as a part of the
  /// whole group's base, not of the sex's own. The data reproduce them on that base.
  static let otherBase2024: [String: @Sendable (SickLeaveYear) -> Double?] = [
    // The 1–14 row reads as contributions with the sexes swapped: "Män 60,7" is the women's
    // part of all sick hours, "Kvinnor 13,7" the men's.
    "share_1_14 women": { part($0, .share1To14, .men, of: .all) },
    "share_1_14 men": { part($0, .share1To14, .women, of: .all) },
    "share_15_59 women": { part($0, .share15To59, .women, of: .all) },
    "share_60_plus women": { part($0, .share60Plus, .women, of: .all) },
    "rate men 30-49": { ageContribution($0, .men, .from30To49) },
    "rate women 30-49": { ageContribution($0, .women, .from30To49) },
    "rate men >=50": { ageContribution($0, .men, .from50) },
    "rate women >=50": { ageContribution($0, .women, .from50) },
  ]

  /// Hours of `measure` for `sex` over all sick hours of `base`.
  static func part(
    _ year: SickLeaveYear, _ measure: SickLeaveMeasure, _ sex: SexGroup, of base: SexGroup
  ) -> Double? {
    guard let hours = year.figure(measure, sex: sex)?.numeratorHours,
      let all = year.figure(.rate, sex: base)?.numeratorHours
    else { return nil }
    return hours / all
  }

  /// A sex's sick hours in an age band over the band's scheduled hours (both sexes).
  static func ageContribution(_ year: SickLeaveYear, _ sex: SexGroup, _ age: AgeGroup) -> Double? {
    guard let hours = year.figure(.rate, sex: sex, age: age)?.numeratorHours,
      let scheduled = year.figure(.rate, sex: .all, age: age)?.denominatorHours
    else { return nil }
    return hours / scheduled
  }

  @Test func everyPublishedFigure() throws {
    let (run, out) = try Self.runBundled()
    defer { try? FileManager.default.removeItem(at: out) }
    #expect(run.status == 0, "\(run.stderr)")
    let rows = try readOutput(out.appendingPathComponent("sickleave.csv"))
    let report = try Self.internalReport()
    let figures = try PublishedFigure.load(dataset: "sickleave")
    #expect(figures.count == 66)
    var suppressedSeen: Set<String> = []
    for figure in figures {
      let (sex, age) = try Self.group(figure.scope)
      let measure = figure.kpi == "fte" ? "rate" : figure.kpi
      let row = try #require(
        rows.first {
          $0["period"] == figure.period && $0["measure"] == measure
            && $0["sex"] == sex.rawValue && $0["age_group"] == age.rawValue
        }, "\(figure.testDescription)")
      if figure.kpi == "fte" {
        let fte = try #require(row["fte"].flatMap(Double.init))
        #expect((fte * 10).rounded() / 10 == figure.value, "\(figure.testDescription)")
        continue
      }
      let key = "\(figure.kpi) \(figure.period) \(figure.scope)"
      let suppressed = row["suppressed"] == "true"
      if suppressed { suppressedSeen.insert(key) }
      #expect(suppressed == Self.withheld.contains(key), "\(key)")
      let year = try #require(report.years.first { String($0.period) == figure.period })
      if figure.period == "2024", let other = Self.otherBase2024["\(figure.kpi) \(figure.scope)"] {
        let value = try #require(other(year), "\(key)")
        #expect(published(value, decimals: 1) == figure.value, "\(key) on the other base: \(value)")
        continue
      }
      let value: Double
      if suppressed {
        // Withheld: empty in the output, so checked through the library.
        #expect(row["value"] == "" && row["numerator_hours"] == "", "\(key)")
        let measure = try #require(SickLeaveMeasure(rawValue: figure.kpi))
        value = try #require(year.figure(measure, sex: sex, age: age)?.value, "\(key)")
      } else {
        value = try #require(row["value"].flatMap(Double.init), "\(key)")
      }
      #expect(published(value, decimals: 1) == figure.value, "\(key): \(value)")
    }
    #expect(suppressedSeen == Self.withheld)
  }

  // The engine's own 2024 sex rows, on the law's base (within each sex): what datasets/README.md
  // says `kpi` prints instead of the report's contributions.
  @Test func sexRowsOf2024OnTheLawsBase() throws {
    let year = try #require(try Self.internalReport().years.first { $0.period == 2024 })
    let expected: [(SickLeaveMeasure, SexGroup, AgeGroup, Double)] = [
      (.rate, .men, .all, 1.1), (.rate, .women, .all, 2.3), (.share1To14, .men, .all, 100),
      (.share1To14, .women, .all, 70.3), (.share15To59, .women, .all, 19.8),
      (.share60Plus, .women, .all, 9.9),
    ]
    for (measure, sex, age, value) in expected {
      let figure = try #require(year.figure(measure, sex: sex, age: age)?.value)
      #expect(published(figure, decimals: 1) == value, "\(measure) \(sex)")
    }
  }

  @Test func summaryReadsLikeTheReport() throws {
    let (run, out) = try Self.runBundled()
    defer { try? FileManager.default.removeItem(at: out) }
    #expect(run.status == 0)
    let nbsp = "\u{00A0}"
    #expect(
      run.lines.prefix(3) == [
        "Sjukfrånvaron 2025 var 2,2\(nbsp)% av den ordinarie arbetstiden, jämfört med "
          + "2,0\(nbsp)% 2024 och 3,3\(nbsp)% 2023.",
        "Kvinnornas sjukfrånvaro var 2,8\(nbsp)% och männens 0,6\(nbsp)%.",
        "Av den totala sjukfrånvaron avsåg 64,3\(nbsp)% sjukperioder om 1–14 dagar, "
          + "18,3\(nbsp)% 15–59 dagar och 17,4\(nbsp)% 60 dagar eller mer.",
      ])
  }

  @Test(arguments: ["rfc", "excel-sv"])
  func outputsAgainstGoldenFiles(dialect: String) throws {
    let (run, out) = try Self.runBundled(dialect: dialect)
    defer { try? FileManager.default.removeItem(at: out) }
    #expect(run.status == 0, "\(run.stderr)")
    let files =
      dialect == "rfc"
      ? ["sickleave.csv", "sickleave-table.csv", "sickleave-table.txt", "sickleave-summary.txt"]
      : ["sickleave.csv", "sickleave-table.csv"]
    for file in files {
      let text = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
      try assertSnapshot(text, named: "sickleave-2025-\(dialect)-\(file)")
    }
  }
}

@Suite("No personal data in sick-leave outputs")
struct SickLeavePersonalDataTests {
  /// Every file `kpi sickleave` wrote, as text.
  static func outputs(_ folder: URL) throws -> [(String, String)] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
      ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
    }
  }

  /// Whether `number` stands alone in `text`: not part of a longer number such as 1975.3.
  static func containsNumber(_ number: String, in text: String) -> Bool {
    var searchRange = text.startIndex..<text.endIndex
    let numeric: (Character) -> Bool = { $0.isNumber || $0 == "." || $0 == "," }
    while let found = text.range(of: number, range: searchRange) {
      let before =
        found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
      let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
      if !(before.map(numeric) ?? false) && !(after.map(numeric) ?? false) { return true }
      searchRange = found.upperBound..<text.endIndex
    }
    return false
  }

  // The acceptance test of issue 5: no employee id or birth year of the bundled data appears
  // in any output of the bundled run (stdout included).
  @Test func bundledRunHasNoIDsOrBirthYears() throws {
    let (run, out) = try PublishedSickLeaveTests.runBundled()
    defer { try? FileManager.default.removeItem(at: out) }
    #expect(run.status == 0)
    let employees = try readOutput(
      repositoryRoot.appendingPathComponent(PublishedSickLeaveTests.employees))
    let ids = Set(employees.compactMap { $0["employee_id"] })
    let birthYears = Set(employees.compactMap { $0["birth_year"] })
    #expect(ids.count == 60 && birthYears.count > 20)
    let files = try Self.outputs(out) + [("stdout", run.stdout)]
    // Four tables, three charts and stdout: the charts' coordinates and labels must not
    // carry an id or a birth year either.
    #expect(files.count == 8)
    #expect(files.filter { $0.0.hasSuffix(".svg") }.count == 3)
    for (name, text) in files {
      for id in ids { #expect(!text.contains(id), "\(name) contains an employee id") }
      for year in birthYears {
        #expect(!Self.containsNumber(year, in: text), "\(name) contains a birth year")
      }
    }
  }

  // An export as HR systems write it, with names, personal identity numbers (birth date
  // inside) and birth years: none of it reaches an output.
  @Test func namesAndBirthDatesStayOut() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let names = (1...12).map { "Testperson\($0) Exempelsson" }
    var employees = "Anställd;Namn;Personnummer;employee_id;period;sex;birth_year;scheduled_hours\n"
    for (index, name) in names.enumerated() {
      let born = 1961 + index * 3
      employees +=
        "HR-\(index + 101);\(name);\(born)0\(index % 9 + 1)1\(index % 9)-\(4321 + index);"
        + "E\(index + 101);2025;\(index % 3 == 0 ? "M" : "K");\(born);1664\n"
    }
    var spells = "employee_id;start;end;sick_hours\n"
    for index in 0..<6 {
      spells += "E\(index + 101);2025-03-0\(index + 1);2025-03-0\(index + 2);8\n"
    }
    try Data(employees.utf8).write(to: folder.appendingPathComponent("employees.csv"))
    try Data(spells.utf8).write(to: folder.appendingPathComponent("spells.csv"))
    let out = folder.appendingPathComponent("out")
    let run = try kpi(
      "sickleave", "--employees", folder.appendingPathComponent("employees.csv").path,
      "--spells", folder.appendingPathComponent("spells.csv").path, "--out", out.path)
    #expect(run.status == 0, "\(run.stderr)")
    let lines = employees.split(separator: "\n").dropFirst().map { $0.split(separator: ";") }
    for (name, text) in try Self.outputs(out) + [("stdout", run.stdout)] {
      for fields in lines {
        for field in [fields[0], fields[1], fields[2], fields[3]] {
          #expect(!text.contains(field), "\(name) contains \(field)")
        }
        #expect(!Self.containsNumber(String(fields[6]), in: text), "\(name) contains a birth year")
      }
    }
  }
}

@Suite("kpi sickleave on the command line")
struct SickLeaveCommandLineTests {
  @Test func helpShowsTheExample() throws {
    let run = try kpi("sickleave", "--help")
    #expect(run.status == 0)
    #expect(run.stdout.contains("kpi sickleave --employees datasets/sjukfranvaro/employees.csv"))
    #expect(run.stdout.contains("--years"))
  }

  @Test func yearsBelowOneIsAUsageError() throws {
    let run = try kpi(
      "sickleave", "--employees", "e.csv", "--spells", "s.csv", "--years", "0")
    #expect(run.status == 64)
  }

  @Test func overlappingSpellsExit65NamingBothRows() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let employees =
      "employee_id,period,sex,age,scheduled_hours\n"
      + (1...11).map { "E\($0),2025,K,40,1600\n" }.joined()
    let spells =
      "employee_id,start,end,sick_hours\nE1,2025-03-01,2025-03-10,40\nE1,2025-03-05,2025-03-20,60\n"
    try Data(employees.utf8).write(to: folder.appendingPathComponent("employees.csv"))
    try Data(spells.utf8).write(to: folder.appendingPathComponent("spells.csv"))
    let out = folder.appendingPathComponent("out")
    let run = try kpi(
      "sickleave", "--employees", folder.appendingPathComponent("employees.csv").path,
      "--spells", folder.appendingPathComponent("spells.csv").path, "--out", out.path)
    #expect(run.status == 65)
    #expect(
      run.stderr
        == "kpi sickleave: error: spells.csv:3: the spell 2025-03-05–2025-03-20 overlaps the "
        + "spell on line 2 (2025-03-01–2025-03-10) of the same employee\n")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  // A Windows-1252 spells file (a name column with "Åsa", 0xC5) whose spells overlap: the
  // note on the encoding comes before the error, as both files were read.
  @Test func encodingNoteBeforeAnOverlap() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let employees =
      "employee_id,period,sex,age,scheduled_hours\n"
      + (1...11).map { "E\($0),2025,K,40,1600\n" }.joined()
    var spells = Array("namn,employee_id,start,end,sick_hours\n".utf8)
    for line in ["E1,2025-03-01,2025-03-10,40\n", "E1,2025-03-05,2025-03-20,60\n"] {
      spells += [0xC5] + Array("sa,".utf8) + Array(line.utf8)
    }
    try Data(employees.utf8).write(to: folder.appendingPathComponent("employees.csv"))
    try Data(spells).write(to: folder.appendingPathComponent("spells.csv"))
    let run = try kpi(
      "sickleave", "--employees", folder.appendingPathComponent("employees.csv").path,
      "--spells", folder.appendingPathComponent("spells.csv").path, "--out",
      folder.appendingPathComponent("out").path)
    #expect(run.status == 65)
    #expect(
      run.stderr
        == "kpi: note: spells.csv was read as Windows-1252\n"
        + "kpi sickleave: error: spells.csv:3: the spell 2025-03-05–2025-03-20 overlaps the "
        + "spell on line 2 (2025-03-01–2025-03-10) of the same employee\n")
  }

  // The same spells in employee order and in reverse order, and an overlap out of order: the
  // fast path reads the first, reads the second again without assuming order, and leaves the
  // third to the ordinary reader, which names both rows. Whole hours, so every order adds up
  // to the same bits.
  @Test func spellsInAnyOrderGiveTheSameTable() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let employees =
      "employee_id,period,sex,age,scheduled_hours\n"
      + (1...24).map { "E\($0),2025,\($0 % 2 == 0 ? "K" : "M"),\(25 + $0),1600\n" }.joined()
    try Data(employees.utf8).write(to: folder.appendingPathComponent("employees.csv"))
    var lines: [String] = []
    for person in 1...24 {
      for (start, end) in [("01-06", "01-07"), ("02-03", "02-20"), ("05-01", "07-15")] {
        lines.append("E\(person),2025-\(start),2025-\(end),\(8 * person)")
      }
    }
    func run(_ spells: [String], _ name: String) throws -> Run {
      let file = folder.appendingPathComponent("\(name).csv")
      try Data(("employee_id,start,end,sick_hours\n" + spells.joined(separator: "\n") + "\n").utf8)
        .write(to: file)
      return try kpi(
        "sickleave", "--employees", folder.appendingPathComponent("employees.csv").path,
        "--spells", file.path, "--out", folder.appendingPathComponent(name).path)
    }
    let sorted = try run(lines, "sorted")
    let reversed = try run(lines.reversed(), "reversed")
    #expect(sorted.status == 0 && reversed.status == 0)
    let table = { (name: String) in
      try String(
        contentsOf: folder.appendingPathComponent(name).appendingPathComponent("sickleave.csv"),
        encoding: .utf8)
    }
    #expect(try table("sorted") == table("reversed"))
    #expect(try table("sorted").contains("2025,rate,all,all,24,"))
    // E3's third spell moved to 5–10 January: it overlaps E3's first (line 8) and comes
    // after E3's second (line 9), so it is out of order as well.
    var overlapping = lines
    overlapping[8] = "E3,2025-01-05,2025-01-10,24"
    let failed = try run(overlapping, "overlap")
    #expect(failed.status == 65)
    #expect(
      failed.stderr
        == "kpi sickleave: error: overlap.csv:10: the spell 2025-01-05–2025-01-10 overlaps the "
        + "spell on line 8 (2025-01-06–2025-01-07) of the same employee\n")
  }

  // The fast path leaves a person listed twice for a year to the ordinary reader, which names
  // both rows.
  @Test func employeeListedTwiceExit65NamingBothRows() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let employees =
      "employee_id,period,sex,age,scheduled_hours\n"
      + (1...11).map { "E\($0),2025,K,40,1600\n" }.joined() + "E4,2025,K,41,1600\n"
    try Data(employees.utf8).write(to: folder.appendingPathComponent("employees.csv"))
    try Data("employee_id,start,end,sick_hours\nE1,2025-03-01,2025-03-02,16\n".utf8)
      .write(to: folder.appendingPathComponent("spells.csv"))
    let run = try kpi(
      "sickleave", "--employees", folder.appendingPathComponent("employees.csv").path,
      "--spells", folder.appendingPathComponent("spells.csv").path, "--out",
      folder.appendingPathComponent("out").path)
    #expect(run.status == 65)
    #expect(
      run.stderr
        == "kpi sickleave: error: employees.csv:13: the employee is already listed for 2025 on "
        + "line 5\n")
  }

  @Test func missingFileExits66() throws {
    let run = try kpi(
      "sickleave", "--employees", "no-such-file.csv", "--spells", "no-such-file.csv",
      "--out", FileManager.default.temporaryDirectory.path)
    #expect(run.status == 66)
  }
}
