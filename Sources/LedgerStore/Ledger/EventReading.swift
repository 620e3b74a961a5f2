import LedgerCore

extension LedgerFile {
    /// Streams decrypted events in sequence order, optionally for one deployment (with
    /// `withRoster`, the ledger's roster events too, which the views need to judge sign-offs).
    /// - Throws: `LedgerError` when locked, or `.tampered`/`.corrupt` when a record does
    ///   not open (run `ledger verify` to see every finding).
    public func events(
        deployment: DeploymentID? = nil, withRoster: Bool = false,
        _ body: (Record, Event) throws(LedgerError) -> Void
    ) throws(LedgerError) {
        try events(deployment: deployment, merging: deployment != nil && withRoster ? try store.rosterRecords() : [], body)
    }

    /// `events(deployment:withRoster:_:)` with the records to merge in read already.
    func events(
        deployment: DeploymentID?, merging: [Record], signatures: Sealer.SignatureCheck = .all,
        _ body: (Record, Event) throws(LedgerError) -> Void
    ) throws(LedgerError) {
        let sealers = try self.sealers(), scratch = SecureBytes(count: 32)
        let known = signatures == .forProjection ? openedStart : nil
        try store.scan(deployment: deployment, merging: merging) { (batch) throws(LedgerError) in
            for r in batch {
                if let known, known.record.seq == r.seq, known.record == r {
                    try body(r, known.event)
                } else {
                    try body(r, try Self.open(r, sealers, signatures: signatures, scratch: scratch))
                }
            }
        }
    }

    /// Decrypts one record for a reader.
    /// - Throws: `LedgerError` naming the record when it does not open (`Sealer.OpenError.readError`).
    static func open(
        _ r: Record, _ sealers: [Int64: Sealer], signatures: Sealer.SignatureCheck = .all, scratch: SecureBytes? = nil
    ) throws(LedgerError) -> Event {
        guard let sealer = sealers[r.epoch] else {
            throw LedgerError(
                .corrupt, "record \(r.seq) names key epoch \(r.epoch), which this ledger does not have",
                .unknownEpoch(seq: r.seq, epoch: r.epoch), remedy: .verifyForDamage)
        }
        do throws(Sealer.OpenError) { return try sealer.open(r, signatures: signatures, scratch: scratch) } catch {
            throw error.readError(seq: r.seq, kind: r.kind)
        }
    }

    /// All decrypted events, in sequence order.
    /// - Throws: see `events(deployment:_:)`.
    public func allEvents(deployment: DeploymentID? = nil) throws(LedgerError) -> [(record: Record, event: Event)] {
        var out: [(Record, Event)] = []
        try events(deployment: deployment) { (r, e) throws(LedgerError) in out.append((r, e)) }
        return out
    }

    /// Every stored record as stored (no key needed, nothing checked).
    /// - Throws: `LedgerError` when the file cannot be read.
    public func allRecords() throws(LedgerError) -> [Record] {
        var out: [Record] = []
        try store.scan { (batch) throws(LedgerError) in out += batch }
        return out
    }
}
