import LedgerCore

extension LedgerFile {
    /// The record key of `record`: the XChaCha20 subkey of its epoch's data key and its nonce,
    /// which opens that record and no other (docs/FORMAT.md §15.1).
    /// - Throws: `LedgerError` when locked, or when the record names an epoch the ledger lacks.
    public func recordKey(_ record: Record) throws(LedgerError) -> RecordKey {
        if format == .v2 { return try recordKeyV2(record) }
        guard record.epoch >= 1, record.epoch <= Int64(UInt32.max), let key = try unlockedKeys()[UInt32(record.epoch)],
            record.nonce.count == AEAD.nonceBytes
        else {
            throw LedgerError(
                .corrupt, "record \(record.seq) names key epoch \(record.epoch), which this ledger does not have",
                .unknownEpoch(seq: record.seq, epoch: record.epoch), remedy: .verifyForEveryProblem)
        }
        return RecordKey(dataKey: key, nonce: record.nonce)
    }

    /// Prepares the proofs of a timeline excerpt: against the signed checkpoint `note` when
    /// given (it must verify under this ledger's checkpoint key, and the log must extend it),
    /// else against a fresh checkpoint of the whole log (`checkpoint()`). The record hashes
    /// are read once.
    /// - Throws: `LedgerError` when locked, when `note` is not a checkpoint of this log
    ///   (`.tampered` when the log no longer extends it), or when the file cannot be read.
    public func excerptProver(checkpoint note: String? = nil) throws(LedgerError) -> ExcerptProver {
        let leaves = try recordHashes().map(Merkle.leafHash)
        let signed: SignedCheckpoint
        if let note { signed = try givenCheckpoint(note, leaves: leaves) } else { signed = try checkpoint(leaves: leaves) }
        // The checkpoint verified and the log extends it, so its tree is the first `size` leaves.
        let prover = ExcerptProver(
            checkpoint: ExcerptCheckpoint(note: signed.note, verifierKey: signed.verifierKey, treeSize: signed.checkpoint.size),
            leafHashes: Array(leaves.prefix(signed.checkpoint.size)))
        guard format == .v2 else { return prover }
        return try prover.withMembers(try membershipRecords().filter { $0.seq <= Int64(signed.checkpoint.size) })
    }

    /// Format 2: `rk` of `record`, bound to its header and author (FORMAT.md §21.3).
    func recordKeyV2(_ record: Record) throws(LedgerError) -> RecordKey {
        guard record.malformation == nil, record.signature.count == RecordV2.signatureBytes, record.epoch >= 1, record.epoch <= Int64(UInt32.max),
            let key = try unlockedKeys()[UInt32(record.epoch)]
        else {
            throw LedgerError(
                .corrupt, "record \(record.seq) has no author or names key epoch \(record.epoch), which this ledger does not have",
                .unknownEpoch(seq: record.seq, epoch: record.epoch), remedy: .verifyForEveryProblem)
        }
        let rk = RecordV2.recordKey(key, header: RecordFormat.header(record, ledger: id), author: Array(record.signature.prefix(32)))
        return RecordKey(bytes: rk.withBytes { Array($0) })!
    }

    /// A checkpoint the caller supplied, checked against this ledger under its own checkpoint key.
    func givenCheckpoint(_ note: String, leaves: [[UInt8]]) throws(LedgerError) -> SignedCheckpoint {
        if format == .v2 {
            let outcome = try memberCheckpointStep(note, trust: nil)
            if let finding = outcome.findings.first {
                throw LedgerError(
                    finding.kind == .badCheckpoint ? .failure : .tampered, "the checkpoint does not fit this ledger: \(finding.message)",
                    .checkpointDoesNotFit(tampered: finding.kind != .badCheckpoint),
                    remedy: finding.kind == .badCheckpoint ? .giveOwnCheckpoint : .verifyAgainstCheckpoint)
            }
            guard let size = outcome.size, let root = outcome.root else {
                throw LedgerError(.failure, "the checkpoint does not fit this ledger", .checkpointDoesNotFit(tampered: false), remedy: .giveOwnCheckpoint)
            }
            return SignedCheckpoint(note: note, verifierKey: outcome.verifierKey, checkpoint: Checkpoint(ledger: id, size: size, root: root))
        }
        let vkey = SignedNote.verifierKey(name: Checkpoint.keyName(id), publicKey: try checkpointKey().publicKey)
        let (cp, findings) = try judgeCheckpoint(note, verifierKey: vkey, leaves: leaves)
        if let finding = findings.first {
            throw LedgerError(
                finding.kind == .badCheckpoint ? .failure : .tampered, "the checkpoint does not fit this ledger: \(finding.message)",
                .checkpointDoesNotFit(tampered: finding.kind != .badCheckpoint),
                remedy: finding.kind == .badCheckpoint ? .giveOwnCheckpoint : .verifyAgainstCheckpoint)
        }
        return SignedCheckpoint(note: note, verifierKey: vkey, checkpoint: cp!)
    }

    /// Streams the timeline entries that pass `filter`, each with its proof from `prover`.
    /// - Throws: `LedgerError` when locked, when a record does not open, when the prover's
    ///   checkpoint does not cover an entry, or what `emit` throws.
    @discardableResult
    public func timelineExcerpt(
        _ filter: TimelineFilter, prover: ExcerptProver, progress: (Int, Int) -> Void = { _, _ in },
        _ emit: (TimelineEntry, EntryProof) throws(LedgerError) -> Void
    ) throws(LedgerError) -> LedgerView {
        try timelineRecords(filter, progress: progress) { (entry, record) throws(LedgerError) in
            try emit(entry, try prover.proof(record, key: try recordKey(record)))
        }
    }
}
