import Foundation
import KPIAnalysis
import KPIIngest
import KPIModel

/// Reads a survey or questionnaire export against its spec and tallies it, printing nothing.
///
/// A large UTF-8 CSV is counted in blocks on every core; a sheet, a CSV in another encoding
/// (decoded once, as it is read), a weighted export and a file the blocks cannot cut are read
/// row by row. Both ways code a row with the same decoder, and a bad cell is reported with
/// file, row and column by the reading that found it.
enum SurveyInput {
  /// Reads `data` and tallies it.
  ///
  /// - Parameters:
  ///   - data: The export: CSV or XLSX.
  ///   - spec: Its spec; `invited:` given as a file is read relative to `specURL`.
  ///   - specURL: Where the spec was read from.
  ///   - kind: Survey or questionnaire.
  /// - Returns: The result, and notes for the user (the encoding, when it was not UTF-8).
  /// - Throws: ``IngestError`` for a bad input, `StatsError` for more answers than invited.
  static func tally(data: URL, spec: SurveySpec, specURL: URL, kind: SurveyKind) throws
    -> (result: SurveyResult, notices: [String])
  {
    let (tally, notices) = try read(data: data, spec: spec, specURL: specURL, kind: kind)
    return (try tally.result(), notices)
  }

  /// ``tally(data:spec:specURL:kind:)`` before the result is computed, for a caller that
  /// shows the notes even when the figures are refused (more answers than invited).
  static func read(data: URL, spec: SurveySpec, specURL: URL, kind: SurveyKind) throws
    -> (tally: SurveyTally, notices: [String])
  {
    var spec = spec
    if case .file(let path) = spec.invited {
      spec.invited = try SurveyAnalysis.readInvited(
        URL(fileURLWithPath: path, relativeTo: specURL.deletingLastPathComponent()))
    }
    let table = try TableReader.open(
      data, sheet: spec.sheet, headerRows: spec.headerRows, skipLines: spec.skipRows)
    var reader = try SurveyReader(spec: spec, table: table)
    var tally = SurveyTally(spec: spec, kind: kind)
    if let counts = try reader.counts(totalName: ungroupedName) {
      for (index, name) in counts.groups.enumerated() {
        tally.add(
          group: tally.group(name), respondents: counts.respondents[index],
          counts: counts.counts[index])
      }
      return (tally, [])
    }
    // Row by row, the weights summed in file order.
    var lastGroup: String?
    var lastIndex = 0
    try reader.read { group, weight, codes in
      let name = group ?? ungroupedName
      if name != lastGroup {
        lastIndex = tally.group(name)
        lastGroup = name
      }
      tally.add(group: lastIndex, weight: weight, answers: codes)
    }
    return (tally, reader.tableReader.source.encodingNotice.map { [$0] } ?? [])
  }
}
