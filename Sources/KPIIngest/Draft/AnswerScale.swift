import Foundation

/// The answer scales `kpi init` recognises, best answer first, and the answers that are no
/// opinion on any of them.
public enum AnswerScale {
  /// Word scales, best first. A column is matched to the shortest one holding all its answers.
  public static let known: [[String]] = [
    ["I mycket hög grad", "I hög grad", "I låg grad", "I mycket låg grad"],
    ["I mycket hög grad", "I hög grad", "I låg grad", "Inte alls"],
    ["I mycket hög grad", "I hög grad", "I låg grad", "I mycket låg grad", "Inte alls"],
    ["I mycket hög grad", "I hög grad", "I viss grad", "I låg grad", "I mycket låg grad"],
    ["I mycket hög grad", "I hög grad", "I viss grad", "I låg grad", "Inte alls"],
    ["Instämmer helt", "Instämmer till stor del", "Instämmer delvis", "Instämmer inte alls"],
    [
      "Instämmer helt", "Instämmer till stor del", "Instämmer till viss del",
      "Instämmer inte alls",
    ],
    [
      "Instämmer helt", "Instämmer delvis", "Varken instämmer eller tar avstånd",
      "Tar delvis avstånd", "Tar helt avstånd",
    ],
    ["Instämmer helt", "Instämmer delvis", "Tar delvis avstånd", "Tar helt avstånd"],
    ["Mycket nöjd", "Ganska nöjd", "Ganska missnöjd", "Mycket missnöjd"],
    [
      "Mycket nöjd", "Ganska nöjd", "Varken nöjd eller missnöjd", "Ganska missnöjd",
      "Mycket missnöjd",
    ],
    ["Mycket nöjd", "Nöjd", "Varken nöjd eller missnöjd", "Missnöjd", "Mycket missnöjd"],
    ["Mycket bra", "Bra", "Dålig", "Mycket dålig"],
    ["Mycket bra", "Ganska bra", "Varken bra eller dålig", "Ganska dålig", "Mycket dålig"],
    ["Ja", "Nej"],
    ["Ja", "Delvis", "Nej"],
    ["Yes", "No"],
    ["Yes", "Partly", "No"],
    ["Strongly agree", "Agree", "Disagree", "Strongly disagree"],
    ["Strongly agree", "Agree", "Neutral", "Disagree", "Strongly disagree"],
    [
      "Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree",
    ],
    ["Very satisfied", "Satisfied", "Dissatisfied", "Very dissatisfied"],
    ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Very dissatisfied"],
    [
      "Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied", "Dissatisfied",
      "Very dissatisfied",
    ],
  ]

  /// Answers that are no position on a scale: left out of the base (`not_substantive:`).
  public static let noOpinion = [
    "vet ej", "vet inte", "ej aktuellt", "inte aktuellt", "ingen åsikt", "kan ej bedöma",
    "kan inte bedöma", "ej tillämpligt", "inte tillämpligt", "n/a", "na", "not applicable",
    "don't know", "dont know", "do not know", "prefer not to say", "no opinion",
  ]

  /// A scale recognised in a column: its answers best first, the positive ones, and the
  /// column's answers read as no opinion or as another spelling of a step.
  public struct Match: Sendable, Equatable {
    /// The scale, best first.
    public var scale: [String]
    /// The top boxes: the top two of four or more steps, the top one of two or three.
    public var positive: [String]
    /// The column's answers that are no opinion (as the column spells them).
    public var notSubstantive: [String]
    /// The column's other spellings of a step (`Yesss` → `Yes`), guessed by prefix.
    public var synonyms: [String: String]
    /// Answers matched to nothing, left out of the base.
    public var unrecognised: [String]
    /// Whether the scale is numbers (best taken to be the highest).
    public var isNumeric: Bool
  }

  /// Lower case, runs of white space collapsed, trimmed: as the survey reader compares.
  static func fold(_ text: String) -> String {
    text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
      .replacingOccurrences(of: "’", with: "'")
  }

  /// The scale a column's answers fit, or `nil`.
  ///
  /// - Parameter answers: The distinct non-blank answers and their counts.
  /// - Returns: The match: a word scale holding every answer that is not a no-opinion
  ///   answer (up to one in ten answers may be unrecognised spellings), or a numeric scale.
  public static func match(_ answers: [(value: String, count: Int)]) -> Match? {
    let opinions = answers.filter { !noOpinion.contains(fold($0.value)) }
    let notSubstantive = answers.filter { noOpinion.contains(fold($0.value)) }.map(\.value)
    guard !opinions.isEmpty else { return nil }
    if let numeric = numericMatch(opinions, notSubstantive: notSubstantive) { return numeric }
    let total = opinions.reduce(0) { $0 + $1.count }
    var best: (scale: [String], cost: Int, synonyms: [String: String], unrecognised: [String])?
    for scale in known {
      let folded = scale.map(fold)
      var synonyms: [String: String] = [:]
      var unrecognised: [String] = []
      var missed = 0
      var respelled = 0
      for answer in opinions where !folded.contains(fold(answer.value)) {
        let word = fold(answer.value)
        let candidates = scale.filter {
          let step = fold($0)
          return word.hasPrefix(step) || step.hasPrefix(word)
        }
        if candidates.count == 1 {
          synonyms[answer.value] = candidates[0]
          respelled += answer.count
        } else {
          unrecognised.append(answer.value)
          missed += answer.count
        }
      }
      // At least two different steps spelled as on the scale, and at most one answer in ten
      // matched to nothing.
      let hits = Set(opinions.map { fold($0.value) }).intersection(folded).count
      guard hits >= 2 || (hits == 1 && opinions.count == 1 && scale.count == 2),
        missed * 10 <= total
      else { continue }
      let cost = missed + respelled
      if best == nil || cost < best!.cost
        || (cost == best!.cost && scale.count < best!.scale.count)
      {
        best = (scale, cost, synonyms, unrecognised)
      }
    }
    guard let best else { return nil }
    let scale = best.scale
    let synonyms = best.synonyms
    let unrecognised = best.unrecognised
    return Match(
      scale: scale, positive: Array(scale.prefix(scale.count >= 4 ? 2 : 1)),
      notSubstantive: notSubstantive, synonyms: synonyms, unrecognised: unrecognised,
      isNumeric: false)
  }

  /// Whole numbers: 1–k (k ≤ 5, or 7), 1–5 with 6 as not applicable, 0–10 or 1–10, and codes
  /// of 9 and more above a short scale (9, 99) as not applicable. Best is the highest.
  static func numericMatch(_ answers: [(value: String, count: Int)], notSubstantive: [String])
    -> Match?
  {
    var codes: [Int: String] = [:]
    for answer in answers {
      guard let value = Int(answer.value.trimmingCharacters(in: .whitespaces)), value >= 0
      else { return nil }
      codes[value] = answer.value
    }
    var steps = codes.keys.sorted()
    var notApplicable: [Int] = []
    // A code far above the others (99 after 1–5, 9 after 1–5): "not applicable".
    while steps.count >= 3, let last = steps.last, last >= 9,
      last > 2 * steps[steps.count - 2]
    {
      notApplicable.append(last)
      steps.removeLast()
    }
    // Nobody may have chosen the lowest steps; one answer given (a single response) is read
    // as a step of 1–its value.
    guard let low = steps.first, let high = steps.last, low <= 3 || steps.count == 1, high >= 2
    else { return nil }
    let range: ClosedRange<Int>
    switch high {
    case 2...5, 7: range = 1...high
    case 6:
      range = 1...5
      notApplicable.append(6)
    case 8...10: range = (low == 0 ? 0 : 1)...10
    default: return nil
    }
    if low == 0 && range.lowerBound == 1 { return nil }
    let scale = range.reversed().map(String.init)
    return Match(
      scale: scale, positive: Array(scale.prefix(scale.count >= 4 ? 2 : 1)),
      notSubstantive: notSubstantive + notApplicable.sorted().map { codes[$0] ?? String($0) },
      synonyms: [:], unrecognised: [], isNumeric: true)
  }
}
