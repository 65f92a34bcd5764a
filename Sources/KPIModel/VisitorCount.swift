/// One count of a visitor file (SPEC §4.3): how many came on a day, or in a whole month, in one
/// category (allmänhet, skolprogram, konferens, …).
public struct VisitorCount: Sendable, Hashable {
  /// The day, or the month when ``CalendarDate/day`` is `nil`.
  public var date: CalendarDate
  /// The category as the file writes it.
  public var category: String
  /// The number of visitors (or, for a file of events, of events); never negative.
  public var visitors: Double

  /// Creates a count.
  public init(date: CalendarDate, category: String, visitors: Double) {
    self.date = date
    self.category = category
    self.visitors = visitors
  }
}

/// What to do with a day or month given twice for the same category (SPEC §4.3).
public enum DuplicatePolicy: String, Sendable, CaseIterable {
  /// A second count of the same day (or month) and category is an error: it is usually an
  /// export run twice, and adding it up would double the figures silently.
  case reject
  /// Counts of the same day and category are added: for files with one row per event or per
  /// booking.
  case sum
}
