import Foundation
import KPIModel
import Testing

@testable import KPIIngest

/// docs/spec.md against the key lists the decoders refuse unknown keys with: every key a
/// decoder accepts is documented, and every documented key is accepted.
@Suite struct SpecReferenceTests {
  /// The keys of each table of docs/spec.md, by the `<!-- keys: NAME -->` line above it.
  static func documentedKeys() throws -> [String: [String]] {
    let url = URL(fileURLWithPath: #filePath)  // docs/spec.md, a link to the resource
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("docs/spec.md")
    let lines = try String(contentsOf: url, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    var tables: [String: [String]] = [:]
    var current: String?
    for line in lines {
      if line.hasPrefix("<!-- keys: "), line.hasSuffix(" -->") {
        current = String(line.dropFirst("<!-- keys: ".count).dropLast(" -->".count))
        tables[current!] = []
      } else if let name = current, line.hasPrefix("| `") {
        let cell = line.dropFirst(3).prefix { $0 != "`" }
        tables[name]!.append(String(cell))
      } else if current != nil, !line.hasPrefix("|") {
        current = nil
      }
    }
    return tables
  }

  static let decoderKeys: [(table: String, keys: [String])] = [
    ("spec", SurveySpecDecoder.keys),
    ("question", SurveySpecDecoder.questionKeys),
    ("project", ProjectFileDecoder.keys),
    ("analysis survey", ProjectFileDecoder.allowedKeys(.survey)),
    ("analysis sickleave", ProjectFileDecoder.allowedKeys(.sickleave)),
    ("analysis visitors", ProjectFileDecoder.allowedKeys(.visitors)),
    ("sickleave columns", SickLeaveLayout.roles),
    ("visitors columns", ProjectFileDecoder.visitorColumnKeys),
    ("goal", ProjectFileDecoder.goalKeys),
    ("check", CheckRulesDecoder.keys),
    ("check row", CheckRulesDecoder.rowKeys),
  ]

  @Test func everyTableIsADecoders() throws {
    let documented = try Self.documentedKeys()
    #expect(Set(documented.keys) == Set(Self.decoderKeys.map(\.table)))
  }

  @Test(arguments: decoderKeys.map(\.table))
  func documentedKeysAreTheAcceptedKeys(table: String) throws {
    let documented = try #require(try Self.documentedKeys()[table])
    let accepted = try #require(Self.decoderKeys.first { $0.table == table }?.keys)
    #expect(documented.count == Set(documented).count, "a key is listed twice")
    #expect(Set(documented) == Set(accepted))
  }

  /// The keys of any analysis, which an entry is first checked against, are those of the
  /// kinds together.
  @Test func analysisKeysAreTheKindsTogether() {
    let kinds = ProjectFileDecoder.Kind.allCases.flatMap { ProjectFileDecoder.allowedKeys($0) }
    #expect(Set(ProjectFileDecoder.analysisKeys) == Set(kinds))
  }

  /// The counts of keys, written out, so that a table cannot go empty on both sides.
  @Test func theTablesHaveTheirKeys() throws {
    let documented = try Self.documentedKeys()
    #expect(documented["spec"]?.count == 15)
    #expect(documented["question"]?.count == 10)
    #expect(documented["project"]?.count == 7)
    #expect(documented["analysis survey"]?.count == 8)
    #expect(documented["analysis sickleave"]?.count == 9)
    #expect(documented["analysis visitors"]?.count == 14)
    #expect(documented["sickleave columns"]?.count == 13)
    #expect(documented["visitors columns"]?.count == 5)
    #expect(documented["goal"]?.count == 8)
    #expect(documented["check"]?.count == 4)
    #expect(documented["check row"]?.count == 7)
  }
}
