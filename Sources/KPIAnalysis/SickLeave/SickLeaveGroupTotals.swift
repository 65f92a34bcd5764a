/// Hours and head counts of the 12 rate groups (sex × age band, with totals) and the 9
/// spell-class groups (sex × class) of one period.
///
/// Index order is the order of ``SickLeaveYear/figures``: rate groups `age × 3 + sex`, then
/// class groups `12 + class × 3 + sex`, with sex 0 = all, 1 = women, 2 = men and age 0 = all,
/// 1…3 = the bands. The secondary suppression's variables use the same indices.
struct SickLeaveGroupTotals: Sendable {
  struct Group: Sendable, Equatable {
    var employees = 0
    var fteSum = CompensatedSum()
    var scheduledSum = CompensatedSum()
    var sickSum = CompensatedSum()
    /// Employees with any sick hours in the group.
    var contributors = 0

    var fte: Double { fteSum.value }
    var scheduledHours: Double { scheduledSum.value }
    var sickHours: Double { sickSum.value }
  }

  struct ClassGroup: Sendable, Equatable {
    var sickSum = CompensatedSum()
    var contributors = 0

    var sickHours: Double { sickSum.value }
  }

  static let sexes: [SexGroup] = [.all, .women, .men]
  static let ages: [AgeGroup] = [.all] + AgeGroup.bands
  static let figureCount = 21

  var cells = [Group](repeating: Group(), count: 12)
  var classes = [ClassGroup](repeating: ClassGroup(), count: 9)

  /// The rate group of figure `index` < 12, or the sex group (all ages) of a share.
  func group(ofFigure index: Int) -> Group {
    index < 12 ? cells[index] : cells[(index - 12) % 3]
  }

  mutating func add(_ row: SickLeaveEmployees.Row, sick classHours: ClassHours, fte: Double) {
    let sex = row.sex == .woman ? 1 : 2
    let age =
      switch row.ageGroup {
      case .all, .upTo29: 1
      case .from30To49: 2
      case .from50: 3
      }
    let sick = classHours.sum()
    let contributes = sick > 0 ? 1 : 0
    cells.withUnsafeMutableBufferPointer { cells in
      classes.withUnsafeMutableBufferPointer { classes in
        // Everyone, then the row's sex; within each, all ages, then the row's age band.
        for s in 0..<2 {
          let sexIndex = s == 0 ? 0 : sex
          for a in 0..<2 {
            let cell = (a == 0 ? 0 : age) * 3 + sexIndex
            cells[cell].employees += 1
            cells[cell].fteSum.add(fte)
            cells[cell].scheduledSum.add(row.scheduledHours)
            cells[cell].sickSum.add(sick)
            cells[cell].contributors += contributes
          }
          for spellClass in 0..<3 {
            let hours = classHours[spellClass]
            classes[spellClass * 3 + sexIndex].sickSum.add(hours)
            classes[spellClass * 3 + sexIndex].contributors += hours > 0 ? 1 : 0
          }
        }
      }
    }
  }

  /// The 21 figures with every value present; withholding comes after.
  func figures(period: Int) -> [SickLeaveFigure] {
    var figures: [SickLeaveFigure] = []
    for (index, cell) in cells.enumerated() {
      figures.append(
        SickLeaveFigure(
          period: period, measure: .rate, sex: Self.sexes[index % 3],
          ageGroup: Self.ages[index / 3], employees: cell.employees, fte: cell.fte,
          numeratorHours: cell.sickHours, denominatorHours: cell.scheduledHours,
          value: cell.scheduledHours > 0 ? cell.sickHours / cell.scheduledHours : nil,
          suppression: [], notes: []))
    }
    for (index, spellClass) in classes.enumerated() {
      let group = cells[index % 3]
      figures.append(
        SickLeaveFigure(
          period: period, measure: SpellClass(rawValue: index / 3)!.measure,
          sex: Self.sexes[index % 3], ageGroup: .all, employees: group.employees,
          fte: group.fte, numeratorHours: spellClass.sickHours,
          denominatorHours: group.sickHours,
          value: group.sickHours > 0 ? spellClass.sickHours / group.sickHours : nil,
          suppression: [], notes: []))
    }
    return figures
  }
}

/// A sum of many hours without the rounding noise of naive addition (Neumaier's variant of
/// Kahan summation): 0.1 + 0.2 + … gives the double nearest the true sum far more often, so
/// outputs read 766 rather than 766.0000000000001.
struct CompensatedSum: Sendable, Equatable {
  private var sum = 0.0
  private var compensation = 0.0

  @inline(__always)
  mutating func add(_ value: Double) {
    let next = sum + value
    // The larger and the smaller chosen rather than branched on (the same arithmetic).
    let sumIsLarger = abs(sum) >= abs(value)
    let larger = sumIsLarger ? sum : value
    let smaller = sumIsLarger ? value : sum
    compensation += (larger - next) + smaller
    sum = next
  }

  var value: Double { sum + compensation }
}
