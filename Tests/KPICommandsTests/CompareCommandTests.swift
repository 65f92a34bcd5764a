import Foundation
import KPIModel
import KPIStore
import Testing

/// `kpi compare` on a generated store of the 49 municipalities of Västra Götaland.
@Suite("kpi compare")
struct CompareCommandTests {
  static let municipalities = [
    "Ale", "Alingsås", "Bengtsfors", "Bollebygd", "Borås", "Dals-Ed", "Essunga", "Falköping",
    "Färgelanda", "Grästorp", "Gullspång", "Göteborg", "Götene", "Herrljunga", "Hjo",
    "Härryda", "Karlsborg", "Kungälv", "Lerum", "Lidköping", "Lilla Edet", "Lysekil",
    "Mariestad", "Mark", "Mellerud", "Munkedal", "Mölndal", "Orust", "Partille", "Skara",
    "Skövde", "Sotenäs", "Stenungsund", "Strömstad", "Svenljunga", "Tanum", "Tibro",
    "Tidaholm", "Tjörn", "Tranemo", "Trollhättan", "Töreboda", "Uddevalla", "Ulricehamn",
    "Vara", "Vårgårda", "Vänersborg", "Åmål", "Öckerö",
  ]

  /// Municipality i: n = 2 + (7 i mod 61) answers, k = ⌊0.8 n⌋ + (i mod 3) positive (at most
  /// n); the interval is the share ± 0.05 clipped to [0, 1]; met when the share is at least
  /// 0.85. Municipality 3 has its value withheld by its own report.
  static func generated(_ index: Int) -> (n: Double, k: Double) {
    let n = Double(2 + (7 * index) % 61)
    let k = min(n, (0.8 * n).rounded(.down) + Double(index % 3))
    return (n, k)
  }

  static func makeStore(at url: URL) throws {
    let store = try SQLiteStore(url: url)
    for (index, name) in municipalities.enumerated() {
      let (n, k) = generated(index)
      let share = k / n
      let value =
        index == 3
        ? KPIValue(
          kpi: "natverksenkat.helhet.share", period: "2025", scope: "Totalt", value: nil,
          status: "suppressed")
        : KPIValue(
          kpi: "natverksenkat.helhet.share", period: "2025", scope: "Totalt", value: share,
          count: n, lower: max(0, share - 0.05), upper: min(1, share + 0.05),
          status: share >= 0.85 ? "met" : "not_met")
      try store.record(
        RunRecord(
          organisation: name, analysis: "natverksenkat", kind: "survey", period: "2025",
          inputs: [(name: "2025.xlsx", sha256: FileDigest.sha256(of: name))],
          time: "2026-01-15T10:00:00Z"),
        values: [
          value,
          KPIValue(kpi: "natverksenkat.helhet.share", period: "2024", scope: "Totalt", value: 0.5),
        ])
    }
  }

  @Test func fortyNineMunicipalities() throws {
    #expect(Self.municipalities.count == 49)
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("vg.sqlite")
    try Self.makeStore(at: store)
    let run = try kpi(
      [
        "compare", "--store", store.path, "--kpi", "natverksenkat.helhet.share", "--period",
        "2025", "--goal", "0.85", "--out", folder.appendingPathComponent("out").path,
      ])
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.lines
    #expect(lines.first == "organisation,kpi,period,scope,value,n,ci_low,ci_high,status")
    #expect(lines.count == 50)
    // In Swedish alphabetical order, as the list above is written (Vårgårda before
    // Vänersborg, Åmål and Öckerö last), whatever order the store gives.
    let organisations = lines.dropFirst().map { String($0.split(separator: ",")[0]) }
    #expect(organisations == Self.municipalities)
    for (index, name) in Self.municipalities.enumerated() {
      let (n, k) = Self.generated(index)
      guard let line = lines.first(where: { $0.hasPrefix(name + ",") }) else {
        Issue.record("no row for \(name)")
        continue
      }
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      if index == 3 || n < 5 {
        // Withheld: by its report, or by the reports' rule of fewer than 5 answers.
        #expect(cells[4...8] == ["", "", "", "", "suppressed"], "\(name)")
      } else {
        #expect(isClose(Double(cells[4]), k / n), "\(name)")
        #expect(cells[5] == "\(Int(n))")
        #expect(cells[8] == (k / n >= 0.85 ? "met" : "not_met"), "\(name)")
      }
    }
    // Hand count of the withheld: n = 2 + 7i mod 61 < 5 for i = 0 (n = 2), i = 9 (63 mod 61
    // = 2, n = 4) and i = 35 (245 mod 61 = 1, n = 3); and municipality 3 by its report.
    let withheld = lines.filter { $0.hasSuffix(",,,,,suppressed") }.count
    #expect(withheld == 4)

    let csv = folder.appendingPathComponent("out/compare-natverksenkat.helhet.share-2025.csv")
    let svg = folder.appendingPathComponent("out/compare-natverksenkat.helhet.share-2025.svg")
    #expect(try String(contentsOf: csv, encoding: .utf8).split(separator: "\r\n").count == 50)
    let chart = try String(contentsOf: svg, encoding: .utf8)
    #expect(chart.contains("<title"))
    #expect(chart.contains("Mål 85"))
    #expect(chart.contains("Öckerö"))
    #expect(chart.contains("4 organisationer redovisas inte"))
    if let keep = ProcessInfo.processInfo.environment["KPI_KEEP_COMPARE"] {
      try? FileManager.default.removeItem(atPath: keep)
      try FileManager.default.copyItem(at: svg, to: URL(fileURLWithPath: keep))
    }
  }

  @Test func aKPINobodyHasIsMissingInput() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("vg.sqlite")
    try Self.makeStore(at: store)
    let run = try kpi(
      ["compare", "--store", store.path, "--kpi", "navet.visitors", "--period", "2025"],
      in: folder)
    #expect(run.status == 66)
    #expect(run.stderr.contains("no organisation has a value of navet.visitors for 2025"))
  }
}
