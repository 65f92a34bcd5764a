import Foundation
import KPIModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a survey export adds up to: respondents and answer counts per group, groups in the
/// order they first appear.
public struct SurveyCounts: Sendable, Equatable {
  /// Group names, trimmed, in order of first appearance.
  public var groups: [String] = []
  /// Respondents per group.
  public var respondents: [Double] = []
  /// counts[group][question][code], codes as ``SurveyReader/answerLabels`` (a multi-select
  /// question's as ``SurveySpec/countWidth`` says).
  public var counts: [[[Double]]] = []

  public init() {}
}

/// Reads a survey export against its spec: finds the columns, and codes every answer as a
/// small integer for the tally.
///
/// Codes are the position in ``answerLabels`` (the scale, then the non-blank
/// `not_substantive` answers), or −1 for a blank cell. An answer matches a label exactly, or
/// after trimming, ignoring case and collapsing white space, or through the spec's
/// `synonyms`; anything else is an error naming file, row and column. Rows come from the table
/// one at a time (``read(_:)``), or, for a large UTF-8 CSV, in blocks on every core
/// (``counts(totalName:blockSize:threshold:)``); both code a row with one
/// ``SurveyRowDecoder``.
public struct SurveyReader<Source: RowSource> {
  /// The spec.
  public let spec: SurveySpec
  /// The labels codes point into.
  public var answerLabels: [String] { plan.answerLabels }
  private var table: TableReader<Source>
  let plan: SurveyPlan

  /// Resolves the spec's columns against the table's header.
  /// - Throws: ``IngestError`` `.missingColumn` for every column the spec names that the
  ///   header lacks (each with the nearest header as a suggestion).
  public init(spec: SurveySpec, table: TableReader<Source>) throws(IngestError) {
    self.spec = spec
    self.table = table
    var missing: [Diagnostic] = []
    func find(_ name: String, _ purpose: String) -> Int? {
      do {
        return try table.requireColumn(name, purpose: purpose)
      } catch {
        missing += error.diagnostics
        return nil
      }
    }
    let groupColumn = spec.groupColumn.flatMap { find($0, "group") }
    let weightColumn = spec.weightColumn.flatMap { find($0, "weight") }
    let questionColumns = spec.questions.map { question in
      question.optionColumns == nil ? find(question.column, "question \(question.id)") ?? -1 : -1
    }
    // A multi-select question with one column per option: every option's column.
    let optionColumns = spec.questions.map { question in
      question.optionColumns.map { names in
        names.map { find($0, "an option of question \(question.id)") ?? -1 }
      }
    }
    if !missing.isEmpty { throw IngestError(.missingColumn, missing) }
    plan = SurveyPlan(
      spec: spec, fileName: table.fileName, header: table.header, groupColumn: groupColumn,
      weightColumn: weightColumn,
      questionColumns: zip(questionColumns, optionColumns).map { $1?.first ?? $0 },
      optionColumns: optionColumns)
  }

  /// The table's file name.
  public var fileName: String { table.fileName }
  /// The data rows read so far.
  public var rowCount: Int { table.rowCount }
  /// The underlying table reader.
  public var tableReader: TableReader<Source> { table }

  /// Reads every row and hands it to `body` as (group, weight, codes): the group is `nil`
  /// without a group column, ``ungroupedName`` for a blank cell counted in `Totalt` only. The
  /// codes array is reused between calls.
  /// - Throws: ``IngestError``: up to 20 cell diagnostics at once, or a structural error.
  public mutating func read(_ body: (String?, Double, [Int]) throws -> Void) throws {
    var collector = DiagnosticCollector()
    var decoder = SurveyRowDecoder(plan: plan, totalName: nil)
    var found: [Diagnostic] = []
    let questions = plan.questionColumns.count
    var codes = [Int](repeating: -1, count: questions)
    let decoded = UnsafeMutablePointer<Int>.allocate(capacity: max(1, questions))
    defer { decoded.deallocate() }
    while let row = try table.nextRow() {
      let valid = row.bytes.withUnsafeBufferPointer { bytes in
        decoder.decode(
          RowFields(row: row, bytes: bytes), line: row.line, codes: decoded, into: &found)
      }
      for diagnostic in found { try collector.add(diagnostic) }
      found.removeAll(keepingCapacity: true)
      if valid {
        for q in 0..<questions { codes[q] = decoded[q] }
        let group = plan.groupColumn == nil ? nil : decoder.groupNames[decoder.group]
        try body(group, decoder.weight, codes)
      }
    }
    try table.requireData()
    try collector.finish()
  }
}

extension SurveyReader where Source == TableFile {
  /// Counts a large UTF-8 CSV export on every core (see ``CSVBlocks``), with the errors of
  /// its cells and the shape of its rows located by the block that found them; `nil` when
  /// blocks do not apply — a sheet, another encoding, a weight column (whose sums must be
  /// taken in file order) — or when they cannot read the file (a quoted line break where a
  /// block was cut, or a malformed file), and ``read(_:)`` must read it.
  /// - Parameters:
  ///   - totalName: The one group's name when the export has no group column.
  ///   - blockSize: Bytes per block (small in tests, to try the cuts).
  ///   - threshold: Data up to this size is read as one block.
  /// - Throws: ``IngestError``: up to 20 cell diagnostics at once, a ragged row, or a header
  ///   without data rows.
  public func counts(
    totalName: String, blockSize: Int? = nil, threshold: Int = CSVBlocks.parallelThreshold
  ) throws(IngestError) -> SurveyCounts? {
    guard plan.weightColumn == nil, let layout = table.blockLayout,
      let headerLines = Self.lineBreaks(layout.url, upTo: layout.dataStart)
    else { return nil }
    let plan = self.plan
    let width = plan.width
    let questions = plan.questionColumns.count
    var total = SurveyCounts()
    var groupIndex: [String: Int] = [:]
    var rows = 0
    // Rows of a block count from 1 at its start: the lines before it make them the file's.
    var linesBefore = headerLines
    var diagnostics: [Diagnostic] = []
    var stop: IngestError?
    let finished = CSVBlocks.scan(layout, blockSize: blockSize, threshold: threshold) {
      records in
      plan.count(&records, totalName: totalName)
    } mergeWhile: { part in
      func located(_ diagnostic: Diagnostic) -> Diagnostic {
        var diagnostic = diagnostic
        diagnostic.row = diagnostic.row.map { $0 + linesBefore }
        return diagnostic
      }
      for diagnostic in part.diagnostics {
        diagnostics.append(located(diagnostic))
        if diagnostics.count == IngestError.maximumDiagnostics {
          stop = IngestError(.invalidValue, diagnostics)
          return false
        }
      }
      if let error = part.stop {
        stop = IngestError(error.code, error.diagnostics.map(located))
        return false
      }
      rows += part.rows
      linesBefore += part.lines
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
            [[Double]](repeating: [Double](repeating: 0, count: width), count: questions))
        }
        total.respondents[global] += Double(part.respondents[local])
        for q in 0..<questions {
          for code in 0..<width {
            total.counts[global][q][code] += Double(
              part.counts[(local * questions + q) * width + code])
          }
        }
      }
      return true
    }
    if let stop { throw stop }
    guard finished else { return nil }
    if rows == 0 { try table.requireData() }
    if !diagnostics.isEmpty { throw IngestError(.invalidValue, diagnostics) }
    return total
  }
}

extension SurveyReader where Source == TableFile {
  /// The line breaks before `offset` (CR, LF and CR LF count one each, as ``RecordScanner``
  /// counts them): the header's lines, before the first block.
  static func lineBreaks(_ url: URL, upTo offset: Int) -> Int? {
    // Read as the blocks read the file, without Foundation's file handles.
    let fd = open(url.path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var head = [UInt8](repeating: 0, count: offset)
    guard head.withUnsafeMutableBytes({ CSVBlocks.readFully(fd, $0, at: 0) }) else { return nil }
    var breaks = 0
    var afterCR = false
    for byte in head {
      if byte == 0x0D || (byte == 0x0A && !afterCR) { breaks += 1 }
      afterCR = byte == 0x0D
    }
    return breaks
  }
}

/// What one block of a survey export adds up to, groups by local index, and what is wrong in
/// it, rows counted from the block's first line.
struct SurveyBlockCounts: Sendable {
  var groups: [String] = []
  var respondents: [Int] = []
  /// Flat [group][question][code].
  var counts: [Int] = []
  /// Data rows, bad ones too.
  var rows = 0
  /// Line breaks in the block.
  var lines = 0
  var diagnostics: [Diagnostic] = []
  /// A row that ends the reading (one not shaped as the header).
  var stop: IngestError?
}

/// The reading of one export, resolved against its header once: shared read-only by the
/// blocks.
struct SurveyPlan: Sendable {
  let fileName: String
  let header: [String]
  let groupColumn: Int?
  let weightColumn: Int?
  let questionColumns: [Int]
  /// What a blank group cell counts as.
  let missingGroup: MissingGroup
  /// The scale, then the non-blank `not_substantive` answers.
  let answerLabels: [String]
  let exactLabels: [[UInt8]]
  let lenientCodes: [String: Int]
  /// Count slots per question and group (``SurveySpec/countWidth``).
  let width: Int
  /// Per question, how a multi-select question's cells are read; `nil` for a single-answer
  /// question.
  let choices: [ChoicePlan?]
  /// Per question, the slot of a multi-select question's answered count; −1 for a
  /// single-answer question.
  let choiceSlots: [Int]
  /// Per question, the columns of a multi-select question exported as one column per option;
  /// `nil` for a question in one column.
  let optionColumns: [[Int]?]
  /// Whether any question is a multi-select one.
  let hasChoices: Bool

  init(
    spec: SurveySpec, fileName: String, header: [String], groupColumn: Int?,
    weightColumn: Int?, questionColumns: [Int], optionColumns: [[Int]?]? = nil
  ) {
    self.optionColumns = optionColumns ?? spec.questions.map { _ in nil }
    self.fileName = fileName
    self.header = header
    self.groupColumn = groupColumn
    self.weightColumn = weightColumn
    self.questionColumns = questionColumns
    missingGroup = spec.missingGroup
    answerLabels = spec.scale + spec.notSubstantive.filter { !$0.isEmpty }
    exactLabels = answerLabels.map { Array($0.utf8) }
    var lenient: [String: Int] = [:]
    for (code, label) in answerLabels.enumerated() { lenient[Self.fold(label)] = code }
    for (synonym, target) in spec.synonyms {
      if let code = answerLabels.firstIndex(of: target) { lenient[Self.fold(synonym)] = code }
    }
    lenientCodes = lenient
    width = spec.countWidth
    choices = spec.questions.map { question in
      question.multiple ? ChoicePlan(spec: spec, question: question) : nil
    }
    choiceSlots = spec.questions.map { $0.multiple ? spec.choices($0).count : -1 }
    hasChoices = spec.questions.contains(where: \.multiple)
  }

  /// The code of an answer's text: −1 for a blank, the label it equals, or the label it equals
  /// after folding case and white space (or through a synonym); `nil` for an unknown answer.
  func code(_ text: String) -> Int? {
    if text.isEmpty { return -1 }
    if let exact = exactLabels.firstIndex(where: { $0.elementsEqual(text.utf8) }) {
      return exact
    }
    let folded = Self.fold(text)
    if folded.isEmpty { return -1 }
    return lenientCodes[folded]
  }

  /// Lower case, white space collapsed, trimmed.
  static func fold(_ text: String) -> String {
    text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }

  /// Counts the records of one block, up to the first row that ends the reading or the
  /// 20th diagnostic.
  func count(_ records: inout BlockRecords, totalName: String) -> SurveyBlockCounts {
    var part = SurveyBlockCounts()
    var decoder = SurveyRowDecoder(plan: self, totalName: totalName)
    let width = self.width
    let questions = questionColumns.count
    let perGroup = questions * width
    let hasChoices = self.hasChoices
    // Not an array: a store into an array held by the decoder is checked for uniqueness
    // every time, which costs more than the rest of the row.
    let codes = UnsafeMutablePointer<Int>.allocate(capacity: max(1, questions))
    defer { codes.deallocate() }
    while let record = records.next() {
      if record.isBlank { continue }
      if !record.fits(columns: header.count) {
        part.stop = shapeError(
          fields: record.count, columns: header.count, allowsShortRows: false, file: fileName,
          line: record.line, isEmpty: { record.field($0).isEmpty })
        break
      }
      part.rows += 1
      guard decoder.decode(record, line: record.line, codes: codes, into: &part.diagnostics)
      else {
        if part.diagnostics.count >= IngestError.maximumDiagnostics { break }
        continue
      }
      while part.groups.count < decoder.groupNames.count {
        part.groups.append(decoder.groupNames[part.groups.count])
        part.respondents.append(0)
        part.counts += [Int](repeating: 0, count: perGroup)
      }
      let group = decoder.group
      part.respondents[group] += 1
      let base = group * perGroup
      for q in 0..<questions where codes[q] >= 0 {
        let slot = hasChoices ? choiceSlots[q] : -1
        if slot >= 0 {
          // A multi-select answer: the options chosen as bits, and one answer.
          var chosen = codes[q]
          while chosen != 0 {
            part.counts[base + q * width + chosen.trailingZeroBitCount] += 1
            chosen &= chosen - 1
          }
          part.counts[base + q * width + slot] += 1
        } else {
          part.counts[base + q * width + codes[q]] += 1
        }
      }
    }
    part.lines = records.lines
    return part
  }
}

/// A record's fields as UTF-8 bytes: a block's record or a table's row.
protocol RecordFields {
  /// The bytes of field `index`; empty past the end.
  func field(_ index: Int) -> UnsafeBufferPointer<UInt8>
}

extension RecordView: RecordFields {}

/// A ``Row``'s fields, while its bytes are at hand.
struct RowFields: RecordFields {
  let row: Row
  let bytes: UnsafeBufferPointer<UInt8>

  func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
    guard index < row.count else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(rebasing: bytes[row.range(index)])
  }
}

/// Codes the rows of a survey export: the group, the weight and an answer code per question,
/// or a diagnostic naming file, row and column for each cell that has none. This is the one
/// place the answer-coding rule lives, for rows of a table and records of a block alike.
///
/// The cells seen before are found by their bytes (most exports repeat a few answers and
/// groups), anything new goes through ``SurveyPlan/code(_:)`` once.
struct SurveyRowDecoder {
  let plan: SurveyPlan
  /// Group names by index, in order of first appearance.
  private(set) var groupNames: [String] = []
  /// The last row's group, an index into ``groupNames``.
  private(set) var group = 0
  /// The last row's weight: 1 without a weight column.
  private(set) var weight = 1.0
  private var groupIndex: [String: Int] = [:]
  private var groupCache = SmallByteCache()
  private var answerCache = SmallByteCache()
  /// Multi-select cells seen before, per question (their codes are the options' bits, not
  /// an answer's code).
  private var choiceCaches: [SmallByteCache]

  /// - Parameter totalName: The one group of an export without a group column.
  init(plan: SurveyPlan, totalName: String?) {
    self.plan = plan
    choiceCaches = plan.choices.map { _ in SmallByteCache() }
    if plan.groupColumn == nil, let totalName {
      groupNames = [totalName]
      groupIndex[totalName] = 0
    }
  }

  /// Codes one row into `codes`, one per question; `false`, with a diagnostic for each bad
  /// cell added, when it has any.
  @inline(__always)
  mutating func decode<Record: RecordFields>(
    _ record: Record, line: Int, codes: UnsafeMutablePointer<Int>,
    into diagnostics: inout [Diagnostic]
  ) -> Bool {
    // What is rare (a cell not seen before, a weight, a bad cell) is out of line, so that
    // the loop over the answers stays in the block's loop.
    var valid = true
    if let column = plan.groupColumn {
      let field = record.field(column)
      if let known = groupCache.find(field) {
        group = known
      } else if let added = addGroup(field) {
        group = added
      } else if field.isEmpty || String(decoding: field, as: UTF8.self).trimmingSpaces.isEmpty {
        switch plan.missingGroup {
        case .notStated: group = named(notStatedGroupName)
        case .totalOnly: group = named(ungroupedName)
        case .error:
          valid = false
          diagnostics.append(
            diagnostic(
              line, column,
              "expected a group name in column \"\(plan.header[column])\", "
                + "found an empty cell (or set `missing_group: ej_angivet` in the spec)"))
        }
      } else {
        // A group called Totalt would be taken for the computed total in every output.
        valid = false
        diagnostics.append(
          diagnostic(
            line, column,
            "the group \(MessageText.quote(String(decoding: field, as: UTF8.self))) in column "
              + "\"\(plan.header[column])\" has the name of the total; rename it in the export"))
      }
    }
    if let column = plan.weightColumn, !readWeight(record.field(column), line, column, &diagnostics)
    {
      valid = false
    }
    // Checked once per row, so that an export of single answers only loops as before.
    let hasChoices = plan.hasChoices
    for q in plan.questionColumns.indices {
      let column = plan.questionColumns[q]
      if hasChoices, plan.choiceSlots[q] >= 0 {
        if let chosen = choiceCode(record, q, line, column, &diagnostics) {
          codes[q] = chosen
        } else {
          valid = false
        }
        continue
      }
      let field = record.field(column)
      if field.isEmpty {
        codes[q] = -1
      } else if let known = answerCache.find(field) {
        codes[q] = known
      } else if let code = addAnswer(field) {
        codes[q] = code
      } else {
        valid = false
        let text = String(decoding: field, as: UTF8.self)
        let hint = Self.nearestHint(text, plan.answerLabels)
        diagnostics.append(
          diagnostic(
            line, column,
            "unknown answer \(Diagnostic.quote(text)) in column \"\(plan.header[column])\""
              + hint + " (expected one of: " + plan.answerLabels.joined(separator: ", ") + ")"))
      }
    }
    return valid
  }

  /// The "did you mean" of an unknown answer's message: the nearest of `answers`, or nothing.
  static func nearestHint(_ text: String, _ answers: [String]) -> String {
    let nearest = nearestAnswers(text, answers)
    guard !nearest.isEmpty else { return "" }
    return "; did you mean " + nearest.map { Diagnostic.quote($0) }.joined(separator: " or ")
      + "? (free-typed answers are mapped under synonyms:)"
  }

  /// The known answers nearest to an unknown one, as a person typing it would have meant
  /// (case and surrounding spaces ignored): those at the smallest edit distance, when that is
  /// at most 2 or a third of the answer's length ("Yesss", "Nope" → Yes, No); none for an
  /// answer like no other ("Kanske" on an agreement scale).
  static func nearestAnswers(_ text: String, _ answers: [String]) -> [String] {
    let typed = TableReader<TableFile>.normalize(text)
    guard !typed.isEmpty, typed.count <= 80 else { return [] }
    let distances = answers.map { editDistance(TableReader<TableFile>.normalize($0), typed) }
    guard let best = distances.min() else { return [] }
    return zip(answers, distances).filter { answer, distance in
      distance == best && distance <= max(2, answer.count / 3)
    }.map(\.0)
  }

  @inline(never)
  private func diagnostic(_ line: Int, _ column: Int, _ message: String) -> Diagnostic {
    Diagnostic(file: plan.fileName, row: line, column: column + 1, message: message)
  }

  /// Sets ``weight`` from a cell; `false`, with a diagnostic added, for a bad one.
  @inline(never)
  private mutating func readWeight(
    _ field: UnsafeBufferPointer<UInt8>, _ line: Int, _ column: Int,
    _ diagnostics: inout [Diagnostic]
  ) -> Bool {
    let text = String(decoding: field, as: UTF8.self)
    guard let value = CellParser.number(text), value >= 0 else {
      diagnostics.append(
        diagnostic(
          line, column,
          "expected a non-negative number (weight), found \(Diagnostic.quote(text))"))
      return false
    }
    weight = value
    return true
  }

  /// The options a multi-select cell chose, as bits (−1 for a cell of separators and spaces
  /// only), remembered by the cell's bytes; `nil`, with a diagnostic added, for a cell with an
  /// answer that is none of the options.
  @inline(never)
  private mutating func choiceCode(
    _ field: UnsafeBufferPointer<UInt8>, _ q: Int, _ line: Int, _ column: Int,
    _ diagnostics: inout [Diagnostic]
  ) -> Int? {
    if let known = choiceCaches[q].find(field) { return known }
    guard let choice = plan.choices[q] else { return nil }
    switch choice.read(String(decoding: field, as: UTF8.self)) {
    case .chosen(let bits):
      let code = bits == 0 ? -1 : bits
      choiceCaches[q].add(field, code)
      return code
    case .unknown(let text):
      let hint = Self.nearestHint(text, choice.options)
      diagnostics.append(
        diagnostic(
          line, column,
          "unknown answer \(Diagnostic.quote(text)) in column \"\(plan.header[column])\""
            + " (a cell of several answers separated by \(choice.separatorText))" + hint
            + " (expected one of: " + choice.options.joined(separator: ", ") + ")"))
      return nil
    }
  }

  /// The options a multi-select question's cell (or columns, one per option) chose, as bits,
  /// −1 for none; `nil`, with diagnostics added, for a cell that is none of the options.
  @inline(never)
  private mutating func choiceCode<Record: RecordFields>(
    _ record: Record, _ q: Int, _ line: Int, _ column: Int, _ diagnostics: inout [Diagnostic]
  ) -> Int? {
    if let columns = plan.optionColumns[q] {
      return choiceCode(record, columns, q, line, &diagnostics)
    }
    let field = record.field(column)
    if field.isEmpty { return -1 }
    return choiceCode(field, q, line, column, &diagnostics)
  }

  /// The options chosen in a multi-select question of one column per option, as bits (−1
  /// when none is): a cell is chosen when it holds `1` or the option's text (or a synonym of
  /// it), not chosen when it is blank or `0`; `nil`, with a diagnostic for each other cell.
  @inline(never)
  private func choiceCode<Record: RecordFields>(
    _ record: Record, _ columns: [Int], _ q: Int, _ line: Int,
    _ diagnostics: inout [Diagnostic]
  ) -> Int? {
    guard let choice = plan.choices[q] else { return nil }
    var chosen = 0
    var valid = true
    for (option, column) in columns.enumerated() {
      let text = String(decoding: record.field(column), as: UTF8.self)
      let folded = SurveyPlan.fold(text)
      if folded.isEmpty || folded == "0" { continue }
      if folded == "1" || choice.lenient[folded] == option {
        chosen |= 1 << option
        continue
      }
      valid = false
      diagnostics.append(
        diagnostic(
          line, column,
          "expected \(Diagnostic.quote(choice.options[option])) or 1 (chosen), or a blank or 0"
            + " (not chosen) in column \"\(plan.header[column])\", found "
            + Diagnostic.quote(text)))
    }
    guard valid else { return nil }
    return chosen == 0 ? -1 : chosen
  }

  /// The code of an answer not seen before, remembered by its bytes; `nil` for an unknown one.
  @inline(never)
  private mutating func addAnswer(_ field: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let code = plan.code(String(decoding: field, as: UTF8.self)) else { return nil }
    answerCache.add(field, code)
    return code
  }

  /// The group a cell not seen before names: cells that differ only in spaces around the
  /// name are the same group; `nil` for an empty one or the total's name.
  @inline(never)
  private mutating func addGroup(_ field: UnsafeBufferPointer<UInt8>) -> Int? {
    let name = String(String(decoding: field, as: UTF8.self).trimmingSpaces)
    guard !name.isEmpty, !isTotalName(name) else { return nil }
    let index = named(name)
    groupCache.add(field, index)
    return index
  }

  /// The index of the group called `name`, added when first seen.
  @inline(never)
  private mutating func named(_ name: String) -> Int {
    if let known = groupIndex[name] { return known }
    let index = groupNames.count
    groupIndex[name] = index
    groupNames.append(name)
    return index
  }
}

/// How the cells of one multi-select question are read: split at the separators, each part
/// trimmed and matched to an option as a single answer is (case and runs of spaces ignored,
/// or through `synonyms`), empty parts (`A;B;`, as Microsoft Forms ends a cell) skipped. An
/// option that holds a separator itself (`Ja, ibland`) is found by trying the longest run of
/// parts first, up to as many as the option with the most separators spans (``spanned``).
struct ChoicePlan: Sendable {
  /// The question's options, in the spec's order; a choice's bit is its index.
  let options: [String]
  let separators: [String]
  /// The separators as bytes, when each is one ASCII byte.
  let separatorBytes: [UInt8]?
  /// Folded option texts and synonyms to option indices.
  let lenient: [String: Int]
  /// The options as the spec writes them, found without folding.
  let exact: [String: Int]

  /// The most parts an option (or a synonym) spans: 1 when none holds a separator, so that
  /// a cell of many parts is read in one pass.
  let spanned: Int

  enum Reading: Equatable {
    /// The options chosen, bit k for option k; 0 for a cell of separators only.
    case chosen(Int)
    /// A part that is no option (trimmed).
    case unknown(String)
  }

  init(spec: SurveySpec, question: QuestionSpec) {
    options = spec.choices(question)
    separators = question.separator.map { [$0] } ?? [";", ","]
    separatorBytes =
      separators.allSatisfy({ $0.utf8.count == 1 && $0.utf8.first! < 0x80 })
      ? separators.map { $0.utf8.first! } : nil
    var lenient: [String: Int] = [:]
    for (index, option) in options.enumerated() where lenient[SurveyPlan.fold(option)] == nil {
      lenient[SurveyPlan.fold(option)] = index
    }
    for (synonym, target) in spec.synonyms {
      if let index = options.firstIndex(of: target) { lenient[SurveyPlan.fold(synonym)] = index }
    }
    self.lenient = lenient
    exact = Dictionary(
      options.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    let separators = self.separators
    spanned =
      lenient.keys.map { key in
        1 + separators.reduce(0) { $0 + key.components(separatedBy: $1).count - 1 }
      }.max() ?? 1
  }

  /// The separators as a message says them: `";" or ","`.
  var separatorText: String {
    separators.map { "\"\($0)\"" }.joined(separator: " or ")
  }

  /// Reads one cell.
  func read(_ text: String) -> Reading {
    // The parts between separators, as ranges of the text: by bytes when every separator is
    // one ASCII byte (`;`, `,`), as they are but for a rare spec.
    var parts: [Range<String.Index>] = []
    var start = text.startIndex
    if let bytes = separatorBytes {
      let utf8 = text.utf8
      var index = utf8.startIndex
      while index < utf8.endIndex {
        let next = utf8.index(after: index)
        if bytes.contains(utf8[index]) {
          parts.append(start..<index)
          start = next
        }
        index = next
      }
    } else {
      var index = text.startIndex
      while index < text.endIndex {
        if let separator = separators.first(where: { text[index...].hasPrefix($0) }) {
          parts.append(start..<index)
          index = text.index(index, offsetBy: separator.count)
          start = index
        } else {
          index = text.index(after: index)
        }
      }
    }
    parts.append(start..<text.endIndex)
    var chosen = 0
    var i = 0
    while i < parts.count {
      if text[parts[i]].allSatisfy(\.isWhitespace) {
        i += 1
        continue
      }
      var matched = false
      for j in stride(from: min(parts.count, i + spanned), to: i, by: -1) {
        let raw = String(text[parts[i].lowerBound..<parts[j - 1].upperBound])
        if let option = exact[raw] ?? lenient[SurveyPlan.fold(raw)] {
          chosen |= 1 << option
          i = j
          matched = true
          break
        }
      }
      if !matched {
        return .unknown(String(text[parts[i]]).trimmingCharacters(in: .whitespaces))
      }
    }
    return .chosen(chosen)
  }
}
