import KPIModel

extension SurveyResult {
  /// The store's id of a question's share, e.g. `natverksenkat.helhet.share`.
  public static func shareKPI(analysis: String, question: String) -> String {
    "\(analysis).\(question).share"
  }

  /// The store's id of the share of one option of a multi-select question, e.g.
  /// `natverksenkat.kanaler.option.Nyhetsbrev` (the option as the spec writes it).
  public static func optionKPI(analysis: String, question: String, option: String) -> String {
    "\(analysis).\(question).option.\(option)"
  }

  /// The round's aggregates for the store: per question and group the share (with its
  /// interval, count and status) and the response rate; per multi-select question, group
  /// and option the share of those who answered the question who chose it, with its count;
  /// the respondents in all. Withheld rows are stored without a value, so history never
  /// holds what the report withheld.
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
    // An option's count is its base, as a share's is: those who answered the question.
    var bases: [String: ChoiceRow] = [:]
    for row in choiceRows { bases["\(row.group)\u{0}\(row.question)"] = row }
    for answer in answers {
      guard let base = bases["\(answer.group)\u{0}\(answer.question)"] else { continue }
      values.append(
        KPIValue(
          kpi: Self.optionKPI(analysis: analysis, question: answer.question, option: answer.answer),
          period: period, scope: answer.group, value: answer.share,
          count: base.isSuppressed ? nil : base.answered))
    }
    return values
  }
}
