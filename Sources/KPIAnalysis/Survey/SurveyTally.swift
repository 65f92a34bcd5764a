import KPIModel
import KPIStats

/// Accumulates coded survey answers and turns them into shares, response rates and goal
/// statuses (SPEC §5.1–§5.2).
///
/// Answers arrive coded (see ``SurveyTally/add(group:weight:answers:)``), so the tally works on
/// small integers whatever the export's text; decoding is the ingest module's job.
public struct SurveyTally: Sendable {
  /// The code of a blank answer.
  public static let blank = -1

  public let spec: SurveySpec
  public let kind: SurveyKind
  /// Groups in the order they are reported.
  public private(set) var groups: [String]
  private var groupIndex: [String: Int]
  /// counts[group][question][code]: summed weights; codes 0..<scale.count are the scale,
  /// then one per `not_substantive` answer. A multi-select question's slots are one per
  /// option, then the respondents who answered it (``SurveySpec/countWidth``).
  private var counts: [[[Double]]]
  private var respondents: [Double]
  private var ignored = 0.0
  private let recipientSets: [Set<String>?]
  /// Per question, the slot of a multi-select question's answered count (its options'
  /// count); −1 for a single-answer question.
  private let choiceSlots: [Int]
  private let width: Int

  /// Codes answers are given in: the scale, then the non-blank `not_substantive` answers.
  public var answerLabels: [String] { spec.answerLabels }

  /// Starts a tally.
  /// - Parameters:
  ///   - spec: The survey's spec.
  ///   - kind: Survey or questionnaire.
  public init(spec: SurveySpec, kind: SurveyKind) {
    self.spec = spec
    self.kind = kind
    var names: [String] = []
    if case .perGroup(let list) = spec.invited { names = list.map(\.group) }
    groups = names
    groupIndex = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let width = spec.countWidth
    self.width = width
    counts = names.map { _ in spec.questions.map { _ in [Double](repeating: 0, count: width) } }
    respondents = names.map { _ in 0 }
    recipientSets = spec.questions.map { $0.recipients.map(Set.init) }
    choiceSlots = spec.questions.map { $0.multiple ? spec.choices($0).count : -1 }
  }

  /// The index of a group, adding it when first seen.
  public mutating func group(_ name: String) -> Int {
    if let index = groupIndex[name] { return index }
    let index = groups.count
    groups.append(name)
    groupIndex[name] = index
    counts.append(spec.questions.map { _ in [Double](repeating: 0, count: width) })
    respondents.append(0)
    return index
  }

  /// The respondents (summed weights) counted in the group called `name`; 0 for a group not
  /// seen.
  public func respondents(in name: String) -> Double {
    groupIndex[name].map { respondents[$0] } ?? 0
  }

  /// Adds one respondent (or an aggregated row of `weight` respondents).
  /// - Parameters:
  ///   - group: From ``group(_:)``.
  ///   - weight: 1, or the row's frequency weight.
  ///   - answers: One code per question in spec order: ``blank`` or an index into
  ///     ``answerLabels``; for a multi-select question, the options chosen as bits (bit k for
  ///     option k).
  public mutating func add(group: Int, weight: Double, answers: [Int]) {
    respondents[group] += weight
    for (question, code) in answers.enumerated() where code >= 0 {
      if let recipients = recipientSets[question], !recipients.contains(groups[group]) {
        ignored += weight
        continue
      }
      let slot = choiceSlots[question]
      if slot >= 0 {
        var chosen = code
        while chosen != 0 {
          counts[group][question][chosen.trailingZeroBitCount] += weight
          chosen &= chosen - 1
        }
        counts[group][question][slot] += weight
      } else {
        counts[group][question][code] += weight
      }
    }
  }

  /// Adds a group's totals at once, as the fast reader counts them: `respondents` and
  /// `counts[question][code]`, with the recipients rule of ``add(group:weight:answers:)``.
  public mutating func add(group: Int, respondents: Double, counts: [[Double]]) {
    self.respondents[group] += respondents
    for (question, row) in counts.enumerated() {
      if let recipients = recipientSets[question], !recipients.contains(groups[group]) {
        // A multi-select question's answers are its answered count, not its choices.
        let slot = choiceSlots[question]
        ignored += slot >= 0 ? row[slot] : row.reduce(0, +)
        continue
      }
      for (code, n) in row.enumerated() { self.counts[group][question][code] += n }
    }
  }

  /// Computes the result.
  /// - Throws: ``StatsError`` when a group has more answers than invited.
  public func result() throws -> SurveyResult {
    let invitedByGroup: [String: Int]
    var invitedTotal: Int?
    switch spec.invited {
    case .perGroup(let list):
      invitedByGroup = Dictionary(list.map { ($0.group, $0.count) }, uniquingKeysWith: +)
      invitedTotal = list.reduce(0) { $0 + $1.count }
    case .total(let n):
      invitedByGroup = [:]
      invitedTotal = n
    case .file, nil:
      invitedByGroup = [:]
    }
    let period = spec.period ?? ""
    let scaleCount = spec.scale.count
    let positiveCodes = Set(spec.positive.compactMap { spec.scale.firstIndex(of: $0) })
    var rows: [ShareRow] = []
    var answers: [AnswerRow] = []

    // Reported in the order they came, those without a group last; the ungrouped are in
    // `Totalt` only.
    let order = reportOrder
    var choiceRows: [ChoiceRow] = []
    for (q, question) in spec.questions.enumerated() {
      let receiving = order.filter { g in
        recipientSets[q].map { $0.contains(groups[g]) } ?? true
      }
      if choiceSlots[q] >= 0 {
        let (rowsOfChoice, answersOfChoice) = choiceResult(
          q, question, receiving: receiving, period: period, invitedByGroup: invitedByGroup,
          invitedTotal: invitedTotal)
        choiceRows += rowsOfChoice
        answers += answersOfChoice
        continue
      }
      var questionRows: [ShareRow] = []
      var questionAnswers: [[Double]] = []
      for g in receiving where groups[g] != ungroupedName {
        let invited = invitedByGroup[groups[g]]
        questionRows.append(
          try shareRow(
            period: period, group: groups[g], question: question, counts: counts[g][q],
            respondents: respondents[g], invited: invited, scaleCount: scaleCount,
            positiveCodes: positiveCodes, isTotal: false))
        questionAnswers.append(counts[g][q])
      }
      // Respondents counted in Totalt only (`missing_group: totalt`) are a group no row
      // shows: when they are too few to publish, Totalt minus the groups would give them away.
      let hiddenTooSmall = receiving.contains { g in
        guard groups[g] == ungroupedName, spec.groupColumn != nil else { return false }
        let answered = counts[g][q][0..<scaleCount].reduce(0, +)
        return answered > 0
          && SurveySpec.isTooSmall(answered: answered, minimumGroupSize: spec.minimumGroupSize)
      }
      suppressSecondary(&questionRows, hiddenTooSmall: hiddenTooSmall)
      let totalCounts = receiving.reduce(into: [Double](repeating: 0, count: width)) {
        sum, g in
        for c in sum.indices { sum[c] += counts[g][q][c] }
      }
      let totalInvited: Int? =
        switch spec.invited {
        case .perGroup:
          receiving.reduce(0) { $0 + (invitedByGroup[groups[$1]] ?? 0) }
        default: invitedTotal
        }
      let totalRespondents = receiving.reduce(0) { $0 + respondents[$1] }
      let total = try shareRow(
        period: period, group: totalGroupName, question: question, counts: totalCounts,
        respondents: totalRespondents, invited: totalInvited, scaleCount: scaleCount,
        positiveCodes: positiveCodes, isTotal: true)
      rows += questionRows + [total]
      for (row, groupCounts) in zip(questionRows + [total], questionAnswers + [totalCounts]) {
        // One base for the question: the substantive answers, as the share and the goal.
        let answered = groupCounts[0..<scaleCount].reduce(0, +)
        for (code, label) in answerLabels.enumerated() {
          let hidden = row.isSuppressed
          answers.append(
            AnswerRow(
              period: period, group: row.group, question: question.id, answer: label,
              count: hidden ? nil : groupCounts[code],
              share: hidden || answered == 0 || code >= scaleCount
                ? nil : groupCounts[code] / answered))
        }
      }
    }
    return SurveyResult(
      kind: kind, title: spec.title, period: period,
      groups: order.map { groups[$0] }.filter { $0 != ungroupedName },
      questions: spec.questions.filter { !$0.multiple },
      scale: spec.scale, positive: spec.positive, rows: rows, answers: answers,
      respondents: respondents.reduce(0, +), invited: invitedTotal,
      invitedGroups: invitedByGroup.count, ignoredAnswers: ignored,
      choiceQuestions: spec.questions.filter(\.multiple), choiceRows: choiceRows)
  }

  /// A multi-select question's bases and option rows: each option's share is the respondents
  /// who chose it over the respondents who answered the question, in each group and in
  /// `Totalt`; a group with fewer answers than `min_group_size` is withheld, and, as for a
  /// single-answer question, the smallest other group with it when it is the only one.
  private func choiceResult(
    _ q: Int, _ question: QuestionSpec, receiving: [Int], period: String,
    invitedByGroup: [String: Int], invitedTotal: Int?
  ) -> ([ChoiceRow], [AnswerRow]) {
    let options = spec.choices(question)
    let slot = choiceSlots[q]
    func tooSmall(_ answered: Double) -> Bool {
      SurveySpec.isTooSmall(answered: answered, minimumGroupSize: spec.minimumGroupSize)
    }
    func row(_ group: String, _ counts: [Double], _ respondents: Double, _ invited: Int?)
      -> ChoiceRow
    {
      let answered = counts[slot]
      let withheld: ShareWithheld? =
        answered == 0
        ? .noAnswers
        : tooSmall(answered) ? .tooFewAnswers(minimum: spec.minimumGroupSize) : nil
      return ChoiceRow(
        period: period, group: group, question: question.id, invited: invited,
        respondents: respondents, answered: answered, withheld: withheld)
    }
    var rows: [ChoiceRow] = []
    var rowCounts: [[Double]] = []
    for g in receiving where groups[g] != ungroupedName {
      rows.append(row(groups[g], counts[g][q], respondents[g], invitedByGroup[groups[g]]))
      rowCounts.append(counts[g][q])
    }
    let hiddenTooSmall = receiving.contains { g in
      guard groups[g] == ungroupedName, spec.groupColumn != nil else { return false }
      let answered = counts[g][q][slot]
      return answered > 0 && tooSmall(answered)
    }
    let suppressed = rows.filter(\.isSuppressed).count
    if suppressed + (hiddenTooSmall ? 1 : 0) == 1,
      let smallest = rows.indices.filter({ rows[$0].withheld == nil }).min(by: {
        rows[$0].answered < rows[$1].answered
      })
    {
      rows[smallest].withheld = .complementary
    }
    let totalCounts = receiving.reduce(into: [Double](repeating: 0, count: width)) { sum, g in
      for c in sum.indices { sum[c] += counts[g][q][c] }
    }
    let totalInvited: Int? =
      switch spec.invited {
      case .perGroup: receiving.reduce(0) { $0 + (invitedByGroup[groups[$1]] ?? 0) }
      default: invitedTotal
      }
    rows.append(
      row(
        totalGroupName, totalCounts, receiving.reduce(0) { $0 + respondents[$1] },
        totalInvited))
    rowCounts.append(totalCounts)
    var answers: [AnswerRow] = []
    for (row, counts) in zip(rows, rowCounts) {
      for (k, option) in options.enumerated() {
        let hidden = row.isSuppressed
        answers.append(
          AnswerRow(
            period: period, group: row.group, question: question.id, answer: option,
            count: hidden ? nil : counts[k],
            share: hidden || row.answered == 0 ? nil : counts[k] / row.answered))
      }
    }
    return (rows, answers)
  }

  /// Group indices in report order: as they came, ``notStatedGroupName`` last (after the
  /// invited groups and any other group seen).
  private var reportOrder: [Int] {
    let notStated = groups.indices.filter { groups[$0] == notStatedGroupName }
    return groups.indices.filter { groups[$0] != notStatedGroupName } + notStated
  }

  private func shareRow(
    period: String, group: String, question: QuestionSpec, counts: [Double],
    respondents: Double, invited: Int?, scaleCount: Int, positiveCodes: Set<Int>,
    isTotal: Bool
  ) throws -> ShareRow {
    let answered = counts[0..<scaleCount].reduce(0, +)
    let positive = positiveCodes.reduce(0) { $0 + counts[$1] }
    let base: Double
    switch kind {
    case .survey: base = respondents
    case .questionnaire: base = answered
    }
    var row = ShareRow(
      period: period, group: group, question: question.id, invited: invited,
      respondents: respondents, answered: answered, positive: positive, estimate: nil,
      responseRate: invited.flatMap { $0 > 0 ? base / Double($0) : nil }, goal: question.goal,
      status: nil, confidence: nil, withheld: nil)
    if answered == 0 {
      row.positive = nil
      row.status = .noData
      row.withheld = .noAnswers
      return row
    }
    if SurveySpec.isTooSmall(answered: answered, minimumGroupSize: spec.minimumGroupSize) {
      row.positive = nil
      row.status = .suppressed
      row.withheld = .tooFewAnswers(minimum: spec.minimumGroupSize)
      return row
    }
    var population: Double?
    if let invited {
      guard Double(invited) >= answered else {
        throw StatsError(
          .invalidArgument, function: "SurveyTally",
          message: "group \"\(group)\" has \(answered.messageText) answers to \"\(question.id)\" "
            + "but only \(invited) invited; check `invited` in the spec")
      }
      population = Double(invited)
    }
    let estimate = try ProportionInterval(
      positive: positive, count: answered, populationSize: population)
    row.estimate = estimate
    if let goal = question.goal {
      let met = estimate.estimate >= goal
      row.status = met ? .met : .notMet
      let interval = estimate.confidenceInterval
      let secure = met ? interval.lowerBound >= goal : interval.upperBound < goal
      row.confidence = secure ? .secure : .uncertain
    }
    return row
  }

  /// When exactly one group is suppressed, `Totalt` minus the others would give it away:
  /// withhold the smallest other group as well. Respondents too few to publish that are
  /// counted in `Totalt` only (`hiddenTooSmall`) are such a group, though they have no row.
  private func suppressSecondary(_ rows: inout [ShareRow], hiddenTooSmall: Bool = false) {
    let suppressed = rows.indices.filter { rows[$0].isSuppressed }
    guard suppressed.count + (hiddenTooSmall ? 1 : 0) == 1 else { return }
    let candidates = rows.indices.filter { rows[$0].estimate != nil }
    guard let smallest = candidates.min(by: { rows[$0].answered < rows[$1].answered }) else {
      return
    }
    rows[smallest].positive = nil
    rows[smallest].estimate = nil
    rows[smallest].status = .suppressed
    rows[smallest].confidence = nil
    rows[smallest].withheld = .complementary
  }
}
