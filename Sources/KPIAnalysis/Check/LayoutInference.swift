import KPIModel

extension TableCheck {
  /// The machine columns of the sick-leave table `kpi sickleave` writes
  /// (`sickleave-table.csv`).
  static let sickLeaveColumns = ["label", "measure", "sex", "age_group"]

  /// The layout of a table without a rules file: inferred from machine columns where the
  /// table has them, else labels in the first column and figures in the others.
  ///
  /// `sickleave-table.csv` (`label,measure,sex,age_group`, then one column per year) gives
  /// every relation of SPEC §5.3: the spell-class shares of one sex and age group add up to 1;
  /// a rate or share of all is the weighted average of men's and women's, and a rate of an
  /// age band's total or of a sex is the weighted average of its age bands'. `employees` and
  /// `fte` are counts.
  /// - Parameter table: The table.
  /// - Returns: Its layout.
  public static func inferredLayout(_ table: PrintedTable) -> CheckLayout {
    let machine = sickLeaveColumns.compactMap { table.columnIndex($0) }
    guard machine.count == sickLeaveColumns.count else { return .plain(table) }
    let (label, measure, sex, age) = (machine[0], machine[1], machine[2], machine[3])
    let keys = table.rows.map { row in
      (
        measure: row[measure].trimmingWhiteSpace, sex: row[sex].trimmingWhiteSpace,
        age: row[age].trimmingWhiteSpace
      )
    }
    func kind(_ measure: String) -> CheckRowKind? {
      if measure == "employees" || measure == "fte" { return .count }
      if measure == "rate" { return .rate }
      if measure.hasPrefix("share") { return .share }
      return nil
    }
    var layout = CheckLayout(
      labelColumn: label, valueColumns: table.header.indices.filter { !machine.contains($0) },
      scale: .fraction)
    for (index, key) in keys.enumerated() {
      guard let kind = kind(key.measure) else { continue }
      var spec = CheckRowSpec(kind: kind)
      if kind == .share { spec.group = "\(key.sex), \(key.age)" }
      // A figure of all breaks down by sex, and one of every age by age band.
      let bySex = keys.indices.filter {
        key.sex == "all" && keys[$0].measure == key.measure && keys[$0].age == key.age
          && keys[$0].sex != "all"
      }
      let byAge = keys.indices.filter {
        key.age == "all" && keys[$0].measure == key.measure && keys[$0].sex == key.sex
          && keys[$0].age != "all"
      }
      spec.breakdowns = [bySex, byAge].filter { $0.count >= 2 }
      layout.rows[index] = spec
    }
    return layout
  }
}
