import Foundation
import KPIModel

/// What a survey export adds up to: respondents and answer counts per group, groups in the
/// order they first appear.
public struct SurveyCounts: Sendable, Equatable {
  /// Group names, trimmed, in order of first appearance.
  public var groups: [String] = []
  /// Respondents per group.
  public var respondents: [Double] = []
  /// counts[group][question][code], codes as ``SurveyReader/answerLabels``.
  public var counts: [[[Double]]] = []

  public init() {}
}

extension SurveyReader where Source == TableFile {
  /// Counts a large CSV export on every core (see ``CSVBlocks``), or returns `nil` when the
  /// fast path does not apply or gives up — a sheet, a weight column, a bad cell, a
  /// malformed file — and ``read(_:)`` must do the work (and report what is wrong).
  /// - Parameters:
  ///   - totalName: The one group's name when the export has no group column.
  ///   - blockSize: Bytes per block (small in tests, to try the cuts).
  ///   - threshold: Data up to this size is read as one block.
  public func fastCounts(
    totalName: String, blockSize: Int? = nil,
    threshold: Int = CSVBlocks.parallelThreshold
  ) -> SurveyCounts? {
    guard weightColumn == nil, let layout = tableReader.blockLayout else { return nil }
    let plan = FastPlan(
      columns: layout.columns, groupColumn: groupColumn, questionColumns: questionColumns,
      width: answerLabels.count, exactLabels: exactLabels, lenientCodes: lenientCodes,
      totalName: totalName)
    var total = SurveyCounts()
    var groupIndex: [String: Int] = [:]
    let finished = CSVBlocks.scan(layout, blockSize: blockSize, threshold: threshold) {
      records in
      plan.count(&records)
    } merge: { part in
      for (local, name) in part.groups.enumerated() {
        let global: Int
        if let known = groupIndex[name] {
          global = known
        } else {
          global = total.groups.count
          groupIndex[name] = global
          total.groups.append(name)
          total.respondents.append(0)
          total.counts.append(
            [[Double]](
              repeating: [Double](repeating: 0, count: plan.width),
              count: plan.questionColumns.count))
        }
        total.respondents[global] += Double(part.respondents[local])
        for q in plan.questionColumns.indices {
          for code in 0..<plan.width {
            total.counts[global][q][code] += Double(part.counts[plan.offset(local, q, code)])
          }
        }
      }
    }
    return finished && !total.groups.isEmpty ? total : nil
  }
}

/// What one block of a survey export adds up to, groups by local index.
struct SurveyBlockCounts: Sendable {
  var groups: [String] = []
  var respondents: [Int] = []
  /// Flat [group][question][code].
  var counts: [Int] = []
}

/// The reading of one export, shared read-only by the blocks.
struct FastPlan: Sendable {
  let columns: Int
  let groupColumn: Int?
  let questionColumns: [Int]
  let width: Int
  let exactLabels: [[UInt8]]
  let lenientCodes: [String: Int]
  let totalName: String

  @inline(__always)
  func offset(_ group: Int, _ question: Int, _ code: Int) -> Int {
    (group * questionColumns.count + question) * width + code
  }

  /// The code of an answer as ``SurveyReader`` decides it; `nil` for an unknown answer.
  func code(_ text: String) -> Int? {
    SurveyReader<TableFile>.code(text, exactLabels: exactLabels, lenientCodes: lenientCodes)
  }

  func count(_ records: inout BlockRecords) -> SurveyBlockCounts? {
    var part = SurveyBlockCounts()
    var groups = SmallByteCache()
    var groupIndex: [String: Int] = [:]
    var answers = SmallByteCache()
    let perGroup = questionColumns.count * width
    var codes = [Int](repeating: 0, count: questionColumns.count)
    while let record = records.next() {
      guard record.fits(columns: columns) else { return nil }
      if record.isBlank { continue }
      var group = 0
      if let groupColumn {
        let field = record.field(groupColumn)
        if let known = groups.find(field) {
          group = known
        } else {
          // Cells that differ only in spaces around the name are the same group.
          let name = String(record.string(groupColumn).trimmingSpaces)
          guard !name.isEmpty else { return nil }
          if let existing = groupIndex[name] {
            group = existing
          } else {
            group = part.groups.count
            groupIndex[name] = group
            part.groups.append(name)
            part.respondents.append(0)
            part.counts += [Int](repeating: 0, count: perGroup)
          }
          groups.add(field, group)
        }
      } else if part.groups.isEmpty {
        part.groups.append(totalName)
        part.respondents.append(0)
        part.counts += [Int](repeating: 0, count: perGroup)
      }
      for (q, column) in questionColumns.enumerated() {
        let field = record.field(column)
        if field.isEmpty {
          codes[q] = -1
        } else if let known = answers.find(field) {
          codes[q] = known
        } else {
          guard let code = code(record.string(column)) else { return nil }
          answers.add(field, code)
          codes[q] = code
        }
      }
      part.respondents[group] += 1
      let base = group * perGroup
      for q in codes.indices where codes[q] >= 0 {
        part.counts[base + q * width + codes[q]] += 1
      }
    }
    return part
  }
}
