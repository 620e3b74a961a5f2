import LedgerCore

/// A signed checkpoint and the key that verifies it.
public struct SignedCheckpoint: Sendable {
    /// The signed note (checkpoint body, blank line, signature line).
    public let note: String
    /// The C2SP verifier key of the ledger's checkpoint key.
    public let verifierKey: String
    /// The body.
    public let checkpoint: Checkpoint
}

/// An inclusion proof of one record in the current tree.
public struct InclusionProof: Sendable {
    /// The record.
    public let seq: Int64
    /// Its record hash (the leaf's data).
    public let recordHash: [UInt8]
    /// The tree size and root it is proved against.
    public let treeSize: Int
    /// The root.
    public let root: [UInt8]
    /// The RFC 6962 audit path.
    public let path: [[UInt8]]
}

extension LedgerFile {
    /// Every record hash in sequence order (the Merkle tree's leaves' data).
    /// - Throws: `LedgerError`.
    public func recordHashes() throws(LedgerError) -> [[UInt8]] {
        try store.hashes()
    }

    /// Signs a checkpoint of the whole log with the ledger's checkpoint key, and records the
    /// key's verifier form in `meta` (`checkpoint_key`) the first time (not when opened read-only).
    /// - Throws: `LedgerError` when locked.
    public func checkpoint() throws(LedgerError) -> SignedCheckpoint {
        try checkpoint(leaves: try recordHashes().map(Merkle.leafHash))
    }

    /// Audits the log as `ledger verify` does without `--trust` (`audit()`: the chain, the
    /// schema, every signature and, unlocked, every payload and sign-off), then signs a
    /// checkpoint of exactly the records verified. A damaged log is never certified: an audit
    /// whose exit category is not nil or `.stale` refuses, with that category.
    /// - Throws: `LedgerError` `.tampered` (`.corrupt` when every finding is `malformed`) with
    ///   the findings summarised; nothing is signed or recorded.
    public func verifiedCheckpoint(progress: (Int, Int) -> Void = { _, _ in }) throws(LedgerError) -> SignedCheckpoint {
        try verifiedCheckpoint(of: try audit(progress: progress))
    }

    /// `verifiedCheckpoint(progress:)` of an audit already made (`report`).
    /// - Throws: as `verifiedCheckpoint(progress:)`.
    public func verifiedCheckpoint(of report: AuditReport) throws(LedgerError) -> SignedCheckpoint {
        if let category = report.exitCategory, category != .stale {
            let damage = report.damage
            throw LedgerError(
                category,
                "'\(path)' does not verify (\(damage.count) finding\(damage.count == 1 ? "" : "s"): \(damage.tally)): a checkpoint would certify a damaged log; nothing was signed",
                .doesNotVerify(path: path), remedy: .verifyForEveryFinding)
        }
        let verified = report.recordsChecked
        let hashes = try recordHashes().prefix(verified)
        guard hashes.count == verified, hashes.last == report.chain.headHash else {
            throw LedgerError(
                .tampered, "'\(path)' changed while it was verified: its first \(verified) records are not those verified; nothing was signed",
                .changedWhileVerified(path: path), remedy: .verifyForEveryFinding)
        }
        return try checkpoint(leaves: hashes.map(Merkle.leafHash))
    }

    /// `checkpoint()` over leaf hashes already read.
    func checkpoint(leaves: [[UInt8]]) throws(LedgerError) -> SignedCheckpoint {
        if format == .v2 { return try memberCheckpoint(leaves: leaves) }
        let key = try checkpointKey()
        let body = Checkpoint(ledger: id, size: leaves.count, root: MerkleLevels(leafHashes: leaves).root)
        let vkey = SignedNote.verifierKey(name: Checkpoint.keyName(id), publicKey: key.publicKey)
        if !store.isReadOnly, try store.meta("checkpoint_key") == nil { try store.recordMeta("checkpoint_key", Array(vkey.utf8)) }
        return SignedCheckpoint(note: SignedNote.sign(body.text, name: Checkpoint.keyName(id), key: key), verifierKey: vkey, checkpoint: body)
    }

    /// Checks that the current log extends the checkpoint in `note`: the signature verifies
    /// under the ledger's checkpoint key (derived when unlocked, else from `meta`, or the one
    /// given), the log is at least as long, and a consistency proof from the checkpoint's tree
    /// to the current one verifies. Returns findings (empty when it does). The checkpoint step
    /// of `audit`.
    /// - Throws: `LedgerError` when no checkpoint key is known.
    public func checkCheckpoint(_ note: String, verifierKey given: String? = nil) throws(LedgerError) -> [Finding] {
        try checkpointStep(note, verifierKey: given, fromTrustFile: false).findings
    }

    /// The checkpoint in `note` judged under the verifier key `vkeyText` against leaf hashes
    /// already read; also returns the checkpoint when its signature and origin hold.
    /// - Throws: `LedgerError` (`.usage`) when `vkeyText` is not a verifier key.
    func judgeCheckpoint(_ note: String, verifierKey vkeyText: String, leaves: [[UInt8]]) throws(LedgerError) -> (checkpoint: Checkpoint?, findings: [Finding])
    {
        guard let vkey = SignedNote.parseVerifierKey(vkeyText) else {
            throw noCheckpointKey
        }
        guard let text = SignedNote.verify(note, name: vkey.name, publicKey: vkey.publicKey), let cp = Checkpoint(text: text) else {
            return (nil, [Finding(.badCheckpoint, seq: 0, "the checkpoint's signature does not verify under \(vkeyText)")])
        }
        guard cp.origin == Checkpoint.origin(id) else {
            return (nil, [Finding(.badCheckpoint, seq: 0, "the checkpoint is for \(cp.origin), not this ledger")])
        }
        if leaves.count < cp.size {
            return (
                cp,
                [
                    Finding(
                        .truncated, seq: Int64(leaves.count + 1),
                        "the log has \(leaves.count) records but a checkpoint was signed at \(cp.size): records \(leaves.count + 1)…\(cp.size) were cut or an older copy was restored"
                    )
                ]
            )
        }
        let consistent =
            cp.size == 0
            || Merkle.verifyConsistency(
                size1: cp.size, size2: leaves.count, root1: cp.root, root2: Merkle.root(leaves[...]),
                proof: Merkle.consistencyProof(cp.size, leaves[...]))
        if !consistent {
            return (
                cp,
                [Finding(.rewritten, seq: 1, "the first \(cp.size) records are not those the checkpoint was signed over: the log was rewritten or replaced")]
            )
        }
        return (cp, [])
    }

    /// An inclusion proof of record `seq` in the current tree.
    /// - Throws: `LedgerError` when there is no such record.
    public func inclusionProof(_ seq: Int64) throws(LedgerError) -> InclusionProof {
        let hashes = try recordHashes()
        guard seq >= 1, seq <= Int64(hashes.count) else {
            throw LedgerError(.usage, "no record \(seq) in '\(path)' (it has \(hashes.count))", hint: "give a sequence number from 1 to \(hashes.count)")
        }
        let tree = MerkleLevels(leafHashes: hashes.map(Merkle.leafHash))
        let i = Int(seq - 1)
        return InclusionProof(seq: seq, recordHash: hashes[i], treeSize: tree.size, root: tree.root, path: tree.inclusionProof(i))
    }
}
