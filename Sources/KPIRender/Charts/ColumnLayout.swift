extension ChartLayout {
  /// The legend of a column chart: the bars, then the trend and the forecast when there are
  /// any; none for bars alone, whose meaning the title gives.
  static func legendEntries(_ chart: ColumnChart) -> [LegendEntry] {
    guard chart.trend != nil || chart.forecast != nil else { return [] }
    var entries = [LegendEntry(name: chart.bars.name, symbol: .swatch(chart.bars.color))]
    if let trend = chart.trend {
      entries.append(
        LegendEntry(
          name: trend.name,
          symbol: .line(
            trend.color, width: Style.trendWidth, dash: Style.trendDash, point: false)))
    }
    if let forecast = chart.forecast {
      entries.append(
        LegendEntry(
          name: forecast.name, symbol: .band(forecast.bandColor, point: forecast.color)))
    }
    return entries
  }

  /// Vertical bars with their values on top, a labelled gap where a value is missing, the
  /// trend dashed across the columns' centres, and the forecast as a band with a point.
  ///
  /// Painting order: grid, forecast band, bars, baseline, trend, forecast point, labels
  /// (on white backdrops, over the trend line).
  static func layoutColumns(_ chart: ColumnChart, in frame: inout Frame) {
    var extent = chart.columns.compactMap { $0.measure?.value }
    extent += chart.trend?.values.compactMap { $0 } ?? []
    if let forecast = chart.forecast {
      extent += [forecast.estimate, forecast.interval.lowerBound, forecast.interval.upperBound]
    }
    let plot = VerticalPlot(
      axis: chart.axis, extent: extent, categories: chart.columns.map(\.label),
      categoryTitle: chart.categoryTitle, plotHeight: chart.plotHeight, frame: &frame)
    let barWidth = min(plot.band * Style.columnShare, Style.maxColumnWidth)
    let format = chart.axis.format
    var labels: [Mark] = []

    if let forecast = chart.forecast {
      let x = plot.x(forecast.column)
      let low = max(forecast.interval.lowerBound, plot.scale.domain.lowerBound)
      let top = plot.y(forecast.interval.upperBound)
      frame.marks.append(
        .rect(
          RectMark(
            x: x - barWidth / 2, y: top, width: barWidth, height: plot.y(low) - top,
            fill: forecast.bandColor,
            tooltip: "\(forecast.name): \(format.format(forecast.estimate)) "
              + "(\(format.range(forecast.interval)))")))
      labels += backdropLabel(
        format.format(forecast.estimate), x: x, centre: top - Style.smallSize / 2 - 4,
        anchor: .middle, bold: false)
    }

    for (index, column) in chart.columns.enumerated() {
      let x = plot.x(index)
      switch column.measure {
      case nil:
        continue
      case .missing(let note):
        let (lines, _) = TextMetrics.wrap(
          note, maxWidth: plot.band - 4, size: Style.smallSize, maxLines: 3)
        let first = plot.baseline - 8 - Double(lines.count - 1) * Style.labelLineHeight
        frame.marks.append(
          .group(
            tooltip: tooltip(label: column.label, detail: column.detail, values: [note]),
            marks: [
              .text(
                TextMark(
                  x: x, y: first, lines: lines, lineHeight: Style.labelLineHeight,
                  fontSize: Style.smallSize, anchor: .middle, italic: true,
                  fill: ChartPalette.muted))
            ]))
      case .value(let value, _):
        let y = plot.y(value)
        let text = format.format(value)
        frame.marks.append(
          .group(
            tooltip: tooltip(label: column.label, detail: column.detail, values: [text]),
            marks: [
              .rect(
                RectMark(
                  x: x - barWidth / 2, y: min(y, plot.baseline), width: barWidth,
                  height: abs(plot.baseline - y), fill: chart.bars.color))
            ]))
        let below = value < 0
        let offset = Style.smallSize / 2 + 4
        labels += backdropLabel(
          text, x: x, centre: below ? y + offset : y - offset, anchor: .middle, bold: false)
      }
    }
    frame.marks.append(plot.baselineMark)

    if let trend = chart.trend {
      var runs: [[ChartPoint]] = [[]]
      for (index, value) in trend.values.enumerated() {
        if let value {
          runs[runs.count - 1].append(ChartPoint(x: plot.x(index), y: plot.y(value)))
        } else if !runs[runs.count - 1].isEmpty {
          runs.append([])
        }
      }
      frame.marks += runs.filter { $0.count >= 2 }.map {
        .polyline(
          PolylineMark(
            points: $0, stroke: trend.color, strokeWidth: Style.trendWidth,
            dash: Style.trendDash))
      }
    }
    if let forecast = chart.forecast {
      frame.marks.append(
        .circle(
          CircleMark(
            cx: plot.x(forecast.column), cy: plot.y(forecast.estimate), r: Style.forecastRadius,
            fill: forecast.color, stroke: ChartPalette.white, strokeWidth: 1.5)))
    }
    frame.marks.append(.group(tooltip: nil, marks: labels))
  }
}
