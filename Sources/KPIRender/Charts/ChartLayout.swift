/// The layout stage: from a declarative ``ChartSpec`` to a ``ChartScene`` of positioned marks.
///
/// Pure and deterministic: the same spec gives the same scene, to the hundredth of a pixel.
/// Text is measured with approximate font metrics (see `TextMetrics`), generously, so labels
/// keep apart in every browser and in rsvg-convert.
public enum ChartLayout {
  /// Lays out a chart.
  /// - Parameter spec: The chart.
  /// - Returns: The positioned marks, with the width and the height the content needs.
  public static func layout(_ spec: ChartSpec) -> ChartScene {
    var frame = Frame(width: spec.width)
    frame.title(spec.title)
    switch spec.kind {
    case .bars(let chart):
      if chart.series.count > 1 { frame.legend(chart.series.map { ($0.name, $0.color) }) }
      layoutBars(chart, in: &frame)
    case .divergingBars(let chart):
      frame.legend(chart.categories.map { ($0.name, $0.color) })
      layoutDiverging(chart, in: &frame)
    case .lines(let chart):
      frame.legend(legendEntries(chart))
      layoutLines(chart, in: &frame)
    case .columns(let chart):
      frame.legend(legendEntries(chart))
      layoutColumns(chart, in: &frame)
    case .stackedBars(let chart):
      frame.legend(chart.segments.map { ($0.name, $0.color) })
      layoutStacked(chart, in: &frame)
    }
    frame.notes(spec.notes)
    return ChartScene(
      id: spec.id, title: spec.title, description: spec.description, width: spec.width,
      height: frame.y + Style.margin, marks: frame.marks)
  }
}

/// Sizes, in pixels. Text is never smaller than 11 px, so a printed A4 page reads.
enum Style {
  static let margin = 16.0
  static let titleSize = 16.0
  static let titleLineHeight = 20.0
  static let labelSize = 13.0
  static let labelLineHeight = 15.0
  static let smallSize = 12.0
  static let segmentSize = 11.0
  static let noteLineHeight = 16.0
  static let legendRowHeight = 20.0
  static let swatch = 12.0
  /// The legend's stretch of line for a line series: long enough to show its dashes.
  static let lineSwatch = 28.0
  static let pointRadius = 3.5
  static let forecastRadius = 5.0
  /// A column's width as a share of its band, and its most.
  static let columnShare = 0.6
  static let maxColumnWidth = 64.0
  static let trendWidth = 2.0
  static let stackEndReserve = 24.0
  static let referenceWidth = 1.5
  static let referenceDash = [6.0, 4.0]
  static let trendDash = [6.0, 4.0]
  static let barHeight = 18.0
  static let groupedBarHeight = 14.0
  static let barGap = 2.0
  static let rowPadding = 12.0
  static let totalGap = 10.0
  static let labelGap = 10.0
  static let labelColumnShare = 0.3

  /// How much wider than ``TextMetrics`` estimates DejaVu Sans draws text, the widest font of
  /// the stack and the one a Linux machine without the others uses (rsvg-convert, Chromium):
  /// 8–9 % for Swedish prose, 13–16 % in bold (summed from the font files with fontTools).
  /// Titles and notes, which run the chart's whole width, wrap that much narrower, so that
  /// they stay inside it whatever font draws them (issue 17: the sick-leave note was cut
  /// "… eller den skulle kunna räk").
  static func widestFontWidening(bold: Bool) -> Double { bold ? 1.17 : 1.1 }
  static let maxLabelLines = 2
  static let valueReserve = 48.0
  static let goalLabelHeight = 22.0
  static let tickLabelOffset = 16.0
  /// Between a vertical axis's tick labels and the plot.
  static let tickGap = 8.0
  /// The least room between two category labels along the bottom.
  static let categoryGap = 8.0
  /// Right of a vertical plot: room for half the last category label.
  static let plotEndReserve = 8.0
  /// From the top of a vertical plot's frame to the plot: the axis title's line.
  static let verticalTitleHeight = 26.0
  static let axisTitleOffset = 34.0
  /// From a line's vertical centre to its baseline, in ems: about half the cap height.
  static let baselineShift = 0.35
  /// From the top of a line to its baseline, in ems.
  static let ascent = 0.8
  static let fontFamily =
    "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Liberation Sans, "
    + "DejaVu Sans, sans-serif"
}

/// The parts every chart shares, stacked from the top: title, legend, plot, notes.
struct Frame {
  let width: Double
  var y = Style.margin
  var marks: [Mark] = []

  init(width: Double) { self.width = width }

  var contentWidth: Double { width - 2 * Style.margin }

  mutating func title(_ title: String) {
    let (lines, _) = TextMetrics.wrap(
      title, maxWidth: contentWidth / Style.widestFontWidening(bold: true),
      size: Style.titleSize, bold: true, maxLines: 3)
    marks.append(
      .text(
        TextMark(
          x: Style.margin, y: y + Style.ascent * Style.titleSize, lines: lines,
          lineHeight: Style.titleLineHeight, fontSize: Style.titleSize, bold: true,
          fill: ChartPalette.ink)))
    y += Double(lines.count) * Style.titleLineHeight + 8
  }

  /// Swatches and names in a row, wrapping onto more rows when they do not fit.
  mutating func legend(_ entries: [(String, ChartColor)]) {
    legend(entries.map { LegendEntry(name: $0.0, symbol: .swatch($0.1)) })
  }

  /// Symbols and names in a row, wrapping onto more rows when they do not fit.
  mutating func legend(_ entries: [LegendEntry]) {
    guard !entries.isEmpty else { return }
    var x = Style.margin
    var rowTop = y
    var items: [Mark] = []
    for entry in entries {
      let symbolWidth = entry.symbol.width
      let label = TextMetrics.truncate(
        entry.name, maxWidth: contentWidth - symbolWidth - 6, size: Style.smallSize)
      let itemWidth = symbolWidth + 6 + TextMetrics.width(label, size: Style.smallSize)
      if x > Style.margin && x + itemWidth > width - Style.margin {
        x = Style.margin
        rowTop += Style.legendRowHeight
      }
      let centre = rowTop + Style.legendRowHeight / 2
      items += entry.symbol.marks(x: x, centre: centre)
      items.append(
        .text(
          TextMark(
            x: x + symbolWidth + 6, y: centre + Style.baselineShift * Style.smallSize,
            lines: [label], lineHeight: Style.smallSize, fontSize: Style.smallSize,
            fill: ChartPalette.ink)))
      x += itemWidth + 18
    }
    marks.append(.group(tooltip: nil, marks: items))
    y = rowTop + Style.legendRowHeight + 8
  }

  mutating func notes(_ notes: [String]) {
    guard !notes.isEmpty else { return }
    y += 12
    for note in notes {
      let (lines, _) = TextMetrics.wrap(
        note, maxWidth: contentWidth / Style.widestFontWidening(bold: false),
        size: Style.smallSize, maxLines: 4)
      marks.append(
        .text(
          TextMark(
            x: Style.margin, y: y + Style.ascent * Style.smallSize, lines: lines,
            lineHeight: Style.noteLineHeight, fontSize: Style.smallSize,
            fill: ChartPalette.muted)))
      y += Double(lines.count) * Style.noteLineHeight
    }
  }
}

/// One entry of a legend: what a mark looks like, and its name.
struct LegendEntry {
  var name: String
  var symbol: LegendSymbol
}

/// The small drawing before a legend entry's name, made like the mark it stands for.
enum LegendSymbol {
  /// A filled square: a bar or a segment.
  case swatch(ChartColor)
  /// A short stretch of line, dashed as the series is, with a point when the series has
  /// points.
  case line(ChartColor, width: Double, dash: [Double], point: Bool)
  /// A forecast: a light band with a point in the middle.
  case band(ChartColor, point: ChartColor)

  var width: Double {
    switch self {
    case .swatch: Style.swatch
    case .line: Style.lineSwatch
    case .band: Style.swatch
    }
  }

  func marks(x: Double, centre: Double) -> [Mark] {
    switch self {
    case .swatch(let color):
      return [
        .rect(
          RectMark(
            x: x, y: centre - Style.swatch / 2, width: Style.swatch, height: Style.swatch,
            fill: color))
      ]
    case .line(let color, let width, let dash, let point):
      var marks: [Mark] = [
        .line(
          LineMark(
            x1: x, y1: centre, x2: x + Style.lineSwatch, y2: centre, stroke: color,
            strokeWidth: width, dash: dash))
      ]
      if point {
        marks.append(
          .circle(
            CircleMark(
              cx: x + Style.lineSwatch / 2, cy: centre, r: Style.pointRadius, fill: color,
              stroke: ChartPalette.white)))
      }
      return marks
    case .band(let fill, let point):
      return [
        .rect(RectMark(x: x, y: centre - 8, width: Style.swatch, height: 16, fill: fill)),
        .circle(
          CircleMark(
            cx: x + Style.swatch / 2, cy: centre, r: Style.pointRadius, fill: point,
            stroke: ChartPalette.white)),
      ]
    }
  }
}

/// Row labels wrapped into a right-aligned column left of the plot.
struct LabelColumn {
  var width: Double
  var lines: [[String]]

  init(labels: [(text: String, bold: Bool)], chartWidth: Double) {
    let widest =
      labels.map { TextMetrics.width($0.text, size: Style.labelSize, bold: $0.bold) }
      .max() ?? 0
    width = min(widest.rounded(.up), (chartWidth * Style.labelColumnShare).rounded())
    let column = width
    lines = labels.map {
      TextMetrics.wrap(
        $0.text, maxWidth: column, size: Style.labelSize, bold: $0.bold,
        maxLines: Style.maxLabelLines
      ).lines
    }
  }

  var maxLines: Int { lines.map(\.count).max() ?? 1 }

  func mark(_ row: Int, right: Double, centre: Double, bold: Bool) -> Mark {
    let count = Double(lines[row].count)
    let first =
      centre - (count - 1) * Style.labelLineHeight / 2 + Style.baselineShift * Style.labelSize
    return .text(
      TextMark(
        x: right, y: first, lines: lines[row], lineHeight: Style.labelLineHeight,
        fontSize: Style.labelSize, anchor: .end, bold: bold, fill: ChartPalette.ink))
  }
}

/// Vertical bands for rows, with a gap and a rule before the total row.
struct RowBands {
  var tops: [Double]
  var height: Double
  var bottom: Double
  var rules: [Double]

  init(emphases: [RowEmphasis], top: Double, height: Double) {
    var y = top
    tops = []
    rules = []
    for (index, emphasis) in emphases.enumerated() {
      if emphasis == .total && index > 0 {
        rules.append(y + Style.totalGap / 2)
        y += Style.totalGap
      }
      tops.append(y)
      y += height
    }
    self.height = height
    bottom = y
  }

  func centre(_ row: Int) -> Double { tops[row] + height / 2 }
}

extension ChartLayout {
  static func textMark(
    _ text: String, x: Double, centre: Double, size: Double = Style.smallSize,
    anchor: TextAnchor = .start, bold: Bool = false, italic: Bool = false,
    fill: ChartColor = ChartPalette.ink
  ) -> Mark {
    .text(
      TextMark(
        x: x, y: centre + Style.baselineShift * size, lines: [text], lineHeight: size,
        fontSize: size, anchor: anchor, bold: bold, italic: italic, fill: fill))
  }

  /// Grid lines at the ticks and their labels under the plot, and the axis title.
  static func axis(
    _ scale: LinearScale, ticks: Ticks, format: ValueFormat, title: String, top: Double,
    bottom: Double, absolute: Bool = false
  ) -> (grid: [Mark], labels: [Mark]) {
    var grid: [Mark] = []
    var labels: [Mark] = []
    let tickFormat = format.withDecimals(ticks.decimals)
    // A fixed domain that is not a whole number of steps keeps only the ticks inside it.
    let slack = (scale.domain.upperBound - scale.domain.lowerBound) * 1e-9
    for value in ticks.values
    where value >= scale.domain.lowerBound - slack && value <= scale.domain.upperBound + slack {
      let x = scale(value)
      grid.append(
        .line(LineMark(x1: x, y1: top, x2: x, y2: bottom, stroke: ChartPalette.grid)))
      labels.append(
        .text(
          TextMark(
            x: x, y: bottom + Style.tickLabelOffset,
            lines: [tickFormat.format(absolute ? abs(value) : value)],
            lineHeight: Style.smallSize, fontSize: Style.smallSize, anchor: .middle,
            fill: ChartPalette.muted)))
    }
    if !title.isEmpty {
      labels.append(
        .text(
          TextMark(
            x: (scale.range.lowerBound + scale.range.upperBound) / 2,
            y: bottom + Style.axisTitleOffset, lines: [title], lineHeight: Style.smallSize,
            fontSize: Style.smallSize, anchor: .middle, fill: ChartPalette.muted)))
    }
    return ([.group(tooltip: nil, marks: grid)], [.group(tooltip: nil, marks: labels)])
  }

  /// A label placed at `x` over the plot, moved inwards if it would leave the chart.
  static func clampedLabel(
    _ text: String, x: Double, baseline: Double, chartWidth: Double, bold: Bool
  ) -> Mark {
    let half = TextMetrics.width(text, size: Style.smallSize, bold: bold) / 2
    var anchor = TextAnchor.middle
    var position = x
    if x + half > chartWidth - Style.margin {
      anchor = .end
      position = chartWidth - Style.margin
    } else if x - half < Style.margin {
      anchor = .start
      position = Style.margin
    }
    return .text(
      TextMark(
        x: position, y: baseline, lines: [text], lineHeight: Style.smallSize,
        fontSize: Style.smallSize, anchor: anchor, bold: bold, fill: ChartPalette.ink))
  }

  static func tooltip(label: String, detail: String?, values: [String]) -> String {
    let head = [label, detail].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " – ")
    return head + ": " + values.joined(separator: "; ")
  }
}

extension ValueFormat {
  /// The same kind of format with other decimals, for tick labels.
  func withDecimals(_ decimals: Int) -> ValueFormat {
    switch self {
    case .percent: .percent(decimals: max(0, decimals - 2))
    case .number: .number(decimals: decimals)
    }
  }

  /// A value below a goal, with as many more decimals (up to 3) as it takes not to print the
  /// goal itself: `94,9 %` rather than `95 %` for 0.949 against 95 %, so a label never seems
  /// to meet a goal the bar misses.
  func format(_ value: Double, apartFrom goal: Double?) -> String {
    guard let goal, value < goal else { return format(value) }
    var format = self
    for _ in 0..<3 where format.format(value) == format.format(goal) {
      format = format.moreDecimals
    }
    return format.format(value)
  }

  private var moreDecimals: ValueFormat {
    switch self {
    case .percent(let decimals): .percent(decimals: decimals + 1)
    case .number(let decimals): .number(decimals: decimals + 1)
    }
  }

  /// An interval as Swedish reports print it: `80–99 %`, `1 200–1 450`.
  func range(_ interval: ClosedRange<Double>) -> String {
    switch self {
    case .percent(let decimals):
      SwedishFormat.number(interval.lowerBound * 100, decimals: decimals) + "–"
        + SwedishFormat.percent(interval.upperBound, decimals: decimals)
    case .number(let decimals):
      SwedishFormat.number(interval.lowerBound, decimals: decimals) + "–"
        + SwedishFormat.number(interval.upperBound, decimals: decimals)
    }
  }
}
