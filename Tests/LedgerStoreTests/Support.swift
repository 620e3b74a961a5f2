import Foundation
import LedgerCore
@testable import LedgerStore
import TestSupport

/// A small real ledger file: record 1 `ledger.created`, then notes 2…N alternating between
/// deployments A and B, all deterministic.
struct LedgerFixture {
    static let passphrase = TestSecrets.passphrase
    static let deploymentA = DeploymentID(bytes: [UInt8](repeating: 0xA, count: 16))!
    static let deploymentB = DeploymentID(bytes: [UInt8](repeating: 0xB, count: 16))!
    let dir = TempDir()
    let path: String

    init(notes: Int = 5) throws {
        path = dir.file("deploy.ledger")
        let ledger = try LedgerFile.create(at: path, passphrase: Self.secret(), actor: "alice", kdf: .owaspFloor,
                                           clock: FixedClock(start: Timestamp(millisecondsSinceEpoch: 1_795_714_200_000)),
                                           random: SeededRandom(seed: Array("fixture".utf8)))
        for i in 0..<notes {
            try ledger.append(.note, deployment: i % 2 == 0 ? Self.deploymentA : Self.deploymentB, actor: "alice",
                              data: ["text": .string("note \(i + 2)")])
        }
    }

    static func secret(_ s: String = passphrase) -> SecureBytes { TestSecrets.secure(s) }

    func verify(withKey: Bool) throws -> VerifyReport {
        let l = try LedgerFile.open(at: path, readOnly: true)
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
