import KPIAnalysis

/// The findings of `kpi check`, for people (one compiler-style line each) and for machines
/// (CSV).
public enum CheckReport {
  /// `table,row,column,column_name,label,severity,check,message`.
  public static let header = [
    "table", "row", "column", "column_name", "label", "severity", "check", "message",
  ]

  /// `TABLE:ROW:COLUMN: severity: message`, as compilers and linters write, so that editors
  /// jump to the cell.
  public static func line(_ finding: CheckFinding) -> String {
    "\(finding.table):\(finding.line):\(finding.column): \(finding.severity.rawValue): "
      + finding.message
  }

  /// One CSV row per finding.
  public static func rows(_ findings: [CheckFinding]) -> [[CSVValue]] {
    findings.map { finding in
      [
        .text(finding.table), .number(Double(finding.line)), .number(Double(finding.column)),
        .text(finding.columnName), .text(finding.label), .text(finding.severity.rawValue),
        .text(finding.check.rawValue), .text(finding.message),
      ]
    }
  }

  /// The closing line: `t.csv: 2 errors, 15 warnings (27 rows, 3 columns of figures)`.
  /// - Parameters:
  ///   - findings: The findings.
  ///   - table: The table's file name.
  ///   - rows: How many rows it has.
  ///   - columns: How many columns of figures.
  public static func summary(
    _ findings: [CheckFinding], table: String, rows: Int, columns: Int
  ) -> String {
    let errors = findings.filter { $0.severity == .error }.count
    let warnings = findings.count - errors
    func counted(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    let verdict =
      findings.isEmpty
      ? "no findings" : "\(counted(errors, "error")), \(counted(warnings, "warning"))"
    return "\(table): \(verdict) (\(counted(rows, "row")), \(counted(columns, "column")) of "
      + "figures)"
  }
}
