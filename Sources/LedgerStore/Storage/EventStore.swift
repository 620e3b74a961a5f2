import CSQLite
import LedgerCore
import Synchronization

/// The SQLite file of one ledger: meta, wrapped keys and the append-only events table.
///
/// Opens only files whose `application_id` says "LDGR" and whose format version this build
/// reads. Appends run in `BEGIN IMMEDIATE` transactions with `synchronous=FULL`, so two
/// processes appending at once queue and the chain stays one line, and every acknowledged
/// append is durable.
final class EventStore {
    let db: Database
    let ledgerID: LedgerID

    static let columns = "seq, kind, deployment, epoch, public, nonce, ciphertext, sig, prev_hash, hash"

    private init(db: Database, ledgerID: LedgerID) {
        self.db = db
        self.ledgerID = ledgerID
    }

    /// Creates a new ledger file at `path` (which must not exist yet) holding `first` as
    /// record 1. The file appears complete or not at all: it is built under a temporary name
    /// and linked into place.
    /// - Throws: `LedgerError` (`.failure` when `path` exists or cannot be written).
    static func create(
        path: String, ledger: LedgerID, key: WrappedKey?, createdAt: Timestamp,
        first: (_ genesis: [UInt8]) -> Record
    ) throws(LedgerError) -> EventStore {
        let temp = try FileSystem.temporarySibling(of: path)
        do {
            try build(at: temp, ledger: ledger, key: key, createdAt: createdAt, first: first)
            try FileSystem.linkNew(temp, to: path)
        } catch {
            FileSystem.removeDatabase(temp)
            throw error
        }
        FileSystem.removeDatabase(temp)
        return try open(path: path)
    }

    private static func build(
        at temp: String, ledger: LedgerID, key: WrappedKey?, createdAt: Timestamp,
        first: ([UInt8]) -> Record
    ) throws(LedgerError) {
        let db = try Database(path: temp, create: true)
        try db.exec("PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA application_id=\(Schema.applicationID)")
        try db.transaction { () throws(LedgerError) in
            for m in Schema.migrations { try db.exec(m.sql, doing: "creating the schema") }
            try db.exec("PRAGMA user_version=\(Schema.version)")
            let meta = try db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)")
            for (k, v) in [
                ("format", Array(String(ledger.format.rawValue).utf8)), ("ledger_id", ledger.bytes),
                ("created", Array(createdAt.description.utf8)),
            ] {
                meta.reset(); meta.bind(1, k); meta.bind(2, v); try meta.step()
            }
            if let key {  // format 1's passphrase wrap; format 2 keeps its keys in the log
                let keys = try db.prepare("INSERT INTO keys (epoch, kdf, opslimit, memlimit, salt, nonce, wrapped) VALUES (?, 'argon2id13', ?, ?, ?, ?, ?)")
                keys.bind(1, Int64(key.epoch)); keys.bind(2, Int64(key.parameters.opsLimit))
                keys.bind(3, Int64(key.parameters.memLimit)); keys.bind(4, key.salt); keys.bind(5, key.nonce)
                keys.bind(6, key.ciphertext)
                try keys.step()
            }
            let store = EventStore(db: db, ledgerID: ledger)
            try store.insertRows([first(RecordFormat.genesisHash(ledger: ledger))])
        }
    }

    /// Opens an existing ledger file.
    /// - Throws: `LedgerError` `.notALedger` for a file that is not a ledger or is of a newer
    ///   format, `.failure` when it does not exist.
    static func open(path: String, readOnly: Bool = false) throws(LedgerError) -> EventStore {
        guard FileSystem.exists(path) else {
            throw LedgerError(
                .failure, "no ledger at '\(path)'",
                .noLedger(path: path), remedy: .createLedger(path: path))
        }
        let db = try Database(path: path, readOnly: readOnly)
        let notLedger = LedgerError(
            .notALedger, "'\(path)' is not a ledger file",
            .notALedger(path: path), remedy: .checkLedgerPath)
        guard try db.scalarInt("PRAGMA application_id") == Int64(Schema.applicationID) else { throw notLedger }
        let version = try db.scalarInt("PRAGMA user_version") ?? 0
        let s = try db.prepare("SELECT value FROM meta WHERE key = ?")
        s.bind(1, "format")
        let formatText = try s.step() ? String(decoding: s.blob(0), as: UTF8.self) : ""
        guard let format = Int(formatText), String(format) == formatText, format >= 1 else { throw notLedger }
        guard let known = LedgerFormat(rawValue: format), version <= Int64(Schema.version) else {
            throw LedgerError(
                .notALedger, "'\(path)' uses ledger format \(format) (schema \(version)); this ledger reads formats 1 and 2",
                hint: "upgrade ledger to open it; the file was not changed")
        }
        s.reset(); s.bind(1, "ledger_id")
        guard try s.step(), let id = LedgerID(bytes: s.blob(0))?.inFormat(known) else { throw notLedger }
        s.reset()
        if !readOnly {
            try db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", doing: "opening the file")
        }
        return EventStore(db: db, ledgerID: id)
    }

    /// The wrapped data keys, by epoch.
    /// - Throws: `LedgerError`.
    func wrappedKeys() throws(LedgerError) -> [WrappedKey] {
        let s = try db.prepare("SELECT epoch, opslimit, memlimit, salt, nonce, wrapped FROM keys ORDER BY epoch")
        var out: [WrappedKey] = []
        while try s.step() {
            out.append(
                WrappedKey(
                    epoch: UInt32(truncatingIfNeeded: s.int(0)),
                    parameters: .init(opsLimit: UInt64(max(0, s.int(1))), memLimit: UInt64(max(0, s.int(2)))),
                    salt: s.blob(3), nonce: s.blob(4), ciphertext: s.blob(5)))
        }
        return out
    }

    /// The last record's sequence number and hash.
    /// - Throws: `LedgerError`.
    func head() throws(LedgerError) -> (seq: Int64, hash: [UInt8])? {
        let s = try db.cached("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
        defer { s.reset() }
        return try s.step() ? (s.int(0), s.blob(1)) : nil
    }

    /// Appends in one immediate transaction: `produce` receives the head (sequence number and
    /// hash) and hands records to `insert` as it seals them, so sealing and inserting can
    /// overlap. Returns every record inserted.
    /// - Throws: `LedgerError`; nothing is written when it throws.
    /// Before anything is sealed, `checkingTail` receives the last record and the stored hash of
    /// the one before it (nil for record 1), and may refuse to append after it.
    func appendStream(
        checkingTail: (_ last: Record, _ before: [UInt8]?) throws(LedgerError) -> Void,
        _ produce: (_ headSeq: Int64, _ headHash: [UInt8], _ insert: ([Record]) throws(LedgerError) -> Void) throws(LedgerError) -> Void
    ) throws(LedgerError) -> [Record] {
        try db.transaction { () throws(LedgerError) -> [Record] in
            let last = try StorageTail.appendable(try lastRecord(), in: db.path)
            try checkingTail(last, last.seq > 1 ? try hash(of: last.seq - 1) : nil)
            let h = (seq: last.seq, hash: last.hash)
            var all: [Record] = []
            try produce(h.seq, h.hash) { (records) throws(LedgerError) in
                try insertRows(records)
                all += records
            }
            return all
        }
    }

    /// Inserts `records` (consecutive, ascending) and, in the same transaction, reads them
    /// back: each INSERT must change exactly one row, and the rows from the first record's
    /// `seq` on must be exactly these records, byte for byte. Something planted in the file
    /// (a trigger that ignores, rewrites or adds rows) is caught here instead of being
    /// reported as written.
    /// - Throws: `LedgerError` (`.tampered`) when the file did not store what was written;
    ///   the caller's transaction then rolls back.
    private func insertRows(_ records: [Record]) throws(LedgerError) {
        guard let first = records.first else { return }
        let s = try db.cached("INSERT INTO events (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        defer { s.reset() }
        for r in records {
            s.reset()
            s.bind(1, r.seq); s.bind(2, r.kind); s.bind(3, r.deployment); s.bind(4, r.epoch); s.bind(5, r.publicData)
            s.bind(6, r.nonce); s.bind(7, r.ciphertext); s.bind(8, r.signature); s.bind(9, r.prevHash); s.bind(10, r.hash)
            try s.step()
            guard db.changes == 1 else { throw notStored(r.seq) }
        }
        let back = try db.cached("SELECT \(Self.columns) FROM events WHERE seq >= ? ORDER BY seq")
        defer { back.reset() }
        back.bind(1, first.seq)
        for r in records {
            guard try back.step(), Self.row(back) == r, back.isText(1) else { throw notStored(r.seq) }
        }
        if try back.step() { throw notStored(back.int(0)) }
    }

    private func notStored(_ seq: Int64) -> LedgerError {
        LedgerError(
            .tampered, "'\(db.path)' did not store record \(seq) as written: something in the file (a trigger?) changed or dropped it",
            .notStored(path: db.path, seq: seq), remedy: .verifyForTheFile)
    }

    /// Streams records in sequence order, `batchSize` at a time, optionally for one deployment,
    /// with `merging` (records read already, e.g. the roster's, in sequence order) put in their
    /// places; the deployment's records still stream in index order.
    /// - Throws: `LedgerError`, or what `body` throws.
    func scan(
        deployment: DeploymentID?, merging: [Record], batchSize: Int,
        _ body: ([Record]) throws(LedgerError) -> Void
    ) throws(LedgerError) {
        var roster = merging[...]
        let filter = deployment == nil ? "" : " WHERE deployment = ?"
        let s = try db.prepare("SELECT \(Self.columns) FROM events\(filter) ORDER BY seq")
        if let deployment { s.bind(1, deployment.bytes) }
        var batch: [Record] = []
        batch.reserveCapacity(batchSize)
        func add(_ r: Record) throws(LedgerError) {
            batch.append(r)
            if batch.count == batchSize { try body(batch); batch.removeAll(keepingCapacity: true) }
        }
        while try s.step() {
            let r = Self.row(s)
            while let next = roster.first, next.seq < r.seq { try add(roster.removeFirst()) }
            try add(r)
        }
        for r in roster { try add(r) }
        if !batch.isEmpty { try body(batch) }
    }

    /// The record in the current row of a statement that selects `columns`.
    static func row(_ s: Statement) -> Record {
        Record(
            seq: s.int(0), kind: s.text(1), deployment: s.blob(2), epoch: s.int(3), publicData: s.blob(4), nonce: s.blob(5),
            ciphertext: s.blob(6), signature: s.blob(7), prevHash: s.blob(8), hash: s.blob(9))
    }

    /// Number of stored records (of one deployment, through its index, when given).
    func count(deployment: DeploymentID?) throws(LedgerError) -> Int {
        guard let deployment else { return Int(try db.scalarInt("SELECT count(*) FROM events") ?? 0) }
        let s = try db.prepare("SELECT count(*) FROM events WHERE deployment = ?")
        s.bind(1, deployment.bytes)
        return try s.step() ? Int(s.int(0)) : 0
    }
}

extension EventStore {
    /// Every deployment id with the sequence number of its first record, in order of start
    /// (reads only the deployment index).
    /// - Throws: `LedgerError`.
    func deploymentStarts() throws(LedgerError) -> [(id: DeploymentID, seq: Int64)] {
        let s = try db.prepare("SELECT deployment, min(seq) FROM events GROUP BY deployment ORDER BY 2")
        var out: [(DeploymentID, Int64)] = []
        while try s.step() {
            if let id = DeploymentID(bytes: s.blob(0)), !id.isNone { out.append((id, s.int(1))) }
        }
        return out
    }

    /// The record with the highest sequence number.
    /// - Throws: `LedgerError`.
    func lastRecord() throws(LedgerError) -> Record? {
        let s = try db.cached("SELECT \(Self.columns) FROM events ORDER BY seq DESC LIMIT 1")
        defer { s.reset() }
        return try s.step() ? Self.row(s) : nil
    }

    /// The stored hash of record `seq`, if there is one.
    /// - Throws: `LedgerError`.
    func hash(of seq: Int64) throws(LedgerError) -> [UInt8]? {
        let s = try db.cached("SELECT hash FROM events WHERE seq = ?")
        defer { s.reset() }
        s.bind(1, seq)
        return try s.step() ? s.blob(0) : nil
    }

    /// The record with sequence number `seq`.
    /// - Throws: `LedgerError`.
    func record(_ seq: Int64) throws(LedgerError) -> Record? {
        let s = try db.prepare("SELECT \(Self.columns) FROM events WHERE seq = ?")
        s.bind(1, seq)
        guard try s.step() else { return nil }
        return Self.row(s)
    }

    /// Runs `body` in one read transaction: everything it reads is one snapshot of the log,
    /// and writers are not held up (WAL).
    /// - Throws: what `body` throws.
    func snapshot<R>(_ body: () throws(LedgerError) -> R) throws(LedgerError) -> R {
        try db.transaction(immediate: false, body)
    }

    /// The records after `seq` that belong to `deployment`, and with `roster` the ledger's
    /// roster records too, in sequence order (a range scan: cheap when few were appended).
    /// - Throws: `LedgerError`.
    func records(after seq: Int64, deployment: DeploymentID, roster: Bool) throws(LedgerError) -> [Record] {
        let kinds = rosterKinds, marks = Array(repeating: "?", count: kinds.count).joined(separator: ",")
        let s = try db.prepare(
            """
            SELECT \(Self.columns) FROM events WHERE seq > ? AND (deployment = ? OR (? AND deployment = ? AND kind IN (\(marks)))) ORDER BY seq
            """)
        s.bind(1, seq); s.bind(2, deployment.bytes); s.bind(3, roster ? 1 : 0); s.bind(4, DeploymentID.none.bytes)
        for (i, k) in kinds.enumerated() { s.bind(Int32(i + 5), k.rawValue) }
        var out: [Record] = []
        while try s.step() { out.append(Self.row(s)) }
        return out
    }

    /// Runs `body` in one immediate transaction (reads inside it see a stable log and no
    /// other writer can append until it ends).
    /// - Throws: what `body` throws; then nothing is written.
    func exclusively<R>(_ body: () throws(LedgerError) -> R) throws(LedgerError) -> R {
        try db.transaction(body)
    }
}

extension EventStore {
    /// Every record hash in sequence order (reads only the `hash` column).
    /// - Throws: `LedgerError`.
    func hashes() throws(LedgerError) -> [[UInt8]] {
        let s = try db.prepare("SELECT hash FROM events ORDER BY seq")
        var out: [[UInt8]] = []
        while try s.step() { out.append(s.blob(0)) }
        return out
    }

    /// A `meta` value.
    /// - Throws: `LedgerError`.
    func meta(_ key: String) throws(LedgerError) -> [UInt8]? {
        let s = try db.prepare("SELECT value FROM meta WHERE key = ?")
        s.bind(1, key)
        return try s.step() ? s.blob(0) : nil
    }

    /// Adds a `meta` value unless the key is already set.
    /// - Throws: `LedgerError`.
    func recordMeta(_ key: String, _ value: [UInt8]) throws(LedgerError) {
        let s = try db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)")
        s.bind(1, key)
        s.bind(2, value)
        try s.step()
    }
}

extension EventStore {
    /// True when the deployment has a record of `kind` (reads only its records, through the
    /// deployment index).
    /// - Throws: `LedgerError`.
    func has(_ kind: EventKind, in deployment: DeploymentID) throws(LedgerError) -> Bool {
        let s = try db.prepare("SELECT 1 FROM events WHERE deployment = ? AND kind = ? LIMIT 1")
        s.bind(1, deployment.bytes)
        s.bind(2, kind.rawValue)
        return try s.step()
    }

    /// The ledger's roster records, in sequence order. (They belong to no deployment, so this
    /// reads every ledger-level record: callers ask only when sign-offs need judging.)
    /// - Throws: `LedgerError`.
    func ledgerLevelRecords(kinds: [EventKind]) throws(LedgerError) -> [Record] {
        let marks = Array(repeating: "?", count: kinds.count).joined(separator: ",")
        let s = try db.prepare("SELECT \(Self.columns) FROM events WHERE deployment = ? AND kind IN (\(marks)) ORDER BY seq")
        s.bind(1, DeploymentID.none.bytes)
        for (i, k) in kinds.enumerated() { s.bind(Int32(i + 2), k.rawValue) }
        var out: [Record] = []
        while try s.step() { out.append(Self.row(s)) }
        return out
    }

    /// The records a signature check needs: every signed record and every record of one of
    /// `kinds`, in sequence order (a scan that skips the rest without building them).
    /// - Throws: `LedgerError`.
    func signedOrOfKinds(_ kinds: Set<String>) throws(LedgerError) -> [Record] {
        let marks = Array(repeating: "?", count: kinds.count).joined(separator: ",")
        let s = try db.prepare("SELECT \(Self.columns) FROM events WHERE length(sig) > 0 OR kind IN (\(marks)) ORDER BY seq")
        for (i, k) in kinds.sorted().enumerated() { s.bind(Int32(i + 1), k) }
        var out: [Record] = []
        while try s.step() { out.append(Self.row(s)) }
        return out
    }
}

extension EventStore: SchemaInspecting {
    /// The objects applying every migration of `schema/` to an empty database gives.
    /// - Throws: `LedgerError` when SQLite cannot build it in memory.
    func expectedSchemaObjects() throws(LedgerError) -> [SchemaObject] { try Self.canonicalSchema() }
}
