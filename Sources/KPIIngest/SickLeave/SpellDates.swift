import Foundation
import KPIModel

/// The order of day and month in the numeric dates of a spells file (`3/4/2025`), settled
/// for the whole file before its rows are read, so that no spell is read one way and the next
/// the other, and the parallel blocks read every date alike.
///
/// A file whose first row writes its dates without such an order (ISO `2025-03-04`, `4 mars
/// 2025`) is read as it is: the one row is all this costs. Otherwise the start and end dates
/// are read through one ``DateColumn`` from the top until a date shows the order (a number
/// over 12); a file none of whose dates does is refused, with the first ambiguous date's row.
enum SpellDates {
  /// The order to read `table`'s spells in, and the note that says which one was found;
  /// both `nil` when no date needs an order or the layout gave it.
  /// - Throws: ``IngestError`` `.malformed` when numeric dates cannot say their order.
  static func settle(_ table: TableReader<TableFile>, _ columns: SpellColumns)
    throws(IngestError) -> (order: DayMonthOrder?, note: String?)
  {
    if let given = columns.dayOrder { return (given, nil) }
    // Sheets hold dates as serial numbers or text their cells format; only a CSV is looked at.
    guard let url = table.source.csvFile?.url else { return (nil, nil) }
    var reader = try TableReader.open(
      url, headerRows: table.headerRows, skipLines: table.skippedLines)
    var dates = DateColumn()
    var first = true
    while let row = try reader.nextRow() {
      for column in [columns.start, columns.end] {
        let text = row[column]
        if first, column == columns.start,
          CellParser.dateText(text).map({ !$0.needsOrder }) ?? true
        {
          return (nil, nil)
        }
        _ = dates.read(text, row: row.line)
        if let order = dates.order {
          let names = [table.header[columns.start], table.header[columns.end]]
          let note = dates.orderNote(column: names[0]).map {
            "\(table.fileName): \($0) (and in \(MessageText.quote(names[1])))"
          }
          return (order, note)
        }
      }
      first = false
    }
    if let message = dates.unsettledMessage, let ambiguous = dates.firstAmbiguous {
      throw IngestError(
        .malformed, file: table.fileName, row: ambiguous.row, column: columns.start + 1,
        message: message)
    }
    return (nil, nil)
  }
}
