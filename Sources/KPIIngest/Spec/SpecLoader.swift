import Foundation
import KPIModel

/// Reads the YAML files a user writes: survey and questionnaire specs (SPEC §4.1) and the
/// project file of `kpi report` (SPEC §4.4).
///
/// Every problem is an ``IngestError`` whose diagnostic names the file, line and column, in
/// the style of a compiler:
///
/// ```
/// spec.yaml:9:1: unknown key "questons"; did you mean "questions"?
/// spec.yaml:12:11: "goal" must be a share between 0 and 1, found "85"; write 0.85 for 85 %
/// ```
///
/// Hostile files are refused before they can do harm (SPEC §8): files over 1 MB, YAML
/// aliases (the "billion laughs" attack works through them), more than 100 000 nodes, and
/// nesting deeper than 1 000 levels. Messages quote at most 20 characters of the file.
public enum SpecLoader {
  /// The largest spec or project file accepted, in bytes.
  public static var maximumFileSize: Int { YAMLDocument.maximumBytes }

  /// Reads a survey or questionnaire spec.
  ///
  /// `invited:` naming a file keeps the path as written; it is relative to the spec's folder.
  /// - Parameter url: The spec's file.
  /// - Returns: The spec, checked.
  /// - Throws: ``IngestError`` with code `unreadable` when the file cannot be read,
  ///   `limitExceeded` when it breaks a size limit, `malformed` when it is not UTF-8 or UTF-16
  ///   text, and `invalidSpec` for invalid YAML or an invalid spec.
  public static func loadSurveySpec(url: URL) throws(IngestError) -> SurveySpec {
    let document = try YAMLDocument(url: url)
    var spec = try SurveySpecDecoder(reader: document.reader).decode(document.root)
    spec.warnings = document.warnings.map(\.description)
    return spec
  }

  /// Reads a survey or questionnaire spec from text, as ``loadSurveySpec(url:)`` does a file.
  /// - Parameters:
  ///   - yaml: The spec's text.
  ///   - fileName: The name messages give the text, e.g. `spec.yaml`.
  /// - Returns: The spec, checked.
  /// - Throws: ``IngestError``, as ``loadSurveySpec(url:)`` does.
  public static func loadSurveySpec(yaml: String, fileName: String) throws(IngestError)
    -> SurveySpec
  {
    let document = try YAMLDocument(text: yaml, file: fileName)
    var spec = try SurveySpecDecoder(reader: document.reader).decode(document.root)
    spec.warnings = document.warnings.map(\.description)
    return spec
  }

  /// Reads a project file.
  ///
  /// The project's ``ProjectFile/baseDirectory`` is the file's folder, as an absolute URL, so
  /// that ``ProjectFile/resolve(_:)`` finds the data wherever the command was started.
  /// - Parameter url: The project file.
  /// - Returns: The project, checked: every analysis has the files its kind needs.
  /// - Throws: ``IngestError``, as ``loadSurveySpec(url:)`` does.
  public static func loadProject(url: URL) throws(IngestError) -> ProjectFile {
    let document = try YAMLDocument(url: url)
    let folder = url.absoluteURL.deletingLastPathComponent().standardizedFileURL
    var project = try ProjectFileDecoder(reader: document.reader)
      .decode(document.root, baseDirectory: folder)
    project.warnings = document.warnings.map(\.description)
    return project
  }

  /// Reads a project file from text, as ``loadProject(url:)`` does a file.
  /// - Parameters:
  ///   - yaml: The project file's text.
  ///   - fileName: The name messages give the text, e.g. `projekt.yaml`.
  ///   - baseDirectory: The folder relative paths are resolved against; `nil` for the
  ///     working directory.
  /// - Returns: The project, checked.
  /// - Throws: ``IngestError``, as ``loadSurveySpec(url:)`` does.
  public static func loadProject(yaml: String, fileName: String, baseDirectory: URL? = nil)
    throws(IngestError) -> ProjectFile
  {
    let document = try YAMLDocument(text: yaml, file: fileName)
    var project = try ProjectFileDecoder(reader: document.reader)
      .decode(document.root, baseDirectory: baseDirectory)
    project.warnings = document.warnings.map(\.description)
    return project
  }

  /// Reads the rules file of `kpi check` for `table`: the label and figure columns, and the
  /// kind of each row it names, matched to the table's rows by label in order.
  /// - Parameters:
  ///   - url: The rules file.
  ///   - table: The table the rules describe.
  /// - Returns: The table's layout.
  /// - Throws: ``IngestError``, as ``loadSurveySpec(url:)`` does; a label, column or id the
  ///   table does not have is `invalidSpec`, located in the rules file.
  public static func loadCheckRules(url: URL, for table: PrintedTable) throws(IngestError)
    -> CheckLayout
  {
    let document = try YAMLDocument(url: url)
    return try CheckRulesDecoder(reader: document.reader, table: table)
      .decode(document.root)
  }

  /// Reads the rules of `kpi check` from text, as ``loadCheckRules(url:for:)`` does a file.
  /// - Parameters:
  ///   - yaml: The rules' text.
  ///   - fileName: The name messages give the text.
  ///   - table: The table the rules describe.
  /// - Returns: The table's layout.
  /// - Throws: ``IngestError``, as ``loadCheckRules(url:for:)`` does.
  public static func loadCheckRules(yaml: String, fileName: String, for table: PrintedTable)
    throws(IngestError) -> CheckLayout
  {
    let document = try YAMLDocument(text: yaml, file: fileName)
    return try CheckRulesDecoder(reader: document.reader, table: table)
      .decode(document.root)
  }
}
