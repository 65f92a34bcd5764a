import KPIModel

/// Checks of tables with one record per row, found by their column names: goal tables
/// (`value`, `target`, `comparator`, `status`, or `Utfall`, `Målvärde`, `Jämförelse`,
/// `Status`) and the machine outputs of `kpi` whose columns are computed from others
/// (`share` = `positive` / `answered`, `growth` = `visitors` / `previous` − 1, …).
extension CheckContext {
  /// Names a goal table's columns go by, machine and Swedish.
  static let goalColumnNames: [String: [String]] = [
    "value": ["value", "utfall", "värde"],
    "target": ["target", "målvärde", "målnivå"],
    "comparator": ["comparator", "jämförelse"],
    "status": ["status", "bedömning"],
  ]

  /// A column computed from two others in `kpi`'s machine outputs.
  struct Formula {
    enum Operation {
      /// result = first / second
      case ratio
      /// result = first / second − 1
      case growth
      /// result = first − second
      case difference
    }
    var result: String
    var operation: Operation
    /// The first term; where SPEC allows several (a questionnaire's response rate counts the
    /// answers to the question, a survey's the respondents), any of them.
    var first: [String]
    var second: String
  }

  /// The formulas of `survey.csv`, `questionnaire.csv`, `sickleave.csv` and `visitors.csv`.
  static let formulas: [Formula] = [
    Formula(result: "share", operation: .ratio, first: ["positive"], second: "answered"),
    Formula(
      result: "response_rate", operation: .ratio, first: ["respondents", "answered"],
      second: "invited"),
    Formula(
      result: "value", operation: .ratio, first: ["numerator_hours"],
      second: "denominator_hours"),
    Formula(result: "change", operation: .difference, first: ["visitors"], second: "previous"),
    Formula(result: "growth", operation: .growth, first: ["visitors"], second: "previous"),
    Formula(
      result: "growth_vs_base", operation: .growth, first: ["visitors"],
      second: "base_visitors"),
  ]

  /// A column whose name is one of `names`.
  func column(named names: [String]) -> Int? {
    names.lazy.compactMap { table.columnIndex($0) }.first
  }

  /// The number of a cell, when it holds one.
  func number(_ row: Int, _ column: Int) -> PrintedNumber? {
    if case .number(let number) = cell(row, column) { return number }
    return nil
  }

  /// Goal statuses that contradict the value and target beside them.
  mutating func checkGoals() {
    guard let valueColumn = column(named: Self.goalColumnNames["value"]!),
      let targetColumn = column(named: Self.goalColumnNames["target"]!),
      let statusColumn = column(named: Self.goalColumnNames["status"]!)
    else { return }
    let comparatorColumn = column(named: Self.goalColumnNames["comparator"]!)
    for row in table.rows.indices {
      let statusText = table.rows[row][statusColumn].trimmingWhiteSpace
      guard let status = Self.goalStatus(statusText), status == .met || status == .notMet,
        let value = number(row, valueColumn), let target = number(row, targetColumn)
      else { continue }
      let comparatorText = comparatorColumn.map { table.rows[row][$0].trimmingWhiteSpace } ?? ""
      guard let comparator = Self.comparator(comparatorText) else { continue }
      let holds = comparator.holds(value.value, target.value)
      guard holds != (status == .met) else { continue }
      report(
        row, statusColumn, .warning, .goal,
        "status \(quoted(statusText)) contradicts the figures: \(value.text) "
          + "\(comparator.rawValue) \(target.text) " + (holds ? "holds" : "does not hold"))
    }
  }

  /// A status as a goal table writes it: `uppfyllt`, `met`, or a sentence such as
  /// `Målet är uppfyllt.`
  static func goalStatus(_ text: String) -> GoalStatus? {
    if let status = GoalStatus(text: text) { return status }
    let words = text.lowercased()
    if words.contains("ej uppfyll") || words.contains("inte uppfyll") { return .notMet }
    if words.contains("delvis") { return .partlyMet }
    if words.contains("uppfyll") { return .met }
    return nil
  }

  /// `>=`, `≥` or `minst`, and so on; an empty cell means at least.
  static func comparator(_ text: String) -> Comparator? {
    switch text.lowercased() {
    case "", ">=", "≥", "minst": .atLeast
    case "<=", "≤", "högst": .atMost
    case ">", "över", "mer än": .greaterThan
    case "<", "under", "mindre än": .lessThan
    default: nil
    }
  }

  /// Computed columns of machine outputs that do not match their terms.
  mutating func checkFormulas() {
    for formula in Self.formulas {
      let firsts = formula.first.compactMap { table.columnIndex($0) }
      guard let result = table.columnIndex(formula.result), !firsts.isEmpty,
        let second = table.columnIndex(formula.second)
      else { continue }
      for row in table.rows.indices {
        guard let printed = number(row, result), let b = number(row, second) else { continue }
        let terms = firsts.compactMap { number(row, $0) }
        guard let a = terms.first else { continue }
        let y = b.bounds(exact: true)
        let target = bounds(printed, nil)
        func computed(_ a: PrintedNumber) -> (bounds: Bounds, value: Double)? {
          let x = a.bounds(exact: true)
          switch formula.operation {
          case .difference:
            return (Bounds(low: x.low - y.high, high: x.high - y.low), a.value - b.value)
          case .ratio, .growth:
            guard y.low > 0, x.low >= 0 else { return nil }
            let shift: Double = formula.operation == .growth ? 1 : 0
            return (
              Bounds(low: x.low / y.high - shift, high: x.high / y.low - shift),
              a.value / b.value - shift
            )
          }
        }
        let results = terms.compactMap(computed)
        guard let shown = results.first?.value,
          !results.contains(where: { $0.bounds.overlaps(target) })
        else { continue }
        let symbol = formula.operation == .difference ? "\u{2212}" : "/"
        let minusOne = formula.operation == .growth ? " \u{2212} 1" : ""
        let name = table.header[firsts[0]]
        report(
          row, result, .error, formula.operation == .ratio ? .ratio : .change,
          "\(formula.result) \(printed.text) does not match \(name) \(symbol) "
            + "\(formula.second)\(minusOne): \(a.text) \(symbol) \(b.text)\(minusOne) = "
            + show(shown, decimals: printed.decimals))
      }
    }
  }
}
