import Foundation
import KPIModel
import Testing

@testable import KPIIngest

/// A table shaped like the annual report's sick-leave table: a heading and its Män and
/// Kvinnor, twice, so that matching in order is put to work.
private let table = PrintedTable(
  name: "t.csv", header: ["", "2024", "2025"],
  rows: [
    PrintedRow(line: 2, cells: ["Sjukfrånvaro total", "2,0", "2,2"]),
    PrintedRow(line: 3, cells: ["Män", "1,1", "0,6"]),
    PrintedRow(line: 4, cells: ["Kvinnor", "2,3", "2,8"]),
    PrintedRow(line: 5, cells: ["Sjukfrånvaro 1–14 dagar", "74,4", "64,3"]),
    PrintedRow(line: 6, cells: ["  Män", "60,7", "100"]),
    PrintedRow(line: 7, cells: ["Kvinnor", "13,7", "61,8"]),
  ])

private func rulesError(_ yaml: String) -> IngestError? {
  #expect(throws: IngestError.self) {
    try SpecLoader.loadCheckRules(yaml: yaml, fileName: "rules.yaml", for: table)
  }
}

@Suite("kpi check rules files")
struct CheckRulesTests {
  @Test func rowsAreMatchedByLabelInTableOrder() throws {
    let layout = try SpecLoader.loadCheckRules(
      yaml: """
        columns: ["2024", "2025"]
        rows:
          - {label: Sjukfrånvaro total, id: all, kind: rate, parts: [men, women]}
          - {label: Män, id: men, kind: rate, employees: 13}
          - {label: kvinnor, id: women, kind: rate, employees: {"2025": 39}}
          - {label: Sjukfrånvaro 1-14 dagar, kind: share, group: alla}
          - {label: Män, kind: share, group: män}
        """, fileName: "rules.yaml", for: table)
    #expect(layout.labelColumn == 0)
    #expect(layout.valueColumns == [1, 2])
    #expect(layout.scale == .percent)
    #expect(layout.rows[0] == CheckRowSpec(kind: .rate, breakdowns: [[1, 2]]))
    #expect(layout.rows[1] == CheckRowSpec(kind: .rate, employees: [1: 13, 2: 13]))
    #expect(layout.rows[2] == CheckRowSpec(kind: .rate, employees: [2: 39]))
    // The en dash of the table and the hyphen of the rules are the same label.
    #expect(layout.rows[3] == CheckRowSpec(kind: .share, group: "alla"))
    // The second Män, the one below the heading named before it; indented in the table.
    #expect(layout.rows[4] == CheckRowSpec(kind: .share, group: "män"))
    #expect(layout.rows[5] == nil)
  }

  @Test func severalBreakdownsAndChanges() throws {
    let layout = try SpecLoader.loadCheckRules(
      yaml: """
        scale: fraction
        rows:
          - {label: Sjukfrånvaro total, id: all, kind: count, parts: [[men, women], [a, b]]}
          - {label: Män, id: men, kind: count}
          - {label: Kvinnor, id: women, kind: count}
          - {label: Sjukfrånvaro 1–14 dagar, id: a, kind: count}
          - {label: Män, id: b, kind: count}
          - {label: Kvinnor, kind: change, of: all}
        """, fileName: "rules.yaml", for: table)
    #expect(layout.scale == .fraction)
    #expect(layout.rows[0]?.breakdowns == [[1, 2], [3, 4]])
    #expect(layout.rows[5] == CheckRowSpec(kind: .change, base: 0))
  }

  @Test func noRowsMeansNoKinds() throws {
    let layout = try SpecLoader.loadCheckRules(
      yaml: "columns: [\"2025\"]\n", fileName: "rules.yaml", for: table)
    #expect(layout.valueColumns == [2])
    #expect(layout.rows.isEmpty)
  }

  static let errors: [SpecCase] = [
    SpecCase(name: "empty", yaml: "", expected: "rules.yaml: the rules file is empty"),
    SpecCase(
      name: "unknown key", yaml: "rowz: []\n",
      expected: "rules.yaml:1:1: unknown key \"rowz\"; did you mean \"rows\"?"),
    SpecCase(
      name: "unknown column", yaml: "columns: [\"2026\"]\n",
      expected:
        "rules.yaml:1:11: no column \"2026\" in t.csv; the columns are \"\", \"2024\", \"2025\""),
    SpecCase(
      name: "a column twice", yaml: "columns: [\"2024\", \"2024\"]\n",
      expected: "rules.yaml:1:19: \"columns\" names a column twice or the label column"),
    SpecCase(
      name: "unknown scale", yaml: "scale: procent\n",
      expected:
        "rules.yaml:1:8: unknown scale \"procent\" (expected one of: percent, fraction)"),
    SpecCase(
      name: "label not in the table", yaml: "rows:\n  - {label: Medianlön, kind: count}\n",
      expected:
        "rules.yaml:2:13: no row labelled \"Medianlön\" in t.csv (rows are matched in table "
        + "order)"),
    SpecCase(
      name: "label not below the row before",
      yaml: "rows:\n  - {label: Kvinnor, kind: rate}\n  - {label: Män, kind: rate}\n"
        + "  - {label: Män, kind: rate}\n",
      expected:
        "rules.yaml:4:13: no row labelled \"Män\" below line 6 in t.csv (rows are matched in "
        + "table order)"),
    SpecCase(
      name: "unknown kind", yaml: "rows:\n  - {label: Män, kind: rates}\n",
      expected: "rules.yaml:2:24: unknown row kind \"rates\"; did you mean \"rate\"?"),
    SpecCase(
      name: "missing kind", yaml: "rows:\n  - {label: Män}\n",
      expected: "rules.yaml:2:5: missing required key \"kind\""),
    SpecCase(
      name: "unknown id",
      yaml: "rows:\n  - {label: Sjukfrånvaro total, kind: rate, parts: [man]}\n"
        + "  - {label: Män, id: men, kind: rate}\n",
      expected: "rules.yaml:2:53: no row has the id \"man\"; did you mean \"men\"?"),
    SpecCase(
      name: "duplicate id",
      yaml: "rows:\n  - {label: Män, id: m, kind: rate}\n  - {label: Kvinnor, id: m, kind: rate}\n",
      expected: "rules.yaml:3:26: duplicate row id \"m\" (first used on line 2)"),
    SpecCase(
      name: "parts of another kind",
      yaml: "rows:\n  - {label: Sjukfrånvaro total, kind: rate, parts: [m]}\n"
        + "  - {label: Män, id: m, kind: share}\n",
      expected:
        "rules.yaml:2:53: the parts of a rate row must be rate rows too, found a share row"),
    SpecCase(
      name: "a row its own part",
      yaml: "rows:\n  - {label: Sjukfrånvaro total, id: t, kind: rate, parts: [t]}\n",
      expected: "rules.yaml:2:60: a row cannot refer to itself"),
    SpecCase(
      name: "group on a rate", yaml: "rows:\n  - {label: Män, kind: rate, group: g}\n",
      expected: "rules.yaml:2:30: \"group\" applies to share rows only"),
    SpecCase(
      name: "change without levels", yaml: "rows:\n  - {label: Män, kind: change}\n",
      expected: "rules.yaml:2:5: missing required key \"of\" for a change row"),
    SpecCase(
      name: "change of a text row",
      yaml: "rows:\n  - {label: Sjukfrånvaro total, id: t, kind: text}\n"
        + "  - {label: Män, kind: change, of: t}\n",
      expected: "rules.yaml:3:36: \"of\" must name a count, rate or share row"),
    SpecCase(
      name: "head counts of a count", yaml: "rows:\n  - {label: Män, kind: count, employees: 3}\n",
      expected: "rules.yaml:2:31: \"employees\" applies to rate and share rows only"),
    SpecCase(
      name: "head counts of an unknown column",
      yaml: "rows:\n  - {label: Män, kind: rate, employees: {\"2026\": 3}}\n",
      expected:
        "rules.yaml:2:42: no column \"2026\" in t.csv; the columns are \"\", \"2024\", \"2025\""),
    SpecCase(
      name: "negative head count", yaml: "rows:\n  - {label: Män, kind: rate, employees: -1}\n",
      expected: "rules.yaml:2:41: \"employees\" must not be negative"),
  ]

  @Test(arguments: errors)
  func mistakesAreLocated(_ example: SpecCase) {
    let error = rulesError(example.yaml)
    #expect(error?.code == example.code)
    #expect(error?.description == example.expected)
  }

  @Test func aMissingFileIsUnreadable() {
    let error = #expect(throws: IngestError.self) {
      try SpecLoader.loadCheckRules(
        url: URL(fileURLWithPath: "/nonexistent/rules.yaml"), for: table)
    }
    #expect(error?.code == .unreadable)
  }
}
