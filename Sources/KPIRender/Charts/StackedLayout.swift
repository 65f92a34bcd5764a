extension ChartLayout {
  /// Horizontal bars of segments laid end to end from zero, each segment's value printed
  /// inside it when it fits (white on dark colours), and the row's note in place of the bar
  /// when it has none.
  ///
  /// A segment too narrow for its label keeps the value in its tooltip and in the chart's
  /// description.
  static func layoutStacked(_ chart: StackedBarChart, in frame: inout Frame) {
    let labels = LabelColumn(
      labels: chart.rows.map { ($0.label, $0.emphasis == .total) }, chartWidth: frame.width)
    let bandHeight = max(
      Style.barHeight + Style.rowPadding,
      Double(labels.maxLines) * Style.labelLineHeight + Style.rowPadding - 4)
    let plotTop = frame.y + 4
    let bands = RowBands(
      emphases: chart.rows.map(\.emphasis), top: plotTop, height: bandHeight)
    let sums = chart.rows.compactMap { $0.values?.reduce(0, +) }
    let ticks = Ticks(covering: chart.axis.domain ?? (0...(sums.max() ?? 1)))
    let domain = chart.axis.domain ?? ticks.domain
    let plotLeft = Style.margin + labels.width + Style.labelGap
    // Room for half the last tick label (`100 %`) beyond the plot's end.
    let plotRight = frame.width - Style.margin - Style.stackEndReserve
    let scale = LinearScale(domain: domain, range: plotLeft...plotRight)
    let format = chart.axis.format

    let axis = axis(
      scale, ticks: ticks, format: format, title: chart.axis.title, top: plotTop,
      bottom: bands.bottom)
    frame.marks += axis.grid
    for rule in bands.rules {
      frame.marks.append(
        .line(
          LineMark(
            x1: Style.margin, y1: rule, x2: frame.width - Style.margin, y2: rule,
            stroke: ChartPalette.rule)))
    }

    for (index, row) in chart.rows.enumerated() {
      let isTotal = row.emphasis == .total
      let centre = bands.centre(index)
      var marks = [
        labels.mark(index, right: plotLeft - Style.labelGap, centre: centre, bold: isTotal)
      ]
      guard let values = row.values else {
        let note = TextMetrics.truncate(
          row.note, maxWidth: plotRight - plotLeft - 6, size: Style.smallSize)
        marks.append(
          textMark(note, x: plotLeft + 6, centre: centre, italic: true, fill: ChartPalette.muted))
        frame.marks.append(
          .group(
            tooltip: tooltip(label: row.label, detail: row.detail, values: [row.note]),
            marks: marks))
        continue
      }
      var x = scale(0)
      for (segment, value) in zip(chart.segments, values) {
        let width = value * scale.pixelsPerUnit
        let text = format.format(value)
        marks.append(
          .rect(
            RectMark(
              x: x, y: centre - Style.barHeight / 2, width: width, height: Style.barHeight,
              fill: segment.color, tooltip: "\(segment.name): \(text)")))
        if TextMetrics.width(text, size: Style.segmentSize, bold: isTotal) + 6 <= width {
          marks.append(
            textMark(
              text, x: x + width / 2, centre: centre, size: Style.segmentSize, anchor: .middle,
              bold: isTotal,
              fill: ChartPalette.isDark(segment.color) ? ChartPalette.white : ChartPalette.ink))
        }
        x += width
      }
      let texts = zip(chart.segments, values).map { "\($0.name) \(format.format($1))" }
      frame.marks.append(
        .group(
          tooltip: tooltip(label: row.label, detail: row.detail, values: texts), marks: marks))
    }
    frame.marks.append(
      .line(
        LineMark(
          x1: scale(0), y1: plotTop, x2: scale(0), y2: bands.bottom, stroke: ChartPalette.muted)))
    frame.marks += axis.labels
    frame.y = bands.bottom + Style.axisTitleOffset + (chart.axis.title.isEmpty ? -14 : 4)
  }
}
