import KPIAnalysis

/// `goals.csv` (SPEC §6), with a final `note` column for remarks such as a manual status that
/// contradicts its numbers.
public enum GoalTables {
  /// `id,text,period,value,target,comparator,status,confidence,source,note`.
  public static let header = [
    "id", "text", "period", "value", "target", "comparator", "status", "confidence", "source",
    "note",
  ]

  /// One row per goal.
  public static func rows(_ goals: [GoalResult]) -> [[CSVValue]] {
    goals.map { goal in
      [
        .text(goal.id), .text(goal.text), .text(goal.period), .number(goal.value),
        .number(goal.target), goal.comparator.map { .text($0.rawValue) } ?? .empty,
        .text(goal.status.rawValue), goal.confidence.map { .text($0.rawValue) } ?? .empty,
        .text(goal.source), .text(goal.note),
      ]
    }
  }
}
