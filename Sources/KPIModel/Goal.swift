import Foundation

/// How a value is compared with its target.
public enum Comparator: String, Sendable, CaseIterable, Codable {
  case atLeast = ">="
  case atMost = "<="
  case greaterThan = ">"
  case lessThan = "<"

  /// Whether `value` satisfies the comparison with `target`.
  public func holds(_ value: Double, _ target: Double) -> Bool {
    switch self {
    case .atLeast: value >= target
    case .atMost: value <= target
    case .greaterThan: value > target
    case .lessThan: value < target
    }
  }
}

/// The status of a goal (SPEC §5.2).
public enum GoalStatus: String, Sendable, CaseIterable, Codable {
  case met
  case partlyMet = "partly_met"
  case notMet = "not_met"
  case suppressed
  case noData = "no_data"

  /// The words the reports use.
  public var swedish: String {
    switch self {
    case .met: "uppfyllt"
    case .partlyMet: "delvis uppfyllt"
    case .notMet: "ej uppfyllt"
    case .suppressed: "ej redovisat (för få svar)"
    case .noData: "ingen data"
    }
  }

  /// Reads a status as a project file writes it, in Swedish or as the machine name.
  public init?(text: String) {
    let key = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let status = GoalStatus(rawValue: key) {
      self = status
      return
    }
    switch key {
    case "uppfyllt", "uppfylld": self = .met
    case "delvis uppfyllt", "delvis uppfylld", "delvis": self = .partlyMet
    case "ej uppfyllt", "inte uppfyllt", "ej uppfylld": self = .notMet
    case "ingen data": self = .noData
    default: return nil
    }
  }
}
