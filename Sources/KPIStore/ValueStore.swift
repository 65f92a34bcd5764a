import Foundation
import KPIModel

/// A run the store records: which organisation, which analysis, on which inputs (by
/// SHA-256), when.
public struct RunRecord: Sendable, Equatable {
  /// The organisation whose run it is (the project file's `organisation:`); empty for a
  /// run recorded before stores knew organisations.
  public var organisation: String
  /// The analysis id of the project file, e.g. `natverksenkat`.
  public var analysis: String
  /// The analysis kind, e.g. `survey`.
  public var kind: String
  /// The period analysed.
  public var period: String
  /// Each input's name and SHA-256 (data files and spec).
  public var inputs: [(name: String, sha256: String)]
  /// When the run was made, ISO 8601.
  public var time: String

  /// Creates a record.
  public init(
    organisation: String = "", analysis: String, kind: String, period: String,
    inputs: [(name: String, sha256: String)], time: String
  ) {
    self.organisation = organisation
    self.analysis = analysis
    self.kind = kind
    self.period = period
    self.inputs = inputs
    self.time = time
  }

  /// One digest for all inputs: the same inputs give the same run. The organisation is not
  /// part of it (a run is known by (organisation, fingerprint)), so the fingerprints of the
  /// stores made before organisations still match.
  public var fingerprint: String {
    FileDigest.sha256(
      of: ([analysis, kind, period] + inputs.map { "\($0.name)=\($0.sha256)" }).joined(
        separator: "\n"))
  }

  public static func == (a: RunRecord, b: RunRecord) -> Bool {
    a.organisation == b.organisation && a.fingerprint == b.fingerprint && a.time == b.time
  }
}

/// Row counts of the store's tables.
public struct StoreCounts: Sendable, Equatable {
  public var runs: Int
  public var inputs: Int
  public var values: Int
  public var history: Int

  /// Creates counts.
  public init(runs: Int, inputs: Int, values: Int, history: Int) {
    self.runs = runs
    self.inputs = inputs
    self.values = values
    self.history = history
  }
}

/// A KPI value with the organisation it belongs to, as `kpi compare` reads them.
public struct OrganisationValue: Sendable, Hashable {
  /// The organisation.
  public var organisation: String
  /// The value.
  public var value: KPIValue

  /// Creates one.
  public init(organisation: String, value: KPIValue) {
    self.organisation = organisation
    self.value = value
  }
}

/// Everything a store holds, for `kpi store copy`: its runs (oldest first) with the values
/// each one still holds, and the imported history.
public struct StoreContent: Sendable {
  /// A run and the values it is the latest writer of.
  public var runs: [(run: RunRecord, values: [KPIValue])]
  /// Imported history: organisation, source file and value.
  public var history: [(organisation: String, source: String, value: KPIValue)]

  /// Creates content.
  public init(
    runs: [(run: RunRecord, values: [KPIValue])],
    history: [(organisation: String, source: String, value: KPIValue)]
  ) {
    self.runs = runs
    self.history = history
  }
}

/// The KPI store (SPEC §7): runs keyed by their inputs' hashes, the values each run
/// produced, and earlier years' published aggregates, each of an organisation. Two
/// implementations share this interface and one schema: ``SQLiteStore``, one analyst's file,
/// and `PostgresStore` (with the `Postgres` trait), the shared server where the database
/// itself lets each organisation's role write only its own rows.
///
/// Recording the same inputs again changes nothing: a run is known by its organisation and
/// the fingerprint of its inputs, a value by (organisation, kpi, period, scope). Every write
/// is one transaction, so a failed run leaves the store as it was.
public protocol ValueStore: Sendable {
  /// Where the store is, for messages: a path, or a server URL without its password.
  var location: String { get }

  /// Runs `body` in one write transaction: what it records is committed when it returns and
  /// rolled back when it throws, so a run that fails midway, whatever the error, leaves the
  /// store as it was. The store's own methods must not be called inside `body`.
  /// - Throws: What `body` throws, or ``StoreError`` when the transaction cannot be opened
  ///   or committed.
  func transaction<T>(_ body: (any ValueStoreTransaction) throws -> T) throws -> T

  /// Values of computed runs and imported history together, computed values winning where
  /// both exist, ordered by kpi, scope and period.
  /// - Parameters:
  ///   - kpi: Only this kpi, when given.
  ///   - organisation: Only this organisation's values, when given.
  /// - Throws: ``StoreError``.
  func values(kpi: String?, organisation: String?) throws(StoreError) -> [KPIValue]

  /// One KPI of one period for every organisation and scope, computed values winning over
  /// history, ordered by organisation and scope.
  /// - Throws: ``StoreError``.
  func organisationValues(kpi: String, period: String) throws(StoreError)
    -> [OrganisationValue]

  /// Everything the store holds, for copying it into another.
  /// - Throws: ``StoreError``.
  func content() throws(StoreError) -> StoreContent

  /// Row counts of every table.
  /// - Throws: ``StoreError``.
  func counts() throws(StoreError) -> StoreCounts

  /// The applied migrations, oldest first.
  /// - Throws: ``StoreError``.
  func appliedMigrations() throws(StoreError) -> [String]
}

/// The store inside ``ValueStore/transaction(_:)``: the writes and reads of a run, all in
/// the one transaction.
public protocol ValueStoreTransaction {
  /// Records a run and its values. A run whose inputs the organisation recorded before is
  /// not recorded again; its values replace the stored ones for the same (organisation, kpi,
  /// period, scope), so a corrected spec updates them.
  /// - Returns: `true` when the run was new.
  /// - Throws: ``StoreError``; on PostgreSQL also when the connected role may not write the
  ///   run's organisation.
  @discardableResult
  func record(_ run: RunRecord, values: [KPIValue]) throws(StoreError) -> Bool

  /// Imports earlier years' published aggregates of `organisation`; a (kpi, period, scope)
  /// already imported is replaced, so importing the same file twice changes nothing.
  /// - Throws: ``StoreError``.
  func importHistory(_ values: [KPIValue], source: String, organisation: String)
    throws(StoreError)

  /// The values, as ``ValueStore/values(kpi:organisation:)`` gives them, this transaction's
  /// writes included.
  /// - Throws: ``StoreError``.
  func values(kpi: String?, organisation: String?) throws(StoreError) -> [KPIValue]
}

extension ValueStore {
  /// Records a run and its values in a transaction of their own.
  /// - Returns: `true` when the run was new.
  /// - Throws: ``StoreError``.
  @discardableResult
  public func record(_ run: RunRecord, values: [KPIValue]) throws(StoreError) -> Bool {
    try storeErrors { try transaction { try $0.record(run, values: values) } }
  }

  /// Imports published aggregates in a transaction of their own.
  /// - Throws: ``StoreError``.
  public func importHistory(_ values: [KPIValue], source: String, organisation: String = "")
    throws(StoreError)
  {
    try storeErrors {
      try transaction { try $0.importHistory(values, source: source, organisation: organisation) }
    }
  }

  /// Every organisation's values.
  /// - Throws: ``StoreError``.
  public func values(kpi: String? = nil) throws(StoreError) -> [KPIValue] {
    try values(kpi: kpi, organisation: nil)
  }

  /// Copies everything `source` holds into this store, in one transaction: each run with
  /// its inputs and values, and the history. Copying again changes nothing, since runs are
  /// known by their inputs' hashes and values by their keys.
  /// - Parameters:
  ///   - source: The store to copy.
  ///   - organisation: Whose the rows of no organisation are (a store from before v2).
  /// - Returns: How many of the copied runs were new here.
  /// - Throws: ``StoreError``, e.g. when this store's role may not write an organisation.
  @discardableResult
  public func copy(from source: any ValueStore, organisation: String? = nil) throws(StoreError)
    -> Int
  {
    var content = try source.content()
    if let organisation {
      for index in content.runs.indices where content.runs[index].run.organisation.isEmpty {
        content.runs[index].run.organisation = organisation
      }
      for index in content.history.indices where content.history[index].organisation.isEmpty {
        content.history[index].organisation = organisation
      }
    }
    return try storeErrors {
      try transaction { transaction in
        var added = 0
        var history: [String: [String: [KPIValue]]] = [:]
        for entry in content.history {
          history[entry.organisation, default: [:]][entry.source, default: []].append(entry.value)
        }
        for (organisation, sources) in history.sorted(by: { $0.key < $1.key }) {
          for (source, values) in sources.sorted(by: { $0.key < $1.key }) {
            try transaction.importHistory(values, source: source, organisation: organisation)
          }
        }
        for (run, values) in content.runs where try transaction.record(run, values: values) {
          added += 1
        }
        return added
      }
    }
  }

  private func storeErrors<T>(_ body: () throws -> T) throws(StoreError) -> T {
    do {
      return try body()
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError(path: location, reason: "\(error)")
    }
  }
}
