/// The frame of a chart with a vertical value axis and categories along the bottom, shared by
/// line and column charts: tick labels right-aligned left of the plot, horizontal grid lines,
/// the value axis's title above the plot (horizontal, so no renderer has to rotate text), and
/// the categories centred under their bands.
struct VerticalPlot {
  var top: Double
  var bottom: Double
  var left: Double
  var right: Double
  /// Maps values to heights above the bottom (`0...plotHeight`).
  var scale: LinearScale
  var count: Int

  /// The y of a value.
  func y(_ value: Double) -> Double { bottom - scale(value) }

  /// The width of one category's band.
  var band: Double { (right - left) / Double(count) }

  /// The centre of category `index`'s band.
  func x(_ index: Int) -> Double { left + (Double(index) + 0.5) * band }

  /// The y of the baseline: 0, or the domain's end nearest to it.
  var baseline: Double {
    y(min(max(0, scale.domain.lowerBound), scale.domain.upperBound))
  }

  /// Lays out the frame below `frame.y` and appends its grid and labels to `frame`.
  ///
  /// - Parameters:
  ///   - axis: The value axis; without a fixed domain the ticks cover `extent` and 0.
  ///   - extent: Every value the plot must show.
  ///   - categories: The labels along the bottom; when they do not fit side by side, only
  ///     every second (third, …) is printed, always starting with the first.
  ///   - categoryTitle: The title under the categories.
  ///   - plotHeight: The plot's height.
  ///   - frame: The chart so far; `frame.y` ends below the axis.
  init(
    axis: ValueAxis, extent: [Double], categories: [String], categoryTitle: String,
    plotHeight: Double, frame: inout Frame
  ) {
    let values = extent + [0]
    let ticks = Ticks(covering: axis.domain ?? (values.min()!...values.max()!))
    let domain = axis.domain ?? ticks.domain
    let tickFormat = axis.format.withDecimals(ticks.decimals)
    let slack = (domain.upperBound - domain.lowerBound) * 1e-9
    let shown = ticks.values.filter {
      $0 >= domain.lowerBound - slack && $0 <= domain.upperBound + slack
    }
    let tickTexts = shown.map { tickFormat.format($0) }
    let tickWidth = tickTexts.map { TextMetrics.width($0, size: Style.smallSize) }.max() ?? 0
    left = Style.margin + tickWidth.rounded(.up) + Style.tickGap
    right = frame.width - Style.margin - Style.plotEndReserve
    var labels: [Mark] = []
    if axis.title.isEmpty {
      top = frame.y + Style.smallSize / 2 + 2
    } else {
      labels.append(
        .text(
          TextMark(
            x: Style.margin, y: frame.y + Style.ascent * Style.smallSize, lines: [axis.title],
            lineHeight: Style.smallSize, fontSize: Style.smallSize, fill: ChartPalette.muted)))
      top = frame.y + Style.verticalTitleHeight
    }
    bottom = top + plotHeight
    scale = LinearScale(domain: domain, range: 0...plotHeight)
    count = categories.count

    var grid: [Mark] = []
    for (value, text) in zip(shown, tickTexts) {
      let y = bottom - scale(value)
      grid.append(
        .line(LineMark(x1: left, y1: y, x2: right, y2: y, stroke: ChartPalette.grid)))
      labels.append(
        .text(
          TextMark(
            x: left - Style.tickGap, y: y + Style.baselineShift * Style.smallSize, lines: [text],
            lineHeight: Style.smallSize, fontSize: Style.smallSize, anchor: .end,
            fill: ChartPalette.muted)))
    }
    let widest =
      categories.map { TextMetrics.width($0, size: Style.smallSize) }.max() ?? 0
    let band = (right - left) / Double(categories.count)
    let every = max(1, Int(((widest + Style.categoryGap) / band).rounded(.up)))
    for index in stride(from: 0, to: categories.count, by: every) {
      labels.append(
        .text(
          TextMark(
            x: left + (Double(index) + 0.5) * band, y: bottom + Style.tickLabelOffset,
            lines: [categories[index]], lineHeight: Style.smallSize, fontSize: Style.smallSize,
            anchor: .middle, fill: ChartPalette.ink)))
    }
    if !categoryTitle.isEmpty {
      labels.append(
        .text(
          TextMark(
            x: (left + right) / 2, y: bottom + Style.axisTitleOffset, lines: [categoryTitle],
            lineHeight: Style.smallSize, fontSize: Style.smallSize, anchor: .middle,
            fill: ChartPalette.muted)))
    }
    frame.marks.append(.group(tooltip: nil, marks: grid))
    frame.marks.append(.group(tooltip: nil, marks: labels))
    frame.y = bottom + Style.axisTitleOffset + (categoryTitle.isEmpty ? -14 : 4)
  }

  /// The baseline across the plot, drawn over the bars' feet.
  var baselineMark: Mark {
    .line(
      LineMark(x1: left, y1: baseline, x2: right, y2: baseline, stroke: ChartPalette.muted))
  }
}
