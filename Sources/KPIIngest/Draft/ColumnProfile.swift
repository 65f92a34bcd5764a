import Foundation
import KPIModel

/// What one column of an export holds, as far as `kpi init` and `kpi inspect --column` need
/// to know: how often each distinct value occurs (up to ``ColumnProfile/distinctLimit``), and
/// what kind of column that makes it.
public struct ColumnProfile: Sendable {
  /// More distinct values than this and a column is not a question with answers to count.
  public static let distinctLimit = 60

  /// What a column is taken for.
  public enum Role: String, Sendable {
    /// Answers or a group: few distinct values, counted.
    case categorical
    /// A respondent id, a name, an e-mail or IP address: never shown.
    case identity
    /// A date or a time the tool wrote: never a question.
    case timestamp
    /// Free text: never shown.
    case freeText = "free text"
    /// A multi-select question's: several options to a cell (see ``choices``), counted per
    /// option.
    case multiSelect = "multi-select"
    /// Every cell blank.
    case empty
  }

  /// The column's header.
  public let name: String
  /// Non-blank cells.
  public private(set) var filled = 0
  /// Blank cells.
  public private(set) var blank = 0
  /// The distinct non-blank values (trimmed) with their counts, in order of first appearance;
  /// counting stops at ``distinctLimit`` + 1 values.
  public private(set) var values: [(value: String, count: Int)] = []
  private var index: [String: Int] = [:]
  private var overflow = false
  private var looksLikeAddress = 0
  private var looksLikeDate = 0
  private var longCells = 0
  /// The cells' parts between `;` and between `,`, as a multi-select question's options.
  private var semicolonParts = PartCounts()
  private var commaParts = PartCounts()

  /// Starts an empty profile of the column `name`.
  public init(name: String) { self.name = name }

  /// Counts one cell.
  public mutating func add(_ cell: String) {
    let value = cell.trimmingCharacters(in: .whitespacesAndNewlines)
    if value.isEmpty {
      blank += 1
      return
    }
    filled += 1
    if value.contains("@") || Self.isIPAddress(value) { looksLikeAddress += 1 }
    if Self.isDateLike(value) { looksLikeDate += 1 }
    if value.count > 40 { longCells += 1 }
    semicolonParts.add(value, separator: ";")
    commaParts.add(value, separator: ",")
    if let at = index[value] {
      values[at].count += 1
    } else if values.count <= Self.distinctLimit {
      index[value] = values.count
      values.append((value, 1))
    } else {
      overflow = true
    }
  }

  /// Whether more distinct values occurred than were counted.
  public var isOverflowing: Bool { overflow }

  /// When the column looks like a multi-select question's, several options to a cell (`A;B;`
  /// as Microsoft Forms writes them, `A, B` as Google Forms does): the separator, `;` when any
  /// cell holds one, else `,`, and the options in order of first appearance. It does when at
  /// least a quarter of the cells (and two) hold the separator, the options are 2 to 30, each
  /// chosen at least twice (typed text is not an option), and there are more distinct cells
  /// than options (they combine). A column whose header says free text never does.
  public var choices: (separator: String, options: [String])? {
    optionCounts.map { ($0.separator, $0.options.map(\.value)) }
  }

  /// ``choices`` with how many cells name each option.
  public var optionCounts: (separator: String, options: [(value: String, count: Int)])? {
    let parts = semicolonParts.cells > 0 ? semicolonParts : commaParts
    guard !isNamedFreeText, parts.cells >= 2, parts.cells * 4 >= filled, !parts.overflow,
      (2...30).contains(parts.parts.count), parts.parts.allSatisfy({ $0.count >= 2 }),
      parts.parts.allSatisfy({ $0.value.count <= 80 }),
      overflow || values.count > parts.parts.count
    else { return nil }
    return (semicolonParts.cells > 0 ? ";" : ",", parts.parts)
  }

  /// The parts of cells between a separator, counted: a multi-select question's options.
  struct PartCounts: Sendable {
    /// Cells holding the separator.
    var cells = 0
    var parts: [(value: String, count: Int)] = []
    var index: [String: Int] = [:]
    var overflow = false

    mutating func add(_ value: String, separator: Character) {
      guard value.contains(separator) else {
        count(value)
        return
      }
      cells += 1
      for part in value.split(separator: separator) {
        let option = part.trimmingCharacters(in: .whitespaces)
        if !option.isEmpty { count(option) }
      }
    }

    private mutating func count(_ option: String) {
      if let at = index[option] {
        parts[at].count += 1
      } else if parts.count <= ColumnProfile.distinctLimit {
        index[option] = parts.count
        parts.append((option, 1))
      } else {
        overflow = true
      }
    }
  }

  /// The header words of identity columns (compared on the lowercased header).
  static let identityWords = [
    "respondent", "e-mail", "email", "e-post", "epost", "ip address", "ip-adress", "ipaddress",
    "name", "namn", "personnummer", "responseid", "response id", "collector id", "custom data",
    "recipient", "externalreference", "location", "latitude", "longitude", "id",
  ]
  /// The header words of timestamp columns.
  static let timestampWords = [
    "timestamp", "tidstämpel", "start time", "completion time", "last modified", "start date",
    "end date", "startdate", "enddate", "recordeddate", "submitted", "inskickad", "datum",
    "date", "duration", "progress", "finished", "distributionchannel", "userlanguage",
    "status",
  ]

  /// The header words of free-text columns.
  static let freeTextWords = [
    "kommentar", "comment", "övrigt", "fritext", "synpunkt", "motivera", "beskriv", "describe",
    "explain", "other", "annat", "why", "varför", "förslag", "suggestion", "feedback on",
  ]

  /// Whether the header names one of `list`'s words (a long word or phrase anywhere, a short
  /// one as a word of its own).
  func names(_ list: [String]) -> Bool {
    let header = name.lowercased()
    let words = header.split { !$0.isLetter && !$0.isNumber && $0 != "-" }.map(String.init)
    return list.contains { word in
      word.contains(" ") || word.count > 4 ? header.contains(word) : words.contains(word)
    }
  }

  /// Whether the header says the column is free text (`Övriga synpunkter`, `Kommentar`).
  var isNamedFreeText: Bool { names(Self.freeTextWords) }

  /// What the column is taken for, from its header and its cells.
  public var role: Role {
    if filled == 0 { return .empty }
    if names(Self.identityWords) || looksLikeAddress * 2 > filled { return .identity }
    if names(Self.timestampWords) || looksLikeDate * 2 > filled { return .timestamp }
    // Before free text: the combinations of options are many, the options few.
    if choices != nil { return .multiSelect }
    // Answers repeat: a column whose values are mostly different from each other, or long,
    // is what people typed.
    if names(Self.freeTextWords) || overflow || longCells * 2 > filled
      || (values.count >= 5 && values.allSatisfy { $0.count == 1 })
      || (values.count > 12 && values.count * 2 > filled)
    {
      return .freeText
    }
    return .categorical
  }

  static func isIPAddress(_ text: String) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
  }

  /// `2025-03-01`, `3/14/2025 1:27 PM`, `2022/03/22 8:53:03 fm CET`: digits with two date
  /// separators and at least six digits.
  static func isDateLike(_ text: String) -> Bool {
    let digits = text.filter(\.isNumber).count
    let separators = text.filter { $0 == "-" || $0 == "/" || $0 == "." }.count
    return digits >= 6 && separators >= 2 && text.first?.isNumber == true
      && Double(text.replacingOccurrences(of: ",", with: ".")) == nil
  }
}

extension ColumnProfile {
  /// Reads every row of a table and profiles each column.
  /// - Throws: ``IngestError`` from the reader.
  public static func profiles<Source: RowSource>(_ table: inout TableReader<Source>)
    throws(IngestError) -> [ColumnProfile]
  {
    var profiles = table.header.map { ColumnProfile(name: $0) }
    while let row = try table.nextRow() {
      for column in profiles.indices { profiles[column].add(row[column]) }
    }
    try table.requireData()
    return profiles
  }
}
