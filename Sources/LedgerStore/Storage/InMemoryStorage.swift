import LedgerCore

/// A ledger's storage held in memory: the same records, keys and meta values as a ledger
/// file, with the same semantics for every operation of `LedgerStorage` (the storage contract
/// tests run both), and nothing on disk. For tests and for tools that build a ledger only to
/// project it; it is gone when released.
///
/// Transactions are all-or-nothing as SQLite's are: the outermost `exclusively`, `snapshot`
/// or `appendStream` keeps a copy of the state and puts it back when its closure throws;
/// calls inside it join it. Used from one thread at a time, like one SQLite connection.
final class InMemoryStorage: LedgerStorage {
    /// The stored state: what a ledger file's three tables hold.
    struct State {
        /// The log, in ascending sequence order.
        var records: [Record] = []
        /// The `meta` table.
        var meta: [String: [UInt8]] = [:]
        /// The `keys` table, by epoch.
        var keys: [UInt32: WrappedKey] = [:]
    }

    let ledgerID: LedgerID
    /// How messages name this storage (a file's path in `EventStore`'s).
    let name: String
    private var state: State
    private var inTransaction = false

    /// A storage holding `state` as it is (records in any order are sorted; nothing is checked).
    init(ledgerID: LedgerID, name: String = ":memory:", state: State) {
        self.ledgerID = ledgerID
        self.name = name
        var state = state
        state.records.sort { $0.seq < $1.seq }
        self.state = state
    }

    /// A new ledger's storage: the meta values and key that `EventStore.create` writes, and
    /// `first(genesis hash)` as record 1.
    /// - Throws: `LedgerError` when `first` is not record 1.
    static func create(
        ledger: LedgerID, key: WrappedKey?, createdAt: Timestamp,
        first: (_ genesis: [UInt8]) -> Record
    ) throws(LedgerError) -> InMemoryStorage {
        let meta = [
            "format": Array(String(ledger.format.rawValue).utf8), "ledger_id": ledger.bytes,
            "created": Array(createdAt.description.utf8),
        ]
        let storage = InMemoryStorage(ledgerID: ledger, state: State(meta: meta, keys: key.map { [$0.epoch: $0] } ?? [:]))
        try storage.insert([first(RecordFormat.genesisHash(ledger: ledger))])
        return storage
    }

    /// Never read-only.
    var isReadOnly: Bool { false }

    func wrappedKeys() throws(LedgerError) -> [WrappedKey] { state.keys.keys.sorted().map { state.keys[$0]! } }

    func meta(_ key: String) throws(LedgerError) -> [UInt8]? { state.meta[key] }

    func recordMeta(_ key: String, _ value: [UInt8]) throws(LedgerError) {
        if state.meta[key] == nil { state.meta[key] = value }
    }

    func head() throws(LedgerError) -> (seq: Int64, hash: [UInt8])? { state.records.last.map { ($0.seq, $0.hash) } }

    func count(deployment: DeploymentID?) throws(LedgerError) -> Int {
        guard let deployment else { return state.records.count }
        return state.records.lazy.filter { $0.deployment == deployment.bytes }.count
    }

    func scan(
        deployment: DeploymentID?, merging: [Record], batchSize: Int,
        _ body: ([Record]) throws(LedgerError) -> Void
    ) throws(LedgerError) {
        let rows = deployment.map { d in state.records.filter { $0.deployment == d.bytes } } ?? state.records
        var roster = merging[...]
        var batch: [Record] = []
        batch.reserveCapacity(min(batchSize, rows.count + merging.count))
        func add(_ r: Record) throws(LedgerError) {
            batch.append(r)
            if batch.count == batchSize { try body(batch); batch.removeAll(keepingCapacity: true) }
        }
        for r in rows {
            while let next = roster.first, next.seq < r.seq { try add(roster.removeFirst()) }
            try add(r)
        }
        for r in roster { try add(r) }
        if !batch.isEmpty { try body(batch) }
    }

    func deploymentStarts() throws(LedgerError) -> [(id: DeploymentID, seq: Int64)] {
        var seen = Set<[UInt8]>()
        var out: [(id: DeploymentID, seq: Int64)] = []
        for r in state.records where seen.insert(r.deployment).inserted {
            if let id = DeploymentID(bytes: r.deployment), !id.isNone { out.append((id, r.seq)) }
        }
        return out
    }

    func lastRecord() throws(LedgerError) -> Record? { state.records.last }

    func hash(of seq: Int64) throws(LedgerError) -> [UInt8]? { try record(seq)?.hash }

    func record(_ seq: Int64) throws(LedgerError) -> Record? {
        let i = index(of: seq)
        return i < state.records.count && state.records[i].seq == seq ? state.records[i] : nil
    }

    func records(after seq: Int64, deployment: DeploymentID, roster: Bool) throws(LedgerError) -> [Record] {
        state.records[index(above: seq)...].filter { $0.deployment == deployment.bytes || (roster && Self.isRoster($0, kinds: rosterKinds)) }
    }

    func has(_ kind: EventKind, in deployment: DeploymentID) throws(LedgerError) -> Bool {
        state.records.contains { $0.deployment == deployment.bytes && $0.kind == kind.rawValue }
    }

    func ledgerLevelRecords(kinds: [EventKind]) throws(LedgerError) -> [Record] {
        let names = Set(kinds.map(\.rawValue))
        return state.records.filter { $0.deployment == DeploymentID.none.bytes && names.contains($0.kind) }
    }

    func signedOrOfKinds(_ kinds: Set<String>) throws(LedgerError) -> [Record] {
        state.records.filter { !$0.signature.isEmpty || kinds.contains($0.kind) }
    }

    func hashes() throws(LedgerError) -> [[UInt8]] { state.records.map(\.hash) }

    func snapshot<R>(_ body: () throws(LedgerError) -> R) throws(LedgerError) -> R { try transaction(body) }

    func exclusively<R>(_ body: () throws(LedgerError) -> R) throws(LedgerError) -> R { try transaction(body) }

    func appendStream(
        checkingTail: (_ last: Record, _ before: [UInt8]?) throws(LedgerError) -> Void,
        _ produce: (
            _ headSeq: Int64, _ headHash: [UInt8],
            _ insert: ([Record]) throws(LedgerError) -> Void
        ) throws(LedgerError) -> Void
    ) throws(LedgerError) -> [Record] {
        try transaction { () throws(LedgerError) -> [Record] in
            let last = try StorageTail.appendable(state.records.last, in: name)
            try checkingTail(last, last.seq > 1 ? try hash(of: last.seq - 1) : nil)
            var all: [Record] = []
            try produce(last.seq, last.hash) { (records) throws(LedgerError) in
                try insert(records)
                all += records
            }
            return all
        }
    }
}

extension InMemoryStorage {
    /// A copy of everything stored (for tests: to compare, or to build a damaged copy from).
    var contents: State { state }

    /// True for a ledger-level record of one of `kinds` (what `EventStore.records(after:…)` merges in).
    static func isRoster(_ r: Record, kinds: [EventKind]) -> Bool {
        r.deployment == DeploymentID.none.bytes && kinds.contains { $0.rawValue == r.kind }
    }

    /// The index of the first record with a sequence number of `seq` or more.
    private func index(of seq: Int64) -> Int { firstIndex { $0.seq >= seq } }

    /// The index of the first record with a sequence number above `seq`.
    private func index(above seq: Int64) -> Int { firstIndex { $0.seq > seq } }

    /// The first index whose record satisfies `isAtOrPast` (which holds from some index on).
    private func firstIndex(_ isAtOrPast: (Record) -> Bool) -> Int {
        var lo = 0, hi = state.records.count
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if isAtOrPast(state.records[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Inserts `records` at their places, as the events table's primary key does: a sequence
    /// number stored already is refused.
    /// - Throws: `LedgerError` (`.failure`), and then the transaction rolls back.
    private func insert(_ records: [Record]) throws(LedgerError) {
        for r in records {
            let i = index(of: r.seq)
            guard i == state.records.count || state.records[i].seq != r.seq else {
                throw LedgerError(.failure, "'\(name)': record \(r.seq) is stored already (UNIQUE constraint failed: events.seq)")
            }
            state.records.insert(r, at: i)
        }
    }

    /// Runs `body` in a transaction: the outermost call restores the state when `body` throws.
    private func transaction<R>(_ body: () throws(LedgerError) -> R) throws(LedgerError) -> R {
        if inTransaction { return try body() }
        let saved = state
        inTransaction = true
        defer { inTransaction = false }
        do { return try body() } catch {
            state = saved
            throw error
        }
    }
}
