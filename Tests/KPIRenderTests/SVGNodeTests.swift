import Testing

@testable import KPIRender

@Suite("SVG node tree and serialisation")
struct SVGNodeTests {
  @Test func attributesKeepTheirOrderAndNilsAreLeftOut() {
    let node = SVGNode.element(
      "rect", ["y": "2", "x": "1", "stroke": nil, "fill": "#000000"])
    #expect(node.xml() == "<rect y=\"2\" x=\"1\" fill=\"#000000\"/>\n")
  }

  @Test func nestedElementsAreIndentedAndTextIsInline() {
    let node = SVGNode.element(
      "g", [:],
      [
        .element("title", [:], [.text("Rad")]),
        .element(
          "text", ["x": "0"],
          [
            .element("tspan", ["y": "1"], [.text("a")]),
            .element("tspan", ["y": "2"], [.text("b")]),
          ]
        ),
      ])
    // No whitespace between the tspans: it would render as a space and shift right-aligned
    // lines.
    #expect(
      node.xml()
        == "<g>\n  <title>Rad</title>\n"
        + "  <text x=\"0\"><tspan y=\"1\">a</tspan><tspan y=\"2\">b</tspan></text>\n</g>\n")
  }

  @Test func allFiveSpecialsAreEscapedInTextAndAttributes() {
    let hostile = "<a href=\"x\">&'"
    let node = SVGNode.element("text", ["data-x": hostile], [.text(hostile)])
    let escaped = "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
    #expect(node.xml() == "<text data-x=\"\(escaped)\">\(escaped)</text>\n")
  }

  @Test func charactersXMLForbidsBecomeReplacementCharacters() {
    let node = SVGNode.text("a\u{0}b\u{1B}c\u{FFFE}d\te")
    #expect(node.xml() == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\te\n")
  }

  @Test func lineBreaksInAttributesAreCharacterReferences() {
    let node = SVGNode.element("g", ["aria-label": "a\nb\tc"])
    #expect(node.xml() == "<g aria-label=\"a&#10;b&#9;c\"/>\n")
  }

  @Test(
    arguments: [
      (12.0, "12"), (12.5, "12.5"), (0.125, "0.13"), (-0.001, "0"), (-2.25, "-2.25"),
      (1e-7, "0"), (100.05, "100.05"), (0.1 + 0.2, "0.3"), (-0.5, "-0.5"), (1234.567, "1234.57"),
    ])
  func coordinatesHaveAtMostTwoDecimals(value: Double, text: String) {
    #expect(SVGRenderer.number(value) == text)
  }

  @Test func rootHasTitleAndDescFirstAndAccessibleNames() {
    let scene = ChartScene(
      id: "test", title: "Titel", description: "Beskrivning", width: 100, height: 50.5,
      marks: [])
    let xml = SVGRenderer.tree(scene).xml()
    let lines = xml.split(separator: "\n").map(String.init)
    #expect(
      lines[0]
        == "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 50.5\" width=\"100\" "
        + "height=\"50.5\" role=\"img\" aria-labelledby=\"test-title test-desc\">")
    #expect(lines[1] == "  <title id=\"test-title\">Titel</title>")
    #expect(lines[2] == "  <desc id=\"test-desc\">Beskrivning</desc>")
    #expect(lines[3].hasPrefix("  <g font-family=\"system-ui, "))
    #expect(lines[4] == "    <rect width=\"100\" height=\"50.5\" fill=\"#ffffff\"/>")
  }

  @Test func marksBecomeElementsWithPresentationAttributes() {
    let text = SVGRenderer.node(
      .text(
        TextMark(
          x: 10, y: 20.004, lines: ["Ett", "Två"], lineHeight: 15, fontSize: 12, anchor: .end,
          bold: true, fill: ChartPalette.muted)))
    #expect(
      text.xml()
        == "<text x=\"10\" y=\"20\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"end\" "
        + "fill=\"#595959\"><tspan x=\"10\" y=\"20\">Ett</tspan>"
        + "<tspan x=\"10\" y=\"35\">Två</tspan></text>\n")
    let line = SVGRenderer.node(
      .line(
        LineMark(
          x1: 1, y1: 2, x2: 3, y2: 4, stroke: ChartPalette.ink, strokeWidth: 1.5, dash: [6, 4])))
    #expect(
      line.xml()
        == "<line x1=\"1\" y1=\"2\" x2=\"3\" y2=\"4\" stroke=\"#1a1a1a\" stroke-width=\"1.5\" "
        + "stroke-dasharray=\"6 4\"/>\n")
    let rect = SVGRenderer.node(
      .rect(
        RectMark(x: 0.333, y: 1, width: 2, height: 3, fill: ChartPalette.blue, tooltip: "Ja")))
    #expect(
      rect.xml()
        == "<rect x=\"0.33\" y=\"1\" width=\"2\" height=\"3\" fill=\"#0072b2\">\n"
        + "  <title>Ja</title>\n</rect>\n")
  }

  @Test func polylinesAndCirclesAreRoundedAndUnfilled() {
    let polyline = SVGRenderer.node(
      .polyline(
        PolylineMark(
          points: [ChartPoint(x: 1.004, y: 2), ChartPoint(x: 3.5, y: -0.001)],
          stroke: ChartPalette.orange, strokeWidth: 2, dash: [8, 4])))
    // fill="none": a polyline is otherwise filled black between its ends.
    #expect(
      polyline.xml()
        == "<polyline points=\"1,2 3.5,0\" fill=\"none\" stroke=\"#e69f00\" "
        + "stroke-width=\"2\" stroke-dasharray=\"8 4\" stroke-linejoin=\"round\"/>\n")
    let circle = SVGRenderer.node(
      .circle(
        CircleMark(
          cx: 10.125, cy: 20, r: 3.5, fill: ChartPalette.blue, stroke: ChartPalette.white,
          strokeWidth: 1.5, tooltip: "jan 6 239")))
    #expect(
      circle.xml()
        == "<circle cx=\"10.13\" cy=\"20\" r=\"3.5\" fill=\"#0072b2\" stroke=\"#ffffff\" "
        + "stroke-width=\"1.5\">\n  <title>jan 6 239</title>\n</circle>\n")
    let plain = SVGRenderer.node(.circle(CircleMark(cx: 1, cy: 2, r: 3, fill: ChartPalette.ink)))
    #expect(plain.xml() == "<circle cx=\"1\" cy=\"2\" r=\"3\" fill=\"#1a1a1a\"/>\n")
  }

  @Test func slugsAreStableAndDistinct() {
    #expect(ChartSpec.slug("helhet") == "helhet")
    #expect(ChartSpec.slug("mötesform").hasPrefix("motesform-"))
    #expect(ChartSpec.slug("a b") != ChartSpec.slug("a-b"))
    #expect(ChartSpec.slug("a b") == ChartSpec.slug("a b"))
    #expect(ChartSpec.slug("<script>").allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" })
    #expect(!ChartSpec.slug("").isEmpty)
  }
}
