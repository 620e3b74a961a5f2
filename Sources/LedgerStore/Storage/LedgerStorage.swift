import LedgerCore

/// The storage operations a ledger needs, in terms of records and keys (no SQL): the SQLite
/// `EventStore` is one implementation (docs/decisions/0008-storage-protocol.md).
///
/// Transaction contract: `appendStream`, `exclusively` and `snapshot` run their closure inside
/// one transaction. A write closure may read through this storage and insert records; it must
/// not do other I/O whose effect outlives a rollback. When it throws, nothing it inserted is
/// kept. The storage never retries a closure: a caller that wants to retry calls again, and the
/// closure re-reads the head. An append is acknowledged when `appendStream` returns: then the
/// records are durable and were read back byte for byte inside the same transaction.
/// The operations are synchronous (decision 0008).
protocol LedgerStorage: AnyObject {
    /// The ledger id stored with the file.
    var ledgerID: LedgerID { get }
    /// The wrapped data keys, by epoch.
    func wrappedKeys() throws(LedgerError) -> [WrappedKey]
    /// A meta value, or nil.
    func meta(_ key: String) throws(LedgerError) -> [UInt8]?
    /// Adds a meta value unless the key is set.
    func recordMeta(_ key: String, _ value: [UInt8]) throws(LedgerError)
    /// The last record's sequence number and hash.
    func head() throws(LedgerError) -> (seq: Int64, hash: [UInt8])?
    /// Number of records (of one deployment when given).
    func count(deployment: DeploymentID?) throws(LedgerError) -> Int
    /// Streams records in sequence order, `batchSize` at a time, with `merging` put in place.
    func scan(deployment: DeploymentID?, merging: [Record], batchSize: Int,
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
    /// The roster records, in order.
    func rosterRecords() throws(LedgerError) -> [Record]
    /// Every signed record and every record of one of `kinds`, in order.
    func signedOrOfKinds(_ kinds: Set<String>) throws(LedgerError) -> [Record]
    /// Every record hash in order.
    func hashes() throws(LedgerError) -> [[UInt8]]
    /// Runs `body` on one read snapshot.
    func snapshot<R>(_ body: () throws(LedgerError) -> R) throws(LedgerError) -> R
    /// Runs `body` in one write transaction; nothing is written when it throws.
    func exclusively<R>(_ body: () throws(LedgerError) -> R) throws(LedgerError) -> R
    /// Appends in one write transaction (see the contract above); returns the records inserted.
    func appendStream(checkingTail: (_ last: Record, _ before: [UInt8]?) throws(LedgerError) -> Void,
                      _ produce: (_ headSeq: Int64, _ headHash: [UInt8],
                                  _ insert: ([Record]) throws(LedgerError) -> Void) throws(LedgerError) -> Void) throws(LedgerError) -> [Record]
}

extension EventStore: LedgerStorage {}
