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
  /// Visitors per year and category (`Totalt` included) for the store: one value per
  /// category and year, whether or not base years give the rows a copy per base year.
  public func kpiValues(analysis: String) -> [KPIValue] {
    let firstBase = options.baseYears.first.map { String($0) }
    return rows.filter {
      $0.periodType == .year && ($0.basePeriod == nil || $0.basePeriod == firstBase)
    }.map { row in
      KPIValue(
        kpi: "\(analysis).visitors", period: row.period, scope: row.category,
        value: row.visitors, status: row.isPartial ? "partial" : nil)
    }
  }
}
