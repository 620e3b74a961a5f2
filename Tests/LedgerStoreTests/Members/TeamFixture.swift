import Foundation
import LedgerCore
import TestSupport

@testable import LedgerStore

/// A small real team ledger (format 2) in a file: record 1 founded by `lead` (admin, read,
/// write); `eli` and `fay` added with read and write, `aud` with read; then one note by `eli`.
/// Each member opens the file with its own identity, as another process does.
struct TeamFixture {
    static let deployment = DeploymentID(bytes: [UInt8](repeating: 0xA, count: 16))!
    let dir = TempDir()
    let path: String

    /// An identity whose seed is `letter` 32 times, with key number `letter` 8 times.
    static func identity(_ name: String, _ letter: Character) -> Signer {
        Signer(
            name: name, keyNumber: Array(String(repeating: letter, count: 8).utf8),
            key: Ed25519(seed: TestSecrets.secure(String(repeating: letter, count: 32))))
    }

    static let lead = identity("lead", "L"), eli = identity("eli", "E"), fay = identity("fay", "F"), aud = identity("aud", "A")
    static let stranger = identity("mallory", "M")

    init() throws {
        path = dir.file("team.ledger")
        let ledger = try LedgerFile.createTeam(at: path, founder: Self.lead, name: "Dana")
        try ledger.addMember(name: "Eli", key: PublicKeyInfo(Self.eli), can: try CapabilitySet.parse(list: "read,write"))
        try ledger.addMember(name: "Fay", key: PublicKeyInfo(Self.fay), can: try CapabilitySet.parse(list: "read,write"))
        try ledger.addMember(name: "Aud", key: PublicKeyInfo(Self.aud), can: try CapabilitySet.parse(list: "read"))
        try open(as: Self.eli).note("tests green")
    }

    /// The file opened with `identity` (unlocked with its wraps).
    func open(as identity: Signer) throws -> LedgerFile {
        let l = try LedgerFile.open(at: path)
        try l.unlock(identity: identity)
        return l
    }

    /// Verify's findings as `kind@seq`, keyless or with `identity`.
    func findings(as identity: Signer? = nil) throws -> [String] {
        let l = try LedgerFile.open(at: path, readOnly: true)
        if let identity { try l.unlock(identity: identity) }
        return try l.audit().findings.map { "\($0.kind.rawValue)@\($0.seq)" }
    }

    /// Seals `event` as the next record, signed by `author` under `epoch`'s key `key`, and
    /// inserts it with the sqlite3 API, as an attacker holding those keys would.
    func forge(_ event: Event, by author: Signer, epoch: UInt32, key: SecureBytes, signed: Bool = true) throws -> Record {
        let raw = try RawSQL(path)
        let seq = Int64(raw.column("SELECT max(seq) FROM events")[0])!
        let prev = raw.blob("SELECT hash FROM events WHERE seq = \(seq)")
        var r = Format2Chain.seal(
            kind: event.kind, deployment: event.deployment,
            publicData: event.publicData.isEmpty ? [] : JSONValue.object(event.publicData).canonicalBytes,
            payload: event.payload(format: .v2), seq: seq + 1, epoch: epoch, prevHash: prev, nonce: SystemRandom().bytes(24), dataKey: key,
            author: author.key, ledger: try LedgerFile.open(at: path, readOnly: true).id)
        if !signed {
            r.signature = []
            r.hash = RecordFormat.computeHash(r, ledger: try LedgerFile.open(at: path, readOnly: true).id)
        }
        try insert(r)
        return r
    }

    /// Runs SQL with the append-only triggers dropped, then puts them back with their exact
    /// text, as a careful attacker does (so the schema check sees nothing).
    func attack(_ sql: String) throws {
        let raw = try RawSQL(path)
        try raw.exec(TamperTests.unlock + sql)
        let names = raw.blob("SELECT CAST(group_concat(name, ' ') AS BLOB) FROM sqlite_schema WHERE type = 'trigger'")
        let present = Set(String(decoding: names, as: UTF8.self).split(separator: " ").map(String.init))
        for t in try EventStore.canonicalSchema() where t.type == "trigger" && !present.contains(t.name) { try raw.exec(t.sql! + ";") }
    }

    /// Inserts `r` as a row.
    func insert(_ r: Record) throws {
        func x(_ b: [UInt8]) -> String { "x'\(Hex.encode(b))'" }
        try RawSQL(path).exec(
            "INSERT INTO events (seq, kind, deployment, epoch, public, nonce, ciphertext, sig, prev_hash, hash) VALUES (\(r.seq), '\(r.kind)', \(x(r.deployment)), \(r.epoch), \(x(r.publicData)), \(x(r.nonce)), \(x(r.ciphertext)), \(x(r.signature)), \(x(r.prevHash)), \(x(r.hash)))"
        )
    }

    /// A note event.
    static func note(_ text: String) -> Event {
        Event(kind: .note, deployment: deployment, actor: "", time: Timestamp(millisecondsSinceEpoch: 1_795_714_200_000), data: ["text": .string(text)])
    }
}

extension LedgerFile {
    /// Appends a note to the fixture's deployment.
    @discardableResult
    func note(_ text: String) throws -> Record { try append([TeamFixture.note(text)])[0] }
}
