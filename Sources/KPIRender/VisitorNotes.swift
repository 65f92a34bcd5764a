import KPIAnalysis
import KPIModel

// The Swedish wording of what the visitor analysis notes: the `note` column of visitors.csv,
// the trend's notes, the ranges, gaps and methods the summary and the charts name.

extension VisitorNote {
  /// The note as `visitors.csv` writes it, e.g. `föregående år saknar data för 2022-03`.
  public var swedishText: String {
    switch self {
    case .partialPeriod(let range):
      "ofullständig period (\(range.swedishText)); jämförs med samma "
        + (range.isWholeMonths ? "månader" : "dagar") + " tidigare år"
    case .incomplete(let who, let shortfall):
      (who.map { $0.swedishText + " " } ?? "") + shortfall.swedishText
    case .totalWithout(let categories):
      "utan " + categories.joined(separator: ", ")
    case .comparisonWithout(let who, let categories):
      "\(who.swedishText) utan \(categories.joined(separator: ", "))"
    case .comparisonLacksCategory(let who, let category):
      "\(who.swedishText) saknar \(category)"
    }
  }

  /// A row's notes in one cell, `; ` between them.
  public static func cell(_ notes: [VisitorNote]) -> String {
    notes.map(\.swedishText).joined(separator: "; ")
  }
}

extension VisitorComparison {
  /// `föregående år`, `basåret 2019`.
  public var swedishText: String {
    switch self {
    case .previousYear: "föregående år"
    case .baseYear(let year): "basåret \(year)"
    }
  }
}

extension VisitorShortfall {
  /// Why the sum is missing, e.g. `saknar data för 2022-03`.
  public var swedishText: String {
    switch self {
    case .missing(let date): "saknar data för \(date)"
    case .uncovered: "täcker inte hela perioden"
    case .indivisible: "har bara månadssummor, som inte kan delas upp på dagar"
    }
  }
}

extension TrendNote {
  /// The note in Swedish, lower case first, without a full stop.
  public var swedishText: String {
    switch self {
    case .linearTrendFailed(let message): "linjär trend kunde inte beräknas: \(message)"
    case .robustTrendFailed(let message): "robust trend kunde inte beräknas: \(message)"
    case .tooFewYears(let count): "trend kräver minst tre hela år, data har \(count)"
    case .noWholeMonths: "inga hela månader"
    case .seasonalIndexFailed(let message): "säsongsindex kunde inte beräknas: \(message)"
    case .seasonalIndexTooShort: "säsongsindex kräver minst 24 sammanhängande hela månader"
    case .noForecast: "ingen prognos: för lite data"
    }
  }
}

extension ForecastMethod {
  /// The method's name in Swedish, for the summary.
  public var swedish: String {
    switch self {
    case .seasonalTrendOrdinary: "säsongsindex × linjär trend"
    case .seasonalTrendRobust: "säsongsindex × robust trend"
    case .holtWinters: "Holt–Winters"
    }
  }
}

extension DayRange {
  /// The range in Swedish as reports write it: `januari–augusti` for whole months,
  /// `1 januari–15 augusti` otherwise (years left out: a range lies within one period).
  public var swedishText: String {
    let months = SwedishFormat.monthNames
    let a = start
    let b = end
    if isWholeMonths {
      return a.month == b.month && a.year == b.year
        ? months[a.month - 1] : "\(months[a.month - 1])–\(months[b.month - 1])"
    }
    return "\(a.day ?? 1) \(months[a.month - 1])–\(b.day ?? 1) \(months[b.month - 1])"
  }
}

extension VisitorGap {
  /// `allmänhet: 2023-03` or `allmänhet: 2023-03-14..2023-03-20 (7 dagar)`.
  public var swedishText: String {
    let unit =
      first.day == nil ? (count == 1 ? "månad" : "månader") : (count == 1 ? "dag" : "dagar")
    let span = count == 1 ? "\(first)" : "\(first)..\(last) (\(count) \(unit))"
    return "\(category): \(span)"
  }
}
