import Testing

@testable import KPIRender

/// The layout of a small column chart with a gap, a trend and a forecast, every position
/// worked out by hand.
@Suite("Column chart layout")
struct ColumnLayoutTests {
  typealias L = ChartLayoutTests

  // Columns A = 100, B missing, C = 300, D the forecast 400 (350–450); the trend 100 … 400.
  // Ticks cover 0…450 in steps of 100, so the domain is 0…500; "500" is 21.02 → 22 px, so the
  // plot runs 16 + 22 + 8 = 46 … 376: bands of 82.5, centres 87.25 + k · 82.5, bars
  // 0.6 · 82.5 = 49.5 wide. Legend (one row) at 44, plot top 72 + 8 = 80, bottom 320:
  // 0.48 px per unit.
  static let spec = ChartSpec(
    id: "col", title: "T", description: "D", width: 400,
    kind: .columns(
      ColumnChart(
        columns: [
          .init(label: "A", measure: .value(100)),
          .init(label: "B", measure: .missing(note: "ingen data")),
          .init(label: "C", measure: .value(300)),
          .init(label: "D", measure: nil),
        ],
        bars: Series(name: "Bars", color: ChartPalette.blue),
        axis: ValueAxis(title: "", format: .number(decimals: 0)),
        trend: .init(name: "Trend", values: [100, 200, 300, 400]),
        forecast: .init(name: "F", column: 3, estimate: 400, interval: 350...450))))

  @Test func barsGapTrendAndForecast() {
    let scene = ChartLayout.layout(Self.spec)
    #expect(scene.height == 320 + 20 + 16)
    let rects = L.rects(scene)
    // Legend: the bars' swatch, the forecast's band at 16 + 43.91 ("Bars") + 18 + 66.91
    // ("Trend" after a 28 px line) + 18 = 162.82.
    #expect(rects[0] == RectMark(x: 16, y: 48, width: 12, height: 12, fill: ChartPalette.blue))
    #expect(
      rects[1]
        == RectMark(x: 162.82, y: 46, width: 12, height: 16, fill: ChartPalette.forecastBand))
    // The forecast's band 450 … 350: y 104 … 152, centred on D (334.75).
    #expect(
      rects[2].x == 310 && rects[2].y == 104 && rects[2].width == 49.5 && rects[2].height == 48
        && rects[2].fill == ChartPalette.forecastBand)
    // A: 100 → 48 px high from 272; C: 300 → 144 px from 176.
    #expect(rects[3] == RectMark(x: 62.5, y: 272, width: 49.5, height: 48, fill: ChartPalette.blue))
    #expect(
      rects[4] == RectMark(x: 227.5, y: 176, width: 49.5, height: 144, fill: ChartPalette.blue))

    let polylines = LineLayoutTests.polylines(scene)
    #expect(
      polylines == [
        PolylineMark(
          points: [
            ChartPoint(x: 87.25, y: 272), ChartPoint(x: 169.75, y: 224),
            ChartPoint(x: 252.25, y: 176), ChartPoint(x: 334.75, y: 128),
          ], stroke: ChartPalette.ink, strokeWidth: 2, dash: [6, 4])
      ])
    let point = LineLayoutTests.circles(scene).last
    #expect(
      point
        == CircleMark(
          cx: 334.75, cy: 128, r: 5, fill: ChartPalette.vermillion, stroke: ChartPalette.white,
          strokeWidth: 1.5))

    let texts = L.texts(scene)
    // The gap's note, italic, 8 above the baseline, centred on B.
    let note = texts.first { $0.lines == ["ingen data"] }
    #expect(note?.x == 169.75 && note?.y == 312 && note?.italic == true)
    // Values 4 above the bars' tops (and the band's): centres 272 − 10, 176 − 10, 104 − 10.
    let values = texts.filter { ["100", "300", "400"].contains($0.lines[0]) && $0.x > 46 }
    #expect(values.map(\.lines[0]) == ["400", "100", "300"])
    #expect(values.map(\.y) == [98.2, 266.2, 170.2])
  }

  @Test func legendOnlyWithATrendOrAForecast() {
    let chart = ColumnChart(
      columns: [.init(label: "A", measure: .value(1))],
      bars: Series(name: "Bars", color: ChartPalette.blue),
      axis: ValueAxis(title: "", format: .number(decimals: 0)))
    #expect(ChartLayout.legendEntries(chart).isEmpty)
    if case .columns(let full) = Self.spec.kind {
      #expect(ChartLayout.legendEntries(full).map(\.name) == ["Bars", "Trend", "F"])
    }
  }
}
