/// A laid-out chart: the second stage of the pipeline, where every mark has its place in
/// pixels and nothing is left to decide but how to write it.
///
/// Coordinates are rounded to hundredths of a pixel when a mark is made, so two layouts of the
/// same spec compare equal and golden files are stable across platforms.
public struct ChartScene: Sendable, Equatable {
  /// A stable id, the prefix of the ids `aria-labelledby` points to.
  public var id: String
  /// The title, shown on top and written to `<title>`.
  public var title: String
  /// The description for `<desc>`: what the chart shows, in sentences.
  public var description: String
  /// Width in pixels.
  public var width: Double
  /// Height in pixels.
  public var height: Double
  /// The marks, in painting order.
  public var marks: [Mark]

  /// Creates a scene.
  public init(
    id: String, title: String, description: String, width: Double, height: Double,
    marks: [Mark]
  ) {
    self.id = id
    self.title = title
    self.description = description
    self.width = rounded(width)
    self.height = rounded(height)
    self.marks = marks
  }
}

/// One positioned mark of a ``ChartScene``.
///
/// A new kind of mark goes here; the renderer's exhaustive `switch` then shows every place
/// that must learn about it.
public enum Mark: Sendable, Equatable {
  /// A filled rectangle.
  case rect(RectMark)
  /// A straight line.
  case line(LineMark)
  /// A line through several points: one unbroken run of a line chart's series.
  case polyline(PolylineMark)
  /// A filled circle: a data point.
  case circle(CircleMark)
  /// Text, one or more lines.
  case text(TextMark)
  /// Marks that belong together (a row of a chart), with a tooltip for the whole group.
  case group(tooltip: String?, marks: [Mark])
}

/// An RGB colour in `#rrggbb` form.
public struct ChartColor: Sendable, Equatable, Hashable {
  /// The colour as SVG writes it, e.g. `#0072b2`.
  public var hex: String

  /// Creates a colour from `#rrggbb`.
  public init(_ hex: String) {
    precondition(
      hex.count == 7 && hex.first == "#" && hex.dropFirst().allSatisfy(\.isHexDigit),
      "colour must be #rrggbb: \(hex)")
    self.hex = hex.lowercased()
  }
}

/// A rectangle, with an optional tooltip.
public struct RectMark: Sendable, Equatable {
  /// Left edge.
  public var x: Double
  /// Top edge.
  public var y: Double
  /// Width.
  public var width: Double
  /// Height.
  public var height: Double
  /// Fill colour.
  public var fill: ChartColor
  /// Text shown on hover, written as a `<title>` child.
  public var tooltip: String?

  /// Creates a rectangle; coordinates are rounded to 2 decimals.
  public init(
    x: Double, y: Double, width: Double, height: Double, fill: ChartColor,
    tooltip: String? = nil
  ) {
    self.x = rounded(x)
    self.y = rounded(y)
    self.width = rounded(width)
    self.height = rounded(height)
    self.fill = fill
    self.tooltip = tooltip
  }
}

/// A line segment.
public struct LineMark: Sendable, Equatable {
  /// Start x.
  public var x1: Double
  /// Start y.
  public var y1: Double
  /// End x.
  public var x2: Double
  /// End y.
  public var y2: Double
  /// Stroke colour.
  public var stroke: ChartColor
  /// Stroke width in pixels.
  public var strokeWidth: Double
  /// Dash and gap lengths, or empty for a solid line.
  public var dash: [Double]

  /// Creates a line; coordinates are rounded to 2 decimals.
  public init(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: ChartColor,
    strokeWidth: Double = 1, dash: [Double] = []
  ) {
    self.x1 = rounded(x1)
    self.y1 = rounded(y1)
    self.x2 = rounded(x2)
    self.y2 = rounded(y2)
    self.stroke = stroke
    self.strokeWidth = rounded(strokeWidth)
    self.dash = dash.map(rounded)
  }
}

/// A point of a ``PolylineMark``, rounded to 2 decimals.
public struct ChartPoint: Sendable, Equatable {
  /// x in pixels.
  public var x: Double
  /// y in pixels.
  public var y: Double

  /// Creates a point; coordinates are rounded to 2 decimals.
  public init(x: Double, y: Double) {
    self.x = rounded(x)
    self.y = rounded(y)
  }
}

/// An open line through points, not filled.
///
/// A series with a missing value is drawn as several polylines, never one that bridges the
/// gap, so a missing month can never look like a value.
public struct PolylineMark: Sendable, Equatable {
  /// The points, in drawing order; at least two.
  public var points: [ChartPoint]
  /// Stroke colour.
  public var stroke: ChartColor
  /// Stroke width in pixels.
  public var strokeWidth: Double
  /// Dash and gap lengths, or empty for a solid line.
  public var dash: [Double]

  /// Creates a polyline.
  public init(
    points: [ChartPoint], stroke: ChartColor, strokeWidth: Double = 2, dash: [Double] = []
  ) {
    precondition(points.count >= 2, "a polyline needs two points")
    self.points = points
    self.stroke = stroke
    self.strokeWidth = rounded(strokeWidth)
    self.dash = dash.map(rounded)
  }
}

/// A filled circle with an optional outline and tooltip.
public struct CircleMark: Sendable, Equatable {
  /// Centre x.
  public var cx: Double
  /// Centre y.
  public var cy: Double
  /// Radius.
  public var r: Double
  /// Fill colour.
  public var fill: ChartColor
  /// Outline colour, e.g. white to set a point off a line under it; `nil` for none.
  public var stroke: ChartColor?
  /// Outline width.
  public var strokeWidth: Double
  /// Text shown on hover, written as a `<title>` child.
  public var tooltip: String?

  /// Creates a circle; coordinates are rounded to 2 decimals.
  public init(
    cx: Double, cy: Double, r: Double, fill: ChartColor, stroke: ChartColor? = nil,
    strokeWidth: Double = 1, tooltip: String? = nil
  ) {
    self.cx = rounded(cx)
    self.cy = rounded(cy)
    self.r = rounded(r)
    self.fill = fill
    self.stroke = stroke
    self.strokeWidth = rounded(strokeWidth)
    self.tooltip = tooltip
  }
}

/// Where a text's x coordinate sits in the text.
public enum TextAnchor: String, Sendable, Equatable {
  /// x is the left end.
  case start
  /// x is the middle.
  case middle
  /// x is the right end.
  case end
}

/// Text: one or more lines sharing an anchor.
///
/// `y` is the baseline of the first line, computed by the layout from the font size, so no
/// renderer's idea of `dominant-baseline` is needed.
public struct TextMark: Sendable, Equatable {
  /// The anchor's x.
  public var x: Double
  /// The first line's baseline.
  public var y: Double
  /// The lines, top to bottom.
  public var lines: [String]
  /// Distance between baselines.
  public var lineHeight: Double
  /// Font size in pixels.
  public var fontSize: Double
  /// Which point of the text x is.
  public var anchor: TextAnchor
  /// Bold text.
  public var bold: Bool
  /// Italic text.
  public var italic: Bool
  /// Text colour.
  public var fill: ChartColor

  /// Creates text; coordinates are rounded to 2 decimals.
  public init(
    x: Double, y: Double, lines: [String], lineHeight: Double, fontSize: Double,
    anchor: TextAnchor = .start, bold: Bool = false, italic: Bool = false,
    fill: ChartColor
  ) {
    self.x = rounded(x)
    self.y = rounded(y)
    self.lines = lines
    self.lineHeight = rounded(lineHeight)
    self.fontSize = rounded(fontSize)
    self.anchor = anchor
    self.bold = bold
    self.italic = italic
    self.fill = fill
  }
}

/// Rounds to hundredths, and turns −0 into 0 so it is never written as `-0`.
func rounded(_ value: Double) -> Double {
  let result = (value * 100).rounded(.toNearestOrAwayFromZero) / 100
  return result == 0 ? 0 : result
}
