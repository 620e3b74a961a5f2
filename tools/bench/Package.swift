// swift-tools-version: 6.1
// Benchmarks for ledger, kept out of the main package so that its build stays small.
// Run with ./run (or see docs/PERFORMANCE.md); needs the sqlite3 and libsodium dev packages.
import PackageDescription

let package = Package(
    name: "ledger-bench",
    platforms: [.macOS(.v13)],
    dependencies: [
        // The library under test, by path. The explicit name keeps `package: "ledger"` valid
        // whatever the checkout's folder is called (a path dependency's identity is its folder).
        .package(name: "ledger", path: "../.."),
        // ordo-one/benchmark resolves offline only with this trait set (the default trait set
        // also pulls swift-runtime-interposer, which is not mirrored here).
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Raw baselines talk to SQLite and libsodium directly through these modules (the main
        // package's CSQLite/CSodium are not products, and the names must not clash).
        .systemLibrary(name: "BenchSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "BenchSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .executableTarget(
            name: "LedgerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LedgerStore", package: "ledger"),
                .product(name: "LedgerCore", package: "ledger"),
                .product(name: "Checklist", package: "ledger"),
                "BenchSQLite",
                "BenchSodium",
            ],
            path: "Benchmarks/LedgerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
