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
      safe on files with personal data.

      Example:
        kpi inspect datasets/natverksenkat/2025.csv

      \(specReferenceLine)
      """
  )

  @Argument(help: "The CSV or XLSX file.")
  var file: String

  @Option(help: "The sheet of a workbook; the first when left out.")
  var sheet: String?

  @Option(help: "Header rows, 1, 2 or 3; 1 or 2 detected when left out.")
  var headerRows: Int?

  func run() throws {
    try reportingFailures("kpi inspect") {
      var table = try TableReader.open(
        URL(fileURLWithPath: file), sheet: sheet, headerRows: headerRows)
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
}
