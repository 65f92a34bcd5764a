import Testing

@testable import KPIRender

/// Golden SVGs of the visitor charts of the hand-made result; each was also checked with
/// `xmllint --noout` and rendered with `rsvg-convert` and looked at before it was committed.
@Suite("Visitor chart snapshots")
struct VisitorChartSnapshotTests {
  @Test func monthly() throws {
    let spec = try #require(VisitorCharts.monthly(try VisitorFixtures.result()))
    try Snapshot.check(spec.svg(), named: "visitors-monthly")
  }

  @Test func monthlyPartialYear() throws {
    let spec = try #require(VisitorCharts.monthly(try VisitorFixtures.result(partial: true)))
    try Snapshot.check(spec.svg(), named: "visitors-monthly-partial")
  }

  @Test func annual() throws {
    let spec = try #require(VisitorCharts.annual(try VisitorFixtures.result()))
    try Snapshot.check(spec.svg(), named: "visitors-annual")
  }

  @Test func seasonal() throws {
    let spec = try #require(VisitorCharts.seasonal(try VisitorFixtures.result()))
    try Snapshot.check(spec.svg(), named: "visitors-seasonal")
  }

  @Test func categoryShares() throws {
    let spec = try #require(VisitorCharts.categoryShares(try VisitorFixtures.result()))
    try Snapshot.check(spec.svg(), named: "visitors-category-shares")
  }

  // The same output twice: no random ids, no timestamps, no dictionary order.
  @Test func deterministic() throws {
    let first = VisitorCharts.all(try VisitorFixtures.result()).map { $0.svg() }
    let second = VisitorCharts.all(try VisitorFixtures.result()).map { $0.svg() }
    #expect(first == second)
  }
}
