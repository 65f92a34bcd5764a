import Testing

@testable import KPIRender

/// The layout of a small 100 % stacked bar chart, every position worked out by hand.
@Suite("Stacked bar layout")
struct StackedLayoutTests {
  typealias L = ChartLayoutTests

  // Rows 2024 (25 % + 75 %) and 2025 (no bar). Labels "2024" are 30.36 px → column 31, plot
  // 16 + 31 + 10 = 57 … 400 − 16 − 24 = 360 (303 px). Legend at 44, plot top 72 + 4 = 76;
  // rows 30 px: centres 91 and 121.
  static let spec = ChartSpec(
    id: "stack", title: "T", description: "D", width: 400,
    kind: .stackedBars(
      StackedBarChart(
        segments: [
          Series(name: "Kort", color: ChartColor("#92C5DE")),
          Series(name: "Lång", color: ChartColor("#2166AC")),
        ],
        rows: [
          .init(label: "2024", values: [0.25, 0.75]),
          .init(label: "2025", values: nil, note: "ej redovisat"),
        ],
        axis: ValueAxis(title: "", format: .percent(decimals: 0), domain: 0...1))))

  @Test func segmentsLieEndToEndWithTheirValuesInside() {
    let scene = ChartLayout.layout(Self.spec)
    #expect(scene.height == 136 + 20 + 16)
    let bars = L.rects(scene).filter { $0.height == 18 }
    #expect(
      bars == [
        RectMark(
          x: 57, y: 82, width: 75.75, height: 18, fill: ChartColor("#92C5DE"),
          tooltip: "Kort: 25\u{00A0}%"),
        RectMark(
          x: 132.75, y: 82, width: 227.25, height: 18, fill: ChartColor("#2166AC"),
          tooltip: "Lång: 75\u{00A0}%"),
      ])
    let texts = L.texts(scene)
    // 11 px labels centred in their segments: ink on the light one, white on the dark one.
    let short = texts.first { $0.lines == ["25\u{00A0}%"] && $0.fontSize == 11 }
    #expect(short?.x == 94.88 && short?.y == 94.85 && short?.fill == ChartPalette.ink)
    let long = texts.first { $0.lines == ["75\u{00A0}%"] && $0.fontSize == 11 }
    #expect(long?.x == 246.38 && long?.fill == ChartPalette.white)
    // The row without a bar has its note, and no rectangle.
    let note = texts.first { $0.lines == ["ej redovisat"] }
    #expect(note?.x == 63 && note?.y == 125.2 && note?.italic == true)
    // Grid at 0, 20 … 100 %.
    #expect(
      L.lines(scene).prefix(6).map(\.x1) == [57, 117.6, 178.2, 238.8, 299.4, 360])
  }

  @Test func aSegmentTooNarrowForItsLabelKeepsItInTheTooltip() {
    let spec = ChartSpec(
      id: "narrow", title: "T", description: "D", width: 400,
      kind: .stackedBars(
        StackedBarChart(
          segments: [
            Series(name: "a", color: ChartColor("#92C5DE")),
            Series(name: "b", color: ChartColor("#2166AC")),
          ],
          rows: [.init(label: "R", values: [0.02, 0.98])],
          axis: ValueAxis(title: "", format: .percent(decimals: 0), domain: 0...1))))
    let texts = ChartLayoutTests.texts(ChartLayout.layout(spec))
    #expect(!texts.contains { $0.lines == ["2\u{00A0}%"] })
    #expect(texts.contains { $0.lines == ["98\u{00A0}%"] })
  }
}
