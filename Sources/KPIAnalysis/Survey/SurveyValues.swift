import KPIModel

extension SurveyResult {
  /// The store's id of a question's share, e.g. `natverksenkat.helhet.share`.
  public static func shareKPI(analysis: String, question: String) -> String {
    "\(analysis).\(question).share"
  }

  /// The round's aggregates for the store: per question and group the share (with its
  /// interval, count and status) and the response rate; the respondents in all. Withheld rows
  /// are stored without a value, so history never holds what the report withheld.
  /// - Parameter analysis: The project's id of the analysis, the prefix of every kpi id.
  public func kpiValues(analysis: String) -> [KPIValue] {
    var values = [
      KPIValue(
        kpi: "\(analysis).respondents", period: period, scope: totalGroupName,
        value: respondents)
    ]
    for row in rows {
      let interval = row.estimate?.confidenceInterval
      values.append(
        KPIValue(
          kpi: Self.shareKPI(analysis: analysis, question: row.question), period: period,
          scope: row.group,
          value: row.share, count: row.isSuppressed ? nil : row.answered,
          lower: interval?.lowerBound, upper: interval?.upperBound,
          status: row.status?.rawValue))
      values.append(
        KPIValue(
          kpi: "\(analysis).\(row.question).response_rate", period: period, scope: row.group,
          value: row.responseRate))
    }
    return values
  }
}
