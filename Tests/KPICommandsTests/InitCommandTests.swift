import Foundation
import Testing

/// `kpi init` and `kpi inspect --column` as a user runs them.
@Suite("kpi init")
struct InitCommandTests {
  static let export = """
    Respondent-ID,Nätverk,Hur nöjd är du: helheten?,Kommentar
    1,A,Mycket nöjd,Ring Anna på 070-1234567
    2,A,Ganska nöjd,
    3,B,Mycket nöjd,hemlig åsikt om chefen
    4,B,Ganska missnöjd,ett tredje svar
    5,B,Vet ej,ett fjärde svar
    6,A,Mycket nöjd,ett femte svar

    """

  static func folder() throws -> URL {
    let folder = try temporaryFolder()
    try Data(export.utf8).write(to: folder.appendingPathComponent("enkat.csv"))
    return folder
  }

  @Test func writesASpecThatRunsAndKeepsAnExistingOne() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try kpi("init", "survey", "--data", "enkat.csv", "--out", "spec.yaml", in: folder)
    #expect(first.status == 0)
    #expect(first.stdout == "kpi init: wrote spec.yaml; check the lines marked GUESS\n")
    #expect(first.stderr.contains("kpi init: group column: \"Nätverk\" (guess)"))
    #expect(
      first.stderr.contains(
        "kpi init: skipped: \"Respondent-ID\" (identity), \"Kommentar\" (free text)"))
    let yaml = try String(contentsOf: folder.appendingPathComponent("spec.yaml"), encoding: .utf8)
    #expect(!yaml.contains("Anna") && !yaml.contains("hemlig"))
    #expect(yaml.contains("column: \"Hur nöjd är du: helheten?\""))
    let survey = try kpi(
      "survey", "--data", "enkat.csv", "--spec", "spec.yaml", "--out", "out", in: folder)
    #expect(survey.status == 0)
    // 5 substantive answers (Vet ej left out), 4 Mycket or Ganska nöjd: 80 %.
    #expect(survey.stdout.contains("totalt 80\u{00A0}% nöjda."))

    let again = try kpi("init", "survey", "--data", "enkat.csv", "--out", "spec.yaml", in: folder)
    #expect(again.status == 73)
    #expect(again.stderr == "kpi init: error: \"spec.yaml\" exists; --force overwrites it\n")
    let forced = try kpi(
      "init", "survey", "--data", "enkat.csv", "--out", "spec.yaml", "--force", in: folder)
    #expect(forced.status == 0)
  }

  // Never over an input: --out naming the export (by another path as well) is refused with
  // exit 73, even with --force, and the export is left as it was.
  @Test func theExportIsNeverOverwritten() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let before = try Data(contentsOf: folder.appendingPathComponent("enkat.csv"))
    for out in ["enkat.csv", "./enkat.csv"] {
      let run = try kpi(
        "init", "survey", "--data", "enkat.csv", "--out", out, "--force", in: folder)
      #expect(run.status == 73, "\(out)")
      #expect(run.stderr.contains("is the input"), "\(run.stderr)")
    }
    #expect(try Data(contentsOf: folder.appendingPathComponent("enkat.csv")) == before)
  }

  @Test func inspectShowsTheValuesOfAColumn() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try kpi(
      "inspect", "enkat.csv", "--column", "hur nöjd är du: helheten?", in: folder)
    #expect(run.status == 0)
    #expect(
      run.lines == [
        "kolumn: Hur nöjd är du: helheten? (categorical)", "ifyllda: 6, tomma: 0",
        "värden (4):", "  3\tMycket nöjd", "  1\tGanska nöjd", "  1\tGanska missnöjd",
        "  1\tVet ej",
      ])
  }

  @Test func inspectRefusesFreeTextUnlessAsked() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try kpi("inspect", "enkat.csv", "--column", "Kommentar", in: folder)
    #expect(run.status == 65)
    #expect(run.stdout.isEmpty)
    #expect(!run.stderr.contains("Anna"))
    #expect(
      run.stderr
        == "kpi inspect: error: enkat.csv: column \"Kommentar\" looks like free text (5 filled"
        + " cells, 5 distinct values); its values are not shown unless --show-free-text is"
        + " given\n")
    let shown = try kpi(
      "inspect", "enkat.csv", "--column", "Kommentar", "--show-free-text", in: folder)
    #expect(shown.status == 0)
    #expect(shown.stdout.contains("Ring Anna"))
  }
}
