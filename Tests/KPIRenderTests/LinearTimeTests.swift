import KPIAnalysis
import KPIModel
import Testing

@testable import KPIRender

/// The rendering paths that were super-linear on small hostile inputs (issue 17, item 7),
/// run on inputs of that shape. Speed is measured by `scripts/hostile/make_hostile_inputs.py`
/// on the release build; these tests check that the linear code gives the right result.
@Suite("Linear time on hostile shapes")
struct LinearTimeTests {
  // At 13 px an `x` (500 units) is 500 / 1000 × 13 × 1.05 = 6.825 px, a space (278) 3.7947
  // px and `…` (1000) 13.65 px.

  @Test func aWordOfAHundredThousandCharactersIsCutAndTruncated() {
    let word = String(repeating: "x", count: 100_000)
    let wrapped = TextMetrics.wrap(word, maxWidth: 100, size: 13, maxLines: 2)
    // 14 × 6.825 = 95.55 fits in 100, 15 × 6.825 = 102.4 does not. The second line is
    // 14 x + " " + 14 x shortened: 12 × 6.825 + 13.65 = 95.55 fits, 13 x + … = 102.4 not.
    #expect(
      wrapped.lines == [String(repeating: "x", count: 14), String(repeating: "x", count: 12) + "…"])
    #expect(wrapped.truncated)
  }

  @Test func aHundredThousandCharactersOfWordsStopAfterTheLastLine() {
    let text = Array(repeating: "xxxx", count: 20_000).joined(separator: " ")
    let wrapped = TextMetrics.wrap(text, maxWidth: 100, size: 13, maxLines: 3)
    // Three words are 3 × 27.3 + 2 × 3.7947 = 89.49 px, four are 120.6. The third line ends
    // "xxx…": 2 × 27.3 + 2 × 3.7947 + 3 × 6.825 + 13.65 = 96.39 px.
    #expect(wrapped.lines == ["xxxx xxxx xxxx", "xxxx xxxx xxxx", "xxxx xxxx xxx…"])
    #expect(wrapped.truncated)
  }

  @Test func aLongTextIsTruncatedInOneMeasurement() {
    let text = String(repeating: "x", count: 100_000)
    #expect(
      TextMetrics.truncate(text, maxWidth: 100, size: 13) == String(repeating: "x", count: 12)
        + "…")
    let spaces = "xx" + String(repeating: " ", count: 100_000)
    #expect(TextMetrics.truncate(spaces, maxWidth: 100, size: 13) == "xx…")
  }

  /// The wrapping and truncation as they were before they were made linear, measured string
  /// by string: the reference the new code must match on ordinary labels.
  private static func referenceWrap(
    _ text: String, maxWidth: Double, size: Double, bold: Bool, maxLines: Int
  ) -> (lines: [String], truncated: Bool) {
    let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    var lines: [String] = []
    var current = ""
    func fits(_ line: String) -> Bool {
      TextMetrics.width(line, size: size, bold: bold) <= maxWidth
    }
    for word in words {
      let candidate = current.isEmpty ? word : current + " " + word
      if fits(candidate) {
        current = candidate
        continue
      }
      if !current.isEmpty { lines.append(current) }
      current = word
      while !fits(current) && current.count > 1 {
        var head = ""
        for character in current {
          if !fits(head + String(character)) { break }
          head.append(character)
        }
        if head.isEmpty { head = String(current.prefix(1)) }
        lines.append(head)
        current = String(current.dropFirst(head.count))
      }
    }
    if !current.isEmpty { lines.append(current) }
    if lines.isEmpty { return ([""], false) }
    guard lines.count > maxLines else { return (lines, false) }
    var kept = Array(lines.prefix(maxLines))
    kept[maxLines - 1] = referenceTruncate(
      kept[maxLines - 1] + " " + lines[maxLines], maxWidth: maxWidth, size: size, bold: bold,
      force: true)
    return (kept, true)
  }

  private static func referenceTruncate(
    _ text: String, maxWidth: Double, size: Double, bold: Bool, force: Bool
  ) -> String {
    if !force && TextMetrics.width(text, size: size, bold: bold) <= maxWidth { return text }
    var head = text
    while !head.isEmpty {
      head.removeLast()
      let trimmed = String(head.reversed().drop { $0 == " " }.reversed())
      if TextMetrics.width(trimmed + "…", size: size, bold: bold) <= maxWidth {
        return trimmed + "…"
      }
    }
    return "…"
  }

  static let labels = [
    "", " ", "   ", "Kultur", "Totalt", "  två  mellanslag  ", "W", "WWWWWWWWWWWWWWWWWWWWWWWW",
    "Folkhälsa och social hållbarhet i Sjuhärad – samordnare och strateger",
    "Digitaliseringsnätverk välfärd", "Samhällsbyggnadschefsnätverket", "SoL-nätverket",
    "Ett_mycket_långt_ord_utan_mellanslag_som_måste_delas_flera_gånger om",
    "Är personalen på Närvårdskontoret professionella?", "i i i i i i i i i i i i i i i",
    "Ärendegrupp Ö – 😀 emoji 中文字符 och e\u{301} kombinerad", "x \u{00A0}y\u{202F}z … — @ %",
  ]

  @Test(arguments: [40.0, 80.0, 120.0, 216.0, 400.0])
  func wrappingMatchesTheStringByStringMeasurement(width: Double) {
    for label in Self.labels {
      for bold in [false, true] {
        for maxLines in 1...4 {
          let new = TextMetrics.wrap(
            label, maxWidth: width, size: 13, bold: bold, maxLines: maxLines)
          let old = Self.referenceWrap(
            label, maxWidth: width, size: 13, bold: bold, maxLines: maxLines)
          #expect(new.lines == old.lines, "\(label) at \(width) px, \(maxLines) lines")
          #expect(new.truncated == old.truncated)
        }
        #expect(
          TextMetrics.truncate(label, maxWidth: width, size: 12, bold: bold)
            == Self.referenceTruncate(label, maxWidth: width, size: 12, bold: bold, force: false))
      }
    }
  }

  @Test func twentyThousandGroupsGetTheirOwnDistribution() throws {
    let scale = SurveyFixtures.scale
    let spec = SurveySpec(
      title: "Många grupper", period: "2025", groupColumn: "Grupp", scale: scale,
      positive: Array(scale.prefix(2)), notSubstantive: ["Vet ej", ""],
      questions: [QuestionSpec(id: "helhet", column: "Helhet")], minimumGroupSize: 5)
    var tally = SurveyTally(spec: spec, kind: .survey)
    for number in 0..<20_000 {
      let group = tally.group("G\(number)")
      // Even groups answer 0 0 1 2 3, odd ones 0 1 1 1 1 and Vet ej (code 4).
      let codes = number.isMultiple(of: 2) ? [0, 0, 1, 2, 3] : [0, 1, 1, 1, 1, 4]
      for code in codes { tally.add(group: group, weight: 1, answers: [code]) }
    }
    let result = try tally.result()
    let chart = SurveyCharts.answerDistribution(result, question: "helhet")
    guard case .divergingBars(let bars) = chart.kind else {
      Issue.record("expected diverging bars")
      return
    }
    #expect(bars.rows.count == 20_001)
    #expect(bars.categories.map(\.name) == scale + ["Vet ej"])
    let even = try #require(bars.rows.first { $0.label == "G19998" })
    #expect(even.values == [0.4, 0.2, 0.2, 0.2, 0])
    let odd = try #require(bars.rows.first { $0.label == "G19999" })
    // Vet ej over the same base as the scale's bars, the 5 answers on it.
    #expect(odd.values == [0.2, 0.8, 0, 0, 1.0 / 5])
    #expect(bars.rows.last?.label == totalGroupName)
    // Totalt: 10 000 × (2, 1, 1, 1) + 10 000 × (1, 4, 0, 0) on the scale, 10 000 Vet ej, all
    // over the 100 000 answers on the scale.
    let onScale: Double = 100_000
    let total: [Double] = [
      30_000 / onScale, 50_000 / onScale, 10_000 / onScale, 10_000 / onScale, 10_000 / onScale,
    ]
    #expect(bars.rows.last?.values == total)
  }

  @Test func twoThousandQuestionsGetTheirChartsAndSentences() throws {
    let scale = SurveyFixtures.scale
    let questions = (0..<2_000).map { QuestionSpec(id: "q\($0)", column: "Fråga \($0)") }
    let spec = SurveySpec(
      title: "Många frågor", period: "2025", groupColumn: "Grupp", scale: scale,
      positive: Array(scale.prefix(2)), notSubstantive: ["Vet ej", ""], questions: questions,
      minimumGroupSize: 5)
    var tally = SurveyTally(spec: spec, kind: .survey)
    for name in ["A", "B"] {
      let group = tally.group(name)
      // Respondent r answers question q with code (q + r) % 4: each question gets every code
      // of the scale from the first four, and the fifth repeats the first.
      for respondent in 0..<5 {
        let codes = (0..<2_000).map { ($0 + respondent) % 4 }
        tally.add(group: group, weight: 1, answers: codes)
      }
    }
    let result = try tally.result()
    let charts = SurveyCharts.all(result, previous: result, groups: .group)
    #expect(charts.count == 6_000)
    let last = try #require(charts.first { $0.id.hasSuffix("svar-q1999") })
    guard case .divergingBars(let bars) = last.kind else {
      Issue.record("expected diverging bars")
      return
    }
    // q1999: respondents answer 3, 0, 1, 2, 3: code 3 twice.
    #expect(bars.rows.map(\.label) == ["A", "B", totalGroupName])
    #expect(bars.rows[0].values == [0.2, 0.2, 0.2, 0.4])
    let text = SurveySummary.text(result, previous: result)
    let lines = text.split(separator: "\n")
    #expect(lines.count == 1 + 2 * 2_000)
    #expect(lines[lines.count - 2] == "Följande fråga ställdes: Fråga 1999")
    // Totalt for q1999: codes 3 0 1 2 3 in both groups, so 2 of 10 for each positive answer.
    #expect(lines.last?.hasPrefix("20") == true)
    #expect(lines.last?.contains("svarade I mycket hög grad och 20") == true)
  }
}
