import KPIAnalysis

/// The sick-leave charts of SPEC §6, as ``ChartSpec``s built from a ``SickLeaveReport``,
/// which holds published figures only: a chart cannot show what the tables withhold.
public enum SickLeaveCharts {
  /// Every sick-leave chart, in report order.
  public static func all(_ report: SickLeaveReport) -> [ChartSpec] {
    []
  }
}
