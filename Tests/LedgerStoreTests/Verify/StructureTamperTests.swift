import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import LedgerStore

/// Attacks on the file's structure rather than on one record: SQL objects planted in or
/// removed from the schema, a log emptied or cut at its start and rehashed, nonces reused
/// (docs/FORMAT.md §8). Each on a real file, each expecting its exact finding.
@Suite struct StructureTamperTests {
    static let unlock = TamperTests.unlock

    func messages(_ f: LedgerFixture, withKey: Bool) throws -> [String] {
        try f.verify(withKey: withKey).findings.map { "\($0.kind.rawValue)@\($0.seq): \($0.message)" }
    }

    @Test func aPlantedTriggerIsASchemaFindingAndAppendsFailLoudly() throws {
        let f = try LedgerFixture()
        try f.attack("CREATE TRIGGER swallow BEFORE INSERT ON events BEGIN SELECT RAISE(IGNORE); END;")
        let expected = [
            "schema@0: the file has trigger 'swallow' on 'events' that the format does not define (FORMAT.md §4): a trigger can change or drop what a writer stores"
        ]
        #expect(try messages(f, withKey: false) == expected)
        #expect(try messages(f, withKey: true) == expected)
        let l = try LedgerFile.open(at: f.path)
        try l.unlock(passphrase: LedgerFixture.secret())
        let e = #expect(throws: LedgerError.self) { try l.append(.note, actor: "bob", data: ["text": "swallowed"]) }
        #expect(e?.category == .tampered)
        #expect(e?.reason == .notStored(path: f.path, seq: 7))
        #expect(e?.remedy == .verifyForTheFile)
        #expect(try l.count() == 6, "nothing claimed, nothing stored")
    }

    @Test func aTriggerThatRewritesWhatIsStoredFailsTheAppend() throws {
        let f = try LedgerFixture()
        try f.attack(Self.unlock + "CREATE TRIGGER rewrite AFTER INSERT ON events BEGIN UPDATE events SET kind = 'x' WHERE seq = NEW.seq; END;")
        let l = try LedgerFile.open(at: f.path)
        try l.unlock(passphrase: LedgerFixture.secret())
        #expect(throws: LedgerError.self) { try l.append(.note, actor: "bob", data: ["text": "rewritten"]) }
        #expect(try RawSQL(f.path).blob("SELECT CAST(count(*) AS BLOB) FROM events") == Array("6".utf8), "rolled back")
    }

    @Test func droppedTriggersAnExtraViewADroppedIndexAndAChangedColumnAreNamed() throws {
        let f = try LedgerFixture()
        try f.attack(
            Self.unlock + """
                CREATE VIEW peek AS SELECT seq FROM events;
                DROP INDEX events_by_deployment;
                ALTER TABLE meta ADD COLUMN note TEXT;
                """, coverTracks: false)
        #expect(
            try messages(f, withKey: false) == [
                "schema@0: the file lacks index 'events_by_deployment' on 'events' that the format defines (FORMAT.md §4)",
                "schema@0: the file's table 'meta' is not the one the format defines (FORMAT.md §4): its SQL was changed",
                "schema@0: the file lacks trigger 'events_no_delete' on 'events' that the format defines (FORMAT.md §4)",
                "schema@0: the file lacks trigger 'events_no_update' on 'events' that the format defines (FORMAT.md §4)",
                "schema@0: the file has view 'peek' on 'peek' that the format does not define (FORMAT.md §4)",
            ])
    }

    @Test func anIntactFileAndSQLitesOwnStatisticsHaveNoSchemaFinding() throws {
        let f = try LedgerFixture()
        try f.attack("ANALYZE")
        #expect(try f.verify(withKey: false).isIntact)
    }

    @Test func anEmptiedLogIsMissingItsFirstRecord() throws {
        let f = try LedgerFixture()
        try f.attack(Self.unlock + "DELETE FROM events")
        let expected = [
            "missing@1: record 1 is missing: the log holds no record at all, though every ledger starts with its ledger.created record (every record was deleted)"
        ]
        #expect(try messages(f, withKey: false) == expected)
        #expect(try messages(f, withKey: true) == expected)
    }

    /// Deletes record 1 (ledger.created), renumbers the rest from 1 and recomputes the chain
    /// from the genesis hash: every hash and link is right.
    @Test func aLogCutAtItsStartAndRehashedIsFound() throws {
        let f = try LedgerFixture()
        let l = try LedgerFile.open(at: f.path, readOnly: true)
        var records = Array(try l.allRecords().dropFirst())
        var sql = Self.unlock + "DELETE FROM events;"
        var prev = RecordFormat.genesisHash(ledger: l.id)
        for i in records.indices {
            records[i].seq = Int64(i + 1)
            records[i].prevHash = prev
            records[i].hash = RecordFormat.computeHash(records[i], ledger: l.id)
            prev = records[i].hash
            let r = records[i]
            sql +=
                "INSERT INTO events (seq, kind, deployment, epoch, nonce, ciphertext, sig, prev_hash, hash) VALUES (\(r.seq), '\(r.kind)', \(r.deployment.sqlHex), 1, \(r.nonce.sqlHex), \(r.ciphertext.sqlHex), x'', \(r.prevHash.sqlHex), \(r.hash.sqlHex));"
        }
        try f.attack(sql)
        #expect(
            try messages(f, withKey: false) == [
                "modified@1: record 1 is not a ledger.created record, which every ledger starts with: the log's first records were deleted or replaced and the chain recomputed"
            ])
        #expect(try f.kinds(withKey: true) == ["modified@1", "undecryptable@2", "undecryptable@3", "undecryptable@4", "undecryptable@5"])
    }

    @Test func aFirstRecordThatDoesNotLinkToTheGenesisHashIsFound() throws {
        let f = try LedgerFixture()
        try f.attack(Self.unlock + "UPDATE events SET prev_hash = zeroblob(32) WHERE seq = 1")
        let l = try LedgerFile.open(at: f.path, readOnly: true)
        let records = try l.allRecords()
        var sql = Self.unlock
        var prev: [UInt8]?
        for var r in records {
            if let prev { r.prevHash = prev }
            r.hash = RecordFormat.computeHash(r, ledger: l.id)
            prev = r.hash
            sql += "UPDATE events SET prev_hash = \(r.prevHash.sqlHex), hash = \(r.hash.sqlHex) WHERE seq = \(r.seq);"
        }
        try f.attack(sql)
        #expect(
            try messages(f, withKey: false) == [
                "modified@1: record 1 does not start this ledger's chain: its previous hash is not the genesis hash"
            ])
    }

    /// A copy of record 3 appended as record 7 (same nonce, its hash and link recomputed):
    /// without the key the copied nonce alone shows it.
    @Test func aCopiedNonceIsNonceReuseWithAndWithoutTheKey() throws {
        let f = try LedgerFixture()
        let l = try LedgerFile.open(at: f.path, readOnly: true)
        let all = try l.allRecords()
        var forged = all[2]
        forged.seq = 7
        forged.prevHash = all.last!.hash
        forged.hash = RecordFormat.computeHash(forged, ledger: l.id)
        try f.attack(
            """
            INSERT INTO events (seq, kind, deployment, epoch, nonce, ciphertext, sig, prev_hash, hash) VALUES
            (7, 'note', \(forged.deployment.sqlHex), 1, \(forged.nonce.sqlHex), \(forged.ciphertext.sqlHex), x'', \(forged.prevHash.sqlHex), \(forged.hash.sqlHex));
            """)
        let expected = [
            "nonce_reuse@7: record 7's nonce begins with the same 16 bytes as record 3's, so both have one record key: whoever holds record 3's key (from an excerpt) could have written record 7"
        ]
        #expect(try messages(f, withKey: false) == expected)
        #expect(try messages(f, withKey: true) == expected, "a row with a finding is not decrypted")
    }
}
