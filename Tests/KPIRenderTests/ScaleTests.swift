import Testing

@testable import KPIRender

@Suite("Scales, ticks and text measurement")
struct ScaleTests {
  @Test func linearScaleMapsTheDomainOntoTheRange() {
    let scale = LinearScale(domain: 0...1, range: 63...336)
    #expect(scale(0) == 63)
    #expect(scale(1) == 336)
    #expect(scale(0.5) == 199.5)
    #expect(scale.pixelsPerUnit == 273)
    #expect(LinearScale(domain: 1...1, range: 10...20)(5) == 10)
  }

  // Hand-computed with d3's rule: raw = span / 5; 10^⌊log10 raw⌋ times 1, 2 or 5 as raw over
  // that power reaches √2, √10 or √50.
  @Test func sharesGetTwentyPercentSteps() {
    let ticks = Ticks(covering: 0...1)
    #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8, 1])  // exact, no 0.6000000000000001
    #expect(ticks.domain == 0...1)
    #expect(ticks.step == 0.2)
    #expect(ticks.decimals == 1)
    #expect(ValueFormat.percent(decimals: 0).withDecimals(ticks.decimals) == .percent(decimals: 0))
  }

  @Test func extentsAreWidenedToWholeSteps() {
    // raw 0.174 → 0.1 · 1.74 ≥ √2 → 0.2; ⌈0.87 / 0.2⌉ = 5.
    #expect(Ticks(covering: 0...0.87).values == [0, 0.2, 0.4, 0.6, 0.8, 1])
    // raw 0.26 → 0.2; ⌊−0.3 / 0.2⌋ = −2.
    let diverging = Ticks(covering: -0.3...1)
    #expect(diverging.values == [-0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8, 1])
    #expect(diverging.domain == -0.4...1)
    // raw 14 683.2 → 10 000 · 1.47 → 20 000.
    let visitors = Ticks(covering: 0...73416)
    #expect(visitors.values == [0, 20000, 40000, 60000, 80000])
    #expect(visitors.decimals == 0)
  }

  @Test func smallSharesGetDecimalsInTheirLabels() {
    // raw 0.0024 → 0.001 · 2.4 → 0.002: labels need one decimal as percentages.
    let ticks = Ticks(covering: 0...0.012)
    #expect(ticks.step == 0.002)
    #expect(ticks.decimals == 3)
    let format = ValueFormat.percent(decimals: 0).withDecimals(ticks.decimals)
    #expect(
      ticks.values.map(format.format)
        == ["0,0 %", "0,2 %", "0,4 %", "0,6 %", "0,8 %", "1,0 %", "1,2 %"].map {
          $0.replacingOccurrences(of: " ", with: "\u{00A0}")
        })
  }

  @Test func emptyExtentsStillGetAnAxis() {
    #expect(Ticks(covering: 0...0).values == [0, 0.2, 0.4, 0.6, 0.8, 1])
    #expect(Ticks(covering: 5...5).values == [0, 1, 2, 3, 4, 5])
    #expect(Ticks(covering: -2...(-2)).values == [-2, -1.5, -1, -0.5, 0])
  }

  @Test func valuesBelowAGoalNeverPrintAsTheGoal() {
    let format = ValueFormat.percent(decimals: 0)
    #expect(format.format(0.949, apartFrom: 0.95) == "94,9\u{00A0}%")
    #expect(format.format(0.9499, apartFrom: 0.95) == "94,99\u{00A0}%")
    #expect(format.format(0.951, apartFrom: 0.95) == "95\u{00A0}%")
    #expect(format.format(0.80, apartFrom: 0.85) == "80\u{00A0}%")
    #expect(format.format(0.80, apartFrom: nil) == "80\u{00A0}%")
    #expect(format.range(0.7351...0.961) == "74–96\u{00A0}%")
  }

  // Arial advance widths: "Totalt" = T 611 + o 556 + t 278 + a 556 + l 222 + t 278 = 2501
  // units; × 13 px / 1000 × 1.05 = 34.14 px, bold × 1.07 = 36.53 px.
  @Test func textWidthFollowsArialMetrics() {
    #expect(abs(TextMetrics.width("Totalt", size: 13) - 34.13865) < 1e-9)
    #expect(abs(TextMetrics.width("Totalt", size: 13, bold: true) - 36.5283555) < 1e-6)
    #expect(TextMetrics.width("", size: 13) == 0)
  }

  @Test func shortLabelsStayOnOneLine() {
    let wrapped = TextMetrics.wrap("Kultur", maxWidth: 100, size: 13, maxLines: 2)
    #expect(wrapped.lines == ["Kultur"])
    #expect(!wrapped.truncated)
  }

  @Test func longLabelsWrapAtSpacesAndEndInAnEllipsis() {
    let name = "Folkhälsa och social hållbarhet i Sjuhärad – samordnare och strateger"
    let wrapped = TextMetrics.wrap(name, maxWidth: 216, size: 13, maxLines: 2)
    #expect(
      wrapped.lines == ["Folkhälsa och social hållbarhet i", "Sjuhärad – samordnare och strat…"])
    #expect(wrapped.truncated)
    for line in wrapped.lines { #expect(TextMetrics.width(line, size: 13) <= 216) }
  }

  @Test func aWordLongerThanTheLineIsCut() {
    let wrapped = TextMetrics.wrap(
      "Kommunalförbundsövergripande", maxWidth: 80, size: 13, maxLines: 3)
    #expect(wrapped.lines.count == 3)
    #expect(wrapped.lines.joined() == "Kommunalförbundsövergripande")
    for line in wrapped.lines { #expect(TextMetrics.width(line, size: 13) <= 80) }
  }

  @Test func truncationKeepsWhatFits() {
    #expect(TextMetrics.truncate("Kort", maxWidth: 100, size: 12) == "Kort")
    let cut = TextMetrics.truncate("Ett mycket långt namn", maxWidth: 60, size: 12)
    #expect(cut.hasSuffix("…"))
    #expect(TextMetrics.width(cut, size: 12) <= 60)
  }

  @Test func divergingPaletteGoesFromDarkBlueToDarkOrange() {
    let four = ChartPalette.diverging(positive: 2, negative: 2)
    #expect(four.positive.map(\.hex) == ["#2166ac", "#92c5de"])
    #expect(four.negative.map(\.hex) == ["#fdb863", "#b35806"])
    let three = ChartPalette.diverging(positive: 1, negative: 2)
    #expect(three.positive.map(\.hex) == ["#2166ac"])
    #expect(three.negative.map(\.hex) == ["#fdb863", "#b35806"])
    #expect(ChartPalette.isDark(ChartColor("#2166AC")))
    #expect(!ChartPalette.isDark(ChartColor("#92C5DE")))
    #expect(!ChartPalette.isDark(ChartColor("#FDB863")))
  }
}
