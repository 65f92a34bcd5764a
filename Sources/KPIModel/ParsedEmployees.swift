/// Employee-periods as the fast path reads one block of an employees file.
public struct ParsedEmployees: Sendable {
  /// The ids, trimmed, as UTF-8 bytes.
  public var ids = ByteStrings()
  public var period: [Int32] = []
  public var sex: [Sex] = []
  public var age: [Int16] = []
  public var scheduledHours: [Double] = []
  /// `nil` when the file has neither `fte` nor `employment_rate`.
  public var fte: [Double?] = []

  public init() {}

  public var count: Int { period.count }
}

/// Byte strings kept one after another in one array, without an allocation each.
public struct ByteStrings: Sendable {
  public private(set) var bytes: [UInt8] = []
  /// Where each string ends in ``bytes``.
  private var ends: [Int] = []

  public init() {}

  public var count: Int { ends.count }

  /// Makes room for `count` strings of `bytes` bytes in all.
  public mutating func reserveCapacity(_ count: Int, bytes total: Int) {
    bytes.reserveCapacity(total)
    ends.reserveCapacity(count)
  }

  public mutating func append<Bytes: Sequence<UInt8>>(_ string: Bytes) {
    bytes.append(contentsOf: string)
    ends.append(bytes.count)
  }

  /// Where string `index` lies in ``bytes``.
  public func range(_ index: Int) -> Range<Int> {
    (index == 0 ? 0 : ends[index - 1])..<ends[index]
  }
}
