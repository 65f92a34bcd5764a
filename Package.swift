// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "kpi",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "kpi", targets: ["kpi"]),
    .library(name: "KPIStats", targets: ["KPIStats"]),
  ],
  // The shared PostgreSQL store (issue 19) is built only with `--traits Postgres`: the
  // default build, and so `make report`, compiles no SwiftNIO or PostgresNIO.
  traits: [
    .trait(
      name: "Postgres",
      description: "The PostgreSQL store (`--store postgres://…`), through PostgresNIO.")
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
  ],
  targets: [
    // MARK: - Numeric core
    // The only door to GSL. Nothing but KPIStats may depend on it.
    .systemLibrary(
      name: "CGSL",
      pkgConfig: "gsl",
      providers: [.apt(["libgsl-dev"])]
    ),
    .target(
      name: "KPIStats",
      dependencies: ["CGSL"]
    ),

    // A cache prefetch hint for the two loops that go through memory in random order (spell
    // accumulator, person index), and the CSV scanner's 16-byte compare masks: Swift has no
    // way to say either.
    .target(
      name: "CPrefetch"
    ),

    // MARK: - Domain
    // Domain types: specs, project files and their analyses, goals, periods. No I/O.
    .target(
      name: "KPIModel"
    ),

    // MARK: - Analyses
    // The four analyses and goal judgement, on coded data. No I/O.
    .target(
      name: "KPIAnalysis",
      dependencies: ["KPIModel", "KPIStats", "CPrefetch"]
    ),

    // MARK: - Input
    // CSV and XLSX readers on bytes, YAML specs and project files.
    .target(
      name: "KPIIngest",
      dependencies: [
        "KPIModel",
        "CPrefetch",
        // The sick-leave reader fills the analysis' employee table and spell accumulator.
        "KPIAnalysis",
        .product(name: "Yams", package: "Yams"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),

    // MARK: - Output
    // CSV (machine and Swedish Excel), SVG charts, HTML, notebooks; Swedish formatting.
    .target(
      name: "KPIRender",
      dependencies: ["KPIAnalysis", "KPIModel"]
    ),

    // MARK: - Store
    // KPI history in SQLite, and with the Postgres trait on a shared PostgreSQL server. The
    // only importer of GRDB and PostgresNIO.
    .target(
      name: "KPIStore",
      dependencies: [
        "KPIModel",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(
          name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Postgres"])),
      ]
    ),

    // MARK: - Engine
    // Every analysis behind one interface: configuration in, KPI values, goals, report
    // section, files and warnings out; `kpi report`'s loop. Prints nothing.
    .target(
      name: "KPIEngine",
      dependencies: ["KPIIngest", "KPIAnalysis", "KPIRender", "KPIStore", "KPIModel"]
    ),

    // MARK: - Command line
    .target(
      name: "KPICommands",
      dependencies: [
        "KPIEngine",
        "KPIStats",
        "KPIIngest",
        "KPIAnalysis",
        "KPIRender",
        "KPIStore",
        "KPIModel",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // The spec reference (docs/spec.md links to it), for `kpi spec`.
      resources: [.copy("Resources/spec.md")]
    ),
    .executableTarget(
      name: "kpi",
      dependencies: ["KPICommands"]
    ),

    // MARK: - Benchmarks
    .executableTarget(
      name: "kpi-bench",
      dependencies: [
        "KPIIngest",
        "KPIModel",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Fuzz targets
    // `make fuzz` builds these with libFuzzer (-sanitize=fuzzer,address -DFUZZING); in a normal
    // build each is a small driver that replays the input files it is given.
    .target(
      name: "FuzzSupport",
      dependencies: ["CLibFuzzer"],
      path: "Fuzz/FuzzSupport"
    ),
    .target(
      name: "CLibFuzzer",
      path: "Fuzz/CLibFuzzer"
    ),
    .executableTarget(
      name: "fuzz-csv",
      dependencies: ["FuzzSupport", "KPIAnalysis", "KPIIngest", "KPIModel"],
      path: "Fuzz/fuzz-csv"
    ),
    .executableTarget(
      name: "fuzz-xlsx",
      dependencies: ["FuzzSupport", "KPIIngest"],
      path: "Fuzz/fuzz-xlsx"
    ),
    .executableTarget(
      name: "fuzz-spec",
      dependencies: ["FuzzSupport", "KPIIngest", "KPIModel"],
      path: "Fuzz/fuzz-spec"
    ),

    // MARK: - Tests
    .testTarget(
      name: "KPIStatsTests",
      dependencies: ["KPIStats"]
    ),
    .testTarget(
      name: "KPIModelTests",
      dependencies: ["KPIModel"]
    ),
    .testTarget(
      name: "KPIAnalysisTests",
      // KPIRender for the Swedish wording of the sick-leave notes.
      dependencies: ["KPIAnalysis", "KPIRender"]
    ),
    .testTarget(
      name: "KPIRenderTests",
      dependencies: ["KPIRender"],
      resources: [.copy("__Snapshots__")]
    ),
    .testTarget(
      name: "KPIStoreTests",
      // GRDB to make a store of the schema before organisations (v1), as an old release did.
      dependencies: ["KPIStore", .product(name: "GRDB", package: "GRDB.swift")]
    ),
    .testTarget(
      name: "KPIIngestTests",
      dependencies: ["KPIIngest", "KPIAnalysis"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "KPIEngineTests",
      dependencies: ["KPIEngine", "KPIStore", "KPIIngest", "KPIAnalysis", "KPIModel", "KPIRender"]
    ),
    .testTarget(
      name: "KPICommandsTests",
      // Depending on the executable makes `swift test` build it, so the CLI tests can run it.
      dependencies: ["KPICommands", "KPIIngest", "KPIStore", "kpi"],
      // Golden files are read through #filePath, not as bundle resources.
      exclude: ["__Snapshots__"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
