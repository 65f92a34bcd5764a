/// Horizontal bars split into segments laid end to end from zero, such as the shares of the
/// spell classes adding up to 100 % of a year's sick leave.
public struct StackedBarChart: Sendable, Equatable {
  /// The segments' names and colours, in stacking order from the left; also the legend.
  public var segments: [Series]
  /// The rows, top to bottom.
  public var rows: [Row]
  /// The value axis; its format prints the segments' labels. A domain of `0...1` makes a
  /// 100 % chart.
  public var axis: ValueAxis

  /// One bar: one value per segment, in ``segments`` order.
  public typealias Row = SegmentedBarRow

  /// Creates a stacked bar chart.
  public init(segments: [Series], rows: [Row], axis: ValueAxis) {
    precondition(!segments.isEmpty, "a stacked bar chart needs segments")
    precondition(
      rows.allSatisfy { $0.values.map { $0.count == segments.count } ?? true },
      "one value per segment")
    self.segments = segments
    self.rows = rows
    self.axis = axis
  }
}

/// One row of a chart whose bars are split into segments (``StackedBarChart``,
/// ``DivergingBarChart``): its label, one value per segment, or a note in place of the bar.
public struct SegmentedBarRow: Sendable, Equatable {
  /// The label, e.g. `2025` or a network's name.
  public var label: String
  /// Text added to the row's tooltip.
  public var detail: String?
  /// One value per segment, or `nil` when the row has no bar to show.
  public var values: [Double]?
  /// Printed in place of the bar when `values` is `nil`, e.g. `ej redovisat`.
  public var note: String
  /// Whether this is the total row.
  public var emphasis: RowEmphasis

  /// Creates a row.
  public init(
    label: String, detail: String? = nil, values: [Double]?, note: String = "",
    emphasis: RowEmphasis = .normal
  ) {
    self.label = label
    self.detail = detail
    self.values = values
    self.note = note
    self.emphasis = emphasis
  }
}
