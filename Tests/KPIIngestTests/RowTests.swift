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

  @Test func quoteCutsPersonalDataAfterTwentyCharacters() {
    #expect(Diagnostic.quote("tre") == "\"tre\"")
    #expect(Diagnostic.quote("anna.andersson@boras.se") == "\"anna.andersson@boras…\"")
  }

  @Test func diagnosticFormat() {
    let d = Diagnostic(file: "enkat.csv", row: 17, column: 4, message: "expected a number")
    #expect(d.description == "enkat.csv:17:4: expected a number")
    #expect(Diagnostic(file: "a.csv", message: "empty file").description == "a.csv: empty file")
  }
}
