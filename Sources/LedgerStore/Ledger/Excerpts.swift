import LedgerCore

extension LedgerFile {
    /// The record key of `record`: the XChaCha20 subkey of its epoch's data key and its nonce,
    /// which opens that record and no other (docs/FORMAT.md §15.1).
    /// - Throws: `LedgerError` when locked, or when the record names an epoch the ledger lacks.
    public func recordKey(_ record: Record) throws(LedgerError) -> RecordKey {
        guard format == .v1 else {
            throw LedgerError(.usage, "excerpts of a team ledger (format 2) are not written by this version: '\(path)' is format 2")
        }
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
        guard format == .v1 else {
            throw LedgerError(.usage, "excerpts of a team ledger (format 2) are not written by this version: '\(path)' is format 2")
        }
        let leaves = try recordHashes().map(Merkle.leafHash)
        let signed: SignedCheckpoint
        if let note { signed = try givenCheckpoint(note, leaves: leaves) } else { signed = try checkpoint(leaves: leaves) }
        // The checkpoint verified and the log extends it, so its tree is the first `size` leaves.
        return ExcerptProver(
            checkpoint: ExcerptCheckpoint(note: signed.note, verifierKey: signed.verifierKey, treeSize: signed.checkpoint.size),
            leafHashes: Array(leaves.prefix(signed.checkpoint.size)))
    }

    /// A checkpoint the caller supplied, checked against this ledger under its own checkpoint key.
    func givenCheckpoint(_ note: String, leaves: [[UInt8]]) throws(LedgerError) -> SignedCheckpoint {
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
