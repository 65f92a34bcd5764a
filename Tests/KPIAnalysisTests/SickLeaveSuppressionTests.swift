import KPIModel
import KPIRender
import Testing

@testable import KPIAnalysis

@Suite("Sick leave withheld as the law requires")
struct SickLeaveSuppressionTests {
  typealias F = SickLeaveFixture

  // n women aged 40, 1 000 h each; P1 and P2 sick one day, 8 h each: 16 h.
  // n = 10: "högst tio" — every group with anyone in it is the same ten women: withheld.
  // n = 11: shown, 16 / 11 000 = 0.00145…
  @Test(arguments: [10, 11])
  func tenEmployeesAreWithheldElevenAreShown(employees: Int) throws {
    let spells = [
      F.spell("P1", "2025-02-03", "2025-02-03", 8), F.spell("P2", "2025-02-04", "2025-02-04", 8),
    ]
    let year = try F.year(F.staff(employees, .woman), spells)
    for (sex, age) in [(SexGroup.all, AgeGroup.all), (.women, .all), (.all, .from30To49)] {
      let rate = try #require(year.figure(.rate, sex: sex, age: age))
      if employees == 10 {
        #expect(rate.suppression == [.smallGroup])
        #expect(rate.value == nil && rate.numeratorHours == nil && rate.denominatorHours == nil)
        // Ten employees in all: the duty itself lapses too, and the note says so.
        #expect(
          rate.note
            == "redovisas inte: högst tio anställda i gruppen; "
            + "redovisning krävs inte: högst tio anställda i genomsnitt 2025")
        #expect(rate.employees == 10)
      } else {
        #expect(!rate.isSuppressed)
        #expect(rate.value == 16.0 / 11_000)
        #expect(rate.numeratorHours == 16 && rate.denominatorHours == 11_000)
      }
    }
    let share = try #require(year.figure(.share1To14, sex: .all))
    #expect(share.isSuppressed == (employees == 10))
  }

  // Twelve women, 1 000 h each. One woman ill 5 days, 40 h: the group's sick leave is hers.
  // Every figure with her hours in it is withheld as hers, even with twelve in the group.
  // With a second woman ill as long the same figure, 80 / 12 000, is shown.
  @Test func allSickHoursFromOnePersonAreWithheld() throws {
    let alone = try F.year(
      F.staff(12, .woman), [F.spell("P1", "2025-03-03", "2025-03-07", 40)])
    for figure in alone.figures where figure.employees > 0 {
      #expect(figure.suppression == [.onePerson], "\(figure.measure) \(figure.sex)")
      #expect(figure.value == nil)
    }
    #expect(
      alone.figure(.rate, sex: .all)?.note
        == "redovisas inte: sjukfrånvaron kommer från en enda person")

    let two = try F.year(
      F.staff(12, .woman),
      [
        F.spell("P1", "2025-03-03", "2025-03-07", 40),
        F.spell("P2", "2025-04-07", "2025-04-11", 40),
      ])
    #expect(two.figure(.rate, sex: .all)?.value == 80.0 / 12_000)
    #expect(two.figure(.share1To14, sex: .women)?.value == 1)
  }

  // 15 men and 8 women, aged 40, 1 000 h each (23 000 h). Men: M1, M2, M3 one day, 8 h each
  // (24 h); women: P1, P2 two days, 16 h each (32 h). Total 56 / 23 000.
  // The women (8) are withheld; shown men would give them away: women = total − men
  // (32 = 56 − 24). So the men are withheld too — their rate, their age band and their
  // shares — rather than the total, which matters more.
  @Test func womenWithheldTakeTheMenWithThem() throws {
    let employees = F.staff(15, .man, prefix: "M") + F.staff(8, .woman, firstLine: 30)
    let spells = [
      F.spell("M1", "2025-02-03", "2025-02-03", 8), F.spell("M2", "2025-02-04", "2025-02-04", 8),
      F.spell("M3", "2025-02-05", "2025-02-05", 8), F.spell("P1", "2025-03-03", "2025-03-04", 16),
      F.spell("P2", "2025-03-05", "2025-03-06", 16),
    ]
    let year = try F.year(employees, spells)
    #expect(year.figure(.rate, sex: .women)?.suppression == [.smallGroup])
    #expect(year.figure(.rate, sex: .men)?.suppression == [.secondary])
    #expect(
      year.figure(.rate, sex: .men)?.note
        == "redovisas inte: skulle annars kunna räknas fram ur redovisade uppgifter")
    #expect(year.figure(.rate, sex: .men, age: .from30To49)?.isSuppressed == true)
    #expect(year.figure(.share1To14, sex: .men)?.isSuppressed == true)
    let total = try #require(year.figure(.rate, sex: .all))
    #expect(total.value == 56.0 / 23_000 && !total.isSuppressed)
    // Nothing published adds up to the women: every published numerator with women's hours
    // in it also has men's.
    let published = year.figures.filter { !$0.isSuppressed && $0.employees > 0 }
    #expect(published.allSatisfy { $0.sex == .all })
  }

  // 5 aged 25 and 15 aged 40, all women, 1 000 h each; four ill 8 h each, two in each band.
  // ≤ 29 (5) is withheld, and then 30–49 as well, since 30–49 = all − ≤ 29.
  @Test func oneAgeBandWithheldTakesAnother() throws {
    let employees = F.staff(5, .woman, age: 25, prefix: "Y") + F.staff(15, .woman, firstLine: 10)
    let spells = [
      F.spell("Y1", "2025-02-03", "2025-02-03", 8), F.spell("Y2", "2025-02-04", "2025-02-04", 8),
      F.spell("P1", "2025-02-05", "2025-02-05", 8), F.spell("P2", "2025-02-06", "2025-02-06", 8),
    ]
    let year = try F.year(employees, spells)
    #expect(year.figure(.rate, sex: .all, age: .upTo29)?.suppression == [.smallGroup])
    #expect(year.figure(.rate, sex: .all, age: .from30To49)?.suppression == [.secondary])
    #expect(year.figure(.rate, sex: .all)?.value == 32.0 / 20_000)
  }

  // Withheld figures keep their values for internal use only, marked all the same.
  @Test func internalUseKeepsWithheldValuesMarked() throws {
    let year = try F.year(
      F.staff(10, .woman), [F.spell("P1", "2025-02-03", "2025-02-03", 8)],
      disclosure: .internalUse)
    let total = try #require(year.figure(.rate, sex: .all))
    #expect(total.isSuppressed && total.value == 8.0 / 10_000)
  }

  // The equations behind the secondary suppression, on the rate table alone
  // (variables: age × 3 + sex; 0 = total, 1 = women, 2 = men).
  @Test func determinableHours() {
    func exposed(_ withheld: [Int]) -> Int? {
      var flags = [Bool](repeating: false, count: 21)
      for index in withheld { flags[index] = true }
      return DisclosureEquations.firstDeterminable(hidden: DisclosureEquations.hidden(flags))
    }
    #expect(exposed([]) == nil)
    // The women's rate alone hides nothing: their shares publish the same sick hours.
    #expect(exposed([1]) == nil)
    // Women and their three spell-class shares: total − men.
    #expect(exposed([1, 13, 16, 19]) == 1)
    // Women and men, their age bands and their shares: only sums over both are known.
    #expect(exposed([1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19, 20]) == nil)
    // A rectangle of the age table: women and men in ≤ 29 and 30–49 (4, 5, 7, 8).
    #expect(exposed([4, 5, 7, 8]) == nil)
    // Three corners of it are not enough.
    #expect(exposed([4, 5, 7]) != nil)
  }

  @Test func combinations() {
    var seen: [[Int]] = []
    SickLeaveSuppression.forEachCombination(of: [3, 5, 9, 11], size: 2) { seen.append($0) }
    #expect(seen == [[3, 5], [3, 9], [3, 11], [5, 9], [5, 11], [9, 11]])
  }
}
