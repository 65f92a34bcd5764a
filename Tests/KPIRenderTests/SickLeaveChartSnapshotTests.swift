import Testing

@testable import KPIRender

/// Golden SVGs of the sick-leave charts of the hand-made breakdown; each was also checked
/// with `xmllint --noout` and rendered with `rsvg-convert` and looked at before it was
/// committed.
@Suite("Sick-leave chart snapshots")
struct SickLeaveChartSnapshotTests {
  @Test func bySexAndAge() throws {
    let spec = try #require(SickLeaveCharts.bySexAndAge(try SickLeaveFixtures.report()))
    try Snapshot.check(spec.svg(), named: "sickleave-sex-and-age")
  }

  @Test func spellClasses() throws {
    let spec = try #require(SickLeaveCharts.spellClasses(try SickLeaveFixtures.report()))
    try Snapshot.check(spec.svg(), named: "sickleave-spell-classes")
  }

  @Test func yearComparison() throws {
    let spec = try #require(SickLeaveCharts.yearComparison(try SickLeaveFixtures.report()))
    try Snapshot.check(spec.svg(), named: "sickleave-year-comparison")
  }
}
