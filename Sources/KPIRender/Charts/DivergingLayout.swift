extension ChartLayout {
  /// Diverging stacked bars: positive answers stacked right of the zero line (best
  /// outermost), negative answers left of it (worst outermost), the two sums printed at the
  /// bars' ends, and answers outside the scale in a column of their own at the far right,
  /// drawn to the same scale so their lengths compare.
  static func layoutDiverging(_ chart: DivergingBarChart, in frame: inout Frame) {
    let categories = chart.categories
    let positives = categories.indices.filter { categories[$0].side == .positive }
    let negatives = categories.indices.filter { categories[$0].side == .negative }
    let asides = categories.indices.filter { categories[$0].side == .aside }
    func sum(_ values: [Double], _ indices: [Int]) -> Double {
      indices.reduce(0) { $0 + values[$1] }
    }
    let shown = chart.rows.compactMap(\.values)
    let left = shown.map { sum($0, negatives) }.max() ?? 0
    let right = shown.map { sum($0, positives) }.max() ?? 0
    let asideMax = shown.map { sum($0, asides) }.max() ?? 0
    let hasAside = !asides.isEmpty && asideMax > 0

    let labels = LabelColumn(
      labels: chart.rows.map { ($0.label, $0.emphasis == .total) }, chartWidth: frame.width)
    let bandHeight = max(
      Style.barHeight + Style.rowPadding,
      Double(labels.maxLines) * Style.labelLineHeight + Style.rowPadding - 4)
    let plotTop = frame.y + (hasAside ? Style.goalLabelHeight : 4)
    let bands = RowBands(
      emphases: chart.rows.map(\.emphasis), top: plotTop, height: bandHeight)

    let ticks = Ticks(covering: chart.axis.domain ?? (-left...max(right, left == 0 ? 1 : 0)))
    let domain = chart.axis.domain ?? ticks.domain
    let format = chart.axis.format
    // Room for the sums printed beyond the bars' ends, as wide as the widest of them: the
    // plot gets the rest.
    func room(_ indices: [Int], bold: Bool) -> Double {
      let widths = shown.map {
        TextMetrics.width(format.format(sum($0, indices)), size: Style.smallSize, bold: bold)
      }
      return (widths.max() ?? 0).rounded(.up)
    }
    let plotLeft = Style.margin + labels.width + Style.labelGap
    let padLeft = room(negatives, bold: false) + 10
    let padRight = room(positives, bold: true) + 10
    let asideGap = 20.0
    let asideReserve = hasAside ? asideGap + room(asides, bold: false) + 8 : 0
    let span = domain.upperBound - domain.lowerBound
    let available =
      frame.width - Style.margin - plotLeft - padLeft - padRight - asideReserve
    let unit = available / (span + (hasAside ? asideMax : 0))
    let scale = LinearScale(
      domain: domain, range: (plotLeft + padLeft)...(plotLeft + padLeft + span * unit))
    let zero = scale(0)
    let asideX = scale.range.upperBound + padRight + asideGap

    let axis = axis(
      scale, ticks: ticks, format: format, title: chart.axis.title, top: plotTop,
      bottom: bands.bottom, absolute: true)
    frame.marks += axis.grid
    for rule in bands.rules {
      frame.marks.append(
        .line(
          LineMark(
            x1: Style.margin, y1: rule, x2: frame.width - Style.margin, y2: rule,
            stroke: ChartPalette.rule)))
    }
    if hasAside {
      let header = asides.map { categories[$0].name }.joined(separator: ", ")
      frame.marks.append(
        .text(
          TextMark(
            x: asideX, y: plotTop - 8,
            lines: [
              TextMetrics.truncate(
                header, maxWidth: frame.width - Style.margin - asideX, size: Style.smallSize)
            ],
            lineHeight: Style.smallSize, fontSize: Style.smallSize, fill: ChartPalette.muted)))
      frame.marks.append(
        .line(
          LineMark(
            x1: asideX, y1: plotTop, x2: asideX, y2: bands.bottom, stroke: ChartPalette.muted)))
    }

    for (index, row) in chart.rows.enumerated() {
      let isTotal = row.emphasis == .total
      let centre = bands.centre(index)
      let top = centre - Style.barHeight / 2
      var marks = [
        labels.mark(index, right: plotLeft - Style.labelGap, centre: centre, bold: isTotal)
      ]
      guard let values = row.values else {
        marks.append(
          textMark(row.note, x: zero + 6, centre: centre, italic: true, fill: ChartPalette.muted))
        frame.marks.append(
          .group(
            tooltip: tooltip(label: row.label, detail: row.detail, values: [row.note]),
            marks: marks))
        continue
      }
      // A side of one answer has its share printed at the bar's end already.
      func segment(_ category: Int, from x: Double, width: Double, labelled: Bool) {
        let color = categories[category].color
        let text = format.format(values[category])
        let name = categories[category].name
        marks.append(
          .rect(
            RectMark(
              x: x, y: top, width: width, height: Style.barHeight, fill: color,
              tooltip: "\(name): \(text)")))
        if labelled && TextMetrics.width(text, size: Style.segmentSize) + 6 <= width {
          marks.append(
            textMark(
              text, x: x + width / 2, centre: centre, size: Style.segmentSize, anchor: .middle,
              fill: ChartPalette.isDark(color) ? ChartPalette.white : ChartPalette.ink))
        }
      }
      // Stack outwards from the zero line: the mildest answers touch it.
      var x = zero
      for category in positives.reversed() {
        let width = values[category] * unit
        segment(category, from: x, width: width, labelled: positives.count > 1)
        x += width
      }
      marks += valueLabel(
        format.format(sum(values, positives)), x: x + 5, centre: centre, bold: true)
      x = zero
      for category in negatives {
        let width = values[category] * unit
        x -= width
        segment(category, from: x, width: width, labelled: negatives.count > 1)
      }
      let negativeText = format.format(sum(values, negatives))
      marks.append(textMark(negativeText, x: x - 5, centre: centre, anchor: .end))
      if hasAside {
        x = asideX
        for category in asides {
          let width = values[category] * unit
          segment(category, from: x, width: width, labelled: asides.count > 1)
          x += width
        }
        // A zero beside every row would drown the few rows where someone said `Vet ej`.
        if sum(values, asides) > 0 {
          marks.append(
            textMark(
              format.format(sum(values, asides)), x: x + 5, centre: centre,
              fill: ChartPalette.muted))
        }
      }
      let texts = categories.indices.map { "\(categories[$0].name) \(format.format(values[$0]))" }
      frame.marks.append(
        .group(
          tooltip: tooltip(label: row.label, detail: row.detail, values: texts), marks: marks))
    }
    frame.marks.append(
      .line(
        LineMark(
          x1: zero, y1: plotTop - 4, x2: zero, y2: bands.bottom, stroke: ChartPalette.ink,
          strokeWidth: 1.5)))
    frame.marks += axis.labels
    frame.y = bands.bottom + Style.axisTitleOffset + (chart.axis.title.isEmpty ? -14 : 4)
  }
}
