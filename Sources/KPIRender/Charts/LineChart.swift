/// How a line is dashed, so series stay apart in greyscale print and for readers who cannot
/// tell their colours apart.
public enum LineDash: Sendable, Equatable {
  /// An unbroken line.
  case solid
  /// Long dashes.
  case dashed
  /// Dots.
  case dotted

  /// The SVG dash pattern, scaled to the stroke width so a thick dotted line still reads as
  /// dots.
  func pattern(width: Double) -> [Double] {
    switch self {
    case .solid: []
    case .dashed: [3 * width + 2, 2 * width]
    case .dotted: [width, 1.5 * width]
    }
  }
}

/// Lines over categories along a horizontal axis, such as the twelve months of several years.
///
/// Each series has one optional value per category; a `nil` is a gap in the line, never a
/// zero. A value with no neighbour is drawn as a point, so it cannot vanish.
public struct LineChart: Sendable, Equatable {
  /// The categories along the horizontal axis, left to right: `jan` … `dec`.
  public var categories: [String]
  /// The series; the first is drawn on top, so put the one that matters most first.
  public var series: [LineSeries]
  /// The vertical value axis; without a fixed domain it starts at 0.
  public var axis: ValueAxis
  /// The title under the horizontal axis, or empty for none.
  public var categoryTitle: String
  /// A horizontal reference line, such as index 1 of a seasonal profile.
  public var reference: ReferenceLine?
  /// The height of the plot area in pixels.
  public var plotHeight: Double

  /// Creates a line chart.
  /// - Parameters:
  ///   - categories: The horizontal axis's categories.
  ///   - series: The series, most important first; each has one value per category.
  ///   - axis: The value axis.
  ///   - categoryTitle: The horizontal axis's title.
  ///   - reference: A horizontal reference line.
  ///   - plotHeight: The plot's height, 240 px by default.
  public init(
    categories: [String], series: [LineSeries], axis: ValueAxis, categoryTitle: String = "",
    reference: ReferenceLine? = nil, plotHeight: Double = 240
  ) {
    precondition(!categories.isEmpty, "a line chart needs categories")
    precondition(
      series.allSatisfy { $0.values.count == categories.count }, "one value per category")
    self.categories = categories
    self.series = series
    self.axis = axis
    self.categoryTitle = categoryTitle
    self.reference = reference
    self.plotHeight = plotHeight
  }
}

/// One line of a ``LineChart``.
public struct LineSeries: Sendable, Equatable {
  /// The legend text, e.g. `2025`.
  public var name: String
  /// The stroke colour.
  public var color: ChartColor
  /// One value per category; `nil` where there is none (a gap).
  public var values: [Double?]
  /// The dash pattern.
  public var dash: LineDash
  /// The stroke width in pixels: the series that matters most is the thickest.
  public var width: Double
  /// Whether every value is marked with a point.
  public var showsPoints: Bool
  /// Whether every value is printed beside its point.
  public var labelsValues: Bool

  /// Creates a series.
  public init(
    name: String, color: ChartColor, values: [Double?], dash: LineDash = .solid,
    width: Double = 2, showsPoints: Bool = false, labelsValues: Bool = false
  ) {
    self.name = name
    self.color = color
    self.values = values
    self.dash = dash
    self.width = width
    self.showsPoints = showsPoints
    self.labelsValues = labelsValues
  }
}
