import CSQLite
import Foundation
import LedgerCore
@testable import LedgerStore

/// A scratch directory removed when the value is released.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "ledger-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
}

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
    static let passphrase = "correct horse battery staple"
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
            try ledger.append(.note, deployment: i % 2 == 0 ? Self.deploymentA : Self.deploymentB, actor: "alice",
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

    static func secret(_ s: String = passphrase) -> SecureBytes {
        var b = Array(s.utf8)
        return SecureBytes(consuming: &b)
    }

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

/// Direct SQLite access for the tests' attackers.
final class RawSQL {
    var db: OpaquePointer?
    init(_ path: String) throws {
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw LedgerError(.failure, "open") }
    }
    deinit { sqlite3_close(db) }
    func exec(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &err) == SQLITE_OK else {
            let msg = err.map { String(cString: $0) } ?? "?"
            sqlite3_free(err)
            throw LedgerError(.failure, msg)
        }
    }
    func blob(_ sql: String) -> [UInt8] {
        var s: OpaquePointer?
        sqlite3_prepare_v2(db, sql, -1, &s, nil)
        defer { sqlite3_finalize(s) }
        guard sqlite3_step(s) == SQLITE_ROW else { return [] }
        let n = Int(sqlite3_column_bytes(s, 0))
        guard n > 0, let p = sqlite3_column_blob(s, 0) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }
}

extension LedgerFile {
    /// The SQLite store of a ledger opened from a file; nil for one in memory.
    var sqlite: EventStore? { store as? EventStore }
}

extension Array where Element == UInt8 {
    var sqlHex: String { "x'" + Hex.encode(self) + "'" }
}
