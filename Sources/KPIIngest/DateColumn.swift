import KPIModel

/// The dates of one column, read with one day/month order for the whole column (SPEC §4).
///
/// A numeric date such as `3/4/2025` is 3 April day first and 4 March month first. The
/// order is the spec's `date_format:` when it gives one; otherwise the first value whose first
/// number is over 12 (`13/4/2025`: day first) or whose second is (`4/13/2025`: month first)
/// settles it for the column, and a later value that shows the other order is an error
/// naming both rows. Until the order is settled, an ambiguous value is ``Reading/pending``:
/// the reader keeps it and reads it with ``date(_:)`` once ``order`` is known, so that no
/// value is read one way and the next the other. A column that ends with ambiguous values and
/// no order is an error (``unsettledMessage``). Every form ``CellParser/dateText(_:)`` reads
/// is accepted, and so is an Excel serial number (``CellParser/excelSerial(_:)``).
public struct DateColumn: Sendable {
  /// What one cell holds.
  public enum Reading: Sendable, Equatable {
    /// A day, or a month when its day is `nil`, and the time of day when the cell has one.
    case date(CalendarDate, secondOfDay: Int?)
    /// A numeric date whose order is not yet settled; read it with ``DateColumn/date(_:)``
    /// once ``DateColumn/order`` is known.
    case pending(DateText)
    /// No date, or one that contradicts the column's order: the message says why, or is
    /// `nil` for the reader's own "expected a date" message.
    case invalid(String?)
  }

  /// The order the spec gives, if any.
  public let givenOrder: DayMonthOrder?
  /// The order the column is read in: the given one, or the one a value settled.
  public private(set) var order: DayMonthOrder?
  /// The row and text of the value that settled ``order`` (when it was not given).
  public private(set) var evidence: (row: Int, text: String)?
  /// The first ambiguous value, by row, while the order was unknown.
  public private(set) var firstAmbiguous: (row: Int, text: String)?
  /// Whether any value was a numeric date in which the order matters.
  public private(set) var usesOrder = false

  /// A column read in `order`, or in the order its values settle when `nil`.
  public init(order: DayMonthOrder? = nil) {
    givenOrder = order
    self.order = order
  }

  /// Reads one cell of `row`.
  public mutating func read(_ text: String, row: Int) -> Reading {
    guard let parsed = CellParser.dateText(text) else {
      if let value = CellParser.number(text), let serial = CellParser.excelSerial(value) {
        return .date(serial.date, secondOfDay: serial.secondOfDay == 0 ? nil : serial.secondOfDay)
      }
      return .invalid(nil)
    }
    if parsed.needsOrder { usesOrder = true }
    if parsed.isOrderFree {
      guard let date = parsed.date(order: nil) else { return .invalid(nil) }
      return .date(date, secondOfDay: parsed.secondOfDay)
    }
    if let shown = parsed.evidence {
      if let order, shown != order {
        if let evidence {
          return .invalid(
            "day and month are the other way round than on row \(evidence.row) "
              + "(\(MessageText.quote(evidence.text)), \(order.words)); found "
              + "\(MessageText.quote(text)) (\(shown.words)); give date_format to say which "
              + "order the file uses")
        }
        return .invalid(
          "expected a date in the order \(order.rawValue) (date_format), found "
            + MessageText.quote(text))
      }
      if order == nil {
        // Only a real day settles the order: 2/30/2025 is no evidence of month first.
        guard let date = parsed.date(order: shown) else { return .invalid(nil) }
        order = shown
        evidence = (row, text)
        return .date(date, secondOfDay: parsed.secondOfDay)
      }
    }
    guard let order else {
      if firstAmbiguous == nil { firstAmbiguous = (row, text) }
      return .pending(parsed)
    }
    guard let date = parsed.date(order: order) else { return .invalid(nil) }
    return .date(date, secondOfDay: parsed.secondOfDay)
  }

  /// A pending value read in the settled ``order``; `nil` when there is no such day or no
  /// order yet.
  public func date(_ pending: DateText) -> CalendarDate? {
    pending.date(order: order)
  }

  /// The error for a column that ended with ambiguous values and no order; `nil` when there
  /// is none.
  public var unsettledMessage: String? {
    guard order == nil, let firstAmbiguous else { return nil }
    return "cannot tell the day from the month in \(MessageText.quote(firstAmbiguous.text)): "
      + "no date in the column has a number over 12; give date_format: d/m/yyyy or m/d/yyyy "
      + "(--date-format on the command line)"
  }

  /// The note that says which order was used, or `nil` when no date needed one.
  /// - Parameter column: The column's name.
  public func orderNote(column: String) -> String? {
    guard usesOrder, let order else { return nil }
    let how =
      if let evidence {
        "as row \(evidence.row) shows (\(MessageText.quote(evidence.text)))"
      } else {
        "as date_format says"
      }
    return "dates in column \(MessageText.quote(column)) read as \(order.words) "
      + "(\(order.rawValue)), \(how)"
  }
}
