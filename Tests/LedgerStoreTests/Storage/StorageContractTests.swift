import LedgerCore
import Testing

@testable import LedgerStore

/// The storage contract (`LedgerStorage`), run over the SQLite `EventStore` and
/// `InMemoryStorage` alike: a ledger behaves the same on either.
@Suite struct StorageContractTests {
    /// The fixture's ledger on `kind`, unlocked, with two roster records after its notes.
    func ledger(_ kind: StorageKind, notes: Int = 5) throws -> (LedgerFixture, LedgerFile) {
        let f = try LedgerFixture(notes: notes, on: kind)
        let l = try f.open()
        try l.unlock(passphrase: LedgerFixture.secret())
        return (f, l)
    }

    func addRoster(_ l: LedgerFile) throws {
        try l.addToRoster(
            role: "Deployment Lead", publicKey: SignoffFixture.dana.publicKey, keyNumber: SignoffFixture.dana.keyNumber, name: "dana", actor: "dana")
        try l.append(.note, deployment: LedgerFixture.deploymentA, actor: "alice", data: ["text": "after the roster"])
        try l.revokeFromRoster(publicKey: SignoffFixture.dana.publicKey, reason: "left", actor: "sam")
    }

    /// A sealed record that may follow the head (what an append would write).
    func nextRecord(_ l: LedgerFile, text: String = "direct") throws -> Record {
        let head = try #require(try l.store.head())
        return try l.currentSealer().seal(
            Event(kind: .note, actor: "alice", time: Timestamp(millisecondsSinceEpoch: 1), data: ["text": .string(text)]),
            seq: head.seq + 1, prevHash: head.hash, nonce: [UInt8](repeating: 3, count: AEAD.nonceBytes))
    }

    @Test(arguments: StorageKind.allCases)
    func appendedRecordsReadBackAsWritten(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind, notes: 2)
        let before = try l.allRecords()
        let written = try l.append(
            (0..<3).map { Event(kind: .note, actor: "bob", time: Timestamp(millisecondsSinceEpoch: Int64($0)), data: ["text": .string("n\($0)")]) })
        #expect(written.map(\.seq) == [4, 5, 6])
        #expect(try l.allRecords() == before + written)
        #expect(try l.store.record(5) == written[1])
        #expect(try l.store.record(7) == nil)
        #expect(try l.store.lastRecord() == written[2])
        let head = try #require(try l.store.head())
        #expect(head.seq == 6 && head.hash == written[2].hash)
        #expect(try l.store.count() == 6)
        #expect(try l.allEvents().map(\.event.actor) == ["alice", "alice", "alice", "bob", "bob", "bob"])
    }

    @Test(arguments: StorageKind.allCases)
    func scansByDeploymentMergeTheRosterInPlace(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind)
        try addRoster(l)
        let roster = try l.store.rosterRecords()
        #expect(roster.map(\.seq) == [7, 9])
        #expect(try l.store.count(deployment: LedgerFixture.deploymentA) == 4)
        #expect(try l.store.count(deployment: LedgerFixture.deploymentB) == 2)
        var batches: [[Int64]] = []
        try l.store.scan(deployment: LedgerFixture.deploymentA, merging: roster, batchSize: 2) { (batch) throws(LedgerError) in batches.append(batch.map(\.seq))
        }
        #expect(batches == [[2, 4], [6, 7], [8, 9]])
        var all: [Int64] = []
        try l.store.scan(batchSize: 4) { (batch) throws(LedgerError) in all += batch.map(\.seq) }
        #expect(all == Array(1...9))
        let starts = try l.store.deploymentStarts()
        #expect(starts.map(\.id) == [LedgerFixture.deploymentA, LedgerFixture.deploymentB] && starts.map(\.seq) == [2, 3])
    }

    @Test(arguments: StorageKind.allCases)
    func recordsAfterAHeadAreTheDeploymentsAndWithTheRosterItsToo(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind)
        try addRoster(l)
        #expect(try l.store.records(after: 3, deployment: LedgerFixture.deploymentA, roster: false).map(\.seq) == [4, 6, 8])
        #expect(try l.store.records(after: 3, deployment: LedgerFixture.deploymentA, roster: true).map(\.seq) == [4, 6, 7, 8, 9])
        #expect(try l.store.records(after: 9, deployment: LedgerFixture.deploymentA, roster: true).isEmpty)
        #expect(try l.store.records(after: .max, deployment: LedgerFixture.deploymentB, roster: true).isEmpty)
    }

    @Test(arguments: StorageKind.allCases)
    func scansByKindFindSignedRecordsAndTheKindsAsked(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind)
        try l.addToRoster(
            role: "Deployment Lead", publicKey: SignoffFixture.dana.publicKey, keyNumber: SignoffFixture.dana.keyNumber, name: "dana", actor: "dana")
        let signed = try l.append(.note, deployment: LedgerFixture.deploymentB, actor: "dana", data: ["text": "signed"], signer: SignoffFixture.dana)
        #expect(!signed.signature.isEmpty)
        #expect(try l.store.signedOrOfKinds([EventKind.rosterAdded.rawValue]).map(\.seq) == [7, 8])
        #expect(try l.store.signedOrOfKinds([]).map(\.seq) == [8])
        #expect(try l.store.has(.note, in: LedgerFixture.deploymentB))
        #expect(try !l.store.has(.signoff, in: LedgerFixture.deploymentB))
        #expect(try !l.store.has(.rosterAdded, in: LedgerFixture.deploymentA), "roster records belong to no deployment")
    }

    @Test(arguments: StorageKind.allCases)
    func aThrowingWriteKeepsNothing(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind, notes: 2)
        let before = try l.allRecords()
        let stray = LedgerError(.failure, "stop")
        let record = try nextRecord(l)
        #expect(throws: stray) {
            try l.store.appendStream { (_, _, insert) throws(LedgerError) in
                try insert([record])
                throw stray
            }
        }
        #expect(throws: stray) {
            try l.store.exclusively { () throws(LedgerError) in
                try l.append(.note, actor: "bob", data: ["text": "inside"])
                try l.store.recordMeta("inside", [1])
                throw stray
            }
        }
        #expect(throws: stray) {
            try l.store.snapshot { () throws(LedgerError) in
                try l.store.exclusively { () throws(LedgerError) in try l.append(.note, actor: "bob", data: ["text": "nested"]) }
                throw stray
            }
        }
        #expect(try l.allRecords() == before, "nothing of the three transactions is kept")
        #expect(try l.store.meta("inside") == nil)
        #expect(try l.append(.note, actor: "bob", data: ["text": "after"]).seq == 4, "the log goes on from where it was")
    }

    @Test(arguments: StorageKind.allCases)
    func aCallInsideATransactionJoinsIt(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind, notes: 0)
        let kept = try l.store.exclusively { () throws(LedgerError) -> Int64 in
            // The inner write is part of the outer transaction: caught inside, it is not undone.
            _ = try? l.store.exclusively { () throws(LedgerError) in
                try l.append(.note, actor: "bob", data: ["text": "inner"])
                throw LedgerError(.failure, "caught")
            }
            return try l.store.head()?.seq ?? 0
        }
        #expect(kept == 2)
        #expect(try l.count() == 2)
    }

    @Test(arguments: StorageKind.allCases)
    func aRecordStoredAlreadyIsRefused(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind, notes: 1)
        let again = try #require(try l.store.lastRecord())
        #expect(throws: LedgerError.self) {
            try l.store.appendStream { (_, _, insert) throws(LedgerError) in try insert([again]) }
        }
        #expect(try l.count() == 2)
    }

    @Test(arguments: StorageKind.allCases)
    func metaIsSetOnce(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind, notes: 0)
        #expect(try l.store.meta("format") == Array(String(RecordFormat.version).utf8))
        #expect(try l.store.meta("ledger_id") == l.id.bytes)
        #expect(
            try l.store.meta("created") == Array(Timestamp(millisecondsSinceEpoch: 1_795_714_200_000).description.utf8), "the fixture clock's first reading")
        #expect(try l.store.meta("checkpoint_key") == nil)
        try l.store.recordMeta("checkpoint_key", [1, 2])
        try l.store.recordMeta("checkpoint_key", [3])
        #expect(try l.store.meta("checkpoint_key") == [1, 2])
        #expect(!l.store.isReadOnly)
    }

    @Test(arguments: StorageKind.allCases)
    func hashesAndWrappedKeysAreTheStoredOnes(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind, notes: 4)
        let records = try l.allRecords()
        #expect(try l.store.hashes() == records.map(\.hash))
        #expect(try l.store.hash(of: 3) == records[2].hash)
        #expect(try l.store.hash(of: 0) == nil && l.store.hash(of: 6) == nil)
        let keys = try l.store.wrappedKeys()
        #expect(keys.map(\.epoch) == [1])
        #expect(keys.first?.unwrap(passphrase: LedgerFixture.secret(), ledger: l.id) != nil)
        #expect(throws: LedgerError.self) { try LedgerFixture(on: kind).open().unlock(passphrase: LedgerFixture.secret("wrong")) }
    }

    @Test(arguments: StorageKind.allCases)
    func aSnapshotSeesOneStateAndReturnsItsValue(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind, notes: 3)
        let (head, count) = try l.store.snapshot { () throws(LedgerError) -> (Int64?, Int) in (try l.store.head()?.seq, try l.store.count()) }
        #expect(head == 4 && count == 4)
    }

    @Test func bothStoragesHoldTheSameRecordsAndVerifyAlike() throws {
        let file = try LedgerFixture(notes: 6), memory = try LedgerFixture(notes: 6, on: .memory)
        #expect(try file.open().allRecords() == memory.open().allRecords(), "the same records, byte for byte")
        for withKey in [false, true] {
            let (a, b) = (try file.verify(withKey: withKey), try memory.verify(withKey: withKey))
            #expect(a == b && a.isIntact && a.recordCount == 7)
        }
    }

    /// The sequential keyless verify (a storage without `RangeScanning`) reports what
    /// the parallel digest scan of a file does, damage included.
    @Test func keylessVerifyInOrderReportsWhatTheParallelScanDoes() throws {
        let f = try LedgerFixture(notes: 40)
        try f.attack(
            "DROP TRIGGER events_no_update; UPDATE events SET ciphertext = zeroblob(20) WHERE seq = 9; UPDATE events SET prev_hash = x'01' WHERE seq = 30")
        let file = try f.open(readOnly: true)
        #expect(file.store is any RangeScanning)
        let copy = InMemoryStorage(ledgerID: file.id, state: .init(records: try file.allRecords(), meta: [:], keys: [:]))
        let memory = LedgerFile(path: f.path, store: copy, clock: SystemClock(), random: SystemRandom())
        let (a, b) = (try file.verify(rowsPerChunk: 3) { _, _ in }, try memory.verify())  // chunks on every core
        #expect(!a.isIntact && a.findings.count >= 2)
        #expect(a == b)
    }

    @Test(arguments: StorageKind.allCases)
    func anEmptiedLogRefusesAppends(_ kind: StorageKind) throws {
        let f = try LedgerFixture(notes: 1, on: kind)
        let l: LedgerFile
        if kind == .sqlite {
            try f.attack("DROP TRIGGER events_no_delete; DELETE FROM events")
            l = try f.open()
        } else {
            let empty = InMemoryStorage(ledgerID: try f.open().id, state: .init(records: [], meta: [:], keys: [:]))
            l = LedgerFile(path: f.path, store: empty, clock: SystemClock(), random: SystemRandom())
        }
        let refusal = #expect(throws: LedgerError.self) { try l.store.appendStream { (_, _, _) throws(LedgerError) in } }
        #expect(refusal?.category == .tampered)
        #expect(refusal?.message == "'\(f.path)' holds no record: its log was emptied, nothing can be appended")
        #expect(try l.store.head() == nil && l.store.lastRecord() == nil && l.store.count() == 0)
    }
}
