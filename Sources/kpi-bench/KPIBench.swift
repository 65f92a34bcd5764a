import ArgumentParser
import Foundation
import KPIIngest

#if canImport(Glibc)
  import Glibc
#endif

/// Benchmarks of `kpi`'s engine. Timing lives here, never in tests; Benchmarks/*.sh runs
/// these beside the peers (pandas, DuckDB) on the same files in the same run.
@main
struct KPIBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kpi-bench",
    abstract: "Benchmarks of kpi's engine (see Benchmarks/).",
    subcommands: [Generate.self, ReadCSV.self]
  )
}

/// A deterministic 64-bit linear congruential generator (Knuth's MMIX constants), so
/// generated inputs are the same on every machine.
struct LCG {
  var state: UInt64
  mutating func next(_ bound: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(bound))
  }
}

/// `kpi-bench read-csv`: read a CSV through the table reader, touching every field.
struct ReadCSV: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "read-csv",
    abstract: "Read every field of a CSV; print bytes, rows, seconds, MB/s and peak RSS.")

  @Argument(help: "The CSV file.")
  var file: String

  func run() throws {
    let url = URL(fileURLWithPath: file)
    let bytes = try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0
    let start = DispatchTime.now().uptimeNanoseconds
    var table = try TableReader.open(url)
    var rows = 0
    var checksum = 0
    while let row = try table.nextRow() {
      rows += 1
      for index in 0..<row.count { checksum &+= row.withField(index) { $0.count } }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let megabytes = Double(bytes) / 1e6
    print("bytes,rows,field_bytes,seconds,mb_per_s,peak_rss_mb")
    print(
      "\(bytes),\(rows),\(checksum),\(seconds),\(megabytes / seconds),"
        + "\(Double(usage.ru_maxrss) / 1024)")
  }
}
