/// A chart as data: the first stage of the pipeline, in the manner of a Vega-Lite spec.
///
/// A spec says what to show (rows, values, intervals, a goal, colours by meaning) and nothing
/// about pixels; ``ChartLayout/layout(_:)`` decides where everything goes. Analyses build
/// specs (see ``SurveyCharts``); nothing but the layout reads them.
public struct ChartSpec: Sendable, Equatable {
  /// A stable id, unique within a report, made of `a`–`z`, `0`–`9` and `-` and beginning with
  /// a letter; the SVG's `aria-labelledby` ids are derived from it.
  public var id: String { didSet { drawn = DrawnSVG() } }
  /// The title, in Swedish, e.g. `Andel nöjda per nätverk, 2025`.
  public var title: String { didSet { drawn = DrawnSVG() } }
  /// What the chart shows, in Swedish sentences, for `<desc>` and screen readers.
  public var description: String { didSet { drawn = DrawnSVG() } }
  /// Footnotes printed under the chart: method, suppression, what the whiskers mean.
  public var notes: [String] { didSet { drawn = DrawnSVG() } }
  /// Width in pixels; the height follows from the content.
  public var width: Double { didSet { drawn = DrawnSVG() } }
  /// The kind of chart and its data.
  public var kind: Kind { didSet { drawn = DrawnSVG() } }

  /// The SVG once drawn (``drawn(_:)``): a cache, no part of the chart's identity, emptied
  /// when the chart is changed.
  var drawn = DrawnSVG()

  /// The kinds of chart.
  ///
  /// They share ``ValueAxis``, ``Series`` and ``Measure``, so a new case needs a spec type
  /// and a layout function, nothing else.
  public enum Kind: Sendable, Equatable {
    /// Horizontal bars, one per series in each row, optional whiskers and a goal line.
    case bars(BarChart)
    /// Horizontal stacked bars diverging from a zero line: an answer distribution.
    case divergingBars(DivergingBarChart)
    /// Lines over categories (months), with gaps where values are missing.
    case lines(LineChart)
    /// Vertical bars (years) with a trend line and a forecast.
    case columns(ColumnChart)
    /// Horizontal bars of segments laid end to end: parts of a whole.
    case stackedBars(StackedBarChart)
  }

  /// Creates a spec.
  /// - Parameters:
  ///   - id: A stable id; input-derived ids go through ``ChartSpec/slug(_:)``.
  ///   - title: The title.
  ///   - description: The description.
  ///   - notes: Footnotes.
  ///   - width: Width in pixels, 720 by default (fits an A4 page and a laptop screen).
  ///   - kind: The chart.
  public init(
    id: String, title: String, description: String, notes: [String] = [], width: Double = 720,
    kind: Kind
  ) {
    self.id = id
    self.title = title
    self.description = description
    self.notes = notes
    self.width = width
    self.kind = kind
  }

  /// An id fragment made from arbitrary text: lower-case ASCII letters, digits and `-`, with
  /// `å`, `ä` and `ö` folded to `a`, `a`, `o`. When folding changed anything, a short FNV-1a
  /// hash of the original is appended so that two different texts never give the same id.
  /// - Parameter text: Any text, e.g. a question id from a spec file.
  /// - Returns: A fragment usable in an XML id after a letter, never empty.
  public static func slug(_ text: String) -> String {
    var slug = ""
    for character in text.lowercased() {
      switch character {
      case "a"..."z", "0"..."9", "-": slug.append(character)
      case "å", "ä", "á", "à": slug.append("a")
      case "ö", "ó", "ø": slug.append("o")
      case "é", "è": slug.append("e")
      default: if slug.last != "-" { slug.append("-") }
      }
    }
    if slug == text && !slug.isEmpty { return slug }
    var hash: UInt32 = 2_166_136_261
    for byte in text.utf8 {
      hash ^= UInt32(byte)
      hash = hash &* 16_777_619
    }
    let hex = String(hash, radix: 16)
    let suffix = String(repeating: "0", count: 8 - hex.count) + hex
    return (slug.isEmpty ? "" : slug + "-") + suffix
  }
}

/// How values are printed on axes and labels, always through ``SwedishFormat``.
public enum ValueFormat: Sendable, Equatable {
  /// A fraction shown as a percentage, `0.94` → `94 %`.
  case percent(decimals: Int)
  /// A plain number, `73416` → `73 416`.
  case number(decimals: Int)

  /// The value as text.
  /// - Parameter value: The value.
  /// - Returns: Swedish text.
  public func format(_ value: Double) -> String {
    switch self {
    case .percent(let decimals): SwedishFormat.percent(value, decimals: decimals)
    case .number(let decimals): SwedishFormat.number(value, decimals: decimals)
    }
  }
}

/// The value axis of a chart.
public struct ValueAxis: Sendable, Equatable {
  /// The axis title, e.g. `Andel nöjda`.
  public var title: String
  /// How ticks and value labels are printed.
  public var format: ValueFormat
  /// A fixed domain, e.g. `0...1` for shares; `nil` fits the data and rounds outwards to
  /// nice ticks.
  public var domain: ClosedRange<Double>?

  /// Creates an axis.
  public init(title: String, format: ValueFormat, domain: ClosedRange<Double>? = nil) {
    self.title = title
    self.format = format
    self.domain = domain
  }
}

/// A named data series with its colour, such as one period of a comparison.
public struct Series: Sendable, Equatable {
  /// The legend text, e.g. `2025`.
  public var name: String
  /// The fill colour.
  public var color: ChartColor

  /// Creates a series.
  public init(name: String, color: ChartColor) {
    self.name = name
    self.color = color
  }
}

/// One value of a row: a number with an optional interval, or a gap with its reason.
public enum Measure: Sendable, Equatable {
  /// A value and, when known, its confidence interval.
  case value(Double, interval: ClosedRange<Double>? = nil)
  /// No value; the note (e.g. `för få svar`) is printed where the bar would be.
  case missing(note: String)

  /// The value, or `nil`.
  public var value: Double? {
    if case .value(let value, _) = self { return value }
    return nil
  }
}

/// How a row stands out.
public enum RowEmphasis: Sendable, Equatable {
  /// An ordinary row (a group).
  case normal
  /// The all-groups row: set apart by a rule, a bold label and a stronger colour.
  case total
}

/// A reference line across the plot, such as a goal.
public struct ReferenceLine: Sendable, Equatable {
  /// Where the line is, in data units.
  public var value: Double
  /// Its label, e.g. `Mål 85 %`.
  public var label: String

  /// Creates a reference line.
  public init(value: Double, label: String) {
    self.value = value
    self.label = label
  }
}

/// Horizontal bars: one row per category, one bar per series in a row.
///
/// One series gives the plain share-per-group chart; two give a comparison of periods.
public struct BarChart: Sendable, Equatable {
  /// The series; a legend is drawn when there is more than one.
  public var series: [Series]
  /// The rows, top to bottom.
  public var rows: [Row]
  /// The value axis.
  public var axis: ValueAxis
  /// A goal line across all rows, labelled above the plot.
  public var goal: ReferenceLine?
  /// Whether to draw whiskers for the intervals in the rows' measures.
  public var showsIntervals: Bool
  /// The colour of the `Totalt` row's bar in a one-series chart, so it stands out.
  public var totalColor: ChartColor?
  /// Whether a gap's note starts with its series' name (`Män: ej redovisat`), so that with
  /// three series or more nobody has to count bars to know which one is missing.
  public var namesSeriesInGaps: Bool

  /// One row of a bar chart.
  public struct Row: Sendable, Equatable {
    /// The category label, e.g. a network's name; wrapped or shortened to fit.
    public var label: String
    /// Text added to the row's tooltip, e.g. the full question or the number of answers.
    public var detail: String?
    /// One measure per series.
    public var measures: [Measure]
    /// Whether this is the total row.
    public var emphasis: RowEmphasis
    /// A goal of this row alone, drawn as a short dashed mark, for rows whose goals differ.
    public var target: Double?

    /// Creates a row.
    public init(
      label: String, detail: String? = nil, measures: [Measure], emphasis: RowEmphasis = .normal,
      target: Double? = nil
    ) {
      self.label = label
      self.detail = detail
      self.measures = measures
      self.emphasis = emphasis
      self.target = target
    }
  }

  /// Creates a bar chart.
  public init(
    series: [Series], rows: [Row], axis: ValueAxis, goal: ReferenceLine? = nil,
    showsIntervals: Bool = false, totalColor: ChartColor? = nil, namesSeriesInGaps: Bool = false
  ) {
    precondition(!series.isEmpty, "a bar chart needs a series")
    precondition(rows.allSatisfy { $0.measures.count == series.count }, "one measure per series")
    self.series = series
    self.rows = rows
    self.axis = axis
    self.goal = goal
    self.showsIntervals = showsIntervals
    self.totalColor = totalColor
    self.namesSeriesInGaps = namesSeriesInGaps
  }
}

/// Diverging stacked bars: for each row, the answers of one side of a scale stacked to the
/// right of a zero line and the other side's to the left, with answers outside the scale
/// (`Vet ej`) apart at the far right.
public struct DivergingBarChart: Sendable, Equatable {
  /// The answer categories in legend order (the scale, best first, then the ones aside).
  public var categories: [Category]
  /// The rows, top to bottom.
  public var rows: [Row]
  /// The value axis; its format prints segment and total labels.
  public var axis: ValueAxis

  /// Which side of the zero line a category is drawn on.
  public enum Side: Sendable, Equatable {
    /// Right of the zero line, stacked outwards from the last category listed.
    case positive
    /// Left of the zero line, stacked outwards from the first category listed.
    case negative
    /// Apart at the far right, on its own baseline (not on the scale).
    case aside
  }

  /// An answer category.
  public struct Category: Sendable, Equatable {
    /// The answer, e.g. `I hög grad`.
    public var name: String
    /// Its side.
    public var side: Side
    /// Its colour.
    public var color: ChartColor

    /// Creates a category.
    public init(name: String, side: Side, color: ChartColor) {
      self.name = name
      self.side = side
      self.color = color
    }
  }

  /// One row of a diverging chart: one value per category, in ``categories`` order.
  public typealias Row = SegmentedBarRow

  /// Creates a diverging bar chart.
  public init(categories: [Category], rows: [Row], axis: ValueAxis) {
    precondition(
      rows.allSatisfy { $0.values.map { $0.count == categories.count } ?? true },
      "one value per category")
    self.categories = categories
    self.rows = rows
    self.axis = axis
  }
}

/// A chart's SVG, drawn once so that its file, the report page and the notebook use one
/// drawing rather than three; equal to any other, since it only repeats what the chart's
/// fields say.
struct DrawnSVG: Sendable, Equatable {
  var text: String?
  /// Or the file it was written to, read again when it is needed (``ChartSpec/drawing(keptIn:)``).
  var file: String?

  static func == (lhs: DrawnSVG, rhs: DrawnSVG) -> Bool { true }
}
