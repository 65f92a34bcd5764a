import KPIModel
import KPIRender
import Testing

@testable import KPIAnalysis

/// Builds tallies from compact descriptions; every hand computation is in the test's comments.
enum SickLeaveFixture {
  static func day(_ text: String) -> CalendarDate {
    let parts = text.split(separator: "-").map { Int($0)! }
    return CalendarDate(year: parts[0], month: parts[1], day: parts[2])!
  }

  /// `count` employees of one sex and age in `period`, ids `prefix1`…, each with `hours`
  /// scheduled hours; lines numbered from `firstLine`.
  static func staff(
    _ count: Int, _ sex: Sex, age: Int = 40, hours: Double = 1_000, period: Int = 2025,
    prefix: String = "P", firstLine: Int = 2
  ) -> [SickLeaveEmployee] {
    (0..<count).map {
      SickLeaveEmployee(
        id: "\(prefix)\($0 + 1)", period: period, sex: sex, age: age, scheduledHours: hours,
        line: firstLine + $0)
    }
  }

  static func spell(_ id: String, _ start: String, _ end: String, _ hours: Double, line: Int = 2)
    -> SickLeaveSpell
  {
    SickLeaveSpell(employeeID: id, start: day(start), end: day(end), sickHours: hours, line: line)
  }

  static func tally(_ employees: [SickLeaveEmployee], _ spells: [SickLeaveSpell]) throws
    -> SickLeaveTally
  {
    var tally = SickLeaveTally()
    for employee in employees { try tally.add(employee) }
    for spell in spells { try tally.add(spell) }
    return tally
  }

  static func year(
    _ employees: [SickLeaveEmployee], _ spells: [SickLeaveSpell],
    disclosure: SickLeaveDisclosure = .published
  ) throws -> SickLeaveYear {
    let report = try tally(employees, spells).report(years: 1, disclosure: disclosure)
    return try #require(report.years.last)
  }
}

@Suite("Sick-leave breakdown")
struct SickLeaveTallyTests {
  typealias F = SickLeaveFixture

  @Test(arguments: [
    (1, SpellClass.days1To14), (14, .days1To14), (15, .days15To59),
    (59, .days15To59), (60, .days60OrMore), (400, .days60OrMore),
  ])
  func spellClassByCalendarDays(days: Int, expected: SpellClass) {
    #expect(SpellClass(days: days) == expected)
  }

  @Test(arguments: [(29, AgeGroup.upTo29), (30, .from30To49), (49, .from30To49), (50, .from50)])
  func ageBands(age: Int, expected: AgeGroup) {
    #expect(AgeGroup(age: age) == expected)
  }

  // Twelve women aged 40, 2 000 h each (24 000 h). Spells all starting 2025-03-01:
  //   P1 ends 03-14: 14 days, 80 h → 1–14
  //   P2 ends 03-15: 15 days, 88 h → 15–59
  //   P3 ends 04-28: 31 March days + 28 = 59 days, 320 h → 15–59
  //   P4 ends 04-29: 60 days, 328 h → 60+
  // Sick hours 80 + 88 + 320 + 328 = 816; shares 80/816, 408/816 = 0.5, 328/816.
  // The 1–14 and 60+ classes are one person's each, so they are withheld; internal use shows
  // them.
  @Test func spellsOf14_15_59And60Days() throws {
    let spells = [
      F.spell("P1", "2025-03-01", "2025-03-14", 80), F.spell("P2", "2025-03-01", "2025-03-15", 88),
      F.spell("P3", "2025-03-01", "2025-04-28", 320),
      F.spell("P4", "2025-03-01", "2025-04-29", 328),
    ]
    let year = try F.year(F.staff(12, .woman, hours: 2_000), spells, disclosure: .internalUse)
    let short = try #require(year.figure(.share1To14, sex: .all))
    let middle = try #require(year.figure(.share15To59, sex: .all))
    let long = try #require(year.figure(.share60Plus, sex: .all))
    #expect(short.numeratorHours == 80)
    #expect(middle.numeratorHours == 408)
    #expect(long.numeratorHours == 328)
    #expect(short.denominatorHours == 816)
    #expect(middle.value == 0.5)
    #expect(isClose(short.value, 80.0 / 816) && isClose(long.value, 328.0 / 816))
    #expect(short.suppression == [.onePerson] && long.suppression == [.onePerson])
    #expect(!middle.isSuppressed)
    #expect(isClose(year.figure(.rate, sex: .all)?.value, 816.0 / 24_000))
  }

  // One woman employed in 2024 and 2025, 1 600 h each year, and ten colleagues (11 in the
  // group). The spell 2024-12-20 – 2025-01-10 is 22 calendar days: 12 in December
  // (20…31), 10 in January. 110 h → 2024: 110 · 12/22 = 60 h, 2025: 110 · 10/22 = 50 h.
  // It is 22 days long in both years, so class 15–59 in both, however short each part.
  @Test func spellOverTheNewYearIsSplitProRataAndKeepsItsLength() throws {
    let employees =
      F.staff(11, .woman, hours: 1_600, period: 2024)
      + F.staff(11, .woman, hours: 1_600, period: 2025, firstLine: 20)
    let spells = [
      F.spell("P1", "2024-12-20", "2025-01-10", 110),
      // A second person in the class so the figure is not one person's.
      F.spell("P2", "2024-06-03", "2024-06-20", 30), F.spell("P2", "2025-06-02", "2025-06-19", 40),
    ]
    let report = try F.tally(employees, spells).report(period: 2025, years: 2)
    #expect(report.years.map(\.period) == [2024, 2025])
    let before = try #require(report.years.first?.figure(.share15To59, sex: .all))
    let after = try #require(report.years.last?.figure(.share15To59, sex: .all))
    #expect(isClose(before.numeratorHours, 60 + 30))
    #expect(isClose(after.numeratorHours, 50 + 40))
    #expect(before.value == 1 && after.value == 1)
    #expect(report.years.first?.figure(.share1To14, sex: .all)?.value == 0)
    // 2024: 90 h of 11 · 1 600 = 17 600 h.
    #expect(isClose(report.years.first?.figure(.rate, sex: .all)?.value, 90.0 / 17_600))
  }

  // The employees file has only 2025: the December days fall outside the data and are left
  // out; the January part is 10/22 of 110 h = 50 h, still a 22-day spell.
  @Test func daysBeforeTheDataAreLeftOut() throws {
    let spells = [
      F.spell("P1", "2024-12-20", "2025-01-10", 110), F.spell("P2", "2025-05-05", "2025-05-30", 30),
    ]
    let year = try F.year(F.staff(11, .woman), spells)
    let middle = try #require(year.figure(.share15To59, sex: .all))
    #expect(isClose(middle.numeratorHours, 80))
    #expect(middle.value == 1)
  }

  // Eleven women, nobody ill: rate 0 / 11 000 = 0, published; the shares divide by zero
  // sick hours, so they have no value (and are not withheld: no one is described).
  @Test func employeesWithoutSpellsHaveRateZero() throws {
    let year = try F.year(F.staff(11, .woman), [])
    let rate = try #require(year.figure(.rate, sex: .all))
    #expect(rate.value == 0 && rate.numeratorHours == 0 && rate.denominatorHours == 11_000)
    #expect(!rate.isSuppressed)
    let share = try #require(year.figure(.share1To14, sex: .women))
    #expect(share.value == nil && !share.isSuppressed)
    #expect(share.note == "ingen sjukfrånvaro i gruppen")
    // No men at all: an empty group, shown without a value, not withheld.
    let men = try #require(year.figure(.rate, sex: .men))
    #expect(men.employees == 0 && men.value == nil && !men.isSuppressed)
    #expect(men.note == "inga anställda i gruppen")
  }

  // Eleven women; P1 has two spells, P2 one; P1's second spell (line 3, 03-05…03-20)
  // starts inside its first (line 2, 03-01…03-10). Adjacent spells (P2: 03-01…03-10 and
  // 03-11…03-12) are two spells, not an overlap.
  @Test func overlappingSpellsNameBoth() throws {
    let spells = [
      F.spell("P1", "2025-03-01", "2025-03-10", 40, line: 2),
      F.spell("P1", "2025-03-05", "2025-03-20", 60, line: 3),
      F.spell("P2", "2025-03-01", "2025-03-10", 40, line: 4),
      F.spell("P2", "2025-03-11", "2025-03-12", 16, line: 5),
    ]
    let tally = try F.tally(F.staff(11, .woman), spells)
    let error = try #require(throws: SickLeaveError.self) { try tally.report() }
    #expect(error.problems.count == 1)
    let problem = try #require(error.problems.first)
    #expect(problem.code == .overlappingSpells)
    #expect(problem.input == .spells && problem.line == 3 && problem.relatedLine == 2)
    #expect(
      problem.message
        == "the spell 2025-03-05–2025-03-20 overlaps the spell on line 2 (2025-03-01–2025-03-10) "
        + "of the same employee")
    #expect(!problem.message.contains("P1"))
  }

  @Test func spellOfAnUnknownEmployeeIsAnError() throws {
    let spells = [F.spell("X9", "2025-03-01", "2025-03-02", 16, line: 7)]
    let error = try #require(throws: SickLeaveError.self) {
      try F.tally(F.staff(11, .woman), spells).report()
    }
    #expect(error.problems.map(\.code) == [.unknownEmployee])
    #expect(error.problems.first?.line == 7)
    #expect(error.problems.first?.message.contains("X9") == false)
  }

  // P1 is employed in 2025 only, but the employees file also covers 2024: a spell with days
  // in 2024 has no employee to go to.
  @Test func spellInAYearTheEmployeeIsNotListedIsAnError() throws {
    let employees =
      F.staff(11, .woman, period: 2025) + F.staff(11, .woman, period: 2024, prefix: "Q")
    let spells = [F.spell("P1", "2024-12-28", "2025-01-03", 40, line: 4)]
    let error = try #require(throws: SickLeaveError.self) {
      try F.tally(employees, spells).report()
    }
    #expect(error.problems.map(\.code) == [.unknownEmployee])
    #expect(error.problems.first?.message.contains("4 days in 2024") == true)
  }

  @Test func sameEmployeeTwiceInAPeriodIsAnError() throws {
    var employees = F.staff(11, .woman)
    employees.append(
      SickLeaveEmployee(id: "P3", period: 2025, sex: .woman, age: 41, scheduledHours: 1, line: 30))
    let error = try #require(throws: SickLeaveError.self) { try F.tally(employees, []).report() }
    #expect(error.problems.first?.code == .duplicateEmployee)
    #expect(error.problems.first?.line == 30 && error.problems.first?.relatedLine == 4)
  }

  @Test func sickHoursAboveScheduledHoursAreAnError() throws {
    let spells = [F.spell("P1", "2025-01-01", "2025-12-31", 1_500)]
    let error = try #require(throws: SickLeaveError.self) {
      try F.tally(F.staff(11, .woman), spells).report()
    }
    #expect(error.problems.first?.code == .sickHoursExceedScheduledHours)
    #expect(error.problems.first?.input == .employees && error.problems.first?.line == 2)
  }

  @Test func aPeriodWithoutEmployeesIsAnError() throws {
    let tally = try F.tally(F.staff(11, .woman), [])
    let error = try #require(throws: SickLeaveError.self) { try tally.report(period: 2026) }
    #expect(error.problems.first?.code == .noEmployees)
  }

  // FTE from the employees' fte when given; else scheduled hours / 2 080:
  // 11 · 1 040 h / 2 080 = 5.5.
  @Test func fullTimeEquivalents() throws {
    let year = try F.year(F.staff(11, .man, hours: 1_040), [])
    #expect(year.fte == 5.5)
    var employees = F.staff(11, .man, hours: 1_040)
    for index in employees.indices { employees[index].fte = 0.75 }
    let withColumn = try F.tally(employees, []).report()
    #expect(isClose(withColumn.years.first?.fte, 8.25))
    #expect(withColumn.fteFromColumn)
  }

  // 2024: 9 employees, 2025: 11 → average (9 + 11) / 2 = 10, "högst tio": the duty lapses.
  // The eleven of 2025 are still a group of more than ten, so the total is shown.
  @Test func dutyLapsesForTenEmployeesOnAverageOverTwoYears() throws {
    let employees =
      F.staff(9, .woman, period: 2024) + F.staff(11, .woman, period: 2025, firstLine: 20)
    let spells = [
      F.spell("P1", "2025-03-03", "2025-03-04", 16), F.spell("P2", "2025-03-03", "2025-03-04", 16),
    ]
    let year = try #require(try F.tally(employees, spells).report().years.last)
    #expect(!year.isRequired)
    #expect(year.averageEmployees == 10 && year.averagedPeriods == [2024, 2025])
    let total = try #require(year.figure(.rate, sex: .all))
    #expect(total.value == 32.0 / 11_000)
    #expect(total.note == "redovisning krävs inte: högst tio anställda i genomsnitt 2024–2025")
  }
}

func isClose(_ a: Double?, _ b: Double, tolerance: Double = 1e-12) -> Bool {
  guard let a else { return false }
  return abs(a - b) <= tolerance * max(1, abs(b))
}

@Suite("Sick-leave spells in any order")
struct SpellOrderTests {
  /// A deterministic generator (64-bit LCG, Knuth's MMIX constants).
  struct Random {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }

  // 400 random staffs (2023 and 2025 always have rows, 2024 only in every other case, some
  // employees miss a year) with spells in order, across New Year, overlapping, in a year
  // without the employee's row, and out of order: every staff without a problem gives the
  // same breakdown with its spells shuffled.
  @Test func spellsInAnyOrderGiveTheSameBreakdown() throws {
    var random = Random(state: 11)
    var accepted = (inOrder: 0, anyOrder: 0)
    for round in 0..<400 {
      let years = round % 2 == 0 ? [2023, 2024, 2025] : [2023, 2025]
      var employees: [SickLeaveEmployee] = []
      for person in 0..<12 {
        for year in years where random.next(20) != 0 {
          employees.append(
            SickLeaveEmployee(
              id: "P\(person)", period: year, sex: person % 2 == 0 ? .woman : .man,
              age: 20 + 3 * person, scheduledHours: 1_600, fte: 0.8, line: employees.count + 2))
        }
      }
      var spells: [SickLeaveSpell] = []
      var ordered = true
      for person in 0..<12 {
        var day = CalendarDate(year: 2023, month: 1, day: 1)!.daysSince1970 + random.next(30)
        var mine: [SickLeaveSpell] = []
        for _ in 0..<random.next(8) {
          let length = [1, 3, 14, 15, 59, 60, 200][random.next(7)]
          let start = day + (random.next(40) == 0 ? -2 : 1 + random.next(60))
          let end = start + length - 1
          day = end
          mine.append(
            SickLeaveSpell(
              employeeID: "P\(person)", start: Self.date(start), end: Self.date(end),
              sickHours: Double(length) * 0.5, line: 0))
        }
        if mine.count > 1, random.next(30) == 0 { mine.swapAt(0, 1) }
        // In order as exports list spells: each starts after every earlier one has ended.
        var latest = Int.min
        for spell in mine {
          if spell.start.daysSince1970 <= latest { ordered = false }
          latest = max(latest, spell.end.daysSince1970)
        }
        spells += mine
      }
      for index in spells.indices { spells[index].line = index + 2 }

      var ordinary = SickLeaveTally()
      for employee in employees { try ordinary.add(employee) }
      for spell in spells { try ordinary.add(spell) }
      guard let expected = try? ordinary.report(years: 3, disclosure: .internalUse) else {
        continue
      }
      // The same spells in another order (each keeping its line) give the same figures:
      // exactly where no spell is split over years, to rounding where one is.
      var shuffled = spells
      for index in shuffled.indices.reversed() {
        shuffled.swapAt(index, random.next(index + 1))
      }
      var other = SickLeaveTally()
      for employee in employees { try other.add(employee) }
      for spell in shuffled { try other.add(spell) }
      let report = try other.report(years: 3, disclosure: .internalUse)
      #expect(report.years.count == expected.years.count)
      for (year, want) in zip(report.years, expected.years) {
        #expect(year.employees == want.employees && year.figures.count == want.figures.count)
        for (figure, wanted) in zip(year.figures, want.figures) {
          #expect(figure.suppression == wanted.suppression, "round \(round)")
          if let value = wanted.value {
            #expect(isClose(figure.value, value), "round \(round)")
          } else {
            #expect(figure.value == nil, "round \(round)")
          }
        }
      }
      accepted.anyOrder += 1
      if ordered { accepted.inOrder += 1 }
    }
    // Clean staffs occur often, in order and not: the test can fail either way.
    #expect(accepted.inOrder > 40 && accepted.anyOrder > accepted.inOrder)
  }

  static func date(_ days: Int) -> CalendarDate {
    let (year, month, day) = CalendarDate.civil(daysSince1970: days)
    return CalendarDate(year: year, month: month, day: day)!
  }
}

@Suite("Spells ordered by person")
struct SpellsByPersonTests {
  // Persons 2, −1 (unknown), 0, 2, 5000, 0: the highest key is 5001 (13 bits), so spells are
  // grouped by (person + 1) >> 2, groups of four persons, in order: −1 (key 0, group 0),
  // 0 and 2 (keys 1 and 3, group 0), 5000 (group 1250). Group 0 keeps the order the spells
  // came in (lines 0, 1, 2, 3, 5), so each person's spells are still in input order.
  @Test func stableByPersonGroups() {
    let persons: [Int32] = [2, -1, 0, 2, 5_000, 0]
    var spells = persons.enumerated().map { index, person in
      SpellRecord(person: person, start: 0, end: 0, line: Int32(index), hours: 0)
    }
    SickLeaveSpells.orderByPerson(&spells, personCount: 5_001)
    #expect(spells.map(\.line) == [0, 1, 2, 3, 5, 4])
    #expect(spells.map(\.person) == [2, -1, 0, 2, 0, 5_000])
  }
}

// Issue 17, item 12: spells with days in years the employees file has no rows for at all are
// counted, so that the reader can say so (their days are left out, as before).
@Suite("Spells outside the employees' years")
struct SpellsOutsideYearsTests {
  static func day(_ year: Int, _ month: Int, _ day: Int) -> Int32 {
    Int32(CalendarDate.daysSince1970(year: year, month: month, day: day))
  }

  // Employee 0 has rows for 2024 and 2025. Spells: 30 Dec 2023–2 Jan 2024 (two days in
  // 2023: outside), 1–2 May 2019 (wholly outside), 1 March 2025 (inside): 2 of 3. Its 2024
  // hours are the spell's 2 of 4 days: 16 × 2 / 4 = 8, and 2025's 8.
  @Test func spellsWithDaysOutsideAreCounted() throws {
    var employees = SickLeaveEmployees(fullTimeHours: 2_000)
    for (line, year) in [2024, 2025].enumerated() {
      try employees.add(
        person: 0, period: year, sex: .woman, age: 40, scheduledHours: 2_000, fte: 1,
        line: line + 2)
    }
    var spells = SickLeaveSpells(employees)
    try spells.add([
      SpellRecord(
        person: 0, start: Self.day(2023, 12, 30), end: Self.day(2024, 1, 2), line: 2, hours: 16),
      SpellRecord(
        person: 0, start: Self.day(2019, 5, 1), end: Self.day(2019, 5, 2), line: 3, hours: 8),
      SpellRecord(
        person: 0, start: Self.day(2025, 3, 1), end: Self.day(2025, 3, 1), line: 4, hours: 8),
    ])
    #expect(spells.outsideYears == 2)
    #expect(spells.sickByRow().map { $0.sum() } == [8, 8])
  }
}
