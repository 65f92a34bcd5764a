import KPIAnalysis
import KPIModel

extension SurveyKind {
  /// The label of the share in the report's table over the periods.
  public var historyLabel: String {
    switch self {
    case .survey: "Andel nöjda"
    case .questionnaire: "Andel ja"
    }
  }
}

extension ShareWithheld {
  /// Why the share is not shown, e.g. `färre än 5 svar`.
  public var swedishText: String {
    switch self {
    case .noAnswers: "inga svar"
    case .tooFewAnswers(let minimum): "färre än \(minimum) svar"
    case .complementary: "undantas så att en mindre grupp inte kan räknas fram ur Totalt"
    }
  }
}

/// The report section of a survey or questionnaire round.
public enum SurveySection {
  /// Summary, charts with their tables, and (with an earlier round) the comparison.
  public static func make(
    id: String, result: SurveyResult, previous: SurveyResult?, summary: String,
    charts: [ChartSpec], groups: GroupNoun
  ) -> ReportSection {
    var blocks: [ReportBlock] = [.paragraph(summary)]
    // A multi-select question's chart, by its id, for the table of its options.
    let choiceCharts = Dictionary(
      result.choiceQuestions.map { (SurveyCharts.chartID(result, "val", $0.id), $0.id) },
      uniquingKeysWith: { a, _ in a })
    // The table beside every share chart is the same one: made once, not once per question.
    var sharesTable: ReportTable?
    for chart in charts {
      let table: ReportTable?
      if let question = choiceCharts[chart.id] {
        table = choiceTable(result, question: question, groups: groups)
      } else if chart.id.contains("-andel-") || chart.id.hasSuffix("-andel-per-fraga") {
        if sharesTable == nil {
          switch result.kind {
          case .survey: sharesTable = groupTable(result, groups)
          case .questionnaire: sharesTable = questionTable(result)
          }
        }
        table = sharesTable
      } else {
        table = nil
      }
      blocks.append(.chart(chart, table: table))
    }
    return ReportSection(id: id, title: result.title, blocks: blocks)
  }

  /// A multi-select question's options per group: the share of those who answered who chose
  /// each, with the base; a withheld group's cells are "–".
  static func choiceTable(_ result: SurveyResult, question: String, groups: GroupNoun)
    -> ReportTable
  {
    let spec = result.choiceQuestions.first { $0.id == question }
    let bases = result.choiceRows.filter { $0.question == question }
    let options = result.answers.filter {
      $0.question == question && $0.group == totalGroupName
    }.map(\.answer)
    let answers = result.answers.filter { $0.question == question }
    let rows = bases.map { base -> [String] in
      let shares = options.map { option -> String in
        answers.first { $0.group == base.group && $0.answer == option }?.share
          .map { SwedishFormat.percent($0) } ?? "–"
      }
      return [base.group, base.isSuppressed ? "–" : SwedishFormat.number(base.answered)] + shares
    }
    return ReportTable(
      caption: "\(spec?.displayLabel ?? question): andel av dem som svarade som valde "
        + "alternativet, per \(groups.singular) (flera svar möjliga)",
      header: [groups.singular.capitalized, "Svarade"] + options, rows: rows)
  }

  /// Share, interval, response rate and status per group (first question with a goal).
  static func groupTable(_ result: SurveyResult, _ groups: GroupNoun) -> ReportTable {
    let question = result.questions.first { $0.goal != nil } ?? result.questions[0]
    let rows = result.rows.filter { $0.question == question.id }.map { row in
      [
        row.group, SwedishFormat.number(row.respondents),
        row.share.map { SwedishFormat.percent($0) } ?? "–",
        row.estimate.map {
          SwedishFormat.number($0.confidenceInterval.lowerBound * 100) + "–"
            + SwedishFormat.percent($0.confidenceInterval.upperBound)
        } ?? "–",
        row.responseRate.map { SwedishFormat.percent($0) } ?? "–",
        row.status?.swedish(row.confidence) ?? "",
      ]
    }
    return ReportTable(
      caption: "\(question.displayLabel): andel\(SurveyCharts.perGroup(result, groups))",
      header: [
        groups.singular.prefix(1).uppercased() + groups.singular.dropFirst(), "Svarande",
        "Andel", "95 % KI", "Svarsfrekvens", "Status",
      ], rows: rows, numeric: [false, true, true, true, true, false])
  }

  /// Per question: response rate among its recipients, share, status.
  static func questionTable(_ result: SurveyResult) -> ReportTable {
    let rows = result.questions.compactMap { question -> [String]? in
      guard let total = result.total(question.id) else { return nil }
      return [
        question.displayLabel,
        "\(SwedishFormat.number(total.answered)) av \(total.invited.map(String.init) ?? "–")",
        total.responseRate.map { SwedishFormat.percent($0) } ?? "–",
        total.share.map { SwedishFormat.percent($0) } ?? "–",
        total.status?.swedish(total.confidence) ?? "",
      ]
    }
    return ReportTable(
      caption: "Svar per fråga", header: ["Fråga", "Svar", "Svarsfrekvens", "Andel ja", "Status"],
      rows: rows, numeric: [false, true, true, true, false])
  }

  /// A multi-year table of stored values: one row per kpi and scope, one column per period.
  public static func history(
    caption: String, values: [KPIValue], label: (KPIValue) -> String, percent: Bool = true
  ) -> ReportTable? {
    let periods = Array(Set(values.map(\.period))).sorted()
    guard periods.count > 1 else { return nil }
    var order: [String] = []
    var byKey: [String: [String: KPIValue]] = [:]
    for value in values {
      let key = label(value)
      if byKey[key] == nil { order.append(key) }
      byKey[key, default: [:]][value.period] = value
    }
    let rows = order.map { key in
      [key]
        + periods.map { period in
          guard let value = byKey[key]?[period]?.value else { return "–" }
          return percent ? SwedishFormat.percent(value) : SwedishFormat.number(value)
        }
    }
    return ReportTable(caption: caption, header: [""] + periods, rows: rows)
  }
}
