import LedgerCore
import Synchronization

extension EventStore {
    /// Reads the rows with `lo <= seq <= hi` in order and digests each one where it lies in
    /// SQLite's buffers (no copy unless the row needs a second look). Used by keyless verify,
    /// one call per thread, each on its own read connection.
    /// - Throws: `LedgerError` when the file cannot be read.
    static func digests(path: String, ledger: LedgerID, seq lo: Int64, through hi: Int64,
                        counter: borrowing Atomic<Int>) throws(LedgerError) -> [RowDigest] {
        let db = try Database(path: path, readOnly: true)
        return try db.transaction(immediate: false) { () throws(LedgerError) -> [RowDigest] in
            let s = try db.prepare("SELECT \(columns) FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq")
            s.bind(1, lo)
            s.bind(2, hi)
            var out: [RowDigest] = []
            out.reserveCapacity(1024)
            while try s.step() {
                out.append(digest(s, ledger: ledger))
                if out.count % 4096 == 0 { counter.add(4096, ordering: .relaxed) }
            }
            counter.add(out.count % 4096, ordering: .relaxed)
            return out
        }
    }

    /// The digest of the current row of a statement that selects `columns`.
    static func digest(_ s: Statement, ledger: LedgerID) -> RowDigest {
        let kind = s.bytes(1), hash = s.bytes(9)
        let fields = RecordFormat.RawFields(seq: s.int(0), epoch: s.int(3), kind: kind, deployment: s.bytes(2), publicData: s.bytes(4),
                                            nonce: s.bytes(5), prevHash: s.bytes(8), ciphertext: s.bytes(6), signature: s.bytes(7))
        guard !fields.quickProblem, hash.count == 32, s.isText(1) else { return RowDigest(row(s), ledger: ledger) }
        let content = RecordFormat.computeHash(fields, ledger: ledger)
        let stored = Digest32(hash)
        return RowDigest(seq: fields.seq, stored: stored, prev: Digest32(fields.prevHash), content: content, malformation: nil,
                         record: content == stored ? nil : row(s), noncePrefix: NoncePrefix(fields.nonce),
                         startsLedger: RowDigest.startsLedger(kind))
    }
}
