import KPIAnalysis
import KPIModel

/// The Swedish text of a survey's result, in the words the annual and interim reports use:
/// "143 personer svarade på enkäten som skickades till 22 nätverk, vilket motsvarar 64 %
/// svarsfrekvens, jämfört med 63 % föregående år."
public enum SurveySummary {
  /// The paragraph(s) for a survey or questionnaire round.
  /// - Parameters:
  ///   - result: This round.
  ///   - previous: The round to compare with (last year, or the previous round), if any.
  ///   - groups: What the groups are, e.g. ``GroupNoun/network``.
  /// - Returns: Plain text, one paragraph per line.
  public static func text(
    _ result: SurveyResult, previous: SurveyResult? = nil, groups: GroupNoun = .group
  ) -> String {
    switch result.kind {
    case .survey: surveyText(result, previous: previous, groups: groups)
    case .questionnaire: questionnaireText(result, previous: previous)
    }
  }

  static func percent(_ value: Double?) -> String {
    value.map { SwedishFormat.percent($0) } ?? "–"
  }

  static func count(_ value: Double) -> String { SwedishFormat.number(value) }

  /// `1 person`, `143 personer`.
  static func persons(_ value: Double) -> String {
    value == 1 ? "1 person" : "\(count(value)) personer"
  }

  private static func surveyText(
    _ result: SurveyResult, previous: SurveyResult?, groups: GroupNoun
  ) -> String {
    var lines: [String] = []
    func noun(_ n: Int) -> String { "\(n) \(n == 1 ? groups.singular : groups.plural)" }
    // The groups it was sent to are known from a count per group; otherwise only the groups
    // that answered, which are not said to be those it was sent to. Without a group column
    // there are none to name.
    let answeringGroups = result.groups.filter { $0 != notStatedGroupName }.count
    var opening: String
    if result.invitedGroups > 0 {
      opening =
        "\(persons(result.respondents)) svarade på enkäten som skickades till "
        + noun(result.invitedGroups)
    } else if answeringGroups > 0 {
      opening =
        "\(persons(result.respondents)) från \(noun(answeringGroups)) svarade på enkäten"
    } else {
      opening = "\(persons(result.respondents)) svarade på enkäten"
    }
    if let invited = result.invited, invited > 0 {
      opening += ", vilket motsvarar \(percent(result.respondents / Double(invited))) svarsfrekvens"
      if let previous, let before = previous.invited, before > 0 {
        opening += ", jämfört med \(percent(previous.respondents / Double(before))) föregående år"
      }
    }
    lines.append(opening + ".")
    let totals = Totals(result)
    let previousTotals = previous.map(Totals.init)
    for question in result.questions {
      guard let total = totals.row(question.id) else { continue }
      lines.append("Följande fråga ställdes: \(question.wording)")
      guard let share = total.share else {
        lines.append("Inga svar kan redovisas (\(total.withheld?.swedishText ?? "")).")
        continue
      }
      let parts = result.positive.map { label in
        (label, totals.share(question.id, label))
      }
      // "45 % svarade I mycket hög grad och 49 % I hög grad"
      var sentence = parts.enumerated().map { index, part in
        "\(percent(part.1)) " + (index == 0 ? "svarade " : "") + part.0
      }.joined(separator: " och ")
      sentence += ", totalt \(percent(share)) nöjda."
      if let previousTotals, previousTotals.row(question.id) != nil {
        let before = result.positive.map { percent(previousTotals.share(question.id, $0)) }
        sentence +=
          " Detta kan jämföras med \(before.joined(separator: " respektive ")) föregående år."
      }
      lines.append(sentence)
      if let goal = question.goal { lines.append(goalSentence(total, goal: goal)) }
    }
    for question in result.choiceQuestions {
      guard let total = totals.choiceRow(question.id) else { continue }
      lines.append("Följande fråga ställdes, med flera svar möjliga: \(question.wording)")
      if let withheld = total.withheld {
        lines.append("Inga svar kan redovisas (\(withheld.swedishText)).")
        continue
      }
      // "Av 20 personer som svarade valde 60 % Nätverksträffar, 45 % Nyhetsbrev och 20 % …"
      let ordered = choiceOrder(totals.answers(question.id))
      var sentence =
        "Av \(persons(total.answered)) som svarade valde " + choiceList(ordered) + "."
      // The earlier round's shares of the same options, in the same order.
      if let previousTotals, let before = previousTotals.choiceRow(question.id),
        before.withheld == nil
      {
        let earlier = previousTotals.answers(question.id)
        let shares = ordered.map { option in
          percent(earlier.first { $0.answer == option.answer }?.share)
        }
        sentence +=
          " Detta kan jämföras med \(list(shares, and: " respektive ")) föregående år."
      }
      lines.append(sentence)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A multi-select question's options as a sentence's list, the most chosen first (ties in
  /// the spec's order): "60 % A, 45 % B och 20 % C". Each share is over the respondents who
  /// answered the question, so together they may pass 100 %.
  static func choiceList(_ answers: [AnswerRow]) -> String {
    list(choiceOrder(answers).map { "\(percent($0.share)) \($0.answer)" })
  }

  /// A multi-select question's options, the most chosen first (ties in the spec's order).
  static func choiceOrder(_ answers: [AnswerRow]) -> [AnswerRow] {
    answers.enumerated().sorted { a, b in
      let (x, y) = (a.element.share ?? 0, b.element.share ?? 0)
      return x != y ? x > y : a.offset < b.offset
    }.map(\.element)
  }

  /// "A, B och C" (or "A, B respektive C").
  private static func list(_ items: [String], and last: String = " och ") -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + last + items.last!
  }

  private static func questionnaireText(_ result: SurveyResult, previous: SurveyResult?)
    -> String
  {
    var lines: [String] = []
    let positive = result.positive.first?.lowercased() ?? "ja"
    let totals = Totals(result)
    let previousTotals = previous.map(Totals.init)
    for question in result.questions {
      guard let total = totals.row(question.id) else { continue }
      var line = "– "
      if let rate = total.responseRate, let invited = total.invited {
        line += "\(percent(rate)) (\(count(total.answered)) av \(invited))"
      } else {
        // An open link has no invited count, so no response rate: say how many answered.
        line += persons(total.answered)
      }
      line += " har svarat på frågan \"\(question.wording)\""
      if let share = total.share {
        line += " och \(percent(share)) av dessa svarar \(positive)."
        let others = totals.answers(question.id).filter {
          !result.positive.contains($0.answer) && result.scale.contains($0.answer)
            && ($0.count ?? 0) > 0
        }
        for other in others {
          line +=
            " Övriga \(percent(other.share)) (\(persons(other.count ?? 0))) svarar "
            + "\(other.answer.lowercased())."
        }
      } else {
        line += "; resultatet redovisas inte (\(total.withheld?.swedishText ?? ""))."
      }
      if let before = previousTotals?.row(question.id)?.share {
        line += " Föregående omgång: \(percent(before))."
      }
      lines.append(line)
    }
    for question in result.choiceQuestions {
      guard let total = totals.choiceRow(question.id) else { continue }
      var line = "– "
      if let invited = total.invited, invited > 0 {
        line +=
          "\(percent(total.answered / Double(invited))) (\(count(total.answered)) av \(invited))"
      } else {
        line += persons(total.answered)
      }
      line += " har svarat på frågan \"\(question.wording)\" (flera svar möjliga)"
      if let withheld = total.withheld {
        line += "; resultatet redovisas inte (\(withheld.swedishText))."
      } else {
        line += " och av dessa valde " + choiceList(totals.answers(question.id)) + "."
      }
      lines.append(line)
    }
    let judged = result.questions.filter { $0.goal != nil }
    if let goal = judged.first?.goal {
      let met = judged.filter { totals.row($0.id)?.status == .met }.count
      let status = result.overallStatus
      lines.append(
        "Målet att samtliga frågor ska besvaras med \(positive) till minst \(SwedishFormat.percent(goal)) "
          + "är \(status.swedish) (\(SwedishFormat.questions(met, of: judged.count))).")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A round's `Totalt` rows and answers by question, found in one pass rather than
  /// searched for again for every question: a spec of 2 000 questions made that quadratic.
  private struct Totals {
    private var rows: [String: ShareRow] = [:]
    private var choiceRows: [String: ChoiceRow] = [:]
    private var answersByQuestion: [String: [AnswerRow]] = [:]

    init(_ result: SurveyResult) {
      // The first row of each question, as `SurveyResult.total(_:)` finds it.
      for row in result.rows where row.group == totalGroupName && rows[row.question] == nil {
        rows[row.question] = row
      }
      for row in result.choiceRows where row.group == totalGroupName {
        choiceRows[row.question] = row
      }
      for answer in result.answers where answer.group == totalGroupName {
        answersByQuestion[answer.question, default: []].append(answer)
      }
    }

    func row(_ question: String) -> ShareRow? { rows[question] }

    /// A multi-select question's `Totalt` base.
    func choiceRow(_ question: String) -> ChoiceRow? { choiceRows[question] }

    /// The question's `Totalt` answers, in the round's order.
    func answers(_ question: String) -> [AnswerRow] { answersByQuestion[question] ?? [] }

    /// The share of the question's first `Totalt` answer `answer`.
    func share(_ question: String, _ answer: String) -> Double? {
      answers(question).first { $0.answer == answer }?.share
    }
  }

  static func goalSentence(_ row: ShareRow, goal: Double) -> String {
    var sentence =
      "Målet (minst \(SwedishFormat.percent(goal))) är \((row.status ?? .noData).swedish)."
    if row.confidence == .uncertain, let interval = row.estimate?.confidenceInterval {
      sentence +=
        " Resultatet är osäkert: konfidensintervallet "
        + "\(SwedishFormat.number(interval.lowerBound * 100))–"
        + "\(SwedishFormat.percent(interval.upperBound)) omfattar målet."
    }
    return sentence
  }
}
