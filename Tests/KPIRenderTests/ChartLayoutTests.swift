import Foundation
import Testing

@testable import KPIRender

/// Layouts of small charts, every position worked out by hand from the constants in
/// `Style` (margin 16, title 16 px on a 20 px line + 8, rows 30 px, goal label band 22 px,
/// value reserve 48 px, label gap 10 px).
@Suite("Chart layout")
struct ChartLayoutTests {
  static func flatten(_ marks: [Mark]) -> [Mark] {
    marks.flatMap { mark -> [Mark] in
      if case .group(_, let children) = mark { return flatten(children) }
      return [mark]
    }
  }

  static func rects(_ scene: ChartScene) -> [RectMark] {
    flatten(scene.marks).compactMap {
      if case .rect(let rect) = $0 { return rect }
      return nil
    }
  }

  static func lines(_ scene: ChartScene) -> [LineMark] {
    flatten(scene.marks).compactMap {
      if case .line(let line) = $0 { return line }
      return nil
    }
  }

  static func texts(_ scene: ChartScene) -> [TextMark] {
    flatten(scene.marks).compactMap {
      if case .text(let text) = $0 { return text }
      return nil
    }
  }

  static let barSpec = ChartSpec(
    id: "test", title: "T", description: "D", width: 400,
    kind: .bars(
      BarChart(
        series: [Series(name: "2025", color: ChartPalette.skyBlue)],
        rows: [
          .init(label: "A", measures: [.value(0.5, interval: 0.4...0.6)]),
          .init(label: "Totalt", measures: [.value(0.75)], emphasis: .total),
        ],
        axis: ValueAxis(title: "Andel", format: .percent(decimals: 0), domain: 0...1),
        goal: ReferenceLine(value: 0.8, label: "Mål 80 %"), showsIntervals: true,
        totalColor: ChartPalette.blue)))

  // Title baseline 16 + 0.8 · 16 = 28.8; content starts at 16 + 20 + 8 = 44; the goal label
  // band puts the plot top at 66. Labels: "Totalt" bold is 36.53 px → column 37 px, so the
  // plot runs from 16 + 37 + 10 = 63 to 400 − 16 − 48 = 336: 273 px for 0…1.
  // Row A: 66…96, centre 81. Totalt: rule at 96 + 5 = 101, row 106…136, centre 121.
  @Test func barChartPositions() {
    let scene = ChartLayout.layout(Self.barSpec)
    #expect(scene.width == 400)
    // Axis title at 136 + 34 = 170; content ends 4 below, then the margin.
    #expect(scene.height == 136 + 34 + 4 + 16)

    let rects = Self.rects(scene)
    // Bar A: 0.5 · 273 = 136.5 wide, 18 high, centred on 81.
    #expect(
      rects[0] == RectMark(x: 63, y: 72, width: 136.5, height: 18, fill: ChartPalette.skyBlue))
    // Its label goes past the whisker's end (63 + 0.6 · 273 = 226.8) + 5, on a backdrop 2 px
    // wider each side than "50 %" (2279 units · 12 / 1000 · 1.05 = 28.72 px) and 16 px high.
    #expect(
      rects[1] == RectMark(x: 229.8, y: 73, width: 32.72, height: 16, fill: ChartPalette.white))
    // Totalt: 0.75 · 273 = 204.75, in the total colour.
    #expect(rects[2] == RectMark(x: 63, y: 112, width: 204.75, height: 18, fill: ChartPalette.blue))
    // Bold label: 28.7154 · 1.07 = 30.7255, + 4.
    #expect(
      rects[3] == RectMark(x: 270.75, y: 113, width: 34.73, height: 16, fill: ChartPalette.white))
    #expect(rects.count == 4)

    let lines = Self.lines(scene)
    // Grid at 0, 0.2 … 1: 63 + k · 54.6.
    #expect(lines.prefix(6).map(\.x1) == [63, 117.6, 172.2, 226.8, 281.4, 336])
    #expect(lines.prefix(6).allSatisfy { $0.y1 == 66 && $0.y2 == 136 })
    // The rule above Totalt, across the chart.
    #expect(lines[6] == LineMark(x1: 16, y1: 101, x2: 384, y2: 101, stroke: ChartPalette.rule))
    // Zero line.
    #expect(lines[7] == LineMark(x1: 63, y1: 66, x2: 63, y2: 136, stroke: ChartPalette.muted))
    // Goal at 63 + 0.8 · 273 = 281.4, from 4 above the plot to its bottom, dashed.
    #expect(
      lines[8]
        == LineMark(
          x1: 281.4, y1: 62, x2: 281.4, y2: 136, stroke: ChartPalette.ink, strokeWidth: 1.5,
          dash: [6, 4]))
    // Whisker 0.4…0.6 → 172.2…226.8 at the bar's centre, caps 0.3 · 18 = 5.4 each way.
    #expect(
      lines[9]
        == LineMark(
          x1: 172.2, y1: 81, x2: 226.8, y2: 81, stroke: ChartPalette.ink, strokeWidth: 1.5))
    #expect(
      lines[10]
        == LineMark(
          x1: 172.2, y1: 75.6, x2: 172.2, y2: 86.4, stroke: ChartPalette.ink, strokeWidth: 1.5))
    #expect(
      lines[11]
        == LineMark(
          x1: 226.8, y1: 75.6, x2: 226.8, y2: 86.4, stroke: ChartPalette.ink, strokeWidth: 1.5))
    #expect(lines.count == 12)

    let texts = Self.texts(scene)
    #expect(texts[0].y == 28.8 && texts[0].lines == ["T"] && texts[0].bold)
    // Goal label centred over the line, 8 above the plot.
    #expect(texts[1].x == 281.4 && texts[1].y == 58 && texts[1].anchor == .middle)
    #expect(texts[1].lines == ["Mål 80 %"])
    // Row label right-aligned 10 left of the plot, baseline at centre + 0.35 · 13.
    #expect(
      texts[2]
        == TextMark(
          x: 53, y: 85.55, lines: ["A"], lineHeight: 15, fontSize: 13, anchor: .end,
          fill: ChartPalette.ink))
    // Value label baseline at centre + 0.35 · 12.
    #expect(texts[3].x == 231.8 && texts[3].y == 85.2 && texts[3].lines == ["50\u{00A0}%"])
    #expect(texts[4].lines == ["Totalt"] && texts[4].bold && texts[4].y == 125.55)
    #expect(texts[5].x == 272.75 && texts[5].lines == ["75\u{00A0}%"] && texts[5].bold)
    // Tick labels 16 below the plot, centred on the grid lines.
    #expect(texts[6...11].map(\.x) == [63, 117.6, 172.2, 226.8, 281.4, 336])
    #expect(texts[6...11].allSatisfy { $0.y == 152 && $0.anchor == .middle })
    #expect(
      texts[6...11].map { $0.lines[0] }
        == ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"].map {
          $0.replacingOccurrences(of: " ", with: "\u{00A0}")
        })
    #expect(texts[12].lines == ["Andel"] && texts[12].x == 199.5 && texts[12].y == 170)
    #expect(texts.count == 13)
  }

  @Test func missingValuesAreLabelledGaps() {
    let spec = ChartSpec(
      id: "gap", title: "T", description: "D", width: 400,
      kind: .bars(
        BarChart(
          series: [Series(name: "2025", color: ChartPalette.skyBlue)],
          rows: [.init(label: "A", measures: [.missing(note: "för få svar")])],
          axis: ValueAxis(title: "", format: .percent(decimals: 0), domain: 0...1))))
    let scene = ChartLayout.layout(spec)
    #expect(Self.rects(scene).isEmpty)
    let note = Self.texts(scene).first { $0.lines == ["för få svar"] }
    // Plot from 16 + 10 + 10 = 36 ("A" is 9.1 px → 10); the note starts 6 past zero. No goal:
    // the plot starts 4 below the title.
    #expect(note?.x == 42)
    #expect(note?.italic == true)
    #expect(note?.y == 67.2)  // row centre 48 + 15, plus 0.35 · 12
  }

  @Test func twoSeriesSitSideBySideWithALegend() {
    let spec = ChartSpec(
      id: "cmp", title: "T", description: "D", width: 400,
      kind: .bars(
        BarChart(
          series: [
            Series(name: "2024", color: ChartPalette.skyBlue),
            Series(name: "2025", color: ChartPalette.blue),
          ],
          rows: [.init(label: "A", measures: [.value(0.5), .value(1)])],
          axis: ValueAxis(title: "", format: .percent(decimals: 0), domain: 0...1))))
    let scene = ChartLayout.layout(spec)
    let rects = Self.rects(scene)
    // Legend at 44: swatches 12 px centred on 54; "2024" is 4 · 556 · 12 / 1000 · 1.05 =
    // 28.02 px, so the second entry starts at 16 + 12 + 6 + 28.02 + 18 = 80.02.
    #expect(rects[0] == RectMark(x: 16, y: 48, width: 12, height: 12, fill: ChartPalette.skyBlue))
    #expect(rects[1] == RectMark(x: 80.02, y: 48, width: 12, height: 12, fill: ChartPalette.blue))
    // Plot top 44 + 20 + 8 + 4 = 76; band 2 · 14 + 2 + 12 = 42, centre 97; bars 14 high, 2 apart:
    // 82…96 and 98…112. Plot 36…336.
    #expect(rects[2] == RectMark(x: 36, y: 82, width: 150, height: 14, fill: ChartPalette.skyBlue))
    #expect(rects[4] == RectMark(x: 36, y: 98, width: 300, height: 14, fill: ChartPalette.blue))
  }

  // Categories Bra (positive), Dålig (negative), Vet ej (aside); one row 0.6 / 0.4 / 0.1.
  // Ticks over −0.4…0.6 step 0.2. Legend row at 44, plot top 44 + 28 + 22 = 94 (the aside
  // header needs the band). Plot from 16 + 10 + 10 = 36. Room for the sums: "40 %" is
  // 2279 units · 12 / 1000 · 1.05 = 28.72 → 29 + 10 = 39 on the left; "60 %" bold 30.73 →
  // 31 + 10 = 41 on the right; the aside 20 + 29 + 8 = 57. That leaves
  // 400 − 16 − 36 − 39 − 41 − 57 = 211 px for 1.0 + 0.1 units: 191.82 px each. The scale
  // starts at 36 + 39 = 75, zero is at 75 + 0.4 · 191.82 = 151.73.
  @Test func divergingPositions() {
    let spec = ChartSpec(
      id: "div", title: "T", description: "D", width: 400,
      kind: .divergingBars(
        DivergingBarChart(
          categories: [
            .init(name: "Bra", side: .positive, color: ChartColor("#2166AC")),
            .init(name: "Dålig", side: .negative, color: ChartColor("#B35806")),
            .init(name: "Vet ej", side: .aside, color: ChartPalette.notSubstantive),
          ],
          rows: [.init(label: "A", values: [0.6, 0.4, 0.1])],
          axis: ValueAxis(title: "", format: .percent(decimals: 0)))))
    let scene = ChartLayout.layout(spec)
    let bars = Self.rects(scene).filter { $0.height == 18 }
    // Row centre 94 + 15 = 109, bars 100…118.
    #expect(bars.count == 3)
    // 0.6 · 191.82 = 115.09 right of zero; 0.4 · 191.82 = 76.73 left of it, back to 75.
    #expect(
      bars[0]
        == RectMark(
          x: 151.73, y: 100, width: 115.09, height: 18, fill: ChartColor("#2166AC"),
          tooltip: "Bra: 60\u{00A0}%"))
    #expect(
      bars[1]
        == RectMark(
          x: 75, y: 100, width: 76.73, height: 18, fill: ChartColor("#B35806"),
          tooltip: "Dålig: 40\u{00A0}%"))
    // The aside column starts 41 + 20 past the scale's end, 75 + 191.82: at 327.82, and is
    // 0.1 · 191.82 = 19.18 wide.
    #expect(bars[2].x == 327.82 && bars[2].width == 19.18)
    let zeroLine = Self.lines(scene).first { $0.strokeWidth == 1.5 }
    #expect(zeroLine?.x1 == 151.73)
    // Tick labels 16 below the plot's bottom, 94 + 30, absolute values either side of zero.
    let ticks = Self.texts(scene).filter { $0.y == 140 }
    #expect(
      ticks.map { $0.lines[0] }
        == ["40 %", "20 %", "0 %", "20 %", "40 %", "60 %"].map {
          $0.replacingOccurrences(of: " ", with: "\u{00A0}")
        })
    #expect(ticks.map(\.x) == [75, 113.36, 151.73, 190.09, 228.45, 266.82])
    // Sums at the ends: 60 % bold 5 right of the positive end (266.82), 40 % 5 left of 75.
    let labels = Self.texts(scene).filter {
      $0.lines == ["60\u{00A0}%"] || $0.lines == ["40\u{00A0}%"]
    }
    #expect(labels.contains { $0.x == 271.82 && $0.bold && $0.anchor == .start })
    #expect(labels.contains { $0.x == 70 && $0.anchor == .end })
    // The aside's share 5 right of its bar: 327.82 + 19.18 + 5.
    #expect(Self.texts(scene).contains { $0.lines == ["10\u{00A0}%"] && $0.x == 352 })
  }

  // Growth −10 % and +30 %: ticks over −0.1…0.3 step 0.1 (raw 0.08 → 0.1). A negative domain
  // adds the 48 px value reserve left of the plot: 36 + 48 = 84 to 336, 252 px for 0.4, so
  // zero is at 84 + 0.1 · 630 = 147.
  @Test func negativeBarsGrowLeftWithTheirLabelsBeforeThem() {
    let spec = ChartSpec(
      id: "neg", title: "T", description: "D", width: 400,
      kind: .bars(
        BarChart(
          series: [Series(name: "2025", color: ChartPalette.blue)],
          rows: [
            .init(label: "A", measures: [.value(-0.1)]), .init(label: "B", measures: [.value(0.3)]),
          ],
          axis: ValueAxis(title: "", format: .percent(decimals: 0)))))
    let scene = ChartLayout.layout(spec)
    let bars = Self.rects(scene).filter { $0.height == 18 }
    #expect(bars.map(\.x) == [84, 147])
    #expect(bars.map(\.width) == [63, 189])
    let labels = Self.texts(scene).filter { $0.fontSize == 12 && $0.anchor != .middle }
    #expect(labels[0].lines == ["−10\u{00A0}%"] && labels[0].x == 79 && labels[0].anchor == .end)
    #expect(labels[1].lines == ["30\u{00A0}%"] && labels[1].x == 341 && labels[1].anchor == .start)
  }

  @Test func layoutIsDeterministic() {
    #expect(ChartLayout.layout(Self.barSpec) == ChartLayout.layout(Self.barSpec))
    #expect(Self.barSpec.svg() == Self.barSpec.svg())
  }
}

@Suite("Bar chart gaps with several series")
struct BarGapTests {
  @Test func gapsCanNameTheirSeries() {
    func notes(naming: Bool) -> [String] {
      let spec = ChartSpec(
        id: "gap", title: "T", description: "D", width: 400,
        kind: .bars(
          BarChart(
            series: [
              Series(name: "Kvinnor", color: ChartPalette.vermillion),
              Series(name: "Män", color: ChartPalette.skyBlue),
            ],
            rows: [.init(label: "A", measures: [.value(0.02), .missing(note: "ej redovisat")])],
            axis: ValueAxis(title: "", format: .percent(decimals: 1)),
            namesSeriesInGaps: naming)))
      return ChartLayoutTests.texts(ChartLayout.layout(spec)).filter(\.italic).map {
        $0.lines[0]
      }
    }
    #expect(notes(naming: false) == ["ej redovisat"])
    #expect(notes(naming: true) == ["Män: ej redovisat"])
  }
}

@Suite("Chart notes inside the chart")
struct ChartNoteWidthTests {
  // Issue 17: the sick-leave note ran past the right edge of a 720 px chart (688 px inside
  // the margins) where DejaVu Sans draws it, cut "… eller den skulle kunna räk". DejaVu
  // Sans's widths, summed from the font file with fontTools (pip install fonttools;
  // sum(hmtx[cmap[ord(c)]][0] for c in line) / unitsPerEm × 12 px): the old first line, up
  // to "kunna räknas", is 728.3 px; the new one, up to "skulle", 643.1 px, and the second,
  // from "kunna" to "redovisning).", 646.6 px: both inside 688 px.
  @Test func theSickLeaveNoteWrapsInsideTheChart() throws {
    let year = try #require(SickLeaveFixtures.report().years.last)
    var frame = Frame(width: 720)
    frame.notes([try #require(SickLeaveCharts.notes(withheld: true, required: year).first)])
    let lines = frame.marks.compactMap { mark -> [String]? in
      if case .text(let text) = mark { return text.lines }
      return nil
    }.flatMap { $0 }
    #expect(
      lines == [
        "Ej redovisat: gruppen har högst tio anställda, uppgiften kan hänföras till en enskild "
          + "person, eller den skulle",
        "kunna räknas fram ur andra redovisade uppgifter (11 kap. lagen om kommunal bokföring "
          + "och redovisning).",
      ])
  }
}

// Issue 17: a chart was drawn three times (its file, the page, the notebook); now once, by
// `ChartSpec.drawn`. The drawing is the same SVG as drawing the chart afresh, and a chart
// changed after it is drawn is drawn again.
@Suite("Charts drawn once")
struct ChartsDrawnOnceTests {
  @Test func aDrawnChartIsTheSameDrawingAndForgetsItWhenChanged() throws {
    let charts = SurveyCharts.all(try SurveyFixtures.survey2025(), previous: nil, groups: .group)
    #expect(charts.count == 2)
    let drawn = ChartSpec.drawn(charts)
    #expect(drawn.map { $0.svg() } == charts.map { $0.svg() })
    #expect(drawn == charts)
    var changed = drawn[0]
    changed.title = "En annan rubrik"
    #expect(changed.svg().contains("En annan rubrik"))
    #expect(!drawn[0].svg().contains("En annan rubrik"))
  }

  // A chart kept in a file (`drawing(keptIn:)`, as `kpi report` keeps them) is that file's
  // bytes; should the file be gone, the chart is drawn again, by `svg()` and `withSVG` alike.
  @Test func aChartKeptInAFileIsDrawnAgainWhenTheFileIsGone() throws {
    let chart = SurveyCharts.all(try SurveyFixtures.survey2025(), previous: nil, groups: .group)[0]
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kept-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("chart.svg")
    try Data("<svg>kept</svg>".utf8).write(to: file)
    let kept = chart.drawing(keptIn: file)
    #expect(kept.svg() == "<svg>kept</svg>")
    #expect(kept.withSVG { Array($0) } == Array("<svg>kept</svg>".utf8))
    try FileManager.default.removeItem(at: file)
    #expect(kept.svg() == chart.svg())
    #expect(kept.withSVG { String(decoding: $0, as: UTF8.self) } == chart.svg())
  }
}
