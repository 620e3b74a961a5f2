import LedgerCore

/// Format 2: checkpoints signed by members with their own keys (decision 0017 §11). There is
/// no checkpoint key derived from a data key: a checkpoint names who vouched for the log.
extension LedgerFile {
    /// The signed-note key name of a member's key: `ledger-member/<KEY ID>`.
    public static func memberKeyName(keyID: String) -> String { "ledger-member/" + keyID }

    /// Signs a checkpoint over `leaves` with the identity, which must be a member in force.
    /// - Throws: `LedgerError` (`.usage`) without an identity, or when it is no member.
    func memberCheckpoint(leaves: [[UInt8]]) throws(LedgerError) -> SignedCheckpoint {
        guard let identity else {
            throw LedgerError(.usage, "a checkpoint of the team ledger '\(path)' is signed by a member: it was not opened with a member's identity")
        }
        let m = try membership()
        guard m.member(key: identity.publicKey) != nil else {
            try requireReader(identity, in: m)  // names why: removed, or never a member
            throw LedgerError(.wrongKey, "key \(identity.keyID) is not a member of '\(path)'")
        }
        let body = Checkpoint(ledger: id, size: leaves.count, root: MerkleLevels(leafHashes: leaves).root)
        let name = Self.memberKeyName(keyID: identity.keyID)
        return SignedCheckpoint(
            note: SignedNote.sign(body.text, name: name, key: identity.key), verifierKey: SignedNote.verifierKey(name: name, publicKey: identity.publicKey),
            checkpoint: body)
    }

    /// Judges `note` for a format-2 ledger: it counts when a signature line of a member in
    /// force at record *size* verifies (lines of other keys are ignored); then the log must
    /// extend it, as in format 1. With `trust`, only lines of members it pins count.
    /// - Throws: `LedgerError` when the file cannot be read.
    func memberCheckpointStep(_ note: String, trust: TrustFile?) throws(LedgerError) -> CheckpointOutcome {
        let leaves = try recordHashes().map(Merkle.leafHash)
        let claimed = Checkpoint(text: Self.noteBody(note) ?? "")
        var m = Membership()
        for r in try membershipRecords() where r.seq <= Int64(claimed?.size ?? 0) && RecordV2.verifies(r, ledger: id) { m.absorb(Membership.Record(r)) }
        var vouched: [(entry: Membership.Entry, vkey: String)] = []
        for e in m.inForce where trust.map({ !$0.capabilities(of: e.member.key).isEmpty }) ?? true {
            let name = Self.memberKeyName(keyID: e.member.keyID)
            if SignedNote.hasFailingLine(note, name: name, publicKey: e.member.key) {
                let finding = Finding(
                    .badCheckpoint, seq: 0, "the checkpoint's line by \(e.member.name) (key \(e.member.keyID)) does not verify: the note was changed")
                return CheckpointOutcome(
                    size: nil, root: nil, verifierKey: SignedNote.verifierKey(name: name, publicKey: e.member.key), keySource: .members, findings: [finding])
            }
            if SignedNote.verify(note, name: name, publicKey: e.member.key) != nil {
                vouched.append((e, SignedNote.verifierKey(name: name, publicKey: e.member.key)))
            }
        }
        guard let first = vouched.first else {
            let finding = Finding(
                .badCheckpoint, seq: 0,
                "no signature on the checkpoint verifies under the key of a member in force at its size\(trust == nil ? "" : " pinned by the trust file")")
            return CheckpointOutcome(size: nil, root: nil, verifierKey: "", keySource: .members, findings: [finding])
        }
        let (cp, findings) = try judgeCheckpoint(note, verifierKey: first.vkey, leaves: leaves)
        var outcome = CheckpointOutcome(size: cp?.size, root: cp?.root, verifierKey: first.vkey, keySource: .members, findings: findings)
        outcome.vouchedBy = vouched.map { "\($0.entry.member.name) (key \($0.entry.member.keyID))" }
        return outcome
    }

    /// The text of a signed note before its blank line and signatures, unchecked.
    static func noteBody(_ note: String) -> String? {
        guard let end = note.firstRange(of: "\n\n") else { return nil }
        return String(note[..<end.lowerBound]) + "\n"
    }
}
