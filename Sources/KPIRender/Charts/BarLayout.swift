extension ChartLayout {
  /// Horizontal bars: labels right-aligned left of the plot, one bar per series in each row,
  /// the value printed just past the bar (or its whisker), a gap with its reason where a
  /// value is missing, and the goal line dashed across the plot with its label on top.
  ///
  /// Painting order: grid, goal line, rows (bars, whiskers, labels). The goal line lies under
  /// the bars, so a bar's end is seen against it, and value labels sit on a white backdrop,
  /// so the line never runs through a number.
  static func layoutBars(_ chart: BarChart, in frame: inout Frame) {
    let seriesCount = chart.series.count
    let barHeight = seriesCount == 1 ? Style.barHeight : Style.groupedBarHeight
    let barsHeight =
      Double(seriesCount) * barHeight + Double(seriesCount - 1) * Style.barGap
    let labels = LabelColumn(
      labels: chart.rows.map { ($0.label, $0.emphasis == .total) }, chartWidth: frame.width)
    let bandHeight = max(
      barsHeight + Style.rowPadding,
      Double(labels.maxLines) * Style.labelLineHeight + Style.rowPadding - 4)

    let plotTop = frame.y + (chart.goal == nil ? 4 : Style.goalLabelHeight)
    let bands = RowBands(
      emphases: chart.rows.map(\.emphasis), top: plotTop, height: bandHeight)

    var extent: [Double] = [0]
    for row in chart.rows {
      for measure in row.measures {
        guard case .value(let value, let interval) = measure else { continue }
        extent.append(value)
        if chart.showsIntervals, let interval {
          extent += [interval.lowerBound, interval.upperBound]
        }
      }
      if let target = row.target { extent.append(target) }
    }
    if let goal = chart.goal { extent.append(goal.value) }
    let ticks = Ticks(covering: chart.axis.domain ?? ((extent.min() ?? 0)...(extent.max() ?? 1)))
    let domain = chart.axis.domain ?? ticks.domain
    // Labels of negative bars go left of them: leave room between the row labels and the plot.
    let plotLeft =
      Style.margin + labels.width + Style.labelGap
      + (domain.lowerBound < 0 ? Style.valueReserve : 0)
    let plotRight = frame.width - Style.margin - Style.valueReserve
    let scale = LinearScale(domain: domain, range: plotLeft...plotRight)
    let zero = scale(min(max(0, domain.lowerBound), domain.upperBound))

    let axis = axis(
      scale, ticks: ticks, format: chart.axis.format, title: chart.axis.title, top: plotTop,
      bottom: bands.bottom)
    frame.marks += axis.grid
    for rule in bands.rules {
      frame.marks.append(
        .line(
          LineMark(
            x1: Style.margin, y1: rule, x2: frame.width - Style.margin, y2: rule,
            stroke: ChartPalette.rule)))
    }
    frame.marks.append(
      .line(
        LineMark(
          x1: zero, y1: plotTop, x2: zero, y2: bands.bottom, stroke: ChartPalette.muted)))
    if let goal = chart.goal {
      let x = scale(goal.value)
      frame.marks.append(
        .line(
          LineMark(
            x1: x, y1: plotTop - 4, x2: x, y2: bands.bottom, stroke: ChartPalette.ink,
            strokeWidth: 1.5, dash: [6, 4])))
      frame.marks.append(
        clampedLabel(
          goal.label, x: x, baseline: plotTop - 8, chartWidth: frame.width, bold: true))
    }

    for (index, row) in chart.rows.enumerated() {
      let isTotal = row.emphasis == .total
      var marks = [
        labels.mark(
          index, right: plotLeft - Style.labelGap, centre: bands.centre(index),
          bold: isTotal)
      ]
      var texts: [String] = []
      for (s, measure) in row.measures.enumerated() {
        let top = bands.centre(index) - barsHeight / 2 + Double(s) * (barHeight + Style.barGap)
        let centre = top + barHeight / 2
        let prefix = seriesCount > 1 ? chart.series[s].name + ": " : ""
        switch measure {
        case .missing(let note):
          texts.append(prefix + note)
          marks.append(
            textMark(
              chart.namesSeriesInGaps ? prefix + note : note, x: zero + 6, centre: centre,
              italic: true, fill: ChartPalette.muted))
        case .value(let value, let interval):
          let color =
            isTotal && seriesCount == 1
            ? chart.totalColor ?? chart.series[s].color : chart.series[s].color
          let end = scale(value)
          marks.append(
            .rect(
              RectMark(
                x: min(zero, end), y: top, width: abs(end - zero), height: barHeight,
                fill: color)))
          let negative = value < 0
          var labelX = negative ? min(end, zero) : max(end, zero)
          var text =
            prefix + chart.axis.format.format(value, apartFrom: row.target ?? chart.goal?.value)
          if chart.showsIntervals, let interval {
            let low = scale(interval.lowerBound)
            let high = scale(interval.upperBound)
            let cap = barHeight * 0.3
            marks.append(
              .line(
                LineMark(
                  x1: low, y1: centre, x2: high, y2: centre, stroke: ChartPalette.ink,
                  strokeWidth: 1.5)))
            for x in [low, high] {
              marks.append(
                .line(
                  LineMark(
                    x1: x, y1: centre - cap, x2: x, y2: centre + cap, stroke: ChartPalette.ink,
                    strokeWidth: 1.5)))
            }
            labelX = negative ? min(labelX, low) : max(labelX, high)
            text += " (konfidensintervall \(chart.axis.format.range(interval)))"
          }
          texts.append(text)
          let shown = chart.axis.format.format(value, apartFrom: row.target ?? chart.goal?.value)
          marks += valueLabel(
            shown, x: negative ? labelX - 5 : labelX + 5, centre: centre, bold: isTotal,
            anchor: negative ? .end : .start)
        }
      }
      if let target = row.target {
        // Solid ink on a white halo: a dashed line vanishes on a dark bar.
        let x = scale(target)
        let top = bands.tops[index] + 2
        let bottom = bands.tops[index] + bandHeight - 2
        marks.append(
          .line(
            LineMark(
              x1: x, y1: top, x2: x, y2: bottom, stroke: ChartPalette.white, strokeWidth: 5)))
        marks.append(
          .line(
            LineMark(
              x1: x, y1: top, x2: x, y2: bottom, stroke: ChartPalette.ink, strokeWidth: 2)))
        texts.append("mål \(chart.axis.format.format(target))")
      }
      frame.marks.append(
        .group(
          tooltip: tooltip(label: row.label, detail: row.detail, values: texts), marks: marks))
    }
    frame.marks += axis.labels
    frame.y = bands.bottom + Style.axisTitleOffset + (chart.axis.title.isEmpty ? -14 : 4)
  }

  /// A value label on a white backdrop a little larger than the text, starting at `x`, or
  /// ending there for `.end` (labels of negative bars sit left of them).
  static func valueLabel(
    _ text: String, x: Double, centre: Double, bold: Bool, anchor: TextAnchor = .start
  ) -> [Mark] {
    let width = TextMetrics.width(text, size: Style.smallSize, bold: bold)
    let left = anchor == .end ? x - width : x
    return [
      .rect(
        RectMark(
          x: left - 2, y: centre - Style.smallSize / 2 - 2, width: width + 4,
          height: Style.smallSize + 4, fill: ChartPalette.white)),
      textMark(text, x: x, centre: centre, anchor: anchor, bold: bold),
    ]
  }
}
