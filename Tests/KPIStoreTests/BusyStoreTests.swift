import Foundation
import KPIModel
import Testing

@testable import KPIStore

/// Two runs on one store (issue 17, item 14): the second waits for the first's transaction
/// instead of failing at once with "database is locked", and says so in words when it waits
/// too long.
@Suite("KPI store: two runs at once")
struct BusyStoreTests {
  static func value(_ scope: String) -> KPIValue {
    KPIValue(kpi: "a.rows", period: "2025", scope: scope, value: 1)
  }

  static func run(_ name: String) -> RunRecord {
    RunRecord(
      analysis: "a", kind: "rowcount", period: "2025",
      inputs: [(name: name, sha256: String(repeating: "c", count: 64))],
      time: "2026-01-01T00:00:00Z")
  }

  /// Holds a write transaction of `first` open for `seconds` on another thread; returns when
  /// the transaction has begun.
  static func hold(_ first: SQLiteStore, seconds: Double) -> DispatchSemaphore {
    let started = DispatchSemaphore(value: 0)
    let finished = DispatchSemaphore(value: 0)
    Thread {
      _ = try? first.transaction { transaction in
        try transaction.record(run("first.csv"), values: [value("first")])
        started.signal()
        Thread.sleep(forTimeInterval: seconds)
      }
      finished.signal()
    }.start()
    started.wait()
    return finished
  }

  @Test func aSecondRunWaitsForTheFirst() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-busy-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("kpi.sqlite")
    let first = try SQLiteStore(url: url)
    let second = try SQLiteStore(url: url, busyTimeout: 10)
    let finished = Self.hold(first, seconds: 0.5)
    let start = Date()
    _ = try second.transaction { transaction in
      try transaction.record(Self.run("second.csv"), values: [Self.value("second")])
    }
    // It could start only when the first committed, about half a second later.
    #expect(Date().timeIntervalSince(start) >= 0.3)
    finished.wait()
    #expect(try first.values(kpi: "a.rows").map(\.scope).sorted() == ["first", "second"])
  }

  @Test func aRunThatWaitsTooLongSaysAnotherHoldsTheStore() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-busy-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("kpi.sqlite")
    let first = try SQLiteStore(url: url)
    let second = try SQLiteStore(url: url, busyTimeout: 0.2)
    let finished = Self.hold(first, seconds: 1.5)
    let error = #expect(throws: StoreError.self) {
      try second.transaction { transaction in
        try transaction.record(Self.run("second.csv"), values: [Self.value("second")])
      }
    }
    #expect(error?.reason.hasPrefix("another run holds the store") == true)
    finished.wait()
    // The first run's values are there, the refused run's are not.
    #expect(try first.values(kpi: "a.rows").map(\.scope) == ["first"])
  }

  // Eight runs that open a store not yet created, at the same moment, 30 times over: each
  // opens it (before, the second of two that both saw no schema failed on "table "run"
  // already exists" and the run exited 73), and the store has its tables once.
  @Test func runsCreatingOneStoreAtOnceAllOpenIt() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-create-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    final class Failures: @unchecked Sendable {
      let lock = NSLock()
      var messages: [String] = []
    }
    let failures = Failures()
    for round in 0..<30 {
      let url = folder.appendingPathComponent("round-\(round)/kpi.sqlite")
      DispatchQueue.concurrentPerform(iterations: 8) { _ in
        do {
          _ = try SQLiteStore(url: url)
        } catch {
          failures.lock.withLock { failures.messages.append("round \(round): \(error)") }
        }
      }
      let counts = try SQLiteStore(url: url).counts()
      #expect(counts.runs == 0 && counts.history == 0)
    }
    #expect(failures.messages.isEmpty, "\(failures.messages.prefix(3))")
  }
}
