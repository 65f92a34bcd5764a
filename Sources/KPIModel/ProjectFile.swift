import Foundation

/// What `kpi report` runs: the organisation, the period, the analyses and the manually judged
/// goals of one annual or interim report (SPEC §4.4).
///
/// Paths are kept as the file writes them, relative to the project file's folder, so that a
/// project moved with its data still works; ``resolve(_:)`` turns one into a URL.
public struct ProjectFile: Sendable, Equatable {
  /// The organisation the report is about, e.g. `Boråsregionen Sjuhärads kommunalförbund`.
  public var organisation: String
  /// The period reported, e.g. `2025` or `2025-08`.
  public var period: String
  /// The reporting date of an interim report (`as_of: 2023-08-31`), or `nil` for an annual
  /// report. Counts after it are left out, a partial year is compared with the same days of
  /// earlier years, and the report says it is a delårsrapport per that day.
  public var asOf: CalendarDate?
  /// Path of the SQLite store, if the file names one.
  public var store: String?
  /// Path of a CSV of earlier years' published aggregates (`kpi,period,scope,value`), if any.
  public var history: String?
  /// The analyses to run, in the order of the report.
  public var analyses: [AnalysisEntry]
  /// Goals judged by people, reported beside the computed ones.
  public var goals: [ManualGoal]
  /// The folder relative paths are resolved against: the project file's folder, or `nil` when
  /// the project was read from text with no file behind it (paths then resolve against the
  /// working directory).
  public var baseDirectory: URL?
  /// Warnings on the project file, located (`projekt.yaml:4:31: …`): a text a `#` may have
  /// cut short. Set by the loader; empty for a project made in code.
  public var warnings: [String] = []

  /// Creates a project.
  public init(
    organisation: String, period: String, asOf: CalendarDate? = nil, store: String? = nil,
    history: String? = nil, analyses: [AnalysisEntry] = [], goals: [ManualGoal] = [],
    baseDirectory: URL? = nil
  ) {
    self.organisation = organisation
    self.period = period
    self.asOf = asOf
    self.store = store
    self.history = history
    self.analyses = analyses
    self.goals = goals
    self.baseDirectory = baseDirectory
  }

  /// The file a path of the project names.
  ///
  /// An absolute path is taken as it is; a relative one is resolved against
  /// ``baseDirectory``, or against the working directory when there is none.
  /// - Parameter path: A path as the project file writes it, e.g. `hr/spells.csv`.
  /// - Returns: A standardised file URL.
  public func resolve(_ path: String) -> URL {
    Self.resolve(path, against: baseDirectory)
  }

  /// The file `path` names, relative to `folder` (or to the working directory when `nil`);
  /// an absolute path is taken as it is.
  public static func resolve(_ path: String, against folder: URL?) -> URL {
    if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
    guard let folder else { return URL(fileURLWithPath: path).standardizedFileURL }
    return folder.appendingPathComponent(path).standardizedFileURL
  }
}

/// A goal judged by people rather than computed, e.g. "Minst tre nyhetsbrev" (SPEC §4.4).
///
/// Its status is what the project file says; the comparator, target and value are shown
/// beside it so that a reader can see what the judgement rests on.
public struct ManualGoal: Sendable, Equatable {
  /// Stable identifier, e.g. `dso-nyhetsbrev`.
  public var id: String
  /// The goal as the report states it.
  public var text: String
  /// The target value, e.g. `3`.
  public var target: Double?
  /// How the value is compared with the target.
  public var comparator: Comparator?
  /// The value reached, e.g. `2`.
  public var value: Double?
  /// The unit of target and value, e.g. `st`, if any.
  public var unit: String?
  /// The judged status.
  public var status: GoalStatus
  /// A remark shown beside the goal, if any.
  public var comment: String?

  /// Creates a goal.
  public init(
    id: String, text: String, target: Double? = nil, comparator: Comparator? = nil,
    value: Double? = nil, unit: String? = nil, status: GoalStatus, comment: String? = nil
  ) {
    self.id = id
    self.text = text
    self.target = target
    self.comparator = comparator
    self.value = value
    self.unit = unit
    self.status = status
    self.comment = comment
  }
}
