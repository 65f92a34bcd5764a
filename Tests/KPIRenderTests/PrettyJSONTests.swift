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
}
