import KPIAnalysis

/// The visitor charts of SPEC §6, as ``ChartSpec``s built from a ``VisitorResult``.
public enum VisitorCharts {
  /// Every visitor chart, in report order.
  public static func all(_ result: VisitorResult) -> [ChartSpec] {
    []
  }
}
