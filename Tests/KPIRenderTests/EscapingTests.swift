import Foundation
import Testing

@testable import KPIRender

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Labels from inputs must reach the SVG as text only: no element, no attribute, whatever
/// they contain.
@Suite("Escaping hostile labels")
struct EscapingTests {
  /// What an XML parser sees in a document.
  final class Collector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var attributes: [String] = []
    var text = ""

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName: String?, attributes attributeDict: [String: String] = [:]
    ) {
      elements.append(elementName)
      attributes += attributeDict.keys
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
  }

  static func parse(_ svg: String) -> (ok: Bool, collector: Collector) {
    let collector = Collector()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = collector
    return (parser.parse(), collector)
  }

  static func charts() throws -> [(String, String)] {
    let result = try SurveyFixtures.hostile(period: "2025\" onload=\"x")
    let previous = try SurveyFixtures.hostile(period: "<b>2024</b>")
    return [
      ("shareByGroup", SurveyCharts.shareByGroup(result, question: "helhet").svg()),
      ("answerDistribution", SurveyCharts.answerDistribution(result, question: "helhet").svg()),
      ("questionShares", SurveyCharts.questionShares(result).svg()),
      (
        "periodComparison",
        SurveyCharts.periodComparison(current: result, previous: previous, question: "helhet")
          .svg()
      ),
    ]
  }

  static let allowedElements: Set = [
    "svg", "title", "desc", "g", "rect", "line", "polyline", "circle", "text", "tspan",
  ]
  static let allowedAttributes: Set = [
    "xmlns", "viewBox", "width", "height", "role", "aria-labelledby", "id", "font-family",
    "font-size", "fill", "x", "y", "x1", "y1", "x2", "y2", "stroke", "stroke-width",
    "stroke-dasharray", "font-weight", "font-style", "text-anchor", "points",
    "stroke-linejoin", "cx", "cy", "r",
  ]

  /// Category names come from the visitors file: one of them is a script.
  static let script = "<script>alert(1)</script>"

  @Test func hostileVisitorCategoryIsText() throws {
    let result = try VisitorFixtures.result(category: Self.script)
    let specs = VisitorCharts.all(result)
    #expect(specs.count == 4)
    for spec in specs {
      let svg = spec.svg()
      let (ok, collector) = Self.parse(svg)
      #expect(ok, "\(spec.id) is not well-formed XML")
      #expect(Set(collector.elements).isSubset(of: Self.allowedElements), "\(spec.id)")
      #expect(Set(collector.attributes).isSubset(of: Self.allowedAttributes), "\(spec.id)")
      #expect(!svg.contains("<script"), "\(spec.id)")
    }
    // Where the category is named (the seasonal legend, the share bars, the gap notes), it is
    // there as text.
    for spec in specs where spec.id.hasSuffix("sasongsindex") || spec.id.hasSuffix("kategorier") {
      let svg = spec.svg()
      #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(spec.id)")
      #expect(Self.parse(svg).collector.text.contains(Self.script), "\(spec.id)")
    }
    #expect(specs[1].notes.contains { $0.contains(Self.script) })
  }

  @Test func hostileLabelsAreTextAndNothingElse() throws {
    for (name, svg) in try Self.charts() {
      let (ok, collector) = Self.parse(svg)
      #expect(ok, "\(name) is not well-formed XML")
      #expect(!collector.elements.contains("script"), "\(name) has a script element")
      #expect(Set(collector.elements).isSubset(of: Self.allowedElements), "\(name)")
      #expect(!collector.attributes.contains { $0.lowercased().hasPrefix("on") }, "\(name)")
      #expect(Set(collector.attributes).isSubset(of: Self.allowedAttributes), "\(name)")
      // The text is all there, as text.
      for label in SurveyFixtures.hostileNames where name != "questionShares" {
        #expect(collector.text.contains(label), "\(name) lost \(label)")
      }
      #expect(collector.text.contains("2025\" onload=\"x"), "\(name)")
    }
  }

  @Test func theSourceShowsEntitiesNotMarkup() throws {
    for (name, svg) in try Self.charts() {
      #expect(!svg.contains("<script"), "\(name)")
      #expect(!svg.contains(" onload=\""), "\(name)")
      #expect(!svg.contains("<svg onload"), "\(name)")
      #expect(!svg.contains("<b>"), "\(name)")
      if name != "questionShares" {
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(name)")
        #expect(svg.contains("&quot; onload=&quot;x"), "\(name)")
        #expect(svg.contains("Forskning &amp; utveckling &lt;FoU&gt;"), "\(name)")
        #expect(svg.contains("&apos;&gt;&lt;svg onload=alert(2)&gt;"), "\(name)")
      }
    }
  }

  @Test func questionTextInTheDescriptionIsEscaped() throws {
    let svg = SurveyCharts.shareByGroup(try SurveyFixtures.hostile(), question: "helhet").svg()
    #expect(svg.contains("Fråga: &lt;/desc&gt;&lt;script&gt;alert(3)&lt;/script&gt;&lt;desc&gt;"))
    let (ok, collector) = Self.parse(svg)
    #expect(ok)
    #expect(collector.elements.filter { $0 == "desc" }.count == 1)
  }

  @Test func idsFromInputsAreSlugs() throws {
    let svg = SurveyCharts.shareByGroup(
      try SurveyFixtures.hostile(period: "2025\" onload=\"x"), question: "helhet"
    ).svg()
    let firstLine = String(svg.prefix { $0 != "\n" })
    let ids = firstLine.components(separatedBy: "aria-labelledby=\"")[1].prefix { $0 != "\"" }
    #expect(ids.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == " " })
  }
}
