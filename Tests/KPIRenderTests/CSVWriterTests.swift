import Testing

@testable import KPIRender

@Suite("CSV writer and Swedish formatting")
struct CSVWriterTests {
  @Test func rfcDialect() {
    let writer = CSVWriter(dialect: .rfc)
    let text = writer.document(
      header: ["group", "share"],
      rows: [
        [.text("Nätverk A"), .number(0.9370629370629371)], [.text("B, \"C\""), .number(nil)],
        [.text("=HYPERLINK(\"x\")"), .number(-0.5)],
      ])
    #expect(
      text
        == "group,share\r\nNätverk A,0.9370629370629371\r\n\"B, \"\"C\"\"\",\r\n"
        + "\"'=HYPERLINK(\"\"x\"\")\",-0.5\r\n")
  }

  @Test func excelSwedishDialect() {
    let writer = CSVWriter(dialect: .excelSwedish)
    let text = writer.document(
      header: ["grupp", "andel"],
      rows: [
        [.text("A;B"), .number(0.25)], [.text("-1+2"), .number(-3)], [.text("@x"), .number(12)],
      ])
    #expect(text == "\u{FEFF}grupp;andel\r\n\"A;B\";0,25\r\n'-1+2;-3\r\n'@x;12\r\n")
  }

  // Every risky first character, in both dialects: a leading ' (issue 17: a quoted formula
  // still runs in Excel, so quoting alone is not enough in rfc); the same text later in a
  // cell is left alone, and numbers are never touched.
  @Test(
    arguments: [
      ("=1+1", "'=1+1", "'=1+1"), ("+46 33", "'+46 33", "'+46 33"),
      ("-2", "'-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)", "'@SUM(A1)"),
      ("\tx", "'\tx", "'\tx"), ("\rx", "\"'\rx\"", "\"'\rx\""),
      ("a=b-c", "a=b-c", "a=b-c"), (" =x", " =x", " =x"),
      // One Character each in Swift ("=" and a combining acute, "=" and a zero-width
      // joiner, CR LF), but the first code unit is a risky one.
      ("=\u{301}1", "'=\u{301}1", "'=\u{301}1"), ("=\u{200D}1", "'=\u{200D}1", "'=\u{200D}1"),
      ("\r\nx", "\"'\r\nx\"", "\"'\r\nx\""),
    ])
  func riskyTextIsNeutralised(text: String, rfc: String, excel: String) {
    #expect(CSVWriter(dialect: .rfc).cell(.text(text)) == rfc)
    #expect(CSVWriter(dialect: .excelSwedish).cell(.text(text)) == excel)
  }

  @Test func negativeNumbersStayNumbers() {
    let values: [CSVValue] = [.number(-2), .number(-0.25), .number(-1e-7), .number(-73416)]
    #expect(CSVWriter(dialect: .rfc).line(values) == "-2,-0.25,-1e-07,-73416\r\n")
    #expect(CSVWriter(dialect: .excelSwedish).line(values) == "-2;-0,25;-1e-07;-73416\r\n")
  }

  @Test(
    arguments: [
      (0.937, 0, "94\u{00A0}%"), (0.022, 1, "2,2\u{00A0}%"), (0.0, 0, "0\u{00A0}%"),
      (1.0, 0, "100\u{00A0}%"), (0.645, 0, "65\u{00A0}%"),
    ])
  func percent(fraction: Double, decimals: Int, text: String) {
    #expect(SwedishFormat.percent(fraction, decimals: decimals) == text)
  }

  @Test func numbers() {
    #expect(SwedishFormat.number(73416) == "73\u{202F}416")
    #expect(SwedishFormat.number(1_234_567.891, decimals: 2) == "1\u{202F}234\u{202F}567,89")
    #expect(SwedishFormat.number(-2.25, decimals: 1) == "−2,3")
    #expect(SwedishFormat.number(-0.01) == "0")
    #expect(SwedishFormat.number(52.8, decimals: 1) == "52,8")
    #expect(SwedishFormat.points(0.031) == "+3\u{00A0}procentenheter")
    #expect(SwedishFormat.points(-0.01) == "−1\u{00A0}procentenheter")
    // "fråga" for one question ("0 av 1 frågor" in a report of the real exports).
    #expect(SwedishFormat.questions(0, of: 1) == "0 av 1 fråga")
    #expect(SwedishFormat.questions(3, of: 4) == "3 av 4 frågor")
  }
}
