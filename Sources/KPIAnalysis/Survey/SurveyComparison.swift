import KPIModel
import KPIStats

/// One group's change in share between two rounds, with Newcombe's interval (SPEC §5.1).
public struct ShareChange: Sendable, Equatable {
  public var period: String
  public var previousPeriod: String
  public var group: String
  public var question: String
  /// This round's share.
  public var share: Double
  /// The earlier round's share.
  public var previousShare: Double
  /// The difference with its interval, in fractions (0.03 = 3 percentage points).
  public var difference: ProportionDifference

  /// Compares every group and question present and published in both rounds.
  ///
  /// Rows withheld in either round are left out, so a suppressed value cannot be recovered
  /// from a change. The interval treats the rounds as independent samples.
  /// - Throws: ``StatsError`` when an interval cannot be computed.
  public static func compare(_ current: SurveyResult, with previous: SurveyResult) throws
    -> [ShareChange]
  {
    var earlier: [String: ShareRow] = [:]
    for row in previous.rows { earlier["\(row.group)\u{0}\(row.question)"] = row }
    var changes: [ShareChange] = []
    for row in current.rows {
      guard let now = row.estimate, let before = earlier["\(row.group)\u{0}\(row.question)"],
        let then = before.estimate
      else { continue }
      let difference = try ProportionDifference(
        positive1: now.positive, count1: now.count, positive2: then.positive,
        count2: then.count)
      changes.append(
        ShareChange(
          period: current.period, previousPeriod: previous.period, group: row.group,
          question: row.question, share: now.estimate, previousShare: then.estimate,
          difference: difference))
    }
    return changes
  }
}
