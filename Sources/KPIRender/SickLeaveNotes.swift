import KPIAnalysis

extension SickLeaveFigure {
  /// The figure's remarks as the `note` column and the report give them, in Swedish; `"; "`
  /// between several.
  public var note: String { notes.map(\.swedish).joined(separator: "; ") }
}

extension SickLeaveNote {
  /// The remark in Swedish.
  public var swedish: String {
    switch self {
    case .withheld(let reasons):
      "redovisas inte: " + reasons.map(\.swedish).joined(separator: ", ")
    case .noEmployees: "inga anställda i gruppen"
    case .noScheduledHours: "ingen schemalagd arbetstid i gruppen"
    case .noSickLeave: "ingen sjukfrånvaro i gruppen"
    case .notRequired(let periods):
      "redovisning krävs inte: högst tio anställda i genomsnitt "
        + periods.map(String.init).joined(separator: "–")
    }
  }
}

extension SuppressionReason {
  /// The reason as the `note` column gives it, after "redovisas inte: ".
  public var swedish: String {
    switch self {
    case .smallGroup: "högst tio anställda i gruppen"
    case .onePerson: "sjukfrånvaron kommer från en enda person"
    case .secondary: "skulle annars kunna räknas fram ur redovisade uppgifter"
    }
  }
}
