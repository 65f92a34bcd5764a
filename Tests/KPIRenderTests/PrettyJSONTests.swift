import Foundation
import Testing

@testable import KPIRender

/// The notebook's JSON writer against `JSONSerialization` with the options notebooks were
/// written with: the same bytes, so a notebook does not change when the writer does.
@Suite("Notebook JSON as JSONSerialization writes it")
struct PrettyJSONTests {
  private static func foundation(_ value: JSONValue) -> Any {
    switch value {
    case .string(let string): string
    case .int(let number): number
    case .null: NSNull()
    case .array(let array): array.map(foundation)
    case .object(let object): object.mapValues(foundation)
    case .lines(let text): Notebook.lines(text)
    case .chartLines(let chart): Notebook.lines(chart.svg())
    case .later(let make): foundation(make())
    }
  }

  @Test func sameBytesAsJSONSerialization() throws {
    var controls = ""
    for value in 0..<0x80 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
    let value: JSONValue = [
      "cells": .array([
        [
          "cell_type": "markdown", "id": "cell-1", "metadata": [:],
          "source": .strings(["# Rubrik \"citat\" \\ / å ä ö\n", "e\u{301} 😀 \u{2028} 中文"]),
        ],
        ["execution_count": .null, "outputs": .array([]), "source": .strings([controls])],
      ]),
      "metadata": ["kernelspec": ["display_name": "Python 3", "name": "python3"]],
      "nbformat": .int(4), "nbformat_minor": .int(5),
    ]
    var json = PrettyJSON()
    json.write(value, indent: 0)
    let expected = try JSONSerialization.data(
      withJSONObject: Self.foundation(value),
      options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    #expect(
      String(decoding: json.bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
  }

  /// `.lines(text)` writes what `.strings(Notebook.lines(text))` writes, line feeds, CR LF,
  /// a CR at the end and empty texts included, without a string per line.
  @Test func linesAsTheNotebookCutsThem() {
    let texts = [
      "", "\n", "\n\n", "a", "a\n", "a\nb", "a\nb\n", "a\r\nb\r\n", "a\r", "\r", "a\n\r",
      "<svg>\n  <g>å ä ö</g>\n</svg>\n", "x\r\r\ny", "e\u{301}\n\u{301}", "\t\"\\\n",
      "\u{1}\u{8}\u{C}\n\u{1F}\u{7F}\r", "\"\"\n\\",
    ]
    for text in texts {
      var lines = PrettyJSON()
      lines.write(["source": .lines(text)], indent: 2)
      var strings = PrettyJSON()
      strings.write(["source": .strings(Notebook.lines(text))], indent: 2)
      #expect(lines.bytes == strings.bytes, "\(text.debugDescription)")
    }
  }
}
