import KPIAnalysis

/// The sick-leave charts of SPEC §6, as ``ChartSpec``s built from a ``SickLeaveReport``:
/// rates by sex and age band, the spell classes per year, and the years side by side.
///
/// A chart cannot show what the tables withhold. A withheld figure is a labelled gap
/// (`ej redovisat`) whether or not the report still holds its value (a report for internal
/// use does), and a year whose spell classes are not all published has no stacked bar, since
/// the bar's other segments would give the missing share away as what is left of 100 %.
public enum SickLeaveCharts {
  /// What a withheld figure shows in its place.
  public static let withheldNote = "ej redovisat"

  /// Every sick-leave chart, in report order.
  /// - Parameter report: A sick-leave breakdown.
  /// - Returns: Rates by sex and age band for the latest year, the spell classes per year,
  ///   and (with two years or more) the rates of the years side by side.
  public static func all(_ report: SickLeaveReport) -> [ChartSpec] {
    [bySexAndAge(report), spellClasses(report), yearComparison(report)].compactMap { $0 }
  }

  /// The rates of the latest year by age band, women, men and both side by side in each band,
  /// and all ages last.
  /// - Parameter report: A sick-leave breakdown.
  /// - Returns: A three-series ``BarChart`` spec; `nil` for a report without years.
  public static func bySexAndAge(_ report: SickLeaveReport) -> ChartSpec? {
    guard let year = report.years.last else { return nil }
    let sexes: [(SexGroup, Series)] = [
      (.women, Series(name: "Kvinnor", color: ChartPalette.vermillion)),
      (.men, Series(name: "Män", color: ChartPalette.skyBlue)),
      (.all, Series(name: "Totalt", color: ChartPalette.muted)),
    ]
    let bands = AgeGroup.bands + [.all]
    let rows = bands.map { band in
      BarChart.Row(
        label: ageLabel(band),
        measures: sexes.map { sex, _ in measure(year.figure(.rate, sex: sex, age: band)) },
        emphasis: band == .all ? .total : .normal)
    }

    var description = [
      "Sjukfrånvaro \(year.period) i procent av den ordinarie arbetstiden, för kvinnor, män "
        + "och totalt i varje åldersgrupp (ålder vid årets slut)."
    ]
    if let total = published(year.figure(.rate, sex: .all)) {
      var sentence = "Totalt \(percent(total))"
      let parts = [(SexGroup.women, "kvinnor"), (.men, "män")].compactMap { sex, word in
        published(year.figure(.rate, sex: sex)).map { "\(word) \(percent($0))" }
      }
      if !parts.isEmpty { sentence += ": " + SickLeaveSummary.list(parts) }
      description.append(sentence + ".")
    }
    let byBand = AgeGroup.bands.compactMap { band in
      published(year.figure(.rate, sex: .all, age: band)).map { (band, $0) }
    }
    if byBand.count > 1, let highest = byBand.max(by: { $0.1 < $1.1 }) {
      description.append(
        "Högst var sjukfrånvaron i gruppen \(ageLabel(highest.0)) (\(percent(highest.1))).")
    }
    let withheld = bands.flatMap { band in
      sexes.compactMap { sex, _ in year.figure(.rate, sex: sex, age: band) }
    }
    .filter(\.isSuppressed).count
    if withheld > 0 {
      description.append(
        "\(withheld) av \(bands.count * sexes.count) uppgifter redovisas inte.")
    }
    return ChartSpec(
      id: "sickleave-\(year.period)-kon-och-alder",
      title: "Sjukfrånvaro per kön och åldersgrupp \(year.period)",
      description: description.joined(separator: " "),
      notes: notes(withheld: withheld > 0, required: year),
      kind: .bars(
        BarChart(
          series: sexes.map(\.1), rows: rows,
          axis: ValueAxis(
            title: "Sjukfrånvaro, % av ordinarie arbetstid", format: .percent(decimals: 1)),
          namesSeriesInGaps: true)))
  }

  /// The spell classes' shares of all sick hours, stacked to 100 % in one bar per year.
  /// - Parameter report: A sick-leave breakdown.
  /// - Returns: A ``StackedBarChart`` spec, oldest year on top; `nil` for a report without
  ///   years.
  public static func spellClasses(_ report: SickLeaveReport) -> ChartSpec? {
    guard let first = report.years.first, let last = report.years.last else { return nil }
    let classes: [(SickLeaveMeasure, String)] = [
      (.share1To14, "1–14 dagar"), (.share15To59, "15–59 dagar"),
      (.share60Plus, "60 dagar eller mer"),
    ]
    let colors = ["#92C5DE", "#4393C3", "#2166AC"].map(ChartColor.init)
    var withheldYears: [Int] = []
    let rows = report.years.map { year -> StackedBarChart.Row in
      let figures = classes.map { year.figure($0.0, sex: .all) }
      let published = figures.map { SickLeaveCharts.published($0) }
      if figures.contains(where: { $0?.isSuppressed ?? false }) {
        withheldYears.append(year.period)
        // The published classes are in the table too; naming them here hides nothing more.
        let shown = zip(classes, published).compactMap { spellClass, value in
          value.map { "\(spellClass.1): \(percent($0))" }
        }
        let hidden = zip(classes, figures).filter { $1?.isSuppressed ?? false }.map(\.0.1)
        return StackedBarChart.Row(
          label: "\(year.period)", values: nil,
          note: shown.isEmpty
            ? withheldNote
            : shown.joined(separator: ", ") + "; \(SickLeaveSummary.list(hidden)): \(withheldNote)")
      }
      let values = published.compactMap { $0 }
      guard values.count == classes.count else {
        return StackedBarChart.Row(
          label: "\(year.period)", values: nil, note: "ingen sjukfrånvaro")
      }
      return StackedBarChart.Row(label: "\(year.period)", values: values)
    }

    var description = [
      "Varje stapel delar ett års sjukfrånvarotimmar efter sjukperiodens längd i "
        + "kalenderdagar; delarna är 100\u{00A0}% tillsammans."
    ]
    if let values = rows.last?.values {
      let parts = zip(classes, values).map { "\($0.1) \(percent($1))" }
      description.append("\(last.period): \(SickLeaveSummary.list(parts)).")
    }
    let long = rows.compactMap { row in row.values.map { (row.label, $0[2]) } }
    if long.count > 1, let oldest = long.first, let newest = long.last {
      description.append(
        "Andelen i sjukperioder om 60 dagar eller mer var \(percent(newest.1)) \(newest.0), "
          + "mot \(percent(oldest.1)) \(oldest.0).")
    }
    var notes: [String] = []
    if !withheldYears.isEmpty {
      let years = withheldYears.map(String.init)
      description.append(
        "Fördelningen \(SickLeaveSummary.list(years)) redovisas inte.")
      notes.append(
        "Ett år där någon del inte redovisas visas utan stapel: resten av stapeln skulle annars "
          + "visa den dolda andelen.")
    }
    notes += self.notes(withheld: !withheldYears.isEmpty, required: last)
    let span = first.period == last.period ? "\(last.period)" : "\(first.period)–\(last.period)"
    return ChartSpec(
      id: "sickleave-\(last.period)-sjukperioder",
      title: "Sjukfrånvaro efter sjukperiodens längd \(span)",
      description: description.joined(separator: " "), notes: notes,
      kind: .stackedBars(
        StackedBarChart(
          segments: zip(classes, colors).map { Series(name: $0.1, color: $1) }, rows: rows,
          axis: ValueAxis(
            title: "Andel av all sjukfrånvaro", format: .percent(decimals: 0), domain: 0...1))))
  }

  /// The total rate and the rates of women and men, the years side by side in each.
  /// - Parameter report: A sick-leave breakdown.
  /// - Returns: A ``BarChart`` spec with one series per year, oldest first; `nil` with fewer
  ///   than two years (the chart by sex and age shows one).
  public static func yearComparison(_ report: SickLeaveReport) -> ChartSpec? {
    guard report.years.count > 1, let first = report.years.first, let last = report.years.last
    else { return nil }
    let ramp = ["#92C5DE", "#4393C3", "#2166AC"].map(ChartColor.init)
    let years = report.years
    let series = years.enumerated().map { index, year in
      // The latest year darkest; older years lighter, as far back as the ramp goes.
      let shade = max(0, ramp.count - years.count + index)
      return Series(name: "\(year.period)", color: ramp[min(shade, ramp.count - 1)])
    }
    let groups: [(SexGroup, String)] = [(.women, "Kvinnor"), (.men, "Män"), (.all, "Totalt")]
    let rows = groups.map { sex, label in
      BarChart.Row(
        label: label, measures: years.map { measure($0.figure(.rate, sex: sex)) },
        emphasis: sex == .all ? .total : .normal)
    }

    var description: [String] = []
    let totals = years.reversed().compactMap { year in
      published(year.figure(.rate, sex: .all)).map { "\(percent($0)) \(year.period)" }
    }
    if !totals.isEmpty {
      description.append("Sjukfrånvaron totalt var \(SickLeaveSummary.list(totals)).")
    }
    for (sex, word) in [(SexGroup.women, "Kvinnornas"), (.men, "Männens")] {
      let values = years.reversed().compactMap { year in
        published(year.figure(.rate, sex: sex)).map { "\(percent($0)) \(year.period)" }
      }
      if !values.isEmpty {
        description.append("\(word) var \(SickLeaveSummary.list(values)).")
      }
    }
    let withheld = years.contains { year in
      groups.contains { year.figure(.rate, sex: $0.0)?.isSuppressed ?? false }
    }
    if withheld { description.append("Uppgifter som inte redovisas visas utan stapel.") }
    return ChartSpec(
      id: "sickleave-\(last.period)-jamforelse",
      title: "Sjukfrånvaro \(first.period)–\(last.period), totalt och per kön",
      description: description.joined(separator: " "),
      notes: notes(withheld: withheld, required: last),
      kind: .bars(
        BarChart(
          series: series, rows: rows,
          axis: ValueAxis(
            title: "Sjukfrånvaro, % av ordinarie arbetstid", format: .percent(decimals: 1)),
          namesSeriesInGaps: true)))
  }

  // MARK: - Helpers

  /// A figure as a bar: its value, or a gap saying why there is none. A withheld figure is
  /// a gap even when the report still holds its value.
  static func measure(_ figure: SickLeaveFigure?) -> Measure {
    guard let figure else { return .missing(note: "uppgift saknas") }
    if figure.isSuppressed { return .missing(note: withheldNote) }
    guard let value = figure.value else {
      return .missing(note: figure.employees == 0 ? "inga anställda" : "ingen arbetstid")
    }
    return .value(value)
  }

  /// The value of a published figure; `nil` when withheld or undefined.
  static func published(_ figure: SickLeaveFigure?) -> Double? {
    SickLeaveSummary.published(figure)
  }

  static func percent(_ fraction: Double) -> String {
    SwedishFormat.percent(fraction, decimals: 1)
  }

  static func ageLabel(_ band: AgeGroup) -> String {
    switch band {
    case .all: "Alla åldrar"
    case .upTo29: "29 år och yngre"
    case .from30To49: "30–49 år"
    case .from50: "50 år och äldre"
    }
  }

  static func notes(withheld: Bool, required year: SickLeaveYear) -> [String] {
    var notes: [String] = []
    if withheld {
      notes.append(
        "Ej redovisat: gruppen har högst tio anställda, uppgiften kan hänföras till en enskild "
          + "person, eller den skulle kunna räknas fram ur andra redovisade uppgifter "
          + "(11 kap. lagen om kommunal bokföring och redovisning).")
    }
    if !year.isRequired {
      let span = year.averagedPeriods.map(String.init).joined(separator: "–")
      notes.append(
        "Redovisning krävs inte \(year.period): högst tio anställda i genomsnitt \(span).")
    }
    return notes
  }
}
