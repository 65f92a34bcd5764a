import Foundation
import KPIAnalysis
import KPIModel
import Testing

@testable import KPIRender

/// Text from inputs in the notebook's markdown (issue 17, item 3): a `<script>` in the
/// organisation's name or an `<img onerror>` in a category must stay text.
@Suite("Notebook: text from inputs escaped")
struct NotebookEscapingTests {
  @Test func markdownAndHTMLAreInert() {
    #expect(
      Notebook.escaped("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
    #expect(
      Notebook.escaped("\"><img src=x onerror=alert(2)>")
        == "\"&gt;&lt;img src=x onerror=alert(2)&gt;")
    #expect(
      Notebook.escaped("[klicka](http://x) *fet* `kod` a_b \\")
        == "\\[klicka\\](http://x) \\*fet\\* \\`kod\\` a\\_b \\\\")
    #expect(Notebook.escaped("# rubrik\nA & B #1") == "\\# rubrik\nA &amp; B #1")
    // Swedish report text is left as it is.
    #expect(Notebook.escaped("94 % nöjda (134 av 143).") == "94 % nöjda (134 av 143).")
  }

  @Test func hostileNamesDoNotReachTheMarkdown() throws {
    let document = ReportDocument(
      organisation: "<script>alert(1)</script>", period: "2025", goals: [],
      sections: [
        ReportSection(
          id: "navet", title: "Navet \"><img src=x onerror=alert(2)>",
          blocks: [.paragraph("Kategorin \"><img src=x onerror=alert(3)> ökade.")])
      ],
      command: "kpi report `touch x`.yaml --out out")
    let json = Notebook.render(document)
    let notebook = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let cells = try #require(notebook["cells"] as? [[String: Any]])
    let markdown = cells.filter { $0["cell_type"] as? String == "markdown" }
      .compactMap { ($0["source"] as? [String])?.joined() }.joined(separator: "\n")
    #expect(!markdown.contains("<script") && !markdown.contains("<img"))
    #expect(markdown.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    // A backtick in the command cannot close the fence around it.
    #expect(markdown.contains("```sh\nkpi report `touch x`.yaml --out out\n```"))
  }
}
