import Testing

@testable import KPIRender

/// Layouts of small line charts, every position worked out by hand from the constants in
/// `Style` (margin 16, title line 20 + 8, tick gap 8, plot end reserve 8, plot 240 px high).
@Suite("Line chart layout")
struct LineLayoutTests {
  typealias L = ChartLayoutTests

  static func polylines(_ scene: ChartScene) -> [PolylineMark] {
    L.flatten(scene.marks).compactMap {
      if case .polyline(let polyline) = $0 { return polyline }
      return nil
    }
  }

  static func circles(_ scene: ChartScene) -> [CircleMark] {
    L.flatten(scene.marks).compactMap {
      if case .circle(let circle) = $0 { return circle }
      return nil
    }
  }

  // Values 10, 20, –, 40 over four categories. Ticks cover 0…40 in steps of 10; the widest
  // tick label "40" is 2 · 556 · 12 / 1000 · 1.05 = 14.01 → 15 px, so the plot runs from
  // 16 + 15 + 8 = 39 to 400 − 16 − 8 = 376: bands of 84.25, centres 81.125 + k · 84.25.
  // No legend (one series) and no axis title: the plot's top is 44 + 6 + 2 = 52, its bottom
  // 292, 6 px per visitor.
  static let gapSpec = ChartSpec(
    id: "line", title: "T", description: "D", width: 400,
    kind: .lines(
      LineChart(
        categories: ["a", "b", "c", "d"],
        series: [
          LineSeries(
            name: "S", color: ChartPalette.blue, values: [10, 20, nil, 40], labelsValues: true)
        ],
        axis: ValueAxis(title: "", format: .number(decimals: 0)))))

  @Test func aMissingValueBreaksTheLineAndALoneValueIsAPoint() {
    let scene = ChartLayout.layout(Self.gapSpec)
    // Category labels at 292 + 16; then 20 more and the margin.
    #expect(scene.height == 292 + 20 + 16)
    // One polyline for a, b; nothing bridges c; d alone is a point.
    #expect(
      Self.polylines(scene) == [
        PolylineMark(
          points: [ChartPoint(x: 81.13, y: 232), ChartPoint(x: 165.38, y: 172)],
          stroke: ChartPalette.blue, strokeWidth: 2)
      ])
    #expect(
      Self.circles(scene) == [
        CircleMark(
          cx: 333.88, cy: 52, r: 3.5, fill: ChartPalette.blue, stroke: ChartPalette.white)
      ])
  }

  @Test func gridTicksAndCategories() {
    let scene = ChartLayout.layout(Self.gapSpec)
    let lines = L.lines(scene)
    // Grid at 0, 10 … 40 (bottom up), then the baseline over it.
    #expect(lines.prefix(5).map(\.y1) == [292, 232, 172, 112, 52])
    #expect(lines.prefix(5).allSatisfy { $0.x1 == 39 && $0.x2 == 376 })
    #expect(lines[5] == LineMark(x1: 39, y1: 292, x2: 376, y2: 292, stroke: ChartPalette.muted))
    let texts = L.texts(scene)
    // Tick labels right-aligned 8 left of the plot, on the grid line's centre + 0.35 · 12.
    #expect(texts[1...5].map { $0.lines[0] } == ["0", "10", "20", "30", "40"])
    #expect(texts[1...5].allSatisfy { $0.x == 31 && $0.anchor == .end })
    #expect(texts[1].y == 296.2)
    #expect(texts[6...9].map(\.x) == [81.13, 165.38, 249.63, 333.88])
    #expect(texts[6...9].allSatisfy { $0.y == 308 && $0.anchor == .middle })
  }

  // Labels: a (10, below its neighbour 20) goes under the point, b (20) over it, d (40, at
  // the plot's top) under it rather than into the title. Offset 6 + 3.5 + 4 = 13.5.
  @Test func valueLabelsSitAwayFromTheLine() {
    let scene = ChartLayout.layout(Self.gapSpec)
    let labels = L.texts(scene).filter { ["10", "20", "40"].contains($0.lines[0]) && $0.x > 39 }
    #expect(labels.map(\.x) == [81.13, 165.38, 333.88])
    // Baselines: 232 + 13.5 + 4.2, 172 − 13.5 + 4.2, 52 + 13.5 + 4.2.
    #expect(labels.map(\.y) == [249.7, 162.7, 69.7])
    // The backdrop of "10": 14.01 wide + 4, centred on the point, 16 high.
    #expect(
      L.rects(scene).first
        == RectMark(x: 72.12, y: 237.5, width: 18.01, height: 16, fill: ChartPalette.white))
  }

  // Two series and a reference line: the legend shows both lines (the first with its point)
  // and the reference; the first series is painted last, on top.
  @Test func legendReferenceAndPaintingOrder() {
    let spec = ChartSpec(
      id: "ref", title: "T", description: "D", width: 400,
      kind: .lines(
        LineChart(
          categories: ["x", "y"],
          series: [
            LineSeries(
              name: "A", color: ChartPalette.blue, values: [0.5, 1.5], width: 3,
              showsPoints: true),
            LineSeries(
              name: "B", color: ChartPalette.orange, values: [1, nil], dash: .dashed),
          ],
          axis: ValueAxis(title: "Index", format: .number(decimals: 1)),
          reference: ReferenceLine(value: 1, label: "Ref"))))
    let scene = ChartLayout.layout(spec)
    let lines = L.lines(scene)
    // Legend at 44, centre 54: A's stretch 16…44, B's from 16 + 28 + 6 + 8.40 ("A") + 18 =
    // 76.40, dashed 3 · 2 + 2 = 8 on, 4 off; the reference's from 76.40 + 42.40 + 18.
    #expect(
      lines[0]
        == LineMark(x1: 16, y1: 54, x2: 44, y2: 54, stroke: ChartPalette.blue, strokeWidth: 3))
    #expect(
      lines[1]
        == LineMark(
          x1: 76.4, y1: 54, x2: 104.4, y2: 54, stroke: ChartPalette.orange, strokeWidth: 2,
          dash: [8, 4]))
    #expect(lines[2].x1 == 136.81 && lines[2].dash == [6, 4] && lines[2].strokeWidth == 1.5)
    // Ticks 0…1.6 by 0.2; "1,6" is 17.51 → 18 px, so the plot runs 42…376, bands of 167.
    // The axis title's line puts the top at 72 + 26 = 98, the bottom at 338: 150 px per unit.
    let reference = lines.first { $0.dash == [6, 4] && $0.x1 == 42 }
    #expect(
      reference
        == LineMark(
          x1: 42, y1: 188, x2: 376, y2: 188, stroke: ChartPalette.ink, strokeWidth: 1.5,
          dash: [6, 4]))
    #expect(
      L.texts(scene).contains {
        $0.lines == ["Index"] && $0.x == 16 && $0.y == 81.6 && $0.fill == ChartPalette.muted
      })
    // B (a lone value, so a point) before A's line and points.
    let circles = Self.circles(scene).filter { $0.cy > 72 }
    #expect(circles.map(\.fill) == [ChartPalette.orange, ChartPalette.blue, ChartPalette.blue])
    #expect(circles[0].cx == 125.5 && circles[0].cy == 188)
    #expect(
      Self.polylines(scene) == [
        PolylineMark(
          points: [ChartPoint(x: 125.5, y: 263), ChartPoint(x: 292.5, y: 113)],
          stroke: ChartPalette.blue, strokeWidth: 3)
      ])
  }

  @Test func tooltipsSayWhichValuesAreMissing() {
    let series = LineSeries(name: "2025", color: ChartPalette.blue, values: [6_239, nil])
    let chart = LineChart(
      categories: ["jan", "feb"], series: [series],
      axis: ValueAxis(title: "", format: .number(decimals: 0)))
    #expect(ChartLayout.lineTooltip(series, chart) == "2025: jan 6\u{202F}239; feb saknas")
  }

  @Test(arguments: [(LineDash.solid, [Double]()), (.dashed, [11, 6]), (.dotted, [3, 4.5])])
  func dashesScaleWithTheStroke(dash: LineDash, pattern: [Double]) {
    #expect(dash.pattern(width: 3) == pattern)
  }
}
