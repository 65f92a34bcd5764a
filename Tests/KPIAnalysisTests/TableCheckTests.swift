import KPIModel
import Testing

@testable import KPIAnalysis

/// A table of one figure column per entry of `columns`, rows from line 2, labels first.
private func table(_ header: [String], _ rows: [[String]]) -> PrintedTable {
  PrintedTable(
    name: "t.csv", header: header,
    rows: rows.enumerated().map { PrintedRow(line: $0.offset + 2, cells: $0.element) })
}

/// The findings as `LINE:COLUMN: severity: message`.
private func lines(_ findings: [CheckFinding]) -> [String] {
  findings.map { "\($0.line):\($0.column): \($0.severity.rawValue): \($0.message)" }
}

@Suite("Printed numbers")
struct PrintedNumberTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let text: String
    let value: Double?
    var decimals = 0
    var isMachine = false
    var isPercent = false
    var own: String? = nil
    var testDescription: String { "\"\(text)\"" }
  }

  static let cases: [Case] = [
    Case(text: "60,7", value: 60.7, decimals: 1),
    Case(text: "38", value: 38),
    Case(text: " 2,0 ", value: 2, decimals: 1, own: "2,0"),
    Case(text: "73 416", value: 73416),
    Case(text: "73\u{00A0}416", value: 73416),
    Case(text: "73\u{202F}416,5", value: 73416.5, decimals: 1),
    Case(text: "\u{2212}0,5", value: -0.5, decimals: 1),
    Case(text: "+28 %", value: 28, isPercent: true),
    Case(text: "57% (3 av 5 personer)", value: 57, isPercent: true, own: "57%"),
    Case(text: "8% (1 person) delvis", value: 8, isPercent: true, own: "8%"),
    Case(text: "0.03323991768254733", value: 0.03323991768254733, decimals: 17, isMachine: true),
    Case(text: "1e-05", value: 0.00001, isMachine: true),
    Case(text: "3 av 5", value: nil),
    Case(text: "..", value: nil),
    Case(text: "", value: nil),
    Case(text: "1,2,3", value: nil),
    Case(text: "12 st", value: nil),
    Case(text: "Målet är uppfyllt", value: nil),
  ]

  @Test(arguments: cases)
  func parse(_ example: Case) {
    let number = PrintedNumber.parse(example.text)
    #expect(number?.value == example.value)
    guard let number else { return }
    #expect(number.decimals == example.decimals)
    #expect(number.isMachine == example.isMachine)
    #expect(number.isPercent == example.isPercent)
    #expect(number.text == (example.own ?? example.text))
  }

  @Test func roundingWindowsOfNeighboursAreApart() throws {
    let low = try #require(PrintedNumber.parse("1,7")).bounds()
    let high = try #require(PrintedNumber.parse("1,8")).bounds()
    // 1,75 is a rounding boundary of both: whichever way it was rounded, it is only one.
    #expect(low.isBelow(high))
    #expect(!low.overlaps(high))
    #expect(low.overlaps(try #require(PrintedNumber.parse("2")).bounds()))
    // An exact value at a boundary could have been rounded either way.
    #expect(Bounds.point(1.75).overlaps(high) && Bounds.point(1.75).overlaps(low))
    let machine = try #require(PrintedNumber.parse("0.1705214493631706")).bounds(exact: true)
    #expect(machine.overlaps(Bounds.point(0.1705214493631706)))
    #expect(!machine.overlaps(Bounds.point(0.1705215)))
  }

  @Test func style() {
    #expect(NumberStyle(comma: true).format(60.65, decimals: 2) == "60,65")
    #expect(NumberStyle(comma: true).format(0.05, decimals: 1) == "0,1")
    #expect(NumberStyle(comma: false).format(-2.25, decimals: 1) == "\u{2212}2.3")
    #expect(NumberStyle(comma: true).format(12, decimals: 0) == "12")
  }
}

@Suite("kpi check, one check at a time")
struct TableCheckTests {
  @Test func partsOfACount() {
    let tally = table(
      ["Mål", "A", "B", "C", "D", "E"],
      [
        ["Antal", "28", "12", "12", "17", "49,0"],
        ["Uppfyllda", "27", "3", "4", "4", "20,1"],
        ["Delvis", "1", "8", "9", "", "28,9"],
        ["Ej", "", "", "0", "", ""],
      ])
    let layout = CheckLayout(
      labelColumn: 0, valueColumns: [1, 2, 3, 4, 5],
      rows: [
        0: CheckRowSpec(kind: .count, breakdowns: [[1, 2, 3]]), 1: CheckRowSpec(kind: .count),
        2: CheckRowSpec(kind: .count), 3: CheckRowSpec(kind: .count),
      ])
    #expect(
      lines(TableCheck.run(tally, layout: layout)) == [
        "3:3: warning: the printed parts of \"Antal\" (line 2) add up to 3 + 8 = 11 of 12; 1 not "
          + "accounted for (\"Ej\" not printed)",
        "3:4: error: the parts of \"Antal\" (line 2) add up to 4 + 9 + 0 = 13, not 12",
      ])
  }

  @Test func sharesOfAGroup() {
    let shares = table(
      ["", "2023", "2024", "2025"],
      [
        ["1–14", "55,5", "13,7", "60"],
        ["15–59", "11,9", "17,1", ""],
        ["60–", "32,5", "8,6", "45"],
      ])
    let layout = CheckLayout(
      labelColumn: 0, valueColumns: [1, 2, 3],
      rows: Dictionary(
        uniqueKeysWithValues: (0..<3).map { ($0, CheckRowSpec(kind: .share, group: "k")) }))
    #expect(
      lines(TableCheck.run(shares, layout: layout)) == [
        "2:3: error: the shares of group \"k\" (lines 2, 3, 4) add up to 13,7 + 17,1 + 8,6 = 39,4, "
          + "not 100; rounding explains at most ±0,15",
        "2:4: error: the shares of group \"k\" (lines 2, 3, 4) add up to 60 + 45 = 105, more than "
          + "100; rounding explains at most ±1,0",
      ])
  }

  @Test func averagesLieBetweenTheirParts() {
    let rates = table(
      ["", "2023", "2024", "2025"],
      [
        ["50 år och äldre", "4,2", "1,8", "2"],
        ["Män", "1", "0,2", "1,7"],
        ["Kvinnor", "5,8", "1,7", "1,7"],
      ])
    let layout = CheckLayout(
      labelColumn: 0, valueColumns: [1, 2, 3],
      rows: [
        0: CheckRowSpec(kind: .rate, breakdowns: [[1, 2]]), 1: CheckRowSpec(kind: .rate),
        2: CheckRowSpec(kind: .rate),
      ])
    // 2025: "2" may be 1,5 to 2,5 and the parts 1,65 to 1,75: they meet.
    #expect(
      lines(TableCheck.run(rates, layout: layout)) == [
        "3:3: error: 1,8 of \"50 år och äldre\" (line 2) lies outside its parts (Män 0,2, "
          + "Kvinnor 1,7), though it is their weighted average; 0,2 + 1,7 = 1,9: the parts look "
          + "like contributions to the whole, not rates of their own"
      ])
  }

  @Test func changesMatchTheirLevels() {
    let visitors = table(
      ["", "2022", "2023", "2024", "2025"],
      [
        ["Besökare", "1 000", "1 280", "1 280", "1 000"],
        ["Förändring, %", "", "+28", "+1", "−22"],
        ["Förändring", "", "280", "0", "−300"],
      ])
    let layout = CheckLayout(
      labelColumn: 0, valueColumns: [1, 2, 3, 4],
      rows: [
        0: CheckRowSpec(kind: .count), 1: CheckRowSpec(kind: .change, base: 0),
        2: CheckRowSpec(kind: .difference, base: 0),
      ])
    #expect(
      lines(TableCheck.run(visitors, layout: layout)) == [
        "3:4: error: +1 does not match the levels of \"Besökare\" (line 2): 1 280 / 1 280 − 1 = "
          + "0,0 % against 2023",
        "4:5: error: −300 does not match the levels of \"Besökare\" (line 2): 1 000 − 1 280 = "
          + "−280",
      ])
  }

  @Test func statedCounts() {
    let texts = table(
      ["Fråga", "Svar"],
      [
        ["Q7", "57% (3 av 5 personer)"],
        ["Q9", "83% (5 av 6)"],
        ["Q8", "33% (1 person)"],
        ["tre av fem (57 %) svarade", "1 av 8 (12 %)"],
        ["fyra av 17", "27 av 28 uppfyllda"],
      ])
    // 1 av 8 is 12,5 %: rounded down or up, either is right.
    #expect(
      lines(TableCheck.run(texts, layout: .plain(texts))) == [
        "2:2: error: 57 % does not match \"3 av 5\": 3 / 5 = 60,0 %",
        "5:1: error: 57 % does not match \"tre av fem\": 3 / 5 = 60,0 %",
      ])
  }

  @Test func smallGroups() {
    let rates = table(
      ["", "2024", "2025"], [["Män 30–49 år", "0,4", ".."], ["Män 50–", "0,2", "0,3"]])
    let layout = CheckLayout(
      labelColumn: 0, valueColumns: [1, 2],
      rows: [
        0: CheckRowSpec(kind: .rate, employees: [1: 4, 2: 3]),
        1: CheckRowSpec(kind: .rate, employees: [1: 11, 2: 10]),
      ])
    #expect(
      lines(TableCheck.run(rates, layout: layout)) == [
        "2:2: warning: 0,4 is printed for a group of 4 employees; the law withholds figures for "
          + "groups of at most 10 employees (LKBR 11 kap.)",
        "3:3: warning: 0,3 is printed for a group of 10 employees; the law withholds figures "
          + "for groups of at most 10 employees (LKBR 11 kap.)",
      ])
  }

  @Test func goalStatuses() {
    let goals = table(
      ["Mätetal", "Utfall", "Jämförelse", "Målvärde", "Status"],
      [
        ["Granskningar", "74", ">=", "75", "Målet är uppfyllt."],
        ["Nyhetsbrev", "2", "minst", "3", "uppfyllt"],
        ["Kommuner", "8", "", "8", "met"],
        ["Väntetid", "4", "<=", "5", "ej uppfyllt"],
        ["Delvis", "1", ">=", "3", "delvis uppfyllt"],
        ["Ingen siffra", "", ">=", "3", "uppfyllt"],
      ])
    #expect(
      lines(TableCheck.run(goals, layout: .plain(goals))) == [
        "2:5: warning: status \"Målet är uppfyllt.\" contradicts the figures: 74 >= 75 does not "
          + "hold",
        "3:5: warning: status \"uppfyllt\" contradicts the figures: 2 >= 3 does not hold",
        "5:5: warning: status \"ej uppfyllt\" contradicts the figures: 4 <= 5 holds",
      ])
  }

  @Test func machineFormulas() {
    let survey = table(
      ["group", "invited", "respondents", "answered", "positive", "share", "response_rate"],
      [
        ["A", "12", "8", "8", "8", "1", "0.6666666666666666"],
        ["B", "44", "25", "24", "24", "1", "0.5454545454545454"],
        ["C", "7", "5", "5", "4", "0.75", "0.7142857142857143"],
        ["D", "7", "0", "0", "0", "", "0"],
      ])
    #expect(
      lines(TableCheck.run(survey, layout: .plain(survey))) == [
        "4:6: error: share 0.75 does not match positive / answered: 4 / 5 = 0.8"
      ])
  }

  @Test func textWhereAFigureBelongs() {
    let rates = table(["", "2025"], [["Total", "2,2"], ["Män", "n/a"]])
    let layout = CheckLayout(
      labelColumn: 0, valueColumns: [1],
      rows: [0: CheckRowSpec(kind: .rate, breakdowns: [[1]]), 1: CheckRowSpec(kind: .rate)])
    #expect(
      lines(TableCheck.run(rates, layout: layout)) == [
        "3:2: warning: expected a number in a rate row, found \"n/a\""
      ])
  }
}

@Suite("kpi check on kpi's own sick-leave table")
struct SickLeaveTableInferenceTests {
  static let header = ["label", "measure", "sex", "age_group", "2024", "2025"]
  static let rows: [[String]] = [
    ["Antal anställda", "employees", "all", "all", "55", "53"],
    ["Sjukfrånvaro totalt", "rate", "all", "all", "0.019891929676737474", "0.02222453025466101"],
    ["Män", "rate", "men", "all", "0.011434911242603549", "0.005720151523530388"],
    ["Kvinnor", "rate", "women", "all", "0.02254944090815495", "0.02813229937843937"],
    ["1–14 dagar", "share_1_14", "all", "all", "", "0.643477904402722"],
    ["Män", "share_1_14", "men", "all", "1", "1"],
    ["Kvinnor", "share_1_14", "women", "all", "", "0.617529354852896"],
    ["15–59 dagar", "share_15_59", "all", "all", "0.1705214493631706", "0.1827088628351234"],
    ["Män", "share_15_59", "men", "all", "0", "0"],
    ["Kvinnor", "share_15_59", "women", "all", "0.19769421645352167", "0.19600686046000262"],
    ["60 dagar", "share_60_plus", "all", "all", "", "0.17381323276215463"],
    ["Män", "share_60_plus", "men", "all", "0", "0"],
    ["Kvinnor", "share_60_plus", "women", "all", "", "0.18646378468710145"],
  ]

  @Test func layoutFromTheMachineColumns() {
    let layout = TableCheck.inferredLayout(table(Self.header, Self.rows))
    #expect(layout.labelColumn == 0)
    #expect(layout.valueColumns == [4, 5])
    #expect(layout.scale == .fraction)
    #expect(layout.rows[0] == CheckRowSpec(kind: .count))
    #expect(layout.rows[1] == CheckRowSpec(kind: .rate, breakdowns: [[2, 3]]))
    #expect(layout.rows[4] == CheckRowSpec(kind: .share, breakdowns: [[5, 6]], group: "all, all"))
    #expect(layout.rows[5] == CheckRowSpec(kind: .share, group: "men, all"))
  }

  @Test func consistentAsWritten() {
    let printed = table(Self.header, Self.rows)
    #expect(TableCheck.run(printed, layout: TableCheck.inferredLayout(printed)).isEmpty)
  }

  @Test func aChangedFigureIsFound() {
    var rows = Self.rows
    rows[9][5] = "0.29600686046000262"
    rows[2][4] = "0.03"
    let printed = table(Self.header, rows)
    #expect(
      lines(TableCheck.run(printed, layout: TableCheck.inferredLayout(printed))) == [
        "4:5: error: 0.019891929676737474 of \"Sjukfrånvaro totalt\" (line 3) lies outside its "
          + "parts (Män 0.03, Kvinnor 0.02254944090815495), though it is their weighted average",
        "8:6: error: the shares of group \"women, all\" (lines 8, 11, 14) add up to "
          + "0.617529354852896 + 0.29600686046000262 + 0.18646378468710145 = 1.1, not 1",
      ])
  }
}
