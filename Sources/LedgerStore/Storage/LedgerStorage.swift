import LedgerCore
import Synchronization

/// The storage operations a ledger needs, in terms of records and keys (no SQL). Two
/// implementations: the SQLite `EventStore` (a ledger file) and `InMemoryStorage` (tests);
/// docs/decisions/0008-storage-protocol.md.
///
/// Transaction contract: `appendStream`, `exclusively` and `snapshot` run their closure inside
/// one transaction; a call made inside another one's closure joins it (no nesting, no
/// savepoints). A write closure may read through this storage and insert records; it must
/// not do other I/O whose effect outlives a rollback. When the outermost closure throws,
/// nothing inserted inside it is kept. The storage never retries a closure: a caller that
/// wants to retry calls again, and the closure re-reads the head. An append is acknowledged
/// when `appendStream` returns: then the records are durable and were read back byte for
/// byte inside the same transaction. `recordMeta` outside a transaction stands alone.
/// The operations are synchronous (decision 0008). A storage is used from one thread at a
/// time, as one SQLite connection is; `RangeScanning` is how verify reads on several.
protocol LedgerStorage: AnyObject {
    /// The ledger id stored with the file.
    var ledgerID: LedgerID { get }
    /// True when the storage refuses writes (a file opened read-only).
    var isReadOnly: Bool { get }
    /// The wrapped data keys, by epoch.
    func wrappedKeys() throws(LedgerError) -> [WrappedKey]
    /// A meta value, or nil.
    func meta(_ key: String) throws(LedgerError) -> [UInt8]?
    /// Adds a meta value unless the key is set (a value once set is never replaced).
    func recordMeta(_ key: String, _ value: [UInt8]) throws(LedgerError)
    /// The last record's sequence number and hash.
    func head() throws(LedgerError) -> (seq: Int64, hash: [UInt8])?
    /// Number of records (of one deployment when given).
    func count(deployment: DeploymentID?) throws(LedgerError) -> Int
    /// Streams records in sequence order, `batchSize` at a time, optionally of one deployment,
    /// with `merging` (records read already, in sequence order, e.g. the roster's) put in their places.
    func scan(
        deployment: DeploymentID?, merging: [Record], batchSize: Int,
        _ body: ([Record]) throws(LedgerError) -> Void) throws(LedgerError)
    /// Every deployment with the sequence number of its first record, in order of start.
    func deploymentStarts() throws(LedgerError) -> [(id: DeploymentID, seq: Int64)]
    /// The record with the highest sequence number.
    func lastRecord() throws(LedgerError) -> Record?
    /// The stored hash of record `seq`.
    func hash(of seq: Int64) throws(LedgerError) -> [UInt8]?
    /// The record `seq`.
    func record(_ seq: Int64) throws(LedgerError) -> Record?
    /// Records after `seq` of `deployment` (and the roster's, with `roster`), in order.
    func records(after seq: Int64, deployment: DeploymentID, roster: Bool) throws(LedgerError) -> [Record]
    /// True when the deployment has a record of `kind`.
    func has(_ kind: EventKind, in deployment: DeploymentID) throws(LedgerError) -> Bool
    /// The ledger-level records (zero deployment) of one of `kinds`, in order.
    func ledgerLevelRecords(kinds: [EventKind]) throws(LedgerError) -> [Record]
    /// Every signed record and every record of one of `kinds`, in order.
    func signedOrOfKinds(_ kinds: Set<String>) throws(LedgerError) -> [Record]
    /// Every record hash in order.
    func hashes() throws(LedgerError) -> [[UInt8]]
    /// Runs `body` on one read snapshot.
    func snapshot<R>(_ body: () throws(LedgerError) -> R) throws(LedgerError) -> R
    /// Runs `body` in one write transaction; nothing is written when it throws.
    func exclusively<R>(_ body: () throws(LedgerError) -> R) throws(LedgerError) -> R
    /// Appends in one write transaction (see the contract above): `checkingTail` receives the
    /// last record and the stored hash of the one before it (nil for record 1) and may refuse;
    /// `produce` receives the head and hands records to `insert` as it seals them. Returns
    /// every record inserted. Refused (`.tampered`) when the log holds no record.
    func appendStream(
        checkingTail: (_ last: Record, _ before: [UInt8]?) throws(LedgerError) -> Void,
        _ produce: (
            _ headSeq: Int64, _ headHash: [UInt8],
            _ insert: ([Record]) throws(LedgerError) -> Void
        ) throws(LedgerError) -> Void
    ) throws(LedgerError) -> [Record]
}

extension LedgerStorage {
    /// The kinds that say who may sign which role: `roster.added`/`roster.revoked` in format 1,
    /// the membership kinds in format 2 (whose `sign:ROLE` capabilities are the roster).
    var rosterKinds: [EventKind] { ledgerID.format == .v2 ? EventKind.membershipKinds : [.rosterAdded, .rosterRevoked] }

    /// The roster records (ledger-level records of `rosterKinds`), in order.
    /// - Throws: `LedgerError`.
    func rosterRecords() throws(LedgerError) -> [Record] { try ledgerLevelRecords(kinds: rosterKinds) }

    /// Number of records.
    /// - Throws: `LedgerError`.
    func count() throws(LedgerError) -> Int { try count(deployment: nil) }

    /// Streams every record in sequence order (see `scan(deployment:merging:batchSize:_:)`).
    /// - Throws: `LedgerError`, or what `body` throws.
    func scan(batchSize: Int = 4096, _ body: ([Record]) throws(LedgerError) -> Void) throws(LedgerError) {
        try scan(deployment: nil, merging: [], batchSize: batchSize, body)
    }

    /// Streams one deployment's records (or all) with `merging` in place, 4096 at a time.
    /// - Throws: `LedgerError`, or what `body` throws.
    func scan(deployment: DeploymentID?, merging: [Record], _ body: ([Record]) throws(LedgerError) -> Void) throws(LedgerError) {
        try scan(deployment: deployment, merging: merging, batchSize: 4096, body)
    }

    /// Appends with no check of the tail (see `appendStream(checkingTail:_:)`).
    /// - Throws: `LedgerError`; nothing is written when it throws.
    func appendStream(
        _ produce: (
            _ headSeq: Int64, _ headHash: [UInt8],
            _ insert: ([Record]) throws(LedgerError) -> Void
        ) throws(LedgerError) -> Void
    ) throws(LedgerError) -> [Record] {
        try appendStream(checkingTail: { _, _ in }, produce)
    }
}

/// A capability of a storage with an SQL schema (SQLite): the objects its schema holds and
/// the ones the format defines, which verify compares (docs/FORMAT.md §4). A storage without
/// a schema has nothing that SQL could change behind the library's back, so nothing to compare.
protocol SchemaInspecting: LedgerStorage {
    /// Every object of the storage's schema.
    func schemaObjects() throws(LedgerError) -> [SchemaObject]
    /// The objects the format's schema defines.
    func expectedSchemaObjects() throws(LedgerError) -> [SchemaObject]
}

/// What every storage checks of the last record before an append.
enum StorageTail {
    /// `last`, when records may follow it: refused when the log holds no record (`.tampered`)
    /// or ends outside 1…2^53−1 (`.corrupt`); `name` names the storage (a file's path).
    /// - Throws: `LedgerError`; nothing is written then.
    static func appendable(_ last: Record?, in name: String) throws(LedgerError) -> Record {
        guard let last else {
            throw LedgerError(
                .tampered, "'\(name)' holds no record: its log was emptied, nothing can be appended",
                .emptyLog(path: name), remedy: .verifyForDamage)
        }
        guard last.seq >= 1, last.seq < JSONValue.maxInteger else {
            throw LedgerError(
                .corrupt, "'\(name)' ends at record \(last.seq), outside 1…2^53−1: nothing was written", .headOutOfRange(path: name, seq: last.seq),
                remedy: .verifyForTheLog)
        }
        return last
    }
}

extension EventStore: LedgerStorage {}
