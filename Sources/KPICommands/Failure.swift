import ArgumentParser
import Foundation
import KPIEngine
import KPIIngest
import KPIRender
import KPIStats
import KPIStore

/// A failure at the command-line boundary, carrying the sysexits code it ends with
/// (SPEC §3).
struct CommandFailure: Error, CustomStringConvertible {
  enum Kind {
    /// The command was used wrongly in a way ArgumentParser cannot see: exit 64 (EX_USAGE).
    case usage
    /// The input data are wrong: exit 65 (EX_DATAERR).
    case badInput
    /// An input file is missing or unreadable: exit 66 (EX_NOINPUT).
    case missingInput
    /// An output cannot be written: exit 73 (EX_CANTCREAT).
    case cannotWrite

    var exitCode: ExitCode {
      switch self {
      case .usage: ExitCode(64)
      case .badInput: ExitCode(65)
      case .missingInput: ExitCode(66)
      case .cannotWrite: ExitCode(73)
      }
    }
  }

  var kind: Kind
  var message: String

  var description: String { message }
}

/// Runs a command body and maps the engine's errors to one line on stderr and the sysexits
/// code of SPEC §3, so that no error reaches the user as a stack trace.
func reportingFailures(
  _ command: String, progress: ProgressOptions, _ body: () throws -> Void
) throws {
  try reportingFailures(command) { try progress.showing(command, body) }
}

/// Runs a command body and maps the engine's errors to one line on stderr and the sysexits
/// code of SPEC §3, so that no error reaches the user as a stack trace.
func reportingFailures(_ command: String, _ body: () throws -> Void) throws {
  do {
    try body()
  } catch let failure as NoticedError {
    for notice in failure.notices { printError(notice.line(command: command)) }
    try reportingFailures(command) { throw failure.error }
  } catch let error as CommandFailure {
    printError("\(command): error: \(error.message)")
    throw error.kind.exitCode
  } catch let error as IngestError {
    for diagnostic in error.diagnostics {
      printError("\(command): error: \(diagnostic)")
    }
    throw error.code == .unreadable ? ExitCode(66) : ExitCode(65)
  } catch let error as RenderError {
    printError("\(command): error: \(error)")
    throw ExitCode(73)
  } catch let error as StoreError {
    printError("\(command): error: \(error)")
    switch error.code {
    case .unsupported, .badAddress: throw ExitCode(64)
    case .failed, .refused: throw ExitCode(73)
    }
  } catch let error as StatsError {
    printError("\(command): error: \(error.message)")
    throw ExitCode(65)
  }
}

/// Runs one analysis as a single command does: writes its files into `out`, shows its
/// notices on standard error and prints its summary.
func runAnalysis(_ analysis: any Analysis, out: String, dialect: CSVDialect, command: String)
  throws
{
  let outcome = try Engine.run(analysis, out: try OutputGuard.folder(out), dialect: dialect)
  for notice in outcome.notices { printError(notice.line(command: command)) }
  print(outcome.summary, terminator: "")
}

/// Writes one line to standard error.
func printError(_ line: String) {
  // A progress line on the terminal is cleared first, and none is drawn after it.
  ProgressMeter.shared.finish()
  FileHandle.standardError.write(Data((line + "\n").utf8))
}
