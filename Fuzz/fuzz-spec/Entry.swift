import FuzzSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

#if FUZZING
  import CLibFuzzer

  /// libFuzzer's entry point; `make fuzz` builds with `-sanitize=fuzzer,address -DFUZZING`.
  @_cdecl("LLVMFuzzerTestOneInput")
  public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(UnsafeRawBufferPointer(start: data, count: size))
    return 0
  }

  /// SwiftPM links an executable's `main` to its module's entry point, so libFuzzer's own
  /// `main` is not used: this one hands the command line to libFuzzer's driver.
  @main enum Fuzz {
    static func main() {
      var argc = CommandLine.argc
      var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
      exit(LLVMFuzzerRunDriver(&argc, &argv) { testOneInput($0, $1) })
    }
  }
#else
  /// Without libFuzzer: replays the files named on the command line through `fuzzOne`.
  @main enum Replay {
    static func main() { exit(FuzzReplay.run(fuzzOne)) }
  }
#endif
