/// Makes the proofs of a timeline excerpt: for each exported record, its record key and its
/// inclusion path in the tree of one signed checkpoint.
public struct ExcerptProver: Sendable {
    /// The header member: the checkpoint, its verifier key and tree size.
    public private(set) var checkpoint: ExcerptCheckpoint
    let tree: MerkleLevels

    /// Prepares proofs against `checkpoint`, whose tree has the leaf hashes `leafHashes`.
    /// - Precondition: `leafHashes.count == checkpoint.treeSize`.
    public init(checkpoint: ExcerptCheckpoint, leafHashes: [[UInt8]]) {
        precondition(leafHashes.count == checkpoint.treeSize)
        self.checkpoint = checkpoint
        tree = MerkleLevels(leafHashes: leafHashes)
    }

    /// Version 2: the same prover with `members` (their proofs) in the header.
    /// - Throws: `LedgerError` when the checkpoint does not cover one of them.
    public func withMembers(_ members: [Record]) throws(LedgerError) -> ExcerptProver {
        var p = self
        var proofs: [EntryProof] = []
        for r in members { proofs.append(try proof(r, key: nil)) }
        p.checkpoint = ExcerptCheckpoint(note: checkpoint.note, members: proofs, treeSize: checkpoint.treeSize, verifierKey: checkpoint.verifierKey)
        return p
    }

    /// The proof of `record`, which opens with `key`.
    /// - Throws: `LedgerError` (`.failure`) when the checkpoint does not cover the record.
    public func proof(_ record: Record, key: RecordKey?) throws(LedgerError) -> EntryProof {
        guard record.seq >= 1, record.seq <= Int64(tree.size) else {
            throw LedgerError(
                .failure, "record \(record.seq) is not covered by the checkpoint, which covers records 1…\(tree.size)",
                .recordNotCovered(seq: record.seq, treeSize: tree.size), remedy: .newerCheckpoint)
        }
        let index = Int(record.seq - 1)
        return EntryProof(record: record, recordKey: key, leafIndex: index, path: tree.inclusionProof(index))
    }
}
