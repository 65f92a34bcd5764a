import KPIModel

extension SickLeaveReport {
  /// The published figures for the store, one per period, measure, sex and age group; a
  /// withheld figure is stored without a value, so history never holds what the law withholds.
  public func kpiValues(analysis: String) -> [KPIValue] {
    years.flatMap { year in
      [
        KPIValue(
          kpi: "\(analysis).fte", period: String(year.period), scope: "all", value: year.fte),
        KPIValue(
          kpi: "\(analysis).employees", period: String(year.period), scope: "all",
          value: Double(year.employees)),
      ]
        + year.figures.map { figure in
          KPIValue(
            kpi: "\(analysis).\(figure.measure.rawValue)", period: String(year.period),
            scope: "\(figure.sex.rawValue) \(figure.ageGroup.rawValue)",
            value: figure.isSuppressed ? nil : figure.value,
            status: figure.isSuppressed ? GoalStatus.suppressed.rawValue : nil)
        }
    }
  }
}

extension VisitorResult {
  /// Visitors per year and category (`Totalt` included) for the store.
  public func kpiValues(analysis: String) -> [KPIValue] {
    rows.filter { $0.periodType == .year && $0.basePeriod == nil }.map { row in
      KPIValue(
        kpi: "\(analysis).visitors", period: row.period, scope: row.category,
        value: row.visitors, status: row.isPartial ? "partial" : nil)
    }
  }

  /// The growth goal of `period` as a goal of the måluppfyllelse table.
  public func goalResult(analysis: String, period: String) -> GoalResult? {
    guard let goal = goals.first(where: { $0.period == period }) else { return nil }
    let partial = goal.partialRange.map { _ in " (jämförbar del av året)" } ?? ""
    return GoalResult(
      id: "\(analysis)-tillvaxt",
      text: "Antalet besökare ska öka med minst \(Int((goal.target * 100).rounded()))\u{00A0}% "
        + "jämfört med föregående år\(partial)",
      period: period, value: goal.value, target: goal.target, comparator: goal.comparator,
      unit: "percent", status: goal.status, confidence: goal.confidence,
      source: "computed:\(analysis)")
  }
}
