import Foundation
import KPIAnalysis

/// The third stage of the pipeline: a ``ChartScene`` as an ``SVGNode`` tree.
///
/// Only presentation attributes are used (no stylesheet, no `dominant-baseline`, no
/// `foreignObject`), because rsvg-convert, Chromium and Firefox agree on those.
public enum SVGRenderer {
  /// The root `<svg>` element of a scene.
  ///
  /// The element carries `role="img"` and `aria-labelledby` pointing at its `<title>` and
  /// `<desc>`, which come first, so screen readers announce the chart by its title and
  /// description. The ids derive from the scene's id, so charts inlined in one page keep
  /// distinct ids without random numbers.
  /// - Parameter scene: A laid-out chart.
  /// - Returns: The tree.
  public static func tree(_ scene: ChartScene) -> SVGNode {
    let titleID = scene.id + "-title"
    let descID = scene.id + "-desc"
    let width = number(scene.width)
    let height = number(scene.height)
    return .element(
      "svg",
      [
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(width) \(height)",
        "width": width, "height": height, "role": "img",
        "aria-labelledby": "\(titleID) \(descID)",
      ],
      [
        .element("title", ["id": titleID], [.text(scene.title)]),
        .element("desc", ["id": descID], [.text(scene.description)]),
        .element(
          "g",
          [
            "font-family": Style.fontFamily, "font-size": number(Style.labelSize),
            "fill": ChartPalette.ink.hex,
          ],
          [
            .element(
              "rect", ["width": width, "height": height, "fill": ChartPalette.white.hex])
          ] + scene.marks.map(node)),
      ])
  }

  /// One mark as an element.
  /// - Parameter mark: A positioned mark.
  /// - Returns: `rect`, `line`, `polyline`, `circle`, `text` or `g`.
  public static func node(_ mark: Mark) -> SVGNode {
    switch mark {
    case .rect(let rect):
      return .element(
        "rect",
        [
          "x": number(rect.x), "y": number(rect.y), "width": number(rect.width),
          "height": number(rect.height), "fill": rect.fill.hex,
        ],
        rect.tooltip.map { [.element("title", [:], [.text($0)])] } ?? [])
    case .line(let line):
      return .element(
        "line",
        [
          "x1": number(line.x1), "y1": number(line.y1), "x2": number(line.x2),
          "y2": number(line.y2), "stroke": line.stroke.hex,
          "stroke-width": line.strokeWidth == 1 ? nil : number(line.strokeWidth),
          "stroke-dasharray": line.dash.isEmpty
            ? nil : line.dash.map(number).joined(separator: " "),
        ])
    case .polyline(let polyline):
      return .element(
        "polyline",
        [
          "points": polyline.points.map { "\(number($0.x)),\(number($0.y))" }
            .joined(separator: " "),
          "fill": "none", "stroke": polyline.stroke.hex,
          "stroke-width": polyline.strokeWidth == 1 ? nil : number(polyline.strokeWidth),
          "stroke-dasharray": polyline.dash.isEmpty
            ? nil : polyline.dash.map(number).joined(separator: " "),
          // Round joins keep a sharp turn from poking out as a spike.
          "stroke-linejoin": "round",
        ])
    case .circle(let circle):
      return .element(
        "circle",
        [
          "cx": number(circle.cx), "cy": number(circle.cy), "r": number(circle.r),
          "fill": circle.fill.hex, "stroke": circle.stroke?.hex,
          "stroke-width": circle.stroke == nil || circle.strokeWidth == 1
            ? nil : number(circle.strokeWidth),
        ],
        circle.tooltip.map { [.element("title", [:], [.text($0)])] } ?? [])
    case .text(let text):
      let attributes: KeyValuePairs<String, String?> = [
        "x": number(text.x), "y": number(text.y),
        "font-size": text.fontSize == Style.labelSize ? nil : number(text.fontSize),
        "font-weight": text.bold ? "bold" : nil, "font-style": text.italic ? "italic" : nil,
        "text-anchor": text.anchor == .start ? nil : text.anchor.rawValue,
        "fill": text.fill == ChartPalette.ink ? nil : text.fill.hex,
      ]
      if text.lines.count == 1 {
        return .element("text", attributes, [.text(text.lines[0])])
      }
      // Each line an absolutely placed tspan: no renderer has to agree on line breaking.
      let lines = text.lines.enumerated().map { index, line in
        SVGNode.element(
          "tspan",
          ["x": number(text.x), "y": number(text.y + Double(index) * text.lineHeight)],
          [.text(line)])
      }
      return .element("text", attributes, lines)
    case .group(let tooltip, let marks):
      let title = tooltip.map { [SVGNode.element("title", [:], [.text($0)])] } ?? []
      return .element("g", [:], title + marks.map(node))
    }
  }

  /// A coordinate as SVG text: at most 2 decimals, no trailing zeros, dot decimal whatever the
  /// locale, never `-0`.
  /// - Parameter value: A finite number.
  /// - Returns: E.g. `12`, `12.5`, `-0.25`.
  public static func number(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let hundredths = Int64((value * 100).rounded(.toNearestOrAwayFromZero))
    let magnitude = hundredths.magnitude
    // Digits written backwards into a buffer on the stack and made into a string once (a
    // small one, held without an allocation): a chart has hundreds of coordinates, and
    // interpolating them was a tenth of drawing it.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
      var start = buffer.count
      func put(_ byte: UInt8) {
        start -= 1
        buffer[start] = byte
      }
      let fraction = UInt8(magnitude % 100)
      if fraction != 0 {
        if fraction % 10 != 0 { put(UInt8(ascii: "0") + fraction % 10) }
        put(UInt8(ascii: "0") + fraction / 10)
        put(UInt8(ascii: "."))
      }
      var whole = magnitude / 100
      repeat {
        put(UInt8(ascii: "0") + UInt8(whole % 10))
        whole /= 10
      } while whole > 0
      if hundredths < 0 { put(UInt8(ascii: "-")) }
      return String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
    }
  }
}

extension ChartSpec {
  /// The whole pipeline: layout, SVG tree, text.
  /// - Returns: A standalone SVG document, also fit to be inlined in HTML.
  public func svg() -> String {
    if let text = drawn.text { return text }
    if drawn.file != nil { return withSVG { String(decoding: $0, as: UTF8.self) } }
    return drawAgain()
  }

  /// Layout, SVG tree and text, for a chart whose drawing is not held or is gone.
  private func drawAgain() -> String {
    SVGRenderer.tree(ChartLayout.layout(self)).xml()
  }

  /// ``svg()`` handed to `body` as UTF-8 bytes: for the page and the notebook, which inline
  /// every chart and want its bytes, not a string. A chart kept in a file is handed the
  /// file's bytes as read, without a string made of them and taken apart again (75 MB for a
  /// survey of 2 000 questions, read by both).
  /// - Parameter body: Takes the bytes; they are valid only during the call.
  /// - Returns: What `body` returns.
  public func withSVG<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    if drawn.text == nil, let file = drawn.file,
      let data = FileManager.default.contents(atPath: file)
    {
      return data.withUnsafeBytes { body($0.bindMemory(to: UInt8.self)) }
    }
    // Not `svg()`, which comes here for a chart kept in a file: a file that is gone would
    // send the two to each other for ever.
    var text = drawn.text ?? drawAgain()
    return text.withUTF8(body)
  }

  /// The chart with its SVG no longer held in memory but read from `file` when it is
  /// needed: for a report run that writes each chart's file as soon as the analysis is done
  /// and inlines the charts in the page and the notebook at the end, so that the 6 000 SVGs
  /// of a 2 000-question survey are not all held for the whole run. `file` must hold
  /// exactly ``svg()``; should it be gone, the chart is drawn again.
  public func drawing(keptIn file: URL) -> ChartSpec {
    var chart = self
    chart.drawn = DrawnSVG(text: nil, file: file.path)
    return chart
  }

  /// The charts with their SVGs drawn, on every core: what `svg()` gives them from then on
  /// costs nothing, for an analysis that writes each chart to a file, the report page and
  /// the notebook (2 000 questions make 6 000 charts).
  public static func drawn(_ charts: [ChartSpec]) -> [ChartSpec] {
    let svgs = concurrentMap(charts.count) { charts[$0].svg() }
    return zip(charts, svgs).map { chart, svg in
      var chart = chart
      chart.drawn = DrawnSVG(text: svg)
      return chart
    }
  }
}
