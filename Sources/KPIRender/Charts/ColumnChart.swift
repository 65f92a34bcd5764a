/// Vertical bars over ordered categories (years), with an optional trend line across them and
/// a forecast, as a point with its interval band, in a column of its own.
public struct ColumnChart: Sendable, Equatable {
  /// The columns, left to right.
  public var columns: [Column]
  /// The bars' legend name and colour.
  public var bars: Series
  /// The vertical value axis; without a fixed domain it starts at 0.
  public var axis: ValueAxis
  /// A line across the columns, e.g. a fitted linear trend.
  public var trend: Trend?
  /// A forecast in one of the columns.
  public var forecast: Forecast?
  /// The title under the horizontal axis, or empty for none.
  public var categoryTitle: String
  /// The height of the plot area in pixels.
  public var plotHeight: Double

  /// One column: its label and what stands in it.
  public struct Column: Sendable, Equatable {
    /// The label under the column, e.g. `2025`.
    public var label: String
    /// The bar's value, or a gap with its reason; `nil` for a column without a bar (the
    /// forecast's year).
    public var measure: Measure?
    /// Text added to the column's tooltip.
    public var detail: String?

    /// Creates a column.
    public init(label: String, measure: Measure?, detail: String? = nil) {
      self.label = label
      self.measure = measure
      self.detail = detail
    }
  }

  /// A line through the columns' centres.
  public struct Trend: Sendable, Equatable {
    /// The legend text.
    public var name: String
    /// One value per column; `nil` where the line does not reach.
    public var values: [Double?]
    /// The stroke colour.
    public var color: ChartColor

    /// Creates a trend line.
    public init(name: String, values: [Double?], color: ChartColor = ChartPalette.ink) {
      self.name = name
      self.values = values
      self.color = color
    }
  }

  /// A forecast: a point and the band of its interval.
  public struct Forecast: Sendable, Equatable {
    /// The legend text, e.g. `Prognos 2026 med intervall`.
    public var name: String
    /// The index of the column it stands in.
    public var column: Int
    /// The forecast.
    public var estimate: Double
    /// Its interval.
    public var interval: ClosedRange<Double>
    /// The point's colour.
    public var color: ChartColor
    /// The band's colour, light so the point and the trend line read over it.
    public var bandColor: ChartColor

    /// Creates a forecast.
    public init(
      name: String, column: Int, estimate: Double, interval: ClosedRange<Double>,
      color: ChartColor = ChartPalette.vermillion, bandColor: ChartColor = ChartPalette.forecastBand
    ) {
      self.name = name
      self.column = column
      self.estimate = estimate
      self.interval = interval
      self.color = color
      self.bandColor = bandColor
    }
  }

  /// Creates a column chart.
  /// - Parameters:
  ///   - columns: The columns, left to right.
  ///   - bars: The bars' name (for the legend) and colour.
  ///   - axis: The value axis.
  ///   - trend: A line across the columns, with one value per column.
  ///   - forecast: A forecast in one of the columns.
  ///   - categoryTitle: The horizontal axis's title.
  ///   - plotHeight: The plot's height, 240 px by default.
  public init(
    columns: [Column], bars: Series, axis: ValueAxis, trend: Trend? = nil,
    forecast: Forecast? = nil, categoryTitle: String = "", plotHeight: Double = 240
  ) {
    precondition(!columns.isEmpty, "a column chart needs columns")
    precondition(trend.map { $0.values.count == columns.count } ?? true, "one value per column")
    precondition(
      forecast.map { columns.indices.contains($0.column) } ?? true, "the forecast is in a column")
    self.columns = columns
    self.bars = bars
    self.axis = axis
    self.trend = trend
    self.forecast = forecast
    self.categoryTitle = categoryTitle
    self.plotHeight = plotHeight
  }
}
