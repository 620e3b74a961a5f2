// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ledger",
    platforms: [.macOS(.v15)],  // Synchronization (Atomic, Mutex); `ledger run` needs Linux (docs/decisions/0013)
    products: [
        .executable(name: "ledger", targets: ["ledger"]),
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
        .library(name: "LedgerStore", targets: ["LedgerStore"]),
        .library(name: "Checklist", targets: ["Checklist"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // System libraries: libsodium (crypto), SQLite (storage), cmark-gfm (Markdown).
        .systemLibrary(
            name: "CSodium", pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CCmark",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),

        // Markdown checklist templates: import, ids, round-trip rendering. No I/O.
        .target(
            name: "Checklist", dependencies: ["CCmark"],
            resources: [.embedInCode("Resources/optibid-production-deployment.md")]),
        // The pure core: model, canonical encodings, crypto, chain, verify, projections. No I/O.
        .target(name: "LedgerCore", dependencies: ["CSodium", "Checklist"]),
        // Process control Swift cannot express: prctl, and a supervised fork/exec whose children
        // die with ledger (docs/CLI.md §ledger run). Only LedgerStore/Execution imports it.
        .target(name: "CProcess"),
        // The Linux session keyring's system calls, for `ledger unlock` (docs/decisions/0018).
        .target(name: "CKeyring"),
        // Storage and the ledger service: SQLite file, key file handling, appends.
        .target(name: "LedgerStore", dependencies: ["LedgerCore", "CSQLite", "CProcess", "CKeyring"]),
        .executableTarget(
            name: "ledger",
            dependencies: [
                "LedgerStore", "LedgerCore", "Checklist",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // What the test targets share: where they find their files (inside the repository only,
        // Tests/Fixtures), scratch directories, raw SQL on a ledger file, test passphrases and keys.
        .target(name: "TestSupport", dependencies: ["LedgerCore", "CSQLite"], path: "Tests/TestSupport"),
        .testTarget(
            name: "ChecklistTests",
            dependencies: [
                "Checklist", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "LedgerCoreTests",
            dependencies: [
                "LedgerCore", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(name: "LedgerStoreTests", dependencies: ["LedgerStore", "LedgerCore", "CSQLite", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["ledger", "LedgerStore", "LedgerCore", "CSQLite", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
