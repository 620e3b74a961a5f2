import LedgerCore

/// Reading the log in sequence-number ranges on several threads at once, each thread with a
/// read connection of its own: a capability of the SQLite store. Verify uses it when the
/// storage has it; a storage without it is verified by one sequential scan
/// (docs/decisions/0012-parallel-verify.md).
protocol RangeScanning: AnyObject {
    /// The lowest and highest stored sequence numbers, or nil for an empty log.
    /// - Throws: `LedgerError` when the file cannot be read.
    func seqBounds() throws(LedgerError) -> (lo: Int64, hi: Int64)?
    /// A reader on a connection of its own, for one thread at a time.
    /// - Throws: `LedgerError` when the file cannot be opened again.
    func rangeReader() throws(LedgerError) -> RangeReader
}

extension EventStore: RangeScanning {
    func seqBounds() throws(LedgerError) -> (lo: Int64, hi: Int64)? {
        guard let hi = try head()?.seq else { return nil }
        let s = try db.prepare("SELECT seq FROM events ORDER BY seq LIMIT 1")
        return try s.step() ? (s.int(0), hi) : nil
    }

    func rangeReader() throws(LedgerError) -> RangeReader {
        try RangeReader(path: db.path, ledger: ledgerID)
    }
}

/// One thread's read connection to a ledger file: checks the rows of a sequence-number range
/// where they lie in SQLite's buffers (no copy unless a row needs a second look or, with the
/// keys, has to be opened). Not thread-safe: one thread at a time.
final class RangeReader: @unchecked Sendable {
    private let db: Database
    private let ledger: LedgerID
    private let statement: Statement
    private let scratch = OpenScratch()

    /// Opens `path` read-only on a connection of its own.
    /// - Throws: `LedgerError` when the file cannot be opened.
    init(path: String, ledger: LedgerID) throws(LedgerError) {
        db = try Database(path: path, readOnly: true)
        self.ledger = ledger
        statement = try db.prepare("SELECT \(EventStore.columns) FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq")
    }

    /// Runs `body` in one read transaction, so that every range it reads is one snapshot.
    /// - Throws: what `body` throws, or `LedgerError` when the file cannot be read.
    func reading(_ body: () throws(LedgerError) -> Void) throws(LedgerError) {
        try db.transaction(immediate: false, body)
    }

    /// The checked rows with `range.lowerBound <= seq <= range.upperBound`, in order; with
    /// `sealers`, every row whose hash matches is also opened.
    /// - Throws: `LedgerError` when the file cannot be read.
    func check(_ range: ClosedRange<Int64>, sealers: [Int64: Sealer]?) throws(LedgerError) -> [RowCheck] {
        var out: [RowCheck] = []
        out.reserveCapacity(1024)
        try rows(range) { s in
            out.append(check(s, sealers: sealers))
            return true
        }
        return out
    }

    /// The first-pass summary of the same rows (decision 0012): each is checked as by
    /// `check(_:sealers:)`, but only the chunk's ends and nonce words are kept, and reading
    /// stops at the first row that is not plainly sound.
    /// - Throws: `LedgerError` when the file cannot be read.
    func summarize(_ range: ClosedRange<Int64>, sealers: [Int64: Sealer]?) throws(LedgerError) -> ChunkSummary {
        var out = ChunkSummary(capacity: VerifyPipeline.rowsPerChunk)
        let ledger = ledger
        try rows(range) { s in
            // Without the keys, a row that passes the quick checks and matches its hash is
            // folded in from its fields; any other row takes `check`, which keeps what it needs.
            if sealers == nil, let d = EventStore.matchingDigest(s, ledger: ledger) {
                return out.foldMatching(seq: d.seq, prev: d.prev, hash: d.hash, nonceWord: d.nonceWord, startsLedger: d.startsLedger)
            }
            return out.fold(check(s, sealers: sealers))
        }
        return out
    }

    /// Steps through the rows of `range` in order, calling `body` on each until it returns false.
    private func rows(_ range: ClosedRange<Int64>, _ body: (Statement) -> Bool) throws(LedgerError) {
        let s = statement
        defer { s.reset() }
        s.reset()
        s.bind(1, range.lowerBound)
        s.bind(2, range.upperBound)
        while try s.step() { guard body(s) else { return } }
    }

    /// The current row checked: hashed, and with `sealers` opened where it lies (a row whose
    /// fields take the copying path is opened from its full record).
    private func check(_ s: Statement, sealers: [Int64: Sealer]?) -> RowCheck {
        let fields = EventStore.fields(s)
        let borrowed = !fields.quickProblem && s.isText(1)
        let digest = EventStore.digest(s, fields: fields, borrowed: borrowed, ledger: ledger)
        guard let sealers, digest.hashOK else { return RowCheck(digest, openError: nil) }
        guard borrowed else { return RowCheck(digest, record: { EventStore.row(s) }, sealers: sealers) }
        guard let sealer = sealers[fields.epoch] else { return RowCheck(digest, openError: RowCheck.noKey(epoch: fields.epoch)) }
        return RowCheck(digest, openError: sealer.check(fields, scratch: scratch, record: { EventStore.row(s) }))
    }
}

extension EventStore {
    /// The digest of the current row of a statement that selects `columns`, whose `fields`
    /// are given; `borrowed` when they pass the quick checks (else the row is copied and
    /// checked in full).
    static func digest(_ s: Statement, fields: RecordFormat.RawFields, borrowed: Bool, ledger: LedgerID) -> RowDigest {
        let hash = s.bytes(9)
        guard borrowed, hash.count == 32 else { return RowDigest(row(s), ledger: ledger) }
        let content = RecordFormat.computeHash(fields, ledger: ledger)
        let stored = Digest32(hash)
        return RowDigest(
            seq: fields.seq, stored: stored, prev: Digest32(fields.prevHash), content: content, malformation: nil,
            record: content == stored ? nil : row(s), noncePrefix: NoncePrefix(fields.nonce),
            startsLedger: RowDigest.startsLedger(fields.kind))
    }

    /// What the first pass keeps of the current row (of a statement that selects `columns`)
    /// when it is well formed by the quick checks and its computed hash equals the stored one;
    /// nil otherwise (the caller then checks it in full).
    static func matchingDigest(
        _ s: Statement, ledger: LedgerID
    ) -> (seq: Int64, prev: Digest32, hash: Digest32, nonceWord: UInt64, startsLedger: Bool)? {
        let fields = fields(s)
        let stored = s.bytes(9)
        guard !fields.quickProblem, s.isText(1), stored.count == 32 else { return nil }
        let hash = Digest32(stored)
        guard RecordFormat.computeHash(fields, ledger: ledger) == hash else { return nil }
        return (fields.seq, Digest32(fields.prevHash), hash, NoncePrefix(fields.nonce).a, RowDigest.startsLedger(fields.kind))
    }

    /// The fields of the current row of a statement that selects `columns`, borrowed from
    /// SQLite's buffers (valid until the statement steps).
    static func fields(_ s: Statement) -> RecordFormat.RawFields {
        RecordFormat.RawFields(
            seq: s.int(0), epoch: s.int(3), kind: s.bytes(1), deployment: s.bytes(2), publicData: s.bytes(4),
            nonce: s.bytes(5), prevHash: s.bytes(8), ciphertext: s.bytes(6), signature: s.bytes(7))
    }
}
