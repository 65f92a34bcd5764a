import Testing

@testable import KPIIngest

@Suite("Row")
struct RowTests {
  @Test func fieldsRoundTrip() {
    let row = Row(line: 3, fields: ["Ja", "", "Till viss del", "å"])
    #expect(row.count == 4)
    #expect(row.fields == ["Ja", "", "Till viss del", "å"])
    #expect(row.isEmpty(1))
    #expect(!row.isEmpty(0))
    #expect(row.isEmpty(9))
    #expect(row[9] == "")
    #expect(row.withField(3) { Array($0) } == [0xC3, 0xA5])
  }

  // At most 80 characters of data (issue 17; issue 16: names are cut only past 80), and no
  // control character reaches the terminal: an ESC or OSC sequence in a header is shown, not
  // run.
  @Test func quoteCutsAfterEightyCharactersAndEscapesControls() {
    #expect(Diagnostic.quote("tre") == "\"tre\"")
    let name = String(repeating: "Nätverk för samverkan ", count: 5)  // 110 characters
    #expect(Diagnostic.quote(name) == "\"" + String(name.prefix(80)) + "…\"")
    #expect(Diagnostic.quote(String(name.prefix(80))) == "\"" + String(name.prefix(80)) + "\"")
    #expect(
      Diagnostic.quote("a\u{1B}[2Jb\u{1B}]0;titel\u{07}") == "\"a\\u{1B}[2Jb\\u{1B}]0;titel\\u{7}\""
    )
    #expect(Diagnostic.quote("x\ny\t\"z\"\\") == "\"x\\ny\\t\\\"z\\\"\\\\\"")
    #expect(Diagnostic.quote("\u{9B}31m") == "\"\\u{9B}31m\"")
  }

  @Test func diagnosticFormat() {
    let d = Diagnostic(file: "enkat.csv", row: 17, column: 4, message: "expected a number")
    #expect(d.description == "enkat.csv:17:4: expected a number")
    #expect(Diagnostic(file: "a.csv", message: "empty file").description == "a.csv: empty file")
  }
}
