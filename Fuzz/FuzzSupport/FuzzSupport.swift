import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The file a fuzz input is written to for the readers that take a URL: one per process and
/// suffix, overwritten by every input.
public enum FuzzInput {
  /// Writes `bytes` to this process's scratch file ending in `.suffix` and returns its URL.
  public static func write(_ bytes: UnsafeRawBufferPointer, suffix: String) -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("kpi-fuzz-\(getpid()).\(suffix)")
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(descriptor >= 0, "cannot write the fuzz input to \(url.path)")
    var offset = 0
    while offset < bytes.count {
      let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      precondition(written > 0, "cannot write the fuzz input to \(url.path)")
      offset += written
    }
    close(descriptor)
    return url
  }
}

#if canImport(Glibc)
  private let systemWrite = Glibc.write
#else
  private let systemWrite = Darwin.write
#endif

/// The driver of a fuzz target built without libFuzzer: runs the target's one-input function
/// over every file named on the command line (a crash reproducer, or a folder of them), so
/// findings can be replayed under the debugger or the normal build.
public enum FuzzReplay {
  /// Runs `body` on each file and each file in each folder of `arguments`.
  /// - Returns: The exit status: 0 when every input ran, 64 without arguments, 66 when one
  ///   cannot be read.
  public static func run(
    arguments: [String] = Array(CommandLine.arguments.dropFirst()),
    _ body: (UnsafeRawBufferPointer) -> Void
  ) -> Int32 {
    let name = URL(fileURLWithPath: CommandLine.arguments[0]).lastPathComponent
    guard !arguments.isEmpty else {
      FileHandle.standardError.write(
        Data(
          ("usage: \(name) FILE-OR-FOLDER...\n"
            + "Runs each input once through the reader; build with `make fuzz` for libFuzzer.\n")
            .utf8))
      return 64
    }
    var count = 0
    for argument in arguments {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else {
        FileHandle.standardError.write(Data("\(name): \(argument): no such file\n".utf8))
        return 66
      }
      let files =
        isFolder.boolValue
        ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted()
          .map { URL(fileURLWithPath: argument).appendingPathComponent($0).path }
        : [argument]
      for file in files {
        guard let data = FileManager.default.contents(atPath: file) else {
          FileHandle.standardError.write(Data("\(name): \(file): cannot read\n".utf8))
          return 66
        }
        data.withUnsafeBytes { body($0) }
        count += 1
      }
    }
    print("\(name): \(count) inputs ran")
    return 0
  }
}

#if FUZZING
  import CLibFuzzer

  /// The target's one-input function, set once by ``FuzzMain/run(_:)`` before libFuzzer starts.
  nonisolated(unsafe) private var currentTarget: ((UnsafeRawBufferPointer) -> Void)?

  /// libFuzzer's entry point; `make fuzz` builds with `-sanitize=fuzzer,address -DFUZZING`.
  @_cdecl("LLVMFuzzerTestOneInput")
  public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    currentTarget?(UnsafeRawBufferPointer(start: data, count: size))
    return 0
  }
#endif

/// Every fuzz target's `main`: with libFuzzer (`-DFUZZING`) it hands the command line to
/// libFuzzer's driver, since SwiftPM links an executable's `main` to its module's entry point
/// and libFuzzer's own `main` is not used; without, it replays the files named on the command
/// line through the target (``FuzzReplay``).
public enum FuzzMain {
  public static func run(_ target: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
    #if FUZZING
      currentTarget = target
      var argc = CommandLine.argc
      var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
      exit(LLVMFuzzerRunDriver(&argc, &argv) { testOneInput($0, $1) })
    #else
      exit(FuzzReplay.run(target))
    #endif
  }
}
