import ArgumentParser
import Foundation
import KPIModel

/// `kpi-bench generate`: the benchmark inputs of issue 8, deterministic, at a chosen scale.
///
/// At `--scale 1`:
/// - `survey.csv`: 1 000 000 respondents × 20 questions on the 4-step scale, 25 groups, 3 %
///   blank and 2 % "Vet ej" answers (≈ 310 MB), and its spec `survey-spec.yaml`;
/// - `employees.csv` (200 000 employees × 3 years) and `spells.csv` (10 000 000 spells,
///   50 per employee over 2023–2025, none overlapping);
/// - `visitors.csv`: 10 years of daily counts for 50 categories.
///
/// The survey and the spells scale with `--scale`; the employees stay 200 000 (a staff does
/// not grow with the years of spells one analyses), and the visitors scale in years.
struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the benchmark inputs (survey, sick leave, visitors) into a folder.")

  @Option(help: "Size factor: 1 = 1 M respondents, 10 M spells, 10 years of visitors.")
  var scale: Double = 1

  @Option(help: "Output folder.")
  var out: String

  @Option(help: "Which inputs: survey, sickleave, visitors (comma-separated).")
  var jobs: String = "survey,sickleave,visitors"

  static let scale4 = ["I mycket hög grad", "I hög grad", "I låg grad", "I mycket låg grad"]
  static let groupCount = 25
  static let questionCount = 20

  func run() throws {
    let folder = URL(fileURLWithPath: out)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let selected = Set(jobs.split(separator: ",").map { String($0) })
    if selected.contains("survey") {
      let respondents = max(1000, Int((1_000_000 * scale).rounded()))
      try survey(respondents: respondents, in: folder)
    }
    if selected.contains("sickleave") {
      let spells = max(1000, Int((10_000_000 * scale).rounded()))
      try sickLeave(employees: 200_000, spells: spells, in: folder)
    }
    if selected.contains("visitors") {
      try visitors(years: max(2, Int((10 * scale).rounded())), categories: 50, in: folder)
    }
  }

  /// A survey export as SurveyMonkey writes it (comma-separated, one row per respondent).
  func survey(respondents: Int, in folder: URL) throws {
    var random = LCG(state: 20_251_231)
    var counts = [Int](repeating: 0, count: Self.groupCount)
    var output = try BlockWriter(folder.appendingPathComponent("survey.csv"))
    output.append("respondent_id,Nätverk")
    for q in 1...Self.questionCount { output.append(",Fråga \(q)") }
    output.append("\r\n")
    let answers = Self.scale4.map { Array($0.utf8) }
    let vetEj = Array("Vet ej".utf8)
    for id in 1...respondents {
      let group = random.next(Self.groupCount)
      counts[group] += 1
      output.append("\(id),Nätverk \(group + 1)")
      for _ in 0..<Self.questionCount {
        output.append(UInt8(ascii: ","))
        let roll = random.next(100)
        if roll < 3 { continue }
        if roll < 5 {
          output.append(vetEj)
          continue
        }
        // Skewed towards satisfied, as the real survey is (about 90 % in the top two).
        let step = random.next(100)
        output.append(answers[step < 45 ? 0 : step < 90 ? 1 : step < 97 ? 2 : 3])
      }
      output.append("\r\n")
    }
    try output.close()

    var spec = """
      title: Benchmark survey
      period: "2025"
      group: Nätverk
      scale: [\(Self.scale4.joined(separator: ", "))]
      positive: [I mycket hög grad, I hög grad]
      not_substantive: [Vet ej, ""]
      min_group_size: 5
      questions:

      """
    for q in 1...Self.questionCount {
      spec += "  - id: q\(q)\n    column: Fråga \(q)\n    goal: 0.85\n"
    }
    spec += "invited:\n"
    // Every group invited a third more than answered: response rates of about 75 %.
    for (index, count) in counts.enumerated() {
      spec += "  Nätverk \(index + 1): \(count + count / 3 + 1)\n"
    }
    try Data(spec.utf8).write(to: folder.appendingPathComponent("survey-spec.yaml"))
    print("survey.csv: \(respondents) respondents")
  }

  /// An HR export: employees 2023–2025 and their spells, none overlapping, in employee order.
  func sickLeave(employees: Int, spells: Int, in folder: URL) throws {
    var random = LCG(state: 19_700_101)
    var staff = try BlockWriter(folder.appendingPathComponent("employees.csv"))
    staff.append("employee_id,period,sex,birth_year,scheduled_hours,fte\n")
    var rates = [Int](repeating: 100, count: employees)
    for e in 0..<employees {
      let sex = random.next(100) < 80 ? "K" : "M"  // municipal staff are mostly women
      let born = 1960 + random.next(45)
      rates[e] = [100, 100, 100, 75, 50][random.next(5)]
      for year in 2023...2025 {
        let hours = 2080 * rates[e] / 100
        staff.append("E\(e + 100_000),\(year),\(sex),\(born),\(hours),\(fteText(rates[e]))\n")
      }
    }
    try staff.close()

    let first = daysSince1970(2023, 1, 1)
    let last = daysSince1970(2025, 12, 31)
    var output = try BlockWriter(folder.appendingPathComponent("spells.csv"))
    output.append("employee_id,start,end,sick_hours\n")
    var written = 0
    for e in 0..<employees {
      // Spread the spells evenly: the first `spells % employees` employees get one more.
      let count = spells / employees + (e < spells % employees ? 1 : 0)
      // Short spells dominate. Each spell leaves room for the ones after it (a day each and
      // a day between), and the gaps share out the slack, so none overlap or run past 2025.
      var day = first
      for k in 0..<count {
        let remaining = count - k - 1
        let free = last - day + 1 - 2 * remaining
        guard free >= 1 else { break }
        let roll = random.next(100)
        let wanted =
          roll < 70
          ? 1 + random.next(3)
          : roll < 92
            ? 4 + random.next(11) : roll < 99 ? 15 + random.next(45) : 60 + random.next(31)
        let length = min(wanted, free)
        let hours = Double(length) * 5.6 * Double(rates[e]) / 100
        output.append("E\(e + 100_000),\(isoDate(day)),\(isoDate(day + length - 1)),")
        output.append(String(format: "%.1f", hours))
        output.append("\n")
        written += 1
        let slack = free - length
        let gap = min(slack, random.next(max(1, 2 * slack / (remaining + 1))))
        day += length + 1 + gap
      }
    }
    try output.close()
    print("employees.csv: \(employees) employees × 3 years; spells.csv: \(written) spells")
  }

  /// Daily visitors per category, from 2016 on.
  func visitors(years: Int, categories: Int, in folder: URL) throws {
    var random = LCG(state: 20_190_101)
    var output = try BlockWriter(folder.appendingPathComponent("visitors.csv"))
    output.append("date,category,visitors\n")
    let first = daysSince1970(2016, 1, 1)
    let last = daysSince1970(2016 + years - 1, 12, 31)
    let bases = (0..<categories).map { _ in 20 + random.next(200) }
    for day in first...last {
      let date = isoDate(day)
      let month = Int(date.dropFirst(5).prefix(2))!
      let season = [6, 7, 8].contains(month) ? 2.0 : month == 12 ? 0.6 : 1.0
      let growth = 1 + 0.04 * Double(day - first) / 365.25
      for c in 0..<categories {
        let mean = Double(bases[c]) * season * growth
        let count = Int(mean * (0.7 + 0.6 * Double(random.next(1000)) / 1000))
        output.append("\(date),kategori \(c + 1),\(count)\n")
      }
    }
    try output.close()
    print("visitors.csv: \(years) years × \(categories) categories")
  }

  func fteText(_ rate: Int) -> String {
    rate == 100 ? "1.00" : rate == 75 ? "0.75" : "0.50"
  }
}

/// Days since 1970-01-01 of a valid date.
func daysSince1970(_ year: Int, _ month: Int, _ day: Int) -> Int {
  CalendarDate.daysSince1970(year: year, month: month, day: day)
}

/// The ISO date of a day since 1970-01-01.
func isoDate(_ days: Int) -> String {
  let (year, month, day) = CalendarDate.civil(daysSince1970: days)
  let pad = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
  return "\(year)-\(pad(month))-\(pad(day))"
}

/// Appends to a file through a 1 MiB buffer.
struct BlockWriter {
  private let handle: FileHandle
  private var buffer: [UInt8] = []

  init(_ url: URL) throws {
    guard FileManager.default.createFile(atPath: url.path, contents: nil),
      let handle = FileHandle(forWritingAtPath: url.path)
    else { throw ValidationError("cannot write \(url.path)") }
    self.handle = handle
    buffer.reserveCapacity(1 << 20 + 4096)
  }

  mutating func append(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 20 { flush() }
  }
  mutating func append(_ bytes: [UInt8]) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 20 { flush() }
  }
  mutating func append(_ byte: UInt8) { buffer.append(byte) }

  private mutating func flush() {
    handle.write(Data(buffer))
    buffer.removeAll(keepingCapacity: true)
  }

  mutating func close() throws {
    flush()
    try handle.close()
  }
}
