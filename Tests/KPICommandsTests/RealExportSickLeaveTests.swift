import Foundation
import Testing

/// The Swedish HR export of `../shared/real-exports/` (issue 16: `sv-hr-anstallda.csv`,
/// `sv-hr-franvaro.csv`), run as `kpi sickleave --help` and the README describe, without an
/// edit to the data; without the folder these tests say so and pass. The fixtures of
/// `KPIIngestTests/Fixtures/hr`, in the same layout, always run.
@Suite("Real sick-leave exports")
struct RealExportSickLeaveTests {
  static let hrFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("KPIIngestTests/Fixtures/hr")

  /// The row of a `sickleave.csv` for a period, measure, sex and age group.
  static func row(_ out: URL, _ period: String, _ measure: String, _ sex: String = "all")
    throws -> [String: String]?
  {
    let text = try String(contentsOf: out.appendingPathComponent("sickleave.csv"), encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline).map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    guard let header = lines.first else { return nil }
    return lines.dropFirst().first {
      $0.count >= 4 && $0[0] == period && $0[1] == measure && $0[2] == sex && $0[3] == "all"
    }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
  }

  // The default names find every column (Anställningsnr, Kön, Födelseår, År,
  // Sysselsättningsgrad (%), Ordinarie arbetstid per år (tim); Frånvaroorsak, Datum from,
  // Datum tom, Omfattning, Frånvarotimmar); the 22 VAB rows are left out.
  @Test func swedishHRExport() throws {
    guard let employees = RealExportVisitorTests.export("sv-hr-anstallda.csv"),
      let spells = RealExportVisitorTests.export("sv-hr-franvaro.csv")
    else { return }
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out")
    let run = try kpi(
      "sickleave", "--employees", employees.path, "--spells", spells.path, "--out", out.path)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "sv-hr-franvaro.csv: 22 rader med annan frånvaroorsak än sjukfrånvaro räknas inte "
          + "(VAB: 22)"))
    // Sysselsättningsgrad 75,0 is 0.75 of a full-time post, not 75 årsarbetare.
    #expect(run.stdout.contains("Antalet anställda var 24, motsvarande 20,1 årsarbetare."))
    // pandas, once (a spell over New Year split pro rata by calendar days, as SPEC §4.2):
    //   s = pd.read_csv('sv-hr-franvaro.csv', sep=';', encoding='cp1252', decimal=',',
    //                   parse_dates=['Datum from', 'Datum tom'])
    //   e = pd.read_csv('sv-hr-anstallda.csv', sep=';', encoding='cp1252', decimal=',',
    //                   thousands=' ')
    //   s = s[s['Frånvaroorsak'] == 'Sjuk']
    //   def part(r, y):
    //     a = max(r['Datum from'], pd.Timestamp(y, 1, 1))
    //     b = min(r['Datum tom'], pd.Timestamp(y, 12, 31))
    //     return r['Frånvarotimmar'] * max((b - a).days + 1, 0) \
    //            / ((r['Datum tom'] - r['Datum from']).days + 1)
    //   s.apply(lambda r: part(r, 2024), axis=1).sum()                  → 1366.00588235294…
    //   e[e['År'] == 2024]['Ordinarie arbetstid per år (tim)'].sum()    → 41704
    //   (e[e['År'] == 2024]['Sysselsättningsgrad (%)'] / 100).sum()     → 20.05
    let rate = try #require(try Self.row(out, "2024", "rate"))
    #expect(isClose(Double(rate["numerator_hours"] ?? ""), 1_366.005_882_352_941, tolerance: 1e-12))
    #expect(rate["denominator_hours"] == "41704")
    #expect(rate["fte"] == "20.05")
    #expect(rate["employees"] == "24")
  }

  // The same files through a project entry written from the docs: the mapping and the causes
  // said out loud (they are the defaults), paths relative to the project file.
  @Test func swedishHRExportThroughAProject() throws {
    guard let employees = RealExportVisitorTests.export("sv-hr-anstallda.csv"),
      let spells = RealExportVisitorTests.export("sv-hr-franvaro.csv")
    else { return }
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let project = folder.appendingPathComponent("hr.yaml")
    try """
    organisation: Test
    period: "2024"
    analyses:
      - id: sjukfranvaro
        kind: sickleave
        employees: \(employees.path)
        spells: \(spells.path)
        columns: {employee_id: Anställningsnr, start: Datum from, end: Datum tom,
                  sick_hours: Frånvarotimmar, cause: Frånvaroorsak}
        sick_causes: [Sjuk]
    """.write(to: project, atomically: true, encoding: .utf8)
    let out = folder.appendingPathComponent("out")
    let run = try kpi("report", project.path, "--out", out.path, "--no-store")
    #expect(run.status == 0, "\(run.stderr)")
    let rate = try #require(
      try Self.row(out.appendingPathComponent("sjukfranvaro"), "2024", "rate"))
    #expect(isClose(Double(rate["numerator_hours"] ?? ""), 1_366.005_882_352_941, tolerance: 1e-12))
    #expect(rate["denominator_hours"] == "41704")
  }

  // Own fixtures, Windows-1252, `;`, CRLF: `--sick-cause` replaces the defaults, so Sjukdom
  // and "sjuk del av dag" are left out and VAB counts.
  @Test func fixtureWithOtherCauses() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let employees = Self.hrFixtures.appendingPathComponent("anstallda.csv").path
    let spells = Self.hrFixtures.appendingPathComponent("franvaro.csv").path
    let defaults = try kpi(
      "sickleave", "--employees", employees, "--spells", spells, "--out",
      folder.appendingPathComponent("a").path)
    #expect(defaults.status == 0, "\(defaults.stderr)")
    #expect(
      defaults.stderr.contains(
        "kpi: note: franvaro.csv: 3 rader med annan frånvaroorsak än sjukfrånvaro räknas "
          + "inte (VAB: 2, Föräldraledig: 1)"))
    #expect(defaults.stdout.contains("Antalet anställda var 3, motsvarande 2,3 årsarbetare."))
    let own = try kpi(
      "sickleave", "--employees", employees, "--spells", spells, "--sick-cause", "Sjuk",
      "--sick-cause", "vab", "--out", folder.appendingPathComponent("b").path)
    #expect(own.status == 0, "\(own.stderr)")
    #expect(
      own.stderr.contains(
        "franvaro.csv: 3 rader med annan frånvaroorsak än sjukfrånvaro räknas inte "
          + "(Föräldraledig: 1, Sjukdom: 1, sjuk  del av dag: 1)"))
    // A role that is not one is a usage error.
    let bad = try kpi(
      "sickleave", "--employees", employees, "--spells", spells, "--column", "datum=Från",
      "--out", folder.appendingPathComponent("c").path)
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("--column: unknown role \"datum\""))
  }

  // Sick hours above the scheduled hours: refused with the employees file and row, no id.
  @Test func sickHoursAboveScheduledHoursRefused() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let employees = folder.appendingPathComponent("anstallda.csv")
    let spells = folder.appendingPathComponent("franvaro.csv")
    try Data(
      "Anställningsnr;Kön;Ålder;År;Ordinarie arbetstid\r\nX77;Man;40;2024;10\r\n".utf8
    ).write(to: employees)
    try Data(
      "Anställningsnr;Från;Till;Timmar\r\nX77;2024-03-04;2024-03-06;24\r\n".utf8
    ).write(to: spells)
    let run = try kpi(
      "sickleave", "--employees", employees.path, "--spells", spells.path, "--out",
      folder.appendingPathComponent("out").path)
    #expect(run.status == 65)
    #expect(
      run.stderr.contains(
        "anstallda.csv:2: the employee's sick hours in 2024 (24) exceed the scheduled hours "
          + "(10)"))
    #expect(!run.stderr.contains("X77"))
  }

  // `--help` lists the roles and their default names.
  @Test func helpListsTheDefaultNames() throws {
    let run = try kpi("sickleave", "--help")
    #expect(run.status == 0)
    for text in [
      "employee_id", "Anställningsnummer", "Anställningsnr", "Kön", "Födelseår", "Ålder",
      "Ordinarie arbetstid", "Sysselsättningsgrad (%)", "Frånvaroorsak", "Fr.o.m.", "T.o.m.",
      "Datum from", "Omfattning", "Frånvarotimmar", "Sjuktimmar", "--column <role=name>",
      "--sick-cause",
    ] {
      #expect(run.stdout.contains(text), "\(text)")
    }
  }
}
