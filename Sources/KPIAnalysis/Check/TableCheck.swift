import KPIModel

/// `kpi check`: the arithmetic a published table must obey, checked on the figures as printed.
///
/// The checks, and what a finding means:
/// - **sum** (error): the parts of a count add up to it, within the rounding the printed
///   decimals allow. When some parts are not printed and the others fall short, the gap is a
///   warning: a reader cannot tell where the rest went.
/// - **shares** (error): the shares of a group add up to 100 % (or 1).
/// - **average** (error): a rate or share of a whole is a weighted average of its parts, so it
///   lies between them. When the parts add up to the whole instead, the message says so: they
///   are then contributions, not figures of their own.
/// - **ratio** (error): a percentage matches its "x av y" (`57 % (3 av 5 personer)`), and a
///   machine table's ratio column its terms (`share` = `positive` / `answered`).
/// - **change** (error): a change matches the levels it is taken from.
/// - **suppression** (warning): no rate or share is printed for a group of at most ten
///   employees (Lag (1997:614) 4 kap. 1 a §, carried into LKBR 11 kap.).
/// - **goal** (warning): a goal marked met (not met) has a value that does not (does) reach
///   its target.
/// - **number** (warning): a row of figures holds text that is not one.
///
/// Rounding: a figure printed with d decimals stands for the values that round to it, a
/// window of ±½·10⁻ᵈ; a count printed without decimals is exact. Two windows are apart only
/// when no way of rounding a half could print both figures, so a finding never rests on how
/// the report rounded halves. A table with any number of ten decimals or more is machine
/// output (`kpi`'s own CSV): all its numbers are then exact, `1` as much as `0.0332…`.
/// Findings come in file order.
public enum TableCheck {
  /// The law's limit: a figure for a group of at most this many employees is withheld.
  public static let smallGroupLimit = 10

  /// Checks a table.
  /// - Parameters:
  ///   - table: The table as printed.
  ///   - layout: Its rows' kinds, from a rules file or ``inferredLayout(_:)``.
  /// - Returns: The findings, in file order (row, then column).
  public static func run(_ table: PrintedTable, layout: CheckLayout) -> [CheckFinding] {
    var context = CheckContext(table: table, layout: layout)
    context.checkNumbers()
    context.checkCounts()
    context.checkShareGroups()
    context.checkAverages()
    context.checkChanges()
    context.checkSuppression()
    context.checkRatioTexts()
    context.checkGoals()
    context.checkFormulas()
    let order = Dictionary(
      uniqueKeysWithValues: CheckFinding.Check.allCases.enumerated().map { ($1, $0) })
    return context.findings.enumerated().sorted { a, b in
      (a.element.line, a.element.column, order[a.element.check]!, a.offset)
        < (b.element.line, b.element.column, order[b.element.check]!, b.offset)
    }.map(\.element)
  }
}

/// The state of one run: the table, how to read its cells, and the findings so far.
struct CheckContext {
  let table: PrintedTable
  let layout: CheckLayout
  /// Whether the table is machine output (full-precision numbers): its figures are exact.
  let isMachine: Bool
  let style: NumberStyle
  var findings: [CheckFinding] = []

  /// What a cell holds.
  enum Cell {
    /// Nothing printed: empty, or a mark for a withheld or missing figure.
    case blank
    case number(PrintedNumber)
    case text(String)
  }

  /// The marks reports print where a figure is withheld or missing.
  static let blankMarks: Set<String> = ["", "..", ".", "…", "–", "—", "-", "x", "×"]

  init(table: PrintedTable, layout: CheckLayout) {
    self.table = table
    self.layout = layout
    var machine = false
    var comma: Bool?
    for row in table.rows {
      for column in layout.valueColumns {
        guard let number = PrintedNumber.parse(row[column]) else { continue }
        machine = machine || number.isMachine
        if number.decimals > 0, comma == nil { comma = number.usesComma }
      }
    }
    isMachine = machine
    // A table without decimals is a Swedish one until it shows otherwise.
    style = NumberStyle(comma: comma ?? true)
  }

  // MARK: - Cells

  func cell(_ row: Int, _ column: Int) -> Cell {
    let text = table.rows[row][column]
    let trimmed = text.trimmingWhiteSpace
    if Self.blankMarks.contains(trimmed) { return .blank }
    if let number = PrintedNumber.parse(text) { return .number(number) }
    return .text(trimmed)
  }

  /// The numbers of `rows` in `column`: `nil` when one holds text, blanks left out.
  func numbers(_ rows: [Int], _ column: Int) -> (
    printed: [(row: Int, number: PrintedNumber)],
    blank: [Int]
  )? {
    var printed: [(row: Int, number: PrintedNumber)] = []
    var blank: [Int] = []
    for row in rows {
      switch cell(row, column) {
      case .number(let number): printed.append((row, number))
      case .blank: blank.append(row)
      case .text: return nil
      }
    }
    return (printed, blank)
  }

  /// What a figure of a row of `kind` stands for: exact in a machine table and for a whole
  /// count, a rounding window otherwise.
  func bounds(_ number: PrintedNumber, _ kind: CheckRowKind?) -> Bounds {
    number.bounds(exact: isMachine || (kind == .count && number.decimals == 0))
  }

  /// A row's label as printed, trimmed.
  func label(_ row: Int) -> String {
    table.rows[row][layout.labelColumn].trimmingWhiteSpace
  }

  /// `"Män" (line 9)`.
  func named(_ row: Int) -> String {
    "\"\(label(row))\" (line \(table.rows[row].line))"
  }

  /// Rows with a spec, in table order.
  var specs: [(row: Int, spec: CheckRowSpec)] {
    layout.rows.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  /// Decimals to show a sum or a computed value with: as many as the most precise figure.
  func decimals(_ numbers: [PrintedNumber]) -> Int {
    numbers.map(\.decimals).max() ?? 0
  }

  /// A computed value for a message: in full in a machine table, else with `decimals`.
  func show(_ value: Double, decimals: Int) -> String {
    isMachine ? style.full(value) : style.format(value, decimals: decimals)
  }

  /// `; rounding explains at most ±1,05`, or nothing for exact figures.
  func tolerance(_ radius: Double, _ numbers: [PrintedNumber]) -> String {
    guard !isMachine, radius > 0 else { return "" }
    return "; rounding explains at most ±" + style.format(radius, decimals: decimals(numbers) + 1)
  }

  mutating func report(
    _ row: Int, _ column: Int, _ severity: CheckFinding.Severity, _ check: CheckFinding.Check,
    _ message: String
  ) {
    findings.append(
      CheckFinding(
        table: table.name, line: table.rows[row].line, column: column + 1,
        columnName: table.header.indices.contains(column) ? table.header[column] : "",
        label: label(row), severity: severity, check: check, message: message))
  }
}

extension String {
  /// The text without leading and trailing white space, no-break spaces included.
  var trimmingWhiteSpace: String {
    guard let first = firstIndex(where: { !$0.isWhitespace }),
      let last = lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return String(self[first...last])
  }
}
