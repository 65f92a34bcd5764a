import Foundation
import FuzzSupport
import KPIIngest
import KPIModel

/// The tables `kpi check` rules are decoded against: copies of the printed tables in
/// Tests/Fixtures/check, whose rules files are in the seed corpus.
let checkTables: [PrintedTable] = [
  table(
    "ar2025-sjukfranvaro.csv",
    """
    ;2023;2024;2025
    Antal anställda, åa;49,0;54,4;52,8
    Sjukfrånvaro total i %;3,3;2,0;2,2
    Män;2,9;1,1;0,6
    Kvinnor;3,5;2,3;2,8
    Sjukfrånvaro 1-14 dgr i % av total sjukfrånvaro;52,8;74,4;64,3
    Män;43,5;60,7;100
    Kvinnor;55,5;13,7;61,8
    Sjukfrånvaro över 15 dgr i % av total sjukfrånvaro;9,2;17,1;18,3
    Män;0;0;0
    Kvinnor;11,9;17,1;19,6
    Sjukfrånvaro över 60 dgr i % av total sjukfrånvaro;38;8,6;17,4
    Män;56,5;0;0
    Kvinnor;32,5;8,6;18,6
    Sjukfrånvaro 29 år och yngre;2,0;0;3,0
    Män;1,6;0;1,7
    Kvinnor;2,2;0;3,7
    Sjukfrånvaro 30-49 år;2,6;2,4;2,1
    Män;6,3;0,4;1,1
    Kvinnor;1,8;1,9;2,3
    Sjukfrånvaro 50 år och äldre;4,2;1,8;2,2
    Män;1;0,2;0,3
    Kvinnor;5,8;1,7;3,3
    Medianlön för tillsvidareanställda, kr/månad;46 250;47 700;50 000
    Män;50 800;48 875;51 600
    Kvinnor;45 800;46 000;49 125
    Tillsvidareanställda med heltidsanställning i %;92;93;98
    Genomsnittlig sysselsättningsgrad i %;98;99;99
    """),
  table(
    "maluppfyllelse.csv",
    """
    Mål;AR2025 förbundet;DR2023 Regional utveckling, text;DR2023 Regional utveckling, diagram;DR2023 Välfärdsutveckling, diagram;DR2023 förbundet, diagram;DR2023 förbundet, revisorerna
    Antal mål;28;12;12;5;17;17
    Uppfyllda;27;3;4;0;4;4
    Delvis uppfyllda;1;8;8;5;13;
    Ej uppfyllda;;;0;0;0;
    Ej bedömda;;;0;0;0;
    Som tryckt;27 av 28 uppfyllda och ett delvis uppfyllt;tolv mål … åtta av målen delvis … tre av målen har nåtts;0 8 4 0 av 12 mål;0 5 0 0 av 5 mål;0 13 4 0 av 17 mål;uppnått fyra av 17 mål
    """),
]

/// A printed table from `;`-separated lines, the first the header.
func table(_ name: String, _ text: String) -> PrintedTable {
  let lines = text.split(separator: "\n").map {
    $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
  }
  return PrintedTable(
    name: name, header: lines[0],
    rows: lines.dropFirst().enumerated().map { PrintedRow(line: $0.offset + 2, cells: $0.element) })
}

/// One fuzz input: the bytes as a YAML file read as a survey spec, a project file and the
/// rules of `kpi check` for each table. Errors thrown are the expected outcome; a crash, a
/// trap or a hang is a finding.
func fuzzOne(_ bytes: UnsafeRawBufferPointer) {
  let url = FuzzInput.write(bytes, suffix: "yaml")
  do {
    _ = try SpecLoader.loadSurveySpec(url: url)
  } catch {
    _ = error.description
  }
  do {
    _ = try SpecLoader.loadProject(url: url)
  } catch {
    _ = error.description
  }
  for table in checkTables {
    do {
      _ = try SpecLoader.loadCheckRules(url: url, for: table)
    } catch {
      _ = error.description
    }
  }
}
