/// Which sick-leave figures may not be published (SPEC §5.3).
///
/// The law (Lag (1997:614) om kommunal redovisning 4 kap. 1 a §, carried into LKBR 11 kap.)
/// says a group's figure "skall inte lämnas om antalet anställda i gruppen är högst tio eller
/// om uppgiften kan hänföras till en enskild individ". So:
///
/// - **Primary.** A figure of a group with at most ``maximumGroupSize`` employees is withheld
///   (``SuppressionReason/smallGroup``), and so is one whose sick hours come from one employee
///   (``SuppressionReason/onePerson``): a rate whose group has one sick employee, the three
///   shares of a sex whose sick hours are one employee's, and a single share whose spell class
///   holds one employee's hours (the men's "60 days or more" being one man's long illness).
///   A group without sick hours has no one to describe and is published (its rate is 0).
/// - **Secondary.** Published figures carry their numerator and denominator, and these add
///   up: women + men = all in every age band and spell class, the three bands add up to
///   their sex's total, the three classes to the sex's sick hours (which the sex's rate
///   publishes). So a withheld figure could be recomputed from published ones — all minus
///   women gives the men. The hours are treated as unknowns of these 13 linear equations,
///   and a withheld figure is safe when no combination of the equations determines it.
///   While one is not, more figures are withheld: the fewest that make every withheld figure
///   safe, and among those the least important (an age band by sex before an age band
///   before a sex before the total; smaller groups first).
///
/// A group without employees (no men at all, nobody under 30) describes no one: it is shown
/// without a value, not withheld.
///
/// Not modelled: bounds (sick hours are ≥ 0, so a published 0 says every part is 0) and
/// figures published elsewhere. Head counts and FTE stay visible: they say how large a
/// group is, not how ill.
public enum SickLeaveSuppression {
  /// Groups of this many employees or fewer are withheld ("högst tio").
  public static let maximumGroupSize = 10

  /// The most figures tried together when searching for the fewest to withhold; beyond it
  /// figures are added one at a time.
  static let exhaustiveSearchLimit = 6

  /// The reasons to withhold each of the 21 figures of `groups` (empty: publish).
  static func reasons(_ groups: SickLeaveGroupTotals) -> [[SuppressionReason]] {
    var reasons = [[SuppressionReason]](repeating: [], count: SickLeaveGroupTotals.figureCount)
    for index in reasons.indices {
      let group = groups.group(ofFigure: index)
      // An empty group (no men at all, nobody under 30) describes no one: it stays in the
      // table without a value, and counts as a known zero below.
      if group.employees == 0 { continue }
      if group.employees <= maximumGroupSize { reasons[index].append(.smallGroup) }
      let onePerson: Bool
      if index < 12 {
        onePerson = group.sickHours > 0 && group.contributors == 1
      } else {
        let spellClass = groups.classes[index - 12]
        onePerson =
          (group.sickHours > 0 && group.contributors == 1)
          || (spellClass.sickHours > 0 && spellClass.contributors == 1)
      }
      if onePerson { reasons[index].append(.onePerson) }
    }
    let primary = reasons.map { !$0.isEmpty }
    let withheld = secondary(
      primary: primary, employees: (0..<reasons.count).map { groups.group(ofFigure: $0).employees })
    for index in reasons.indices where withheld[index] && !primary[index] {
      reasons[index] = [.secondary]
    }
    return reasons
  }

  /// How much is lost by withholding a figure: the total most, a sex or a spell class of
  /// everyone next, an age band or a sex's spell class next, an age band of one sex least.
  static func importance(_ index: Int) -> Double {
    switch index {
    case 0: 100
    case 1, 2: 8
    case 3..<12: index % 3 == 0 ? 3 : 1
    default: (index - 12) % 3 == 0 ? 8 : 3
    }
  }

  /// The primary set plus the figures to withhold with it.
  static func secondary(primary: [Bool], employees: [Int]) -> [Bool] {
    guard
      DisclosureEquations.firstDeterminable(hidden: DisclosureEquations.hidden(primary))
        != nil
    else { return primary }
    let candidates = primary.indices.filter { !primary[$0] && employees[$0] > 0 }
    var best: (cost: Double, employees: Int, figures: [Int])?
    var smallest: Int?
    for size in 1...min(exhaustiveSearchLimit, max(1, candidates.count)) {
      // One size beyond the smallest that works may still lose less (two small groups
      // instead of a sex's total).
      if let smallest, size > smallest + 1 { break }
      forEachCombination(of: candidates, size: size) { chosen in
        var withheld = primary
        for index in chosen { withheld[index] = true }
        guard
          DisclosureEquations.firstDeterminable(hidden: DisclosureEquations.hidden(withheld))
            == nil
        else { return }
        let cost = chosen.reduce(0) { $0 + importance($1) }
        let people = chosen.reduce(0) { $0 + employees[$1] }
        if let current = best, (current.cost, current.employees) <= (cost, people) { return }
        best = (cost, people, chosen)
      }
      if best != nil, smallest == nil { smallest = size }
    }
    var withheld = primary
    if let best {
      for index in best.figures { withheld[index] = true }
      return withheld
    }
    // Beyond the search limit: withhold the least important figure next to the first
    // recoverable one until none is recoverable (at worst everything).
    while let exposed = DisclosureEquations.firstDeterminable(
      hidden: DisclosureEquations.hidden(withheld))
    {
      let neighbours = DisclosureEquations.neighbours(of: exposed)
      let open = withheld.indices.filter { !withheld[$0] && employees[$0] > 0 }
      let near = open.filter {
        DisclosureEquations.reveals($0).contains(where: neighbours.contains)
      }
      let pool = near.isEmpty ? open : near
      guard
        let next = pool.min(by: {
          (importance($0), employees[$0], $0) < (importance($1), employees[$1], $1)
        })
      else { break }
      withheld[next] = true
    }
    return withheld
  }

  /// Calls `body` with every `size`-element subset of `items`, in lexicographic order.
  static func forEachCombination(of items: [Int], size: Int, _ body: ([Int]) -> Void) {
    guard size >= 1, size <= items.count else { return }
    var positions = Array(0..<size)
    while true {
      body(positions.map { items[$0] })
      var i = size - 1
      while i >= 0, positions[i] == items.count - size + i { i -= 1 }
      if i < 0 { return }
      positions[i] += 1
      for j in (i + 1)..<size { positions[j] = positions[j - 1] + 1 }
    }
  }
}

/// The linear equations that tie a period's published hours together.
///
/// Variables 0..<12 are the sick hours of the rate groups (`age × 3 + sex`), 12..<21 the
/// sick hours of the spell-class groups (`12 + class × 3 + sex`): the same indices as the
/// figures. A rate figure publishes its group's sick hours; a share publishes its class's
/// hours and, as denominator, its sex's sick hours (variable `sex`).
enum DisclosureEquations {
  static let variableCount = 21

  /// Each equation as (variable, coefficient) pairs summing to 0.
  static let equations: [[(Int, Double)]] = {
    var rows: [[(Int, Double)]] = []
    for sex in 0..<3 {  // a sex's total = its three age bands
      rows.append([(sex, 1)] + (1...3).map { (age) in (age * 3 + sex, -1.0) })
    }
    for age in 0..<4 {  // all = women + men, per age band
      rows.append([(age * 3, 1), (age * 3 + 1, -1), (age * 3 + 2, -1)])
    }
    for spellClass in 0..<3 {  // all = women + men, per spell class
      let base = 12 + spellClass * 3
      rows.append([(base, 1), (base + 1, -1), (base + 2, -1)])
    }
    for sex in 0..<3 {  // a sex's sick hours = its three spell classes
      rows.append([(sex, 1)] + (0..<3).map { (12 + $0 * 3 + sex, -1.0) })
    }
    return rows
  }()

  /// The variables figure `index` publishes.
  static func reveals(_ index: Int) -> [Int] {
    index < 12 ? [index] : [index, (index - 12) % 3]
  }

  /// Which variables no published figure reveals.
  static func hidden(_ withheld: [Bool]) -> [Bool] {
    var revealed = [Bool](repeating: false, count: variableCount)
    for index in withheld.indices where !withheld[index] {
      for variable in reveals(index) { revealed[variable] = true }
    }
    return revealed.map { !$0 }
  }

  /// Variables sharing an equation with `variable`.
  static func neighbours(of variable: Int) -> Set<Int> {
    var found: Set<Int> = []
    for equation in equations where equation.contains(where: { $0.0 == variable }) {
      for (other, _) in equation where other != variable { found.insert(other) }
    }
    return found
  }

  /// The first hidden variable that the equations determine from the published ones, or
  /// `nil` when every hidden variable can still take other values.
  ///
  /// With the published variables moved to the right-hand side, a hidden variable is
  /// determined exactly when its unit vector lies in the row space of the hidden columns:
  /// in the reduced row echelon form, when its pivot row has no entry in a free column.
  static func firstDeterminable(hidden: [Bool]) -> Int? {
    let columns = hidden.indices.filter { hidden[$0] }
    guard !columns.isEmpty else { return nil }
    let position = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
    var matrix = equations.map { equation in
      var row = [Double](repeating: 0, count: columns.count)
      for (variable, coefficient) in equation {
        if let column = position[variable] { row[column] += coefficient }
      }
      return row
    }
    let epsilon = 1e-9
    var pivots: [(row: Int, column: Int)] = []
    var nextRow = 0
    for column in columns.indices where nextRow < matrix.count {
      guard
        let pivot = (nextRow..<matrix.count).max(by: {
          abs(matrix[$0][column]) < abs(matrix[$1][column])
        }), abs(matrix[pivot][column]) > epsilon
      else { continue }
      matrix.swapAt(nextRow, pivot)
      let scale = matrix[nextRow][column]
      for c in matrix[nextRow].indices { matrix[nextRow][c] /= scale }
      for r in matrix.indices where r != nextRow && abs(matrix[r][column]) > epsilon {
        let factor = matrix[r][column]
        for c in matrix[r].indices { matrix[r][c] -= factor * matrix[nextRow][c] }
      }
      pivots.append((nextRow, column))
      nextRow += 1
    }
    for (row, column) in pivots {
      let determined = matrix[row].indices.allSatisfy {
        $0 == column || abs(matrix[row][$0]) <= epsilon
      }
      if determined { return columns[column] }
    }
    return nil
  }
}
