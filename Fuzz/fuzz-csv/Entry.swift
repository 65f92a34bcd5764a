import FuzzSupport

/// The target's entry: libFuzzer under `make fuzz`, a replay of input files otherwise.
@main enum Entry {
  static func main() { FuzzMain.run(fuzzOne) }
}
