import Foundation
import LedgerCore
import TestSupport

@testable import LedgerStore

/// The two storages a ledger runs on; tests that take one as argument run on both.
enum StorageKind: String, CaseIterable, Sendable {
    /// A ledger file (`EventStore`).
    case sqlite
    /// `InMemoryStorage`.
    case memory
}

/// A small real ledger: record 1 `ledger.created`, then notes 2…N alternating between
/// deployments A and B, all deterministic (the same records byte for byte on either storage).
/// By default a file; `on: .memory`, in memory (then `path` is `:memory:` and there is no file).
struct LedgerFixture {
    static let passphrase = TestSecrets.passphrase
    static let deploymentA = DeploymentID(bytes: [UInt8](repeating: 0xA, count: 16))!
    static let deploymentB = DeploymentID(bytes: [UInt8](repeating: 0xB, count: 16))!
    let dir = TempDir()
    let path: String
    /// The storage of a fixture in memory; nil for a file.
    let memory: (any LedgerStorage)?

    init(notes: Int = 5, on kind: StorageKind = .sqlite) throws {
        let ledger = try Self.create(kind, at: dir.file("deploy.ledger"))
        path = ledger.path
        memory = kind == .memory ? ledger.store : nil
        for i in 0..<notes {
            try ledger.append(
                .note, deployment: i % 2 == 0 ? Self.deploymentA : Self.deploymentB, actor: "alice",
                data: ["text": .string("note \(i + 2)")])
        }
    }

    /// A new ledger on `kind` with the fixture's passphrase, clock and randomness (unlocked).
    static func create(_ kind: StorageKind, at path: String) throws -> LedgerFile {
        let clock = FixedClock(start: Timestamp(millisecondsSinceEpoch: 1_795_714_200_000))
        let random = SeededRandom(seed: Array("fixture".utf8))
        switch kind {
        case .sqlite: return try LedgerFile.create(at: path, passphrase: secret(), actor: "alice", kdf: .owaspFloor, clock: clock, random: random)
        case .memory: return try LedgerFile.createInMemory(passphrase: secret(), actor: "alice", kdf: .owaspFloor, clock: clock, random: random)
        }
    }

    /// The ledger opened again, locked, as another process opens it: the file (read-only when
    /// asked), or a new handle on the storage in memory.
    func open(readOnly: Bool = false) throws -> LedgerFile {
        if let memory { return LedgerFile(path: path, store: memory, clock: SystemClock(), random: SystemRandom()) }
        return try LedgerFile.open(at: path, readOnly: readOnly)
    }

    static func secret(_ s: String = passphrase) -> SecureBytes { TestSecrets.secure(s) }

    func verify(withKey: Bool) throws -> VerifyReport {
        let l = try open(readOnly: true)
        if withKey { try l.unlock(passphrase: Self.secret()) }
        return try l.verify()
    }

    func kinds(withKey: Bool) throws -> [String] {
        try verify(withKey: withKey).findings.map { "\($0.kind.rawValue)@\($0.seq)" }
    }

    /// Runs SQL as an attacker would, with the sqlite3 C API, outside the library. A careful
    /// attacker (`coverTracks`, the default) then re-creates, with their exact text, the
    /// format's triggers they dropped, so that the schema check sees nothing.
    func attack(_ sql: String, coverTracks: Bool = true) throws {
        let raw = try RawSQL(path)
        try raw.exec(sql)
        guard coverTracks else { return }
        let names = raw.blob("SELECT CAST(group_concat(name, ' ') AS BLOB) FROM sqlite_schema WHERE type = 'trigger'")
        let present = Set(String(decoding: names, as: UTF8.self).split(separator: " ").map(String.init))
        for t in try EventStore.canonicalSchema() where t.type == "trigger" && !present.contains(t.name) {
            try raw.exec(t.sql! + ";")
        }
    }

    func bytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
}

extension LedgerFile {
    /// The SQLite store of a ledger opened from a file; nil for one in memory.
    var sqlite: EventStore? { store as? EventStore }
}
