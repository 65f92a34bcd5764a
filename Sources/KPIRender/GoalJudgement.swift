import Foundation
import KPIAnalysis
import KPIModel

extension GoalStatus {
  /// The status in the reports' words, marked `(osäkert)` when the interval straddles the
  /// target (SPEC §5.2): `uppfyllt (osäkert)`. Every table that shows a status says it so.
  public func swedish(_ confidence: Confidence?) -> String {
    swedish + (confidence == .uncertain ? " (osäkert)" : "")
  }
}

/// Judging goals and counting them in the reports' words.
public enum GoalJudgement {
  /// A manually judged goal of the project file.
  ///
  /// The stated status is kept, as the board decided it; when the value and target beside it
  /// say otherwise (`minst 3 nyhetsbrev`, 2 delivered, marked uppfyllt) the contradiction is
  /// flagged in ``GoalResult/note``.
  public static func manual(_ goal: ManualGoal, period: String) -> GoalResult {
    var note = goal.comment ?? ""
    var contradicted = false
    if let value = goal.value, let target = goal.target {
      let comparator = goal.comparator ?? .atLeast
      let holds = comparator.holds(value, target)
      let contradiction =
        (goal.status == .met && !holds) || (goal.status == .notMet && holds)
      contradicted = contradiction
      if contradiction {
        let flag =
          "Angiven status (\(goal.status.swedish)) stämmer inte med värdet: "
          + "\(number(value)) \(holds ? "uppfyller" : "uppfyller inte") "
          + "\(comparator.rawValue) \(number(target))."
        note = note.isEmpty ? flag : note + (note.hasSuffix(".") ? " " : ". ") + flag
      }
    }
    var result = GoalResult(
      id: goal.id, text: goal.text, period: period, value: goal.value, target: goal.target,
      comparator: goal.comparator, unit: goal.unit, status: goal.status, source: "manual",
      note: note)
    result.isContradicted = contradicted
    return result
  }

  /// The goal of one survey question, from its `Totalt` row.
  public static func survey(
    _ result: SurveyResult, question: QuestionSpec, analysis: String, text: String? = nil
  ) -> GoalResult? {
    guard let goal = question.goal, let total = result.total(question.id) else { return nil }
    return GoalResult(
      id: "\(analysis)-\(question.id)",
      text: text
        ?? "Minst \(percentText(goal)) ska vara nöjda: \(question.displayLabel)",
      period: result.period, value: total.share, target: goal, comparator: .atLeast,
      unit: "percent", status: total.status ?? .noData, confidence: total.confidence,
      source: "computed:\(analysis)", note: total.withheld?.swedishText ?? "")
  }

  /// The questionnaire's goal that every question reaches its goal.
  public static func everyQuestion(_ result: SurveyResult, analysis: String) -> GoalResult? {
    let judged = result.questions.filter { $0.goal != nil }
    guard let goal = judged.first?.goal else { return nil }
    let lowest = judged.compactMap { result.total($0.id)?.share }.min()
    let uncertain = judged.contains { result.total($0.id)?.confidence == .uncertain }
    let met = judged.filter { result.total($0.id)?.status == .met }.count
    return GoalResult(
      id: "\(analysis)-samtliga-fragor",
      text: "Samtliga frågor ska besvaras med \(result.positive.first?.lowercased() ?? "ja") "
        + "till minst \(percentText(goal))",
      period: result.period, value: lowest, target: goal, comparator: .atLeast,
      unit: "percent", status: result.overallStatus,
      confidence: uncertain ? .uncertain : .secure, source: "computed:\(analysis)",
      note: SwedishFormat.questions(met, of: judged.count)
        + " når målet; värdet är den lägsta andelen")
  }

  /// The visitors' growth goal of `period`'s year (`2023` for an interim report's
  /// `2023-08`), if the analysis has one for it.
  public static func visitors(_ result: VisitorResult, analysis: String, period: String)
    -> GoalResult?
  {
    let year = String(period.prefix(4))
    guard let goal = result.goals.first(where: { $0.period == year }) else { return nil }
    let partial = goal.partialRange.map { _ in " (jämförbar del av året)" } ?? ""
    return GoalResult(
      id: "\(analysis)-tillvaxt",
      text: "Antalet besökare ska öka med minst \(percentText(goal.target)) "
        + "jämfört med föregående år\(partial)",
      period: period, value: goal.value, target: goal.target, comparator: goal.comparator,
      unit: "percent", status: goal.status, confidence: goal.confidence,
      source: "computed:\(analysis)")
  }

  /// "27 av 28 mål uppfyllda och ett delvis uppfyllt", as the annual report counts.
  public static func tally(_ goals: [GoalResult]) -> String {
    let met = goals.filter { $0.status == .met }.count
    let partly = goals.filter { $0.status == .partlyMet }.count
    let notMet = goals.filter { $0.status == .notMet }.count
    var text = "\(met) av \(goals.count) mål uppfyllda"
    var rest: [String] = []
    // "ett mål uppfyllt", "två mål uppfyllda": the participle agrees with the count.
    func fulfilled(_ count: Int) -> String { count == 1 ? "uppfyllt" : "uppfyllda" }
    if partly > 0 { rest.append("\(countWord(partly)) delvis \(fulfilled(partly))") }
    if notMet > 0 { rest.append("\(countWord(notMet)) ej \(fulfilled(notMet))") }
    let other = goals.count - met - partly - notMet
    if other > 0 { rest.append("\(countWord(other)) utan bedömning") }
    if !rest.isEmpty {
      text +=
        rest.count == 1
        ? " och " + rest[0]
        : ", " + rest.dropLast().joined(separator: ", ")
          + " och " + rest.last!
    }
    return text
  }

  static let numberWords = [
    "inget", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio",
  ]

  /// Small counts in words, as the reports write them ("och ett delvis uppfyllt").
  static func countWord(_ n: Int) -> String {
    numberWords.indices.contains(n) ? numberWords[n] : String(n)
  }

  /// A goal's target as the plan writes it: `85 %`, `95,5 %`.
  static func percentText(_ fraction: Double) -> String {
    number(fraction * 100) + SwedishFormat.unitSpace + "%"
  }

  /// A value with as many decimals as it has (up to six), in Swedish: `2`, `2,5`, `1 000`.
  static func number(_ value: Double) -> String {
    let decimals = (0...6).first { d in
      let factor = pow(10, Double(d))
      return abs((value * factor).rounded() / factor - value) <= 1e-9 * max(1, abs(value))
    }
    return SwedishFormat.number(value, decimals: decimals ?? 6)
  }
}
