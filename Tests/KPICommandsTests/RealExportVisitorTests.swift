import Foundation
import Testing

/// The visitor files of `../shared/real-exports/` (issue 16), run through `kpi visitors` with
/// the options `--help` lists and no edit to the data. The folder is beside the repository
/// on the project's machines, not in it (the files' licences are their authors'); without it
/// these tests say so and pass.
@Suite("Real visitor exports")
struct RealExportVisitorTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("shared/real-exports")

  static func export(_ name: String) -> URL? {
    let url = folder.appendingPathComponent(name)
    guard FileManager.default.fileExists(atPath: url.path) else {
      print("skipped: \(url.path) is not here (the real exports are not in the repository)")
      return nil
    }
    return url
  }

  /// The row of `visitors.csv` for a category, period type and period.
  static func row(_ out: URL, _ category: String, _ type: String, _ period: String) throws
    -> [String: String]?
  {
    let text = try String(contentsOf: out.appendingPathComponent("visitors.csv"), encoding: .utf8)
    // Split on any line end: the rfc dialect ends lines with CRLF, one Character in Swift.
    let lines = text.split(whereSeparator: \.isNewline).map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    guard let header = lines.first else { return nil }
    return lines.dropFirst().first {
      $0.count == header.count && $0[0] == category && $0[1] == type
        && $0[2] == period
    }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
  }

  // Wide, monthly, dated 1/1/2014 (month first, which no value shows: no day is over 12).
  @Test func laMuseumWideMonthly() throws {
    guard let data = Self.export("la-museum-visitors-monthly.csv") else { return }
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try kpi(
      "visitors", "--data", data.path, "--date-format", "m/d/yyyy", "--out",
      folder.appendingPathComponent("out").path)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("read as month/day/year (m/d/yyyy), as date_format says"))
    #expect(run.stderr.contains("is the first of its month: read as month totals"))
    // pandas, once:
    //   m = pd.read_csv('la-museum-visitors-monthly.csv', parse_dates=['Date'],
    //                   date_format='%m/%d/%Y')
    //   m[m.Date.dt.year == 2018]['Avila Adobe'].sum()                          → 217708
    //   m[(m.Date.dt.year == 2017) & (m.Date.dt.month <= 11)]['Avila Adobe'].sum() → 251975
    // (2018 ends in November, so it is compared with January–November 2017.)
    let year = try #require(
      try Self.row(folder.appendingPathComponent("out"), "Avila Adobe", "year", "2018"))
    #expect(year["visitors"] == "217708")
    #expect(year["previous"] == "251975")
    // Without the order the run stops, and says how to give it.
    let refused = try kpi(
      "visitors", "--data", data.path, "--out", folder.appendingPathComponent("no").path)
    #expect(refused.status == 65)
    #expect(
      refused.stderr.contains(
        "la-museum-visitors-monthly.csv:3:1: cannot tell the day from the month"))
  }

  // Long, hourly, eight cameras; two names end in a quoted TAB.
  @Test func leedsHourlyFootfall() throws {
    guard let data = Self.export("leeds-footfall-may2016.csv") else { return }
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out")
    let run = try kpi(
      "visitors", "--data", data.path, "--category-column", "LocationName",
      "--visitors-column", "InCount", "--out", out.path)
    #expect(run.status == 0, "\(run.stderr)")
    // 28 days × 24 hours × 8 cameras = 5 376 rows, 28 × 8 = 224 days.
    #expect(run.stderr.contains("5376 counts per hour summed to 224 daily counts"))
    // pandas, once:
    //   d = pd.read_csv('leeds-footfall-may2016.csv')
    //   d['LocationName'] = d['LocationName'].str.strip()
    //   d.groupby('LocationName')['InCount'].sum()['Briggate at McDonalds']  → 364035
    //   d.InCount.sum()                                                      → 4756527
    let camera = try #require(try Self.row(out, "Briggate at McDonalds", "month", "2016-05"))
    #expect(camera["visitors"] == "364035")
    let total = try #require(try Self.row(out, "Totalt", "month", "2016-05"))
    #expect(total["visitors"] == "4756527")
  }
}
