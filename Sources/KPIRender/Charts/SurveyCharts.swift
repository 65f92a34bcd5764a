import KPIAnalysis
import KPIModel

/// What the groups of a survey are called in titles and descriptions.
public struct GroupNoun: Sendable, Equatable {
  /// `per nätverk`, `per grupp`.
  public var singular: String
  /// `3 av 5 nätverk`, `3 av 5 grupper`.
  public var plural: String

  /// Creates a noun.
  public init(singular: String, plural: String) {
    self.singular = singular
    self.plural = plural
  }

  /// `grupp`, `grupper`: the default.
  public static let group = GroupNoun(singular: "grupp", plural: "grupper")
  /// `nätverk`, `nätverk`: the nätverksenkät.
  public static let network = GroupNoun(singular: "nätverk", plural: "nätverk")

  /// What a spec's group column holds: networks when it is called `Nätverk`, else groups.
  public init(column: String?) {
    switch column?.lowercased() {
    case "nätverk": self = .network
    default: self = .group
    }
  }
}

/// The survey and questionnaire charts of SPEC §6, as ``ChartSpec``s built from a
/// ``SurveyResult``: share per group against the goal, the answer distribution, share per
/// question, and this period against the last.
///
/// Titles and descriptions are Swedish sentences made from the data, so the `<desc>` of each
/// SVG says what a board member should take from it (the goal, and how many met it). Groups
/// keep the result's order with `Totalt` last; a suppressed group is a labelled gap, never a
/// bar.
public enum SurveyCharts {
  /// The charts of a round: per question the share per group (a questionnaire: one chart of
  /// every question's share instead) and the answer distribution, and with an earlier round
  /// the comparison.
  public static func all(_ result: SurveyResult, previous: SurveyResult?, groups: GroupNoun)
    -> [ChartSpec]
  {
    var charts: [ChartSpec] = []
    switch result.kind {
    case .survey: break
    case .questionnaire: charts.append(questionShares(result))
    }
    // Each chart reads only its own question's rows and answers: handing it just those keeps
    // a spec of many questions linear rather than questions × rows.
    let current = QuestionSlices(result)
    let before = previous.map(QuestionSlices.init)
    for question in result.questions {
      let slice = current.result(for: question.id)
      switch result.kind {
      case .survey: charts.append(shareByGroup(slice, question: question.id, groups: groups))
      case .questionnaire: break
      }
      charts.append(answerDistribution(slice, question: question.id, groups: groups))
      if let before, before.questions.contains(question.id) {
        charts.append(
          periodComparison(
            current: slice, previous: before.result(for: question.id), question: question.id,
            groups: groups))
      }
    }
    for question in result.choiceQuestions {
      if let chart = choiceShares(result, question: question.id) { charts.append(chart) }
    }
    return charts
  }

  /// A multi-select question's options, one bar each: the share of those who answered the
  /// question (in `Totalt`) who chose it, the most chosen first; `nil` when `Totalt` has no
  /// shares to show (no answers, or too few).
  /// - Parameters:
  ///   - result: A survey or questionnaire round.
  ///   - question: The multi-select question's id.
  /// - Returns: A one-series ``BarChart`` spec.
  public static func choiceShares(_ result: SurveyResult, question: String) -> ChartSpec? {
    guard let spec = result.choiceQuestions.first(where: { $0.id == question }),
      let total = result.choiceRows.first(where: {
        $0.question == question && $0.group == totalGroupName
      }), total.withheld == nil
    else { return nil }
    let options = result.answers.filter { $0.question == question && $0.group == totalGroupName }
    // The most chosen first, ties in the spec's order, as the summary text lists them.
    let ordered = options.enumerated().sorted { a, b in
      let (x, y) = (a.element.share ?? 0, b.element.share ?? 0)
      return x != y ? x > y : a.offset < b.offset
    }.map(\.element)
    let period = displayPeriod(result.period)
    let base = answers(total.answered)
    let description = [
      sentence("Fråga: \(spec.wording)"),
      "Flera svar var möjliga. Stapeln visar hur stor andel av dem som svarade på frågan "
        + "(\(base)) som valde alternativet, så andelarna kan tillsammans bli mer än 100\u{00A0}%.",
    ]
    return ChartSpec(
      id: chartID(result, "val", spec.id),
      title: "Valda alternativ – \(spec.displayLabel)\(titleSuffix(period))",
      description: description.joined(separator: " "),
      notes: ["Andelarna räknas på dem som svarade på frågan (\(base)); flera svar möjliga."],
      kind: .bars(
        BarChart(
          series: [Series(name: period, color: ChartPalette.skyBlue)],
          rows: ordered.map { option in
            BarChart.Row(
              label: option.answer,
              detail: option.count.map { "\(SwedishFormat.number($0)) av \(base)" },
              measures: [.value(option.share ?? 0)])
          },
          axis: ValueAxis(
            title: "Andel av dem som svarade", format: .percent(decimals: 0), domain: 0...1))))
  }

  /// A round's rows and answers split by question once, and the round narrowed to one
  /// question: what every per-question chart sees of it.
  private struct QuestionSlices {
    let result: SurveyResult
    let questions: Set<String>
    let rows: [String: [ShareRow]]
    let answers: [String: [AnswerRow]]

    init(_ result: SurveyResult) {
      self.result = result
      questions = Set(result.questions.map(\.id))
      rows = Dictionary(grouping: result.rows, by: \.question)
      answers = Dictionary(grouping: result.answers, by: \.question)
    }

    func result(for question: String) -> SurveyResult {
      var slice = result
      slice.rows = rows[question] ?? []
      slice.answers = answers[question] ?? []
      return slice
    }
  }

  /// Share positive per group, with confidence whiskers and the goal as a dashed line.
  /// - Parameters:
  ///   - result: A survey or questionnaire round.
  ///   - question: The question's id.
  ///   - groups: What the groups are called.
  /// - Returns: A one-series ``BarChart`` spec.
  public static func shareByGroup(
    _ result: SurveyResult, question: String, groups: GroupNoun = .group
  ) -> ChartSpec {
    let spec = questionSpec(result, question)
    let rows = groupRows(result, question)
    let measureTitle = measureName(result)
    let period = displayPeriod(result.period)
    let suffix = result.questions.count > 1 ? " – \(spec.label ?? spec.id)" : ""

    var description = [sentence("Fråga: \(spec.wording)")]
    description.append(
      "Stapeln visar \(measureTitle.lowercased()) (\(result.positive.joined(separator: " eller ")))"
        + "\(perGroup(result, groups)), med 95\u{00A0}% konfidensintervall.")
    // Those who gave no group are a row, but not one of the networks counted.
    let groupOnly = rows.filter { $0.group != totalGroupName && $0.group != notStatedGroupName }
    let judged = groupOnly.filter { $0.status == .met || $0.status == .notMet }
    if let goal = spec.goal {
      let met = judged.filter { $0.status == .met }.count
      // Without groups (no group column) there is only `Totalt`, said in the next sentence.
      description.append(
        "Målet är minst \(percentLabel(goal))."
          + (groupOnly.isEmpty
            ? ""
            : " \(met) av \(judged.count) \(groups.plural) med redovisat resultat når målet."))
    }
    if let total = result.total(question) { description.append(totalSentence(total)) }
    let hidden = groupOnly.filter(\.isSuppressed).count
    if hidden > 0 {
      description.append(
        "\(hidden) \(hidden == 1 ? groups.singular : groups.plural) redovisas inte för att "
          + "svaren är för få.")
    }

    var notes = [intervalNote(rows)]
    if hidden > 0 { notes.append(suppressionNote(groups)) }
    return ChartSpec(
      id: chartID(result, "andel", spec.id),
      title: "\(measureTitle)\(perGroup(result, groups))\(suffix)\(titleSuffix(period))",
      description: description.joined(separator: " "), notes: notes,
      kind: .bars(
        BarChart(
          series: [Series(name: period, color: ChartPalette.skyBlue)],
          rows: rows.map { row in
            BarChart.Row(
              label: row.group, detail: answeredDetail(row), measures: [measure(of: row)],
              emphasis: row.group == totalGroupName ? .total : .normal)
          },
          axis: ValueAxis(title: measureTitle, format: .percent(decimals: 0), domain: 0...1),
          goal: spec.goal.map { ReferenceLine(value: $0, label: "Mål \(percentLabel($0))") },
          showsIntervals: true, totalColor: ChartPalette.blue)))
  }

  /// The answer distribution per group as diverging stacked bars.
  ///
  /// Shares are of the answers on the scale, so the positive side adds up to the share of
  /// ``shareByGroup(_:question:groups:)``; answers outside the scale (`Vet ej`) are shown
  /// apart, grey, at the far right, and only when someone gave them, divided by the same
  /// base (one base per question: the answers on the scale), which they are not part of.
  /// - Parameters:
  ///   - result: A survey or questionnaire round.
  ///   - question: The question's id.
  ///   - groups: What the groups are called.
  /// - Returns: A ``DivergingBarChart`` spec.
  public static func answerDistribution(
    _ result: SurveyResult, question: String, groups: GroupNoun = .group
  ) -> ChartSpec {
    let spec = questionSpec(result, question)
    let rows = groupRows(result, question)
    let period = displayPeriod(result.period)
    let suffix = result.questions.count > 1 ? " – \(spec.label ?? spec.id)" : ""
    let answers = result.answers.filter { $0.question == question }
    let visible = Set(rows.filter { $0.estimate != nil }.map(\.group))
    var asideNames: [String] = []
    for answer in answers
    where !result.scale.contains(answer.answer) && visible.contains(answer.group)
      && (answer.count ?? 0) > 0 && !asideNames.contains(answer.answer)
    {
      asideNames.append(answer.answer)
    }

    let positives = result.scale.filter { result.positive.contains($0) }
    let negatives = result.scale.filter { !result.positive.contains($0) }
    let colors = ChartPalette.diverging(positive: positives.count, negative: negatives.count)
    var categories = zip(positives, colors.positive).map {
      DivergingBarChart.Category(name: $0, side: .positive, color: $1)
    }
    categories += zip(negatives, colors.negative).map {
      DivergingBarChart.Category(name: $0, side: .negative, color: $1)
    }
    let greys = ["#BDBDBD", "#969696", "#D9D9D9"].map(ChartColor.init)
    categories += asideNames.enumerated().map {
      DivergingBarChart.Category(name: $1, side: .aside, color: greys[$0 % greys.count])
    }

    // Grouped once: filtering the answers for every row costs groups² with many groups.
    let answersByGroup = Dictionary(grouping: answers, by: \.group)
    let chartRows = rows.map { row -> DivergingBarChart.Row in
      let emphasis: RowEmphasis = row.group == totalGroupName ? .total : .normal
      let counts = Dictionary(
        (answersByGroup[row.group] ?? []).map { ($0.answer, $0.count ?? 0) },
        uniquingKeysWith: +)
      guard row.estimate != nil, row.answered > 0 else {
        return DivergingBarChart.Row(
          label: row.group, detail: answeredDetail(row), values: nil,
          note: gapNote(row), emphasis: emphasis)
      }
      // The steps' shares are the answers table's (one base: the substantive answers); an
      // answer outside the scale, shown apart, is divided by the same base.
      let shares = Dictionary(
        (answersByGroup[row.group] ?? []).map { ($0.answer, $0.share ?? 0) },
        uniquingKeysWith: +)
      let values = categories.map { category in
        category.side == .aside
          ? (counts[category.name] ?? 0) / row.answered : shares[category.name] ?? 0
      }
      return DivergingBarChart.Row(
        label: row.group, detail: answeredDetail(row), values: values, emphasis: emphasis)
    }

    var description = [sentence("Fråga: \(spec.wording)")]
    description.append(
      "Positiva svar (\(positives.joined(separator: ", "))) till höger om nollinjen, "
        + "övriga (\(negatives.joined(separator: ", "))) till vänster, som andel av svaren på "
        + "skalan.")
    if !asideNames.isEmpty {
      description.append(
        "\(asideNames.joined(separator: ", ")) visas för sig längst till höger, räknat på "
          + "samma antal svar på skalan (utan att ingå i dem).")
    }
    if let total = result.total(question), let share = total.share {
      description.append("Totalt svarade \(SwedishFormat.percent(share)) positivt.")
    }
    let hidden = rows.filter { $0.group != totalGroupName && $0.isSuppressed }.count
    var notes: [String] = []
    notes.append(
      "Andelarna räknas på svaren på skalan"
        + (asideNames.isEmpty
          ? "." : ", också för \(asideNames.joined(separator: ", ")), som inte ingår i dem."))
    if hidden > 0 { notes.append(suppressionNote(groups)) }
    return ChartSpec(
      id: chartID(result, "svar", spec.id),
      title: "Svarsfördelning\(perGroup(result, groups))\(suffix)\(titleSuffix(period))",
      description: description.joined(separator: " "), notes: notes,
      kind: .divergingBars(
        DivergingBarChart(
          categories: categories, rows: chartRows,
          axis: ValueAxis(title: "Andel av svaren", format: .percent(decimals: 0)))))
  }

  /// For a questionnaire: the `Totalt` share positive of every question, with whiskers,
  /// against the goal (one line when all questions share a goal, a mark per row otherwise).
  /// - Parameter result: A questionnaire round.
  /// - Returns: A one-series ``BarChart`` spec with one row per question, labelled by its id.
  public static func questionShares(_ result: SurveyResult) -> ChartSpec {
    let measureTitle = measureName(result)
    let period = displayPeriod(result.period)
    let totals = result.questions.map { question in
      (question, result.total(question.id))
    }
    let goals = Set(result.questions.compactMap(\.goal))
    let common = goals.count == 1 ? goals.first : nil

    var description = [
      "Stapeln visar \(measureTitle.lowercased()) (\(result.positive.joined(separator: " eller "))) "
        + "per fråga för alla grupper tillsammans, med 95\u{00A0}% konfidensintervall."
    ]
    let judged = totals.filter { $0.1?.status == .met || $0.1?.status == .notMet }
    let missed = judged.filter { $0.1?.status == .notMet }
    if !judged.isEmpty {
      let goalText =
        common.map { "Målet är minst \(percentLabel($0)) för varje fråga. " } ?? ""
      let reached = SwedishFormat.questions(judged.count - missed.count, of: judged.count)
      description.append(goalText + "\(reached) når målet.")
    }
    if !missed.isEmpty {
      let list = missed.map { question, row in
        "\(question.label ?? question.id) (\(row?.share.map { SwedishFormat.percent($0) } ?? "–"))"
      }
      description.append("Under målet: \(list.joined(separator: ", ")).")
    }
    let rows = totals.map { question, row in
      BarChart.Row(
        label: question.label ?? question.id,
        detail: question.wording + (row.flatMap(answeredDetail).map { ", " + $0 } ?? ""),
        measures: [row.map(measure(of:)) ?? .missing(note: "inga svar")],
        target: common == nil ? question.goal : nil)
    }
    return ChartSpec(
      id: chartID(result, "andel-per-fraga", nil),
      title: "\(measureTitle) per fråga\(titleSuffix(period))",
      description: description.joined(separator: " "),
      notes: [intervalNote(totals.compactMap(\.1))]
        + (common == nil && !goals.isEmpty
          ? ["Det lodräta svarta märket i varje rad är frågans mål."] : []),
      kind: .bars(
        BarChart(
          series: [Series(name: period, color: ChartPalette.blue)], rows: rows,
          axis: ValueAxis(title: measureTitle, format: .percent(decimals: 0), domain: 0...1),
          goal: common.map { ReferenceLine(value: $0, label: "Mål \(percentLabel($0))") },
          showsIntervals: true)))
  }

  /// This period against the previous one: per group, two bars side by side.
  /// - Parameters:
  ///   - current: This period's round.
  ///   - previous: The previous round of the same survey.
  ///   - question: The question's id in both.
  ///   - groups: What the groups are called.
  /// - Returns: A two-series ``BarChart`` spec, previous period first.
  public static func periodComparison(
    current: SurveyResult, previous: SurveyResult, question: String, groups: GroupNoun = .group
  ) -> ChartSpec {
    let spec = questionSpec(current, question)
    let measureTitle = measureName(current)
    let after = displayPeriod(current.period)
    let before = displayPeriod(previous.period)
    let currentRows = groupRows(current, question)
    let previousRows = groupRows(previous, question)
    var names = currentRows.map(\.group).filter { $0 != totalGroupName }
    var named = Set(names)
    for row in previousRows where row.group != totalGroupName && !named.contains(row.group) {
      names.append(row.group)
      named.insert(row.group)
    }
    names.append(totalGroupName)
    // The first row of each group, looked up by name rather than searched for every name.
    let currentByGroup = Dictionary(currentRows.map { ($0.group, $0) }) { first, _ in first }
    let previousByGroup = Dictionary(previousRows.map { ($0.group, $0) }) { first, _ in first }
    let rows = names.map { name in
      BarChart.Row(
        label: name,
        measures: [
          previousByGroup[name].map(measure(of:)) ?? .missing(note: "uppgift saknas"),
          currentByGroup[name].map(measure(of:)) ?? .missing(note: "uppgift saknas"),
        ],
        emphasis: name == totalGroupName ? .total : .normal)
    }

    var description = [sentence("Fråga: \(spec.wording)")]
    if let goal = spec.goal { description.append("Målet är minst \(percentLabel(goal)).") }
    if let shareNow = currentByGroup[totalGroupName]?.share,
      let shareBefore = previousByGroup[totalGroupName]?.share
    {
      description.append(
        "Totalt \(SwedishFormat.percent(shareNow)) \(after) mot "
          + "\(SwedishFormat.percent(shareBefore)) \(before) "
          + "(\(SwedishFormat.points(shareNow - shareBefore))).")
    }
    let both = names.filter { $0 != totalGroupName }.compactMap { name -> (Double, Double)? in
      guard let a = previousByGroup[name]?.share, let b = currentByGroup[name]?.share
      else { return nil }
      return (a, b)
    }
    if !both.isEmpty {
      let higher = both.filter { $0.1 > $0.0 }.count
      description.append(
        "\(higher) av \(both.count) \(groups.plural) med resultat båda perioderna har en högre "
          + "andel än förra perioden.")
    }
    let hidden = (currentRows + previousRows).contains { $0.isSuppressed }
    return ChartSpec(
      id: chartID(current, "jamforelse", spec.id),
      title:
        "\(measureTitle)\(perGroup(current, groups)), \(before) och \(after)",
      description: description.joined(separator: " "),
      notes: hidden ? [suppressionNote(groups)] : [],
      kind: .bars(
        BarChart(
          series: [
            Series(name: before, color: ChartPalette.skyBlue),
            Series(name: after, color: ChartPalette.blue),
          ],
          rows: rows,
          axis: ValueAxis(title: measureTitle, format: .percent(decimals: 0), domain: 0...1),
          goal: spec.goal.map { ReferenceLine(value: $0, label: "Mål \(percentLabel($0))") })))
  }

  // MARK: - Wording

  /// ` per nätverk`, or nothing for an export without groups, whose only row is `Totalt`.
  static func perGroup(_ result: SurveyResult, _ groups: GroupNoun) -> String {
    result.groups.isEmpty ? "" : " per \(groups.singular)"
  }

  /// `Andel nöjda` for the nätverksenkät (top-2-box), `Andel ja-svar` when `Ja` is the only
  /// positive answer, `Andel positiva svar` otherwise.
  static func measureName(_ result: SurveyResult) -> String {
    if result.positive.count == 1 {
      return "Andel \(result.positive[0].lowercased())-svar"
    }
    switch result.kind {
    case .survey: return "Andel nöjda"
    case .questionnaire: return "Andel positiva svar"
    }
  }

  /// `2025-12` as `december 2025`; anything else as it is.
  /// `, december 2025` after a chart's title, or nothing when the round has no period.
  static func titleSuffix(_ period: String) -> String {
    period.isEmpty ? "" : ", \(period)"
  }

  static func displayPeriod(_ period: String) -> String {
    let parts = period.split(separator: "-")
    guard parts.count == 2, parts[0].count == 4, Int(parts[0]) != nil,
      let month = Int(parts[1]), (1...12).contains(month)
    else { return period }
    return "\(SwedishFormat.monthNames[month - 1]) \(parts[0])"
  }

  /// A goal as a label: `85 %`, or `87,5 %` when it is not a whole percent.
  static func percentLabel(_ fraction: Double) -> String {
    let whole = (fraction * 100).rounded()
    return SwedishFormat.percent(fraction, decimals: abs(fraction * 100 - whole) < 1e-9 ? 0 : 1)
  }

  static func chartID(_ result: SurveyResult, _ chart: String, _ question: String?) -> String {
    ([result.kind.rawValue, ChartSpec.slug(result.period), chart]
      + [question].compactMap {
        $0.map(ChartSpec.slug)
      })
      .filter { !$0.isEmpty }
      .joined(separator: "-")
  }

  /// `text` ending in a full stop, unless it already ends a sentence (`…i sin helhet?`).
  static func sentence(_ text: String) -> String {
    guard let last = text.last, !".?!".contains(last) else { return text }
    return text + "."
  }

  static func intervalNote(_ rows: [ShareRow]) -> String {
    let corrected = rows.contains { $0.estimate?.populationSize != nil }
    return "De vågräta strecken visar 95\u{00A0}% konfidensintervall (Wilson"
      + (corrected ? ", med korrektion för ändlig population)." : ").")
  }

  static func suppressionNote(_ groups: GroupNoun) -> String {
    "\(groups.plural.prefix(1).uppercased() + groups.plural.dropFirst()) med för få svar "
      + "redovisas inte, och ibland ytterligare en, så att ingen kan räknas fram ur Totalt."
  }

  static func totalSentence(_ row: ShareRow) -> String {
    guard let share = row.share else { return "Totalt: \(gapNote(row))." }
    var text = "Totalt \(SwedishFormat.percent(share)) av \(answers(row.answered))"
    if let status = row.status, status == .met || status == .notMet {
      text += ", målet är \(status.swedish)"
      if row.confidence == .uncertain { text += " (osäkert: intervallet omfattar målet)" }
    }
    return text + "."
  }

  // MARK: - Rows

  static func questionSpec(_ result: SurveyResult, _ id: String) -> QuestionSpec {
    result.questions.first { $0.id == id } ?? QuestionSpec(id: id, column: id)
  }

  /// The question's rows in report order, `Totalt` last.
  static func groupRows(_ result: SurveyResult, _ question: String) -> [ShareRow] {
    let rows = result.rows.filter { $0.question == question }
    return rows.filter { $0.group != totalGroupName } + rows.filter { $0.group == totalGroupName }
  }

  static func measure(of row: ShareRow) -> Measure {
    guard let estimate = row.estimate else { return .missing(note: gapNote(row)) }
    return .value(estimate.estimate, interval: estimate.confidenceInterval)
  }

  /// Why a row has no bar. Secondary suppression (see `SurveyTally`) withholds a group that
  /// had enough answers, so it is not said to have too few.
  static func gapNote(_ row: ShareRow) -> String {
    switch row.withheld {
    case .complementary: return "ej redovisad"
    case .tooFewAnswers: return "för få svar"
    case .noAnswers, nil: return "inga svar"
    }
  }

  static func answeredDetail(_ row: ShareRow) -> String? {
    guard !row.isSuppressed else { return nil }
    var parts = [answers(row.answered)]
    if let rate = row.responseRate { parts.append("svarsfrekvens \(SwedishFormat.percent(rate))") }
    return parts.joined(separator: ", ")
  }

  static func answers(_ count: Double) -> String {
    "\(SwedishFormat.number(count)) svar"
  }
}
