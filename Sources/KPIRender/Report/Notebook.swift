import Foundation
import KPIAnalysis

/// The report as a Jupyter notebook (nbformat 4.5): a markdown cell per section and, for each,
/// a code cell holding the `kpi` command whose outputs are the section's tables (HTML) and
/// charts (SVG). Deterministic: no timestamps, cell ids numbered in order, keys sorted.
public enum Notebook {
  /// The notebook's JSON text.
  public static func render(_ document: ReportDocument) -> String {
    var cells: [[String: Any]] = []
    func markdown(_ text: String) {
      cells.append([
        "cell_type": "markdown", "id": "cell-\(cells.count + 1)", "metadata": [String: Any](),
        "source": lines(text),
      ])
    }
    func code(_ source: String, outputs: [[String: Any]]) {
      cells.append([
        "cell_type": "code", "id": "cell-\(cells.count + 1)", "metadata": [String: Any](),
        "execution_count": NSNull(), "source": lines(source), "outputs": outputs,
      ])
    }
    markdown(
      "# Måluppfyllelse och nyckeltal \(document.period)\n\n\(document.organisation)\n\n"
        + document.tallyLines.joined(separator: "\n\n") + "\n\nKörs om med:\n\n"
        + "```sh\n\(document.command)\n```")
    code("!" + document.command, outputs: [html(document.goalTable, caption: false)])
    for section in document.sections {
      var text = "## \(section.title)\n"
      var outputs: [[String: Any]] = []
      for block in section.blocks {
        switch block {
        case .paragraph(let paragraph): text += "\n" + paragraph
        case .chart(let chart, let table):
          outputs.append(svg(chart))
          if let table { outputs.append(html(table, caption: true)) }
        case .table(let table): outputs.append(html(table, caption: true))
        }
      }
      markdown(text)
      code("# \(section.title): tabeller och diagram ur kpi report", outputs: outputs)
    }
    let notebook: [String: Any] = [
      "cells": cells,
      "metadata": [
        "kernelspec": ["display_name": "Python 3", "language": "python", "name": "python3"],
        "language_info": ["name": "python"],
      ],
      "nbformat": 4, "nbformat_minor": 5,
    ]
    let data = try! JSONSerialization.data(
      withJSONObject: notebook, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// Text as notebooks store it: lines with their line ends.
  static func lines(_ text: String) -> [String] {
    var result = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      String($0) + "\n"
    }
    if let last = result.last {
      result[result.count - 1] = String(last.dropLast())
      if result[result.count - 1].isEmpty { result.removeLast() }
    }
    return result
  }

  static func svg(_ chart: ChartSpec) -> [String: Any] {
    [
      "output_type": "display_data", "metadata": [String: Any](),
      "data": ["image/svg+xml": lines(chart.svg()), "text/plain": [chart.title]],
    ]
  }

  static func html(_ table: ReportTable, caption: Bool) -> [String: Any] {
    let plain = ([table.header] + table.rows).map { $0.joined(separator: "\t") }
      .joined(separator: "\n")
    return [
      "output_type": "display_data", "metadata": [String: Any](),
      "data": [
        "text/html": lines(HTMLReport.table(table, showCaption: caption)),
        "text/plain": lines(plain),
      ],
    ]
  }
}
