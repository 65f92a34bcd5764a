import ArgumentParser
import Foundation
import KPIIngest
import KPIModel

/// `kpi inspect`: how `kpi` reads a file, before an analysis depends on it.
struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show how a CSV or XLSX file is read: format, encoding, columns, rows.",
    discussion: """
      Reads the whole file as an analysis would and prints what was found, or the first \
      problems with file, row and column. Cell contents are not printed, so the command is \
      safe on files with personal data. --column NAME shows the distinct values of one \
      column with their counts (the first 20), except for a column that looks like free \
      text, identities or times, unless --show-free-text is given; for a multi-select \
      column (several options to a cell, `A;B` or `A, B`) the options, each with the number \
      of cells that name it.

      Example:
        kpi inspect datasets/natverksenkat/2025.csv
        kpi inspect datasets/narvard/2025-12.csv --column Grupp

      \(specReferenceLine)
      """
  )

  @Argument(help: "The CSV or XLSX file.")
  var file: String

  @Option(help: "The sheet of a workbook; the first when left out.")
  var sheet: String?

  @Option(help: "Header rows, 1, 2 or 3; 1 or 2 detected when left out.")
  var headerRows: Int?

  @Option(help: "Show the distinct values of this column with their counts (the first 20).")
  var column: String?

  @Flag(help: "Show the values of --column even when it looks like free text or identities.")
  var showFreeText = false

  func run() throws {
    try reportingFailures("kpi inspect") {
      var table = try TableReader.open(
        URL(fileURLWithPath: file), sheet: sheet, headerRows: headerRows)
      if let column {
        try showColumn(column, &table)
        return
      }
      while try table.nextRow() != nil {}
      try table.requireData()
      if let notice = table.source.encodingNotice { printError("kpi inspect: note: \(notice)") }
      print("fil: \(MessageText.printable(table.fileName))")
      print("format: \(table.source.formatDescription)")
      print("rubrikrader: \(table.headerRows)")
      print("kolumner (\(table.header.count)):")
      // Control characters escaped: a header's ESC or OSC bytes must not reach the terminal.
      for (index, name) in table.header.enumerated() {
        print("  \(index + 1). \(MessageText.printable(name))")
      }
      print("datarader: \(table.rowCount)")
    }
  }

  /// The distinct values of one column with their counts, unless it holds personal data.
  private func showColumn(_ name: String, _ table: inout TableReader<TableFile>) throws {
    let index = try table.requireColumn(name)
    var profile = ColumnProfile(name: table.header[index])
    while let row = try table.nextRow() { profile.add(row[index]) }
    try table.requireData()
    let role = profile.role
    let quoted = MessageText.quote(profile.name)
    if !showFreeText, [.identity, .timestamp, .freeText].contains(role) {
      throw CommandFailure(
        kind: .badInput,
        message: "\(table.fileName): column \(quoted) looks like \(role.rawValue)"
          + " (\(profile.filled) filled cells, \(profile.isOverflowing ? "over " : "")"
          + "\(profile.values.count) distinct values); its values are not shown"
          + " unless --show-free-text is given")
    }
    print("kolumn: \(MessageText.printable(profile.name)) (\(role.rawValue))")
    print("ifyllda: \(profile.filled), tomma: \(profile.blank)")
    if role == .multiSelect, let choices = profile.optionCounts {
      // The options, not the combinations: how many cells name each.
      print("alternativ (\(choices.options.count), avgränsade med \"\(choices.separator)\"):")
      for option in Self.mostFirst(choices.options) {
        print("  \(option.count)\t\(MessageText.printable(option.value))")
      }
      return
    }
    let sorted = Self.mostFirst(profile.values)
    print("värden (\(profile.isOverflowing ? "över " : "")\(sorted.count)):")
    for value in sorted.prefix(20) {
      print("  \(value.count)\t\(MessageText.printable(value.value))")
    }
    if sorted.count > 20 || profile.isOverflowing { print("  …") }
  }

  /// Values with their counts, the most frequent first (ties in order of appearance).
  static func mostFirst(_ values: [(value: String, count: Int)]) -> [(value: String, count: Int)] {
    values.enumerated().sorted {
      $0.element.count != $1.element.count
        ? $0.element.count > $1.element.count : $0.offset < $1.offset
    }.map(\.element)
  }
}
