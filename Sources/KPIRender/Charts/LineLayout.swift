extension LegendEntry {
  /// A line series' entry: a stretch of its line, with a point when it has points.
  init(_ series: LineSeries) {
    self.init(
      name: series.name,
      symbol: .line(
        series.color, width: series.width, dash: series.dash.pattern(width: series.width),
        point: series.showsPoints))
  }
}

extension ChartLayout {
  /// A line chart's legend: the series when there are several, and the reference line.
  static func legendEntries(_ chart: LineChart) -> [LegendEntry] {
    var entries = chart.series.count > 1 ? chart.series.map(LegendEntry.init) : []
    if let reference = chart.reference {
      entries.append(
        LegendEntry(
          name: reference.label,
          symbol: .line(
            ChartPalette.ink, width: Style.referenceWidth, dash: Style.referenceDash,
            point: false)))
    }
    return entries
  }

  /// Lines over categories: one polyline per unbroken run of values, a lone value as a point,
  /// the reference line dashed under them (its label is in the legend).
  ///
  /// Painting order: grid, reference line, series from the last to the first (so the first
  /// is on top), then value labels on white backdrops, so no line runs through a number.
  static func layoutLines(_ chart: LineChart, in frame: inout Frame) {
    var extent = chart.series.flatMap { $0.values.compactMap { $0 } }
    if let reference = chart.reference { extent.append(reference.value) }
    let plot = VerticalPlot(
      axis: chart.axis, extent: extent, categories: chart.categories,
      categoryTitle: chart.categoryTitle, plotHeight: chart.plotHeight, frame: &frame)
    frame.marks.append(plot.baselineMark)

    if let reference = chart.reference {
      // The label is in the legend: on the plot it would collide with some line or value.
      let y = plot.y(reference.value)
      frame.marks.append(
        .line(
          LineMark(
            x1: plot.left, y1: y, x2: plot.right, y2: y, stroke: ChartPalette.ink,
            strokeWidth: Style.referenceWidth, dash: Style.referenceDash)))
    }

    for series in chart.series.reversed() {
      frame.marks.append(
        .group(tooltip: lineTooltip(series, chart), marks: lineMarks(series, plot: plot)))
    }
    for series in chart.series where series.labelsValues {
      var labels: [Mark] = []
      for (index, value) in series.values.enumerated() {
        guard let value else { continue }
        // Above a peak, below a trough: the label sits on the side away from the line.
        let neighbours = [index - 1, index + 1].compactMap {
          series.values.indices.contains($0) ? series.values[$0] : nil
        }
        var above =
          neighbours.isEmpty || value >= neighbours.reduce(0, +) / Double(neighbours.count)
        let offset = Style.smallSize / 2 + Style.pointRadius + 4
        // A label over the plot's top would run into the axis title or the legend.
        if above && plot.y(value) - offset - Style.smallSize / 2 - 2 < plot.top { above = false }
        labels += backdropLabel(
          chart.axis.format.format(value), x: plot.x(index),
          centre: plot.y(value) + (above ? -offset : offset), anchor: .middle, bold: false)
      }
      frame.marks.append(.group(tooltip: nil, marks: labels))
    }
  }

  /// A series' lines and points: each run of consecutive values one polyline; a value with no
  /// neighbour a point, whether or not the series shows points.
  static func lineMarks(_ series: LineSeries, plot: VerticalPlot) -> [Mark] {
    var marks: [Mark] = []
    var run: [ChartPoint] = []
    var points: [ChartPoint] = []
    func close() {
      if run.count >= 2 {
        marks.append(
          .polyline(
            PolylineMark(
              points: run, stroke: series.color, strokeWidth: series.width,
              dash: series.dash.pattern(width: series.width))))
      } else if let lone = run.first, !series.showsPoints {
        points.append(lone)
      }
      run = []
    }
    for (index, value) in series.values.enumerated() {
      guard let value else {
        close()
        continue
      }
      let point = ChartPoint(x: plot.x(index), y: plot.y(value))
      run.append(point)
      if series.showsPoints { points.append(point) }
    }
    close()
    let radius = max(Style.pointRadius, series.width)
    for point in points {
      marks.append(
        .circle(
          CircleMark(
            cx: point.x, cy: point.y, r: radius, fill: series.color, stroke: ChartPalette.white)))
    }
    return marks
  }

  /// `2025: jan 6 239; feb 5 693; mar saknas; …`
  static func lineTooltip(_ series: LineSeries, _ chart: LineChart) -> String {
    let values = zip(chart.categories, series.values).map { category, value in
      "\(category) \(value.map(chart.axis.format.format) ?? "saknas")"
    }
    return "\(series.name): " + values.joined(separator: "; ")
  }

  /// Text centred vertically on `centre` on a white backdrop 2 px larger all round.
  static func backdropLabel(
    _ text: String, x: Double, centre: Double, anchor: TextAnchor, bold: Bool
  ) -> [Mark] {
    let width = TextMetrics.width(text, size: Style.smallSize, bold: bold)
    let left =
      switch anchor {
      case .start: x
      case .middle: x - width / 2
      case .end: x - width
      }
    return [
      .rect(
        RectMark(
          x: left - 2, y: centre - Style.smallSize / 2 - 2, width: width + 4,
          height: Style.smallSize + 4, fill: ChartPalette.white)),
      textMark(text, x: x, centre: centre, anchor: anchor, bold: bold),
    ]
  }
}
