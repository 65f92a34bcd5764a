/// Sex as the law on municipal accounts breaks sick leave down: women and men.
public enum Sex: String, Sendable, Hashable, CaseIterable {
  /// A woman (`K`, `kvinna` in HR exports).
  case woman
  /// A man (`M`, `man`).
  case man
}

/// One employee in one period of an HR export (SPEC §4.2): the population of the sick-leave
/// breakdown.
///
/// It carries no name and no birth date, only what the breakdown needs; the id links the
/// employee's spells and is never written to an output.
public struct SickLeaveEmployee: Sendable, Equatable {
  /// The HR system's id, used only to match spells.
  public var id: String
  /// The calendar year.
  public var period: Int
  /// Woman or man.
  public var sex: Sex
  /// Age in whole years at the end of the period (31 December).
  public var age: Int
  /// Scheduled (ordinary) working hours in the period: the rate's denominator.
  public var scheduledHours: Double
  /// Full-time equivalents (årsarbetare) in the period, when the export has them.
  public var fte: Double?
  /// The row of the input, for messages.
  public var line: Int

  /// Creates an employee-period.
  public init(
    id: String, period: Int, sex: Sex, age: Int, scheduledHours: Double, fte: Double? = nil,
    line: Int = 0
  ) {
    self.id = id
    self.period = period
    self.sex = sex
    self.age = age
    self.scheduledHours = scheduledHours
    self.fte = fte
    self.line = line
  }
}

/// One sick-leave spell (sjukfall) of an employee (SPEC §4.2).
public struct SickLeaveSpell: Sendable, Equatable {
  /// The employee's id, as in the employees file.
  public var employeeID: String
  /// The first calendar day of the spell.
  public var start: CalendarDate
  /// The last calendar day, inclusive.
  public var end: CalendarDate
  /// Sick hours over the whole spell (scheduled hours not worked because of illness).
  public var sickHours: Double
  /// The row of the input, for messages.
  public var line: Int

  /// Creates a spell.
  public init(
    employeeID: String, start: CalendarDate, end: CalendarDate, sickHours: Double,
    line: Int = 0
  ) {
    self.employeeID = employeeID
    self.start = start
    self.end = end
    self.sickHours = sickHours
    self.line = line
  }
}
