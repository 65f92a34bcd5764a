/// Employee-periods as the fast path reads one block of an employees file; ids as trimmed
/// UTF-8 bytes one after another.
public struct ParsedEmployees: Sendable {
  public var idBytes: [UInt8] = []
  public var idEnds: [Int] = []
  public var period: [Int32] = []
  public var sex: [Sex] = []
  public var age: [Int16] = []
  public var scheduledHours: [Double] = []
  /// `nil` when the file has neither `fte` nor `employment_rate`.
  public var fte: [Double?] = []

  public init() {}

  public var count: Int { period.count }

  /// The id of employee `index`, as a range of ``idBytes``.
  public func idRange(_ index: Int) -> Range<Int> {
    (index == 0 ? 0 : idEnds[index - 1])..<idEnds[index]
  }
}
