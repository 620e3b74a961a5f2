import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import LedgerStore

/// Attacks on real ledger files, each expecting the exact findings at the exact sequence
/// numbers. The attacker drops the append-only triggers first, as a real one would.
@Suite struct TamperTests {
    static let unlock = "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;"

    @Test func intactFileHasNoFinding() throws {
        let f = try LedgerFixture()
        #expect(try f.verify(withKey: false).isIntact)
        #expect(try f.verify(withKey: true).isIntact)
    }

    /// Flip one byte of one stored column of record 3.
    @Test(arguments: [
        ("kind", "UPDATE events SET kind = 'oote' WHERE seq = 3", "modified@3"),
        ("deployment", "UPDATE events SET deployment = x'0b0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a' WHERE seq = 3", "modified@3"),
        ("epoch", "UPDATE events SET epoch = 3 WHERE seq = 3", "modified@3"),
        ("nonce", "UPDATE events SET nonce = CAST(substr(nonce, 1, 5) || x'ff' || substr(nonce, 7) AS BLOB) WHERE seq = 3", "modified@3"),
        ("ciphertext", "UPDATE events SET ciphertext = CAST(substr(ciphertext, 1, 20) || x'00' || substr(ciphertext, 22) AS BLOB) WHERE seq = 3", "modified@3"),
        ("prev_hash", "UPDATE events SET prev_hash = CAST(x'00' || substr(prev_hash, 2) AS BLOB) WHERE seq = 3", "modified@3"),
        ("hash", "UPDATE events SET hash = CAST(substr(hash, 1, 31) || x'00' AS BLOB) WHERE seq = 3", "modified@3"),
        ("seq", "UPDATE events SET seq = 19 WHERE seq = 3", "reordered@19"),
        ("sig", "UPDATE events SET sig = x'01' WHERE seq = 3", "malformed@3"),
        ("public", "UPDATE events SET public = CAST('{\"a\":1}' AS BLOB) WHERE seq = 3", "modified@3"),
    ])
    func flippedColumnIsFound(column: String, sql: String, expected: String) throws {
        let f = try LedgerFixture()
        if column == "nonce" || column == "ciphertext" || column == "prev_hash" || column == "hash" {
            // make sure the flipped byte really differs from the stored one
            let before = try RawSQL(f.path).blob("SELECT \(column) FROM events WHERE seq = 3")
            try f.attack(Self.unlock + sql)
            let after = try RawSQL(f.path).blob("SELECT \(column) FROM events WHERE seq = 3")
            #expect(before != after && before.count == after.count, "the attack changed one byte of \(column)")
        } else {
            try f.attack(Self.unlock + sql)
        }
        #expect(try f.kinds(withKey: false) == [expected], "\(column) without the key")
        #expect(try f.kinds(withKey: true) == [expected], "\(column) with the key")
    }

    @Test func seqChangeNamesTheRecordItReallyIs() throws {
        let f = try LedgerFixture()
        try f.attack(Self.unlock + "UPDATE events SET seq = 19 WHERE seq = 3")
        #expect(try f.verify(withKey: false).findings.first?.message == "record 19 is the authentic record 3, moved: its sequence number was changed")
    }

    @Test func deletedRecordIsMissing() throws {
        let f = try LedgerFixture()
        try f.attack(Self.unlock + "DELETE FROM events WHERE seq = 3")
        #expect(try f.kinds(withKey: false) == ["missing@3"])
        #expect(try f.kinds(withKey: true) == ["missing@3"])
    }

    @Test func swappedRecordsAreReordered() throws {
        let f = try LedgerFixture()
        try f.attack(
            Self.unlock + "UPDATE events SET seq = -4 WHERE seq = 4; UPDATE events SET seq = 4 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = -4;")
        #expect(try f.kinds(withKey: false) == ["reordered@3", "reordered@4"])
    }

    @Test func forgedRecordInsertedInTheMiddle() throws {
        let f = try LedgerFixture()
        // Shift records 4…6 up by one and put a forgery at 4 that links to record 3 and has
        // a correctly computed hash (anyone can compute it: it needs no key).
        let l = try LedgerFile.open(at: f.path, readOnly: true)
        var forged = try #require(try l.allRecords().first { $0.seq == 4 })
        forged.ciphertext[0] ^= 0x55
        forged.hash = RecordFormat.computeHash(forged, ledger: l.id)
        try f.attack(
            Self.unlock + """
                UPDATE events SET seq = seq + 100 WHERE seq >= 4; UPDATE events SET seq = seq - 99 WHERE seq >= 100;
                INSERT INTO events (seq, kind, deployment, epoch, nonce, ciphertext, sig, prev_hash, hash) VALUES
                (4, 'note', \(forged.deployment.sqlHex), 1, \(forged.nonce.sqlHex), \(forged.ciphertext.sqlHex), x'', \(forged.prevHash.sqlHex), \(forged.hash.sqlHex));
                """)
        #expect(try f.kinds(withKey: false) == ["inserted@4", "reordered@5", "reordered@6", "reordered@7"])
    }

    @Test func forgedRecordAppendedAtTheEndNeedsTheKey() throws {
        let f = try LedgerFixture()
        let l = try LedgerFile.open(at: f.path, readOnly: true)
        let last = try #require(try l.allRecords().last)
        var forged = last
        forged.seq = 7
        forged.nonce = Array(repeating: 0x5A, count: 24)  // a fresh nonce: a copied one is nonce_reuse (StructureTamperTests)
        forged.prevHash = last.hash
        forged.hash = RecordFormat.computeHash(forged, ledger: l.id)
        try f.attack(
            """
            INSERT INTO events (seq, kind, deployment, epoch, nonce, ciphertext, sig, prev_hash, hash) VALUES
            (7, 'note', \(forged.deployment.sqlHex), 1, \(forged.nonce.sqlHex), \(forged.ciphertext.sqlHex), x'', \(forged.prevHash.sqlHex), \(forged.hash.sqlHex));
            """)
        #expect(try f.kinds(withKey: false) == [], "a keyless verifier cannot tell a well-formed forgery at the tail")
        #expect(try f.kinds(withKey: true) == ["undecryptable@7"])
    }

    @Test func recordMovedToAnotherDeployment() throws {
        let f = try LedgerFixture()
        try f.attack(Self.unlock + "UPDATE events SET deployment = \(LedgerFixture.deploymentB.bytes.sqlHex) WHERE seq = 2")
        #expect(try f.kinds(withKey: false) == ["modified@2"])
    }

    @Test func recordMovedToAnotherDeploymentAndChainRewritten() throws {
        let f = try LedgerFixture()
        try f.attack(Self.unlock + "UPDATE events SET deployment = \(LedgerFixture.deploymentB.bytes.sqlHex) WHERE seq = 2")
        try rewriteChain(f, from: 2)
        #expect(try f.kinds(withKey: false) == [], "a full keyless rewrite is caught only by checkpoints")
        #expect(try f.kinds(withKey: true) == ["undecryptable@2", "undecryptable@3", "undecryptable@4", "undecryptable@5", "undecryptable@6"])
    }

    @Test func pastedCiphertext() throws {
        let f = try LedgerFixture()
        try f.attack(Self.unlock + "UPDATE events SET ciphertext = (SELECT ciphertext FROM events WHERE seq = 2) WHERE seq = 5")
        #expect(try f.kinds(withKey: false) == ["modified@5"])
        try rewriteChain(f, from: 5)
        #expect(try f.kinds(withKey: false) == [])
        #expect(try f.kinds(withKey: true) == ["undecryptable@5", "undecryptable@6"])
    }

    @Test func pastedCiphertextWithOnlyItsOwnHashRecomputed() throws {
        let f = try LedgerFixture()
        try f.attack(Self.unlock + "UPDATE events SET ciphertext = (SELECT ciphertext FROM events WHERE seq = 2) WHERE seq = 5")
        try rewriteChain(f, from: 5, through: 5)
        let r = try f.verify(withKey: false)
        #expect(r.findings == [Finding(.modified, seq: 5, "record 5 was replaced: record 6 was written after a different record 5")])
    }

    @Test func wrongKeyIsRefusedAndChangesNothing() throws {
        let f = try LedgerFixture()
        let before = try f.bytes()
        let l = try LedgerFile.open(at: f.path)
        let e = #expect(throws: LedgerError.self) { try l.unlock(passphrase: LedgerFixture.secret("wrong")) }
        #expect(e?.category == .wrongKey)
        #expect(e?.reason == .wrongPassphrase(path: f.path))
        #expect(e?.remedy == .checkPassphrase)
        #expect(try f.bytes() == before)
    }

    /// Recomputes hashes (and links) from `from` through `through`, as an attacker without
    /// the key can.
    func rewriteChain(_ f: LedgerFixture, from: Int64, through: Int64 = .max) throws {
        let l = try LedgerFile.open(at: f.path, readOnly: true)
        var records = try l.allRecords()
        var sql = Self.unlock
        for i in records.indices where records[i].seq >= from && records[i].seq <= through {
            if i > 0, records[i].seq > from { records[i].prevHash = records[i - 1].hash }
            records[i].hash = RecordFormat.computeHash(records[i], ledger: l.id)
            sql += "UPDATE events SET prev_hash = \(records[i].prevHash.sqlHex), hash = \(records[i].hash.sqlHex) WHERE seq = \(records[i].seq);"
        }
        try f.attack(sql)
    }
}
