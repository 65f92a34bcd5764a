import KPIAnalysis

/// The Swedish text of a sick-leave breakdown, in the words of the annual report: "Sjukfrånvaron
/// 2025 var 2,2 % av den ordinarie arbetstiden, jämfört med 2,0 % 2024 och 3,3 % 2023."
///
/// Only published figures appear; a withheld one is named as withheld, never given.
public enum SickLeaveSummary {
  /// The paragraph for the latest year of `report`, compared with the earlier years.
  /// - Returns: Plain text, one sentence a line; empty when the report has no years.
  public static func text(_ report: SickLeaveReport) -> String {
    guard let year = report.years.last else { return "" }
    let earlier = report.years.dropLast().reversed()
    var lines: [String] = []

    if let total = published(year.figure(.rate, sex: .all)) {
      var sentence =
        "Sjukfrånvaron \(year.period) var \(percent(total)) av den ordinarie arbetstiden"
      let comparisons = earlier.compactMap { before in
        published(before.figure(.rate, sex: .all)).map { "\(percent($0)) \(before.period)" }
      }
      if !comparisons.isEmpty { sentence += ", jämfört med " + list(comparisons) }
      lines.append(sentence + ".")
    } else {
      lines.append("Sjukfrånvaron \(year.period) redovisas inte.")
    }

    let women = published(year.figure(.rate, sex: .women))
    let men = published(year.figure(.rate, sex: .men))
    switch (women, men) {
    case (let women?, let men?):
      lines.append("Kvinnornas sjukfrånvaro var \(percent(women)) och männens \(percent(men)).")
    case (let women?, nil):
      lines.append("Kvinnornas sjukfrånvaro var \(percent(women)); männens redovisas inte.")
    case (nil, let men?):
      lines.append("Männens sjukfrånvaro var \(percent(men)); kvinnornas redovisas inte.")
    case (nil, nil):
      lines.append("Sjukfrånvaron per kön redovisas inte.")
    }

    let classes: [(SickLeaveMeasure, String)] = [
      (.share1To14, "sjukperioder om 1–14 dagar"), (.share15To59, "15–59 dagar"),
      (.share60Plus, "60 dagar eller mer"),
    ]
    let shown = classes.compactMap { measure, words in
      published(year.figure(measure, sex: .all)).map { "\(percent($0)) \(words)" }
    }
    if !shown.isEmpty {
      var sentence = "Av den totala sjukfrånvaron avsåg " + list(shown)
      if shown.count < classes.count { sentence += "; övriga sjukperioder redovisas inte" }
      lines.append(sentence + ".")
    } else if year.figure(.rate, sex: .all)?.numeratorHours ?? 0 > 0 {
      lines.append("Sjukfrånvaron per sjukperiodens längd redovisas inte.")
    }

    let bands: [(AgeGroup, String)] = [
      (.upTo29, "29 år och yngre"), (.from30To49, "30–49 år"), (.from50, "50 år och äldre"),
    ]
    let ages = bands.compactMap { band, words in
      published(year.figure(.rate, sex: .all, age: band)).map { "\(percent($0)) för \(words)" }
    }
    if ages.count == bands.count {
      lines.append("Per åldersgrupp var sjukfrånvaron " + list(ages) + ".")
    } else if !ages.isEmpty {
      lines.append(
        "Per åldersgrupp var sjukfrånvaron " + list(ages)
          + "; övriga åldersgrupper redovisas inte.")
    } else {
      lines.append("Sjukfrånvaron per åldersgrupp redovisas inte.")
    }

    lines.append(
      "Antalet anställda var \(SwedishFormat.number(Double(year.employees))), motsvarande "
        + "\(SwedishFormat.number(year.fte, decimals: 1)) årsarbetare.")
    if year.employees < 100 {
      lines.append(
        "Med endast \(SwedishFormat.number(Double(year.employees))) anställda kan enstaka "
          + "personer leda till stora svängningar i mätningarna.")
    }
    let withheld = year.figures.filter(\.isSuppressed).count
    if withheld > 0 {
      lines.append(
        "\(withheld) av \(year.figures.count) uppgifter för \(year.period) redovisas inte, "
          + "eftersom gruppen har högst tio anställda, uppgiften kan hänföras till en enskild "
          + "person eller den annars skulle kunna räknas fram ur de redovisade uppgifterna.")
    }
    if !year.isRequired {
      let span = year.averagedPeriods.map(String.init).joined(separator: "–")
      lines.append(
        "Redovisning av sjukfrånvaro krävs inte: högst tio anställda i genomsnitt \(span).")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The value of a published figure; `nil` when withheld or undefined.
  static func published(_ figure: SickLeaveFigure?) -> Double? {
    guard let figure, !figure.isSuppressed else { return nil }
    return figure.value
  }

  static func percent(_ fraction: Double) -> String {
    SwedishFormat.percent(fraction, decimals: 1)
  }

  /// `a`, `a och b`, `a, b och c`.
  static func list(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " och " + items.last!
  }
}
