import KPIAnalysis

/// The tables of the sick-leave breakdown (SPEC §6): `sickleave.csv` for machines, and the
/// annual report's table (`sickleave-table.csv`, and as Swedish text for people).
///
/// A withheld figure is written as an empty cell (`..` in the text) whatever the report
/// holds: even a report made for internal use cannot leak a withheld value through here.
public enum SickLeaveTables {
  /// `period,measure,sex,age_group,employees,fte,numerator_hours,denominator_hours,value,
  /// suppressed,note`.
  public static let header = [
    "period", "measure", "sex", "age_group", "employees", "fte", "numerator_hours",
    "denominator_hours", "value", "suppressed", "note",
  ]

  /// One row per period and figure: rates (total, women, men, then each age band), then the
  /// spell-class shares (all, women, men for each class). Values are fractions.
  public static func rows(_ report: SickLeaveReport) -> [[CSVValue]] {
    report.figures.map { figure in
      let hidden = figure.isSuppressed
      return [
        .text(String(figure.period)), .text(figure.measure.rawValue), .text(figure.sex.rawValue),
        .text(figure.ageGroup.rawValue), .number(Double(figure.employees)), .number(figure.fte),
        .number(hidden ? nil : figure.numeratorHours),
        .number(hidden ? nil : figure.denominatorHours), .number(hidden ? nil : figure.value),
        .text(hidden ? "true" : "false"), .text(figure.note),
      ]
    }
  }

  /// A row of the annual report's table.
  public struct Line: Sendable, Equatable {
    /// The label as the report prints it.
    public var label: String
    /// `employees`, `fte`, or a ``SickLeaveMeasure`` raw value.
    public var measure: String
    /// The sex breakdown.
    public var sex: SexGroup
    /// The age band.
    public var ageGroup: AgeGroup
    /// Whether the label is a sub-row (Män, Kvinnor) under the row above.
    public var isIndented: Bool
  }

  /// The rows of the annual report's table, in its order: staff, total sick leave, the three
  /// spell classes, the three age bands; each with men and women below.
  public static let lines: [Line] = {
    var lines = [
      Line(
        label: "Antal anställda", measure: "employees", sex: .all, ageGroup: .all,
        isIndented: false),
      Line(
        label: "Antal anställda, åa", measure: "fte", sex: .all, ageGroup: .all,
        isIndented: false),
    ]
    func block(_ label: String, _ measure: SickLeaveMeasure, _ age: AgeGroup) {
      lines.append(
        Line(label: label, measure: measure.rawValue, sex: .all, ageGroup: age, isIndented: false))
      lines.append(
        Line(label: "Män", measure: measure.rawValue, sex: .men, ageGroup: age, isIndented: true))
      lines.append(
        Line(
          label: "Kvinnor", measure: measure.rawValue, sex: .women, ageGroup: age,
          isIndented: true))
    }
    block("Sjukfrånvaro totalt, % av ordinarie arbetstid", .rate, .all)
    block("Sjukfrånvaro 1–14 dagar, % av total sjukfrånvaro", .share1To14, .all)
    block("Sjukfrånvaro 15–59 dagar, % av total sjukfrånvaro", .share15To59, .all)
    block("Sjukfrånvaro 60 dagar eller mer, % av total sjukfrånvaro", .share60Plus, .all)
    block("Sjukfrånvaro 29 år och yngre", .rate, .upTo29)
    block("Sjukfrånvaro 30–49 år", .rate, .from30To49)
    block("Sjukfrånvaro 50 år och äldre", .rate, .from50)
    return lines
  }()

  /// What a cell of the report's table holds.
  public enum Cell: Sendable, Equatable {
    /// A published number: a count, FTE, or a fraction.
    case value(Double)
    /// Withheld.
    case suppressed
    /// Not defined (no sick hours to divide by) or no such year.
    case missing
  }

  /// The cell of `line` in `year`.
  public static func cell(_ line: Line, in year: SickLeaveYear) -> Cell {
    switch line.measure {
    case "employees": return .value(Double(year.employees))
    case "fte": return .value(year.fte)
    default:
      guard let measure = SickLeaveMeasure(rawValue: line.measure),
        let figure = year.figure(measure, sex: line.sex, age: line.ageGroup)
      else { return .missing }
      if figure.isSuppressed { return .suppressed }
      return figure.value.map(Cell.value) ?? .missing
    }
  }

  /// `label,measure,sex,age_group,` then one column per year.
  public static func reportHeader(_ report: SickLeaveReport) -> [String] {
    ["label", "measure", "sex", "age_group"] + report.years.map { String($0.period) }
  }

  /// The annual report's table for machines: fractions, empty cells where withheld.
  public static func reportRows(_ report: SickLeaveReport) -> [[CSVValue]] {
    lines.map { line in
      [
        .text(line.label), .text(line.measure), .text(line.sex.rawValue),
        .text(line.ageGroup.rawValue),
      ]
        + report.years.map { year in
          if case .value(let number) = cell(line, in: year) { return .number(number) }
          return .empty
        }
    }
  }

  /// One cell as the report prints it: one decimal, decimal comma, `%`; `..` withheld, `.`
  /// cannot exist.
  static func swedishCell(_ line: Line, in year: SickLeaveYear) -> String {
    switch cell(line, in: year) {
    case .suppressed: return ".."
    case .missing: return "."
    case .value(let number):
      switch line.measure {
      case "employees": return SwedishFormat.number(number)
      case "fte": return SwedishFormat.number(number, decimals: 1)
      default: return SwedishFormat.percent(number, decimals: 1)
      }
    }
  }

  /// The annual report's table for the HTML report and the notebook.
  public static func reportTable(_ report: SickLeaveReport) -> ReportTable {
    ReportTable(
      caption: "Sjukfrånvaro (.. = ej redovisat enligt lagen om kommunal bokföring)",
      header: ["Sjukfrånvaro, %"] + report.years.map { String($0.period) },
      rows: lines.map { line in
        [(line.isIndented ? "\u{2003}" : "") + line.label]
          + report.years.map { swedishCell(line, in: $0) }
      })
  }

  /// The annual report's table as Swedish text: one decimal, decimal comma, `%`; `..` for a
  /// withheld figure and `.` for one that cannot exist (no sick leave to divide), as
  /// Statistics Sweden marks them; notes below.
  public static func reportText(_ report: SickLeaveReport) -> String {
    let years = report.years
    guard let first = years.first, let last = years.last else { return "" }
    let title =
      "Sjukfrånvaro "
      + (first.period == last.period ? "\(last.period)" : "\(first.period)–\(last.period)")
    let labels = lines.map { ($0.isIndented ? "  " : "") + $0.label }
    let cells = lines.map { line in years.map { swedishCell(line, in: $0) } }
    let labelWidth = max(title.count, labels.map(\.count).max() ?? 0)
    let columnWidth = max(7, cells.flatMap { $0.map(\.count) }.max() ?? 0)
    func pad(_ text: String, _ width: Int, left: Bool) -> String {
      let fill = String(repeating: " ", count: max(0, width - text.count))
      return left ? text + fill : fill + text
    }
    var text = pad(title, labelWidth, left: true)
    for year in years { text += "  " + pad(String(year.period), columnWidth, left: false) }
    text += "\n"
    for (label, row) in zip(labels, cells) {
      text += pad(label, labelWidth, left: true)
      for value in row { text += "  " + pad(value, columnWidth, left: false) }
      text += "\n"
    }
    text += "\n"
    text +=
      "Sjukfrånvaro: sjuktimmar i procent av den ordinarie arbetstiden. Sjukperiodens längd "
      + "räknas i kalenderdagar; andelarna är procent av all sjukfrånvaro. Ålder vid årets "
      + "slut. Åa = årsarbetare.\n"
    if years.contains(where: { $0.figures.contains(where: \.isSuppressed) }) {
      text +=
        ".. = redovisas inte: gruppen har högst tio anställda, uppgiften kan hänföras till en "
        + "enskild person, eller den skulle kunna räknas fram ur andra redovisade uppgifter "
        + "(11 kap. lagen om kommunal bokföring och redovisning).\n"
    }
    if cells.contains(where: { $0.contains(".") }) {
      text += ". = ingen sjukfrånvaro att fördela.\n"
    }
    for year in years where !year.isRequired {
      let span = year.averagedPeriods.map(String.init).joined(separator: "–")
      text += "\(year.period): redovisning krävs inte (högst tio anställda i genomsnitt \(span)).\n"
    }
    return text
  }
}
