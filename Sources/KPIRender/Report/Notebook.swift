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
    let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: document.command) + 1))
    markdown(
      "# Måluppfyllelse och nyckeltal \(escaped(document.period))\n\n"
        + "\(escaped(document.organisation))\n\n"
        + document.tallyLines.map(escaped).joined(separator: "\n\n") + "\n\nKörs om med:\n\n"
        + "\(fence)sh\n\(document.command)\n\(fence)")
    code("!" + document.command, outputs: [html(document.goalTable, caption: false)])
    for section in document.sections {
      var text = "## \(escaped(section.title))\n"
      var outputs: [[String: Any]] = []
      for block in section.blocks {
        switch block {
        case .paragraph(let paragraph): text += "\n" + escaped(paragraph)
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

  /// Text from the inputs (names, labels, titles) made inert in a markdown cell: HTML's
  /// `<`, `>` and `&` as entities, so no tag or script can run from a label, and the
  /// characters of Markdown's links, emphasis and code with a backslash, so a name cannot
  /// turn into a link or change the page's layout; a `#` that starts a line is escaped too.
  static func escaped(_ text: String) -> String {
    var result = ""
    var lineStart = true
    for character in text {
      switch character {
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "&": result += "&amp;"
      case "\\", "`", "*", "_", "[", "]": result += "\\" + String(character)
      case "#" where lineStart: result += "\\#"
      default: result.append(character)
      }
      lineStart = character == "\n"
    }
    return result
  }

  /// The longest run of `character` in `text`, for a code fence longer than any inside.
  static func longestRun(of character: Character, in text: String) -> Int {
    var longest = 0
    var run = 0
    for c in text {
      run = c == character ? run + 1 : 0
      longest = max(longest, run)
    }
    return longest
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
