import KPIAnalysis

/// The report as one self-contained Swedish HTML page (SPEC §6): inline CSS and SVG, no
/// scripts, no external resources; A4 print with a page break before each section.
public enum HTMLReport {
  /// The whole page.
  public static func render(_ document: ReportDocument) -> String {
    var page: [UInt8] = []
    render(document) { page.append(contentsOf: $0) }
    return String(decoding: page, as: UTF8.self)
  }

  /// The whole page's UTF-8 handed to `write` piece by piece, a chart at a time, so that a
  /// page of thousands of charts is never held whole (a survey of 2 000 questions inlines
  /// 6 000), and each chart's bytes as they are (``ChartSpec/withSVG(_:)``), never made into
  /// a string.
  public static func render(
    _ document: ReportDocument, write: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    func writeText(_ text: String) {
      var text = text
      text.withUTF8(write)
    }
    var html = """
      <!DOCTYPE html>
      <html lang="sv">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escape("\(document.title) – \(document.organisation)"))</title>
      <style>\(style)</style>
      </head>
      <body>
      <header>
      <p class="organisation">\(escape(document.organisation))</p>
      <h1>\(escape(document.heading))</h1>
      </header>
      <main>
      <section id="maluppfyllelse">
      <h2>Måluppfyllelse</h2>
      \(document.tallyLines.map { "<p class=\"tally\">\(escape($0))</p>" }.joined(separator: "\n"))

      """
    html += table(document.goalTable, showCaption: false)
    html += "</section>\n"
    for section in document.sections {
      html += "<section id=\"\(escape(section.id))\" class=\"analysis\">\n"
      html += "<h2>\(escape(section.title))</h2>\n"
      for block in section.blocks {
        switch block {
        case .paragraph(let text):
          for line in text.split(separator: "\n") { html += "<p>\(escape(String(line)))</p>\n" }
        case .chart(let chart, let data):
          // The chart's SVG handed on as it is, not copied into the page's text.
          writeText(html + "<div class=\"figure\">\n<figure>")
          chart.withSVG(write)
          html = "</figure>\n"
          if let data { html += table(data, showCaption: true) }
          html += "</div>\n"
        case .table(let data):
          html += table(data, showCaption: true)
        }
      }
      html += "</section>\n"
    }
    html += """
      </main>
      <footer><p>Framtagen med <code>\(escape(document.command))</code></p></footer>
      </body>
      </html>

      """
    writeText(html)
  }

  static func table(_ table: ReportTable, showCaption: Bool) -> String {
    var html = "<table>\n"
    if showCaption { html += "<caption>\(escape(table.caption))</caption>\n" }
    html += "<thead><tr>"
    for (index, cell) in table.header.enumerated() {
      html += "<th\(numericClass(table, index))>\(escape(cell))</th>"
    }
    html += "</tr></thead>\n<tbody>\n"
    for row in table.rows {
      html += "<tr>"
      for (index, cell) in row.enumerated() {
        html += "<td\(numericClass(table, index))>\(escape(cell))</td>"
      }
      html += "</tr>\n"
    }
    return html + "</tbody>\n</table>\n"
  }

  static func numericClass(_ table: ReportTable, _ index: Int) -> String {
    index < table.numeric.count && table.numeric[index] ? " class=\"num\"" : ""
  }

  /// Escapes text for HTML content and attribute values.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }

  static let style = """
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;\
    color:#1a1a1a;max-width:1100px;margin:0 auto;padding:24px;line-height:1.45}\
    h1{font-size:1.7em;margin:0 0 .4em}h2{font-size:1.3em;border-bottom:2px solid #0072b2;\
    padding-bottom:.2em;margin-top:1.6em}.organisation{color:#555;margin:0}\
    .tally{font-size:1.1em;font-weight:600}\
    table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}\
    caption{text-align:left;font-weight:600;padding-bottom:.3em}\
    th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}\
    th{background:#f2f5f8}.num{text-align:right;white-space:nowrap}\
    .figure{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}\
    figure{margin:0;flex:1 1 560px;max-width:720px}figure svg{width:100%;height:auto}\
    footer{margin-top:2em;color:#555;font-size:.85em}\
    @page{size:A4;margin:15mm}\
    @media print{body{max-width:none;padding:0}section.analysis{break-before:page}\
    .figure{display:block}figure,table{break-inside:avoid}}
    """
}
