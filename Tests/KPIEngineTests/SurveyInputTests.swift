import Foundation
import KPIAnalysis
import KPIIngest
import KPIModel
import Testing

@testable import KPIEngine

/// The survey's reading called directly, without the executable.
@Suite("Survey input")
struct SurveyInputTests {
  static let spec = SurveySpec(
    title: "Närvård", period: "2025-12", groupColumn: "Grupp", scale: ["Ja", "Delvis", "Nej"],
    positive: ["Ja"], notSubstantive: ["", "Vet ej"],
    questions: [
      QuestionSpec(id: "kallelse", column: "Kallelse i tid?"),
      QuestionSpec(id: "tydlig", column: "Tydligt?"),
    ],
    minimumGroupSize: 1)

  static let text =
    "Grupp;Kallelse i tid?;Tydligt?\r\nMalmö;Ja;Nej\r\nMalmö;Ja;Ja\r\nBorås;Nej;\r\n"

  static func write(_ bytes: [UInt8]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-input-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("enkat.csv")
    try Data(bytes).write(to: url)
    return url
  }

  static func tally(_ url: URL) throws -> (result: SurveyResult, notices: [String]) {
    try SurveyInput.tally(
      data: url, spec: spec, specURL: url.deletingLastPathComponent(), kind: .questionnaire)
  }

  // The same three rows as UTF-8 (read in blocks) and as Windows-1252 (decoded as it is read,
  // row by row, and said so): the same result. Malmö has 2 respondents, 2 Ja of 2 answers to
  // kallelse and 1 of 2 to tydlig; Borås 1, with no answer to tydlig.
  @Test func utf8AndWindows1252GiveTheSameResult() throws {
    let utf8 = try Self.tally(try Self.write(Array(Self.text.utf8)))
    let windows = try Self.tally(
      try Self.write(Array(Self.text.utf8).windows1252FromSwedishUTF8))
    #expect(utf8.notices.isEmpty)
    #expect(windows.notices == ["enkat.csv was read as Windows-1252"])
    #expect(utf8.result == windows.result)
    let result = utf8.result
    #expect(result.respondents == 3)
    func row(_ group: String, _ question: String) -> ShareRow? {
      result.rows.first { $0.group == group && $0.question == question }
    }
    #expect(row("Malmö", "kallelse")?.respondents == 2)
    #expect(row("Malmö", "kallelse")?.positive == 2)
    #expect(row("Malmö", "tydlig")?.answered == 2)
    #expect(row("Malmö", "tydlig")?.positive == 1)
    #expect(row("Borås", "tydlig")?.answered == 0)
  }

  // An unknown answer is named by the reading that found it, in either encoding.
  @Test func unknownAnswerIsLocatedInEitherEncoding() throws {
    let bad = Array((Self.text + "Borås;Kanske;Ja\r\n").utf8)
    for bytes in [bad, bad.windows1252FromSwedishUTF8] {
      let error = #expect(throws: IngestError.self) { try Self.tally(try Self.write(bytes)) }
      #expect(
        error?.description
          == "enkat.csv:5:2: unknown answer \"Kanske\" in column \"Kallelse i tid?\" "
          + "(expected one of: Ja, Delvis, Nej, Vet ej)")
    }
  }
}

extension Array where Element == UInt8 {
  /// UTF-8 text whose only non-ASCII letters are å, ä and ö (lower case), in Windows-1252.
  var windows1252FromSwedishUTF8: [UInt8] {
    var out: [UInt8] = []
    var index = 0
    while index < count {
      if self[index] == 0xC3, index + 1 < count {
        out.append(self[index + 1] + 0x40)
        index += 2
      } else {
        out.append(self[index])
        index += 1
      }
    }
    return out
  }
}
