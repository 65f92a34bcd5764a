import KPIAnalysis
import KPIModel
import Testing

@testable import KPIRender

/// The Swedish wording of the visitor analysis' notes, as `visitors.csv`, the summary and the
/// charts print them (the strings the analysis itself wrote before its notes became values).
@Suite("Visitor notes in Swedish")
struct VisitorNotesTests {
  static let march2022 = CalendarDate(year: 2022, month: 3)!

  @Test func rowNotes() {
    let cases: [(VisitorNote, String)] = [
      (.incomplete(nil, .missing(Self.march2022)), "saknar data för 2022-03"),
      (
        .incomplete(.previousYear, .missing(Self.march2022)),
        "föregående år saknar data för 2022-03"
      ),
      (.incomplete(.baseYear(2019), .uncovered), "basåret 2019 täcker inte hela perioden"),
      (
        .incomplete(nil, .indivisible),
        "har bara månadssummor, som inte kan delas upp på dagar"
      ),
      (.totalWithout(["B", "C"]), "utan B, C"),
      (.comparisonWithout(.previousYear, ["B"]), "föregående år utan B"),
      (.comparisonLacksCategory(.baseYear(2022), "B"), "basåret 2022 saknar B"),
    ]
    for (note, text) in cases { #expect(note.swedishText == text) }
    #expect(
      VisitorNote.cell([.totalWithout(["B"]), .comparisonWithout(.previousYear, ["B"])])
        == "utan B; föregående år utan B")
  }

  @Test func trendNotes() {
    #expect(TrendNote.tooFewYears(2).swedishText == "trend kräver minst tre hela år, data har 2")
    #expect(TrendNote.noForecast.swedishText == "ingen prognos: för lite data")
    #expect(
      TrendNote.seasonalIndexTooShort.swedishText
        == "säsongsindex kräver minst 24 sammanhängande hela månader")
    #expect(ForecastMethod.holtWinters.swedish == "Holt–Winters")
  }

  @Test func gaps() {
    let month = VisitorGap(
      category: "allmänhet", first: Self.march2022, last: Self.march2022, count: 1)
    #expect(month.swedishText == "allmänhet: 2022-03")
    let days = VisitorGap(
      category: "A", first: CalendarDate(year: 2022, month: 3, day: 14)!,
      last: CalendarDate(year: 2022, month: 3, day: 16)!, count: 3)
    #expect(days.swedishText == "A: 2022-03-14..2022-03-16 (3 dagar)")
  }
}

/// Why a survey share is withheld, in the words the summary and goals.csv use.
@Suite("Withheld survey shares in Swedish")
struct ShareWithheldTests {
  @Test func wording() {
    #expect(ShareWithheld.noAnswers.swedishText == "inga svar")
    #expect(ShareWithheld.tooFewAnswers(minimum: 5).swedishText == "färre än 5 svar")
    #expect(
      ShareWithheld.complementary.swedishText
        == "undantas så att en mindre grupp inte kan räknas fram ur Totalt")
  }
}
