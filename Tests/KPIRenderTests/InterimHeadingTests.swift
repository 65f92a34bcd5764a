import KPIAnalysis
import KPIModel
import Testing

@testable import KPIRender

/// An interim report names its date where an annual report names its year.
@Suite("Report: annual and interim headings")
struct InterimHeadingTests {
  static func document(asOf: CalendarDate?) -> ReportDocument {
    let goal = GoalResult(
      id: "g", text: "Ett mål", period: "2023-08", value: nil, target: nil, comparator: nil,
      unit: nil, status: .met, source: "manual", note: "")
    return ReportDocument(
      organisation: "BRS", period: asOf == nil ? "2025" : "2023-08", asOf: asOf, goals: [goal],
      sections: [], command: "kpi report p.yaml")
  }

  @Test func annual() {
    let document = Self.document(asOf: nil)
    #expect(document.heading == "Måluppfyllelse och nyckeltal 2025")
    #expect(document.title == "Måluppfyllelse 2025")
    #expect(document.periodText == "2025")
    #expect(document.tallyLines == ["Mål och uppdrag 2025: 1 av 1 mål uppfyllda."])
    let html = HTMLReport.render(document)
    #expect(html.contains("<title>Måluppfyllelse 2025 – BRS</title>"))
    #expect(html.contains("<h1>Måluppfyllelse och nyckeltal 2025</h1>"))
  }

  @Test func interim() {
    let document = Self.document(asOf: CalendarDate(year: 2023, month: 8, day: 31))
    #expect(document.heading == "Delårsrapport per 31 augusti 2023")
    #expect(document.title == "Delårsrapport per 31 augusti 2023")
    #expect(document.periodText == "delårsrapport per 31 augusti 2023")
    #expect(
      document.tallyLines == ["Mål och uppdrag per 31 augusti 2023: 1 av 1 mål uppfyllda."])
    let html = HTMLReport.render(document)
    #expect(html.contains("<title>Delårsrapport per 31 augusti 2023 – BRS</title>"))
    #expect(html.contains("<h1>Delårsrapport per 31 augusti 2023</h1>"))
    #expect(Notebook.render(document).contains("\"# Delårsrapport per 31 augusti 2023\\n\""))
  }

  @Test func longDate() {
    #expect(
      SwedishFormat.longDate(CalendarDate(year: 2023, month: 8, day: 31)!) == "31 augusti 2023")
    #expect(SwedishFormat.longDate(CalendarDate(year: 2024, month: 1, day: 1)!) == "1 januari 2024")
    #expect(SwedishFormat.longDate(CalendarDate(year: 2023, month: 12)!) == "december 2023")
  }
}
