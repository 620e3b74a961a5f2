/// Excerpts of team ledgers (format 2, excerpt version 2; FORMAT.md §29): the checkpoint is
/// signed by members, whom the header's membership records (proved in its tree) name; each
/// entry's author is judged by the members in force before it, and its record key is the one of
/// format 2, bound to its header and author.
extension ExcerptVerifier {
    /// The header's membership records checked (hash, author's signature, inclusion, order) and
    /// the checkpoint judged: with `pinnedKey` it must verify under that member verifier key;
    /// otherwise under a member in force at its size by those records. Returns the checkpoint
    /// when it holds, the findings, the records that count, and the key that verified.
    static func checkMemberCheckpoint(
        _ x: ExcerptCheckpoint, ledger: LedgerID, pinnedKey: String?
    ) -> (Checkpoint?, [Finding], [Record], String) {
        var findings: [Finding] = []
        func bad(_ why: String) -> (Checkpoint?, [Finding], [Record], String) {
            (nil, findings + [Finding(.badCheckpoint, seq: 0, why)], [], pinnedKey ?? "")
        }
        guard let body = x.note.firstRange(of: "\n\n").map({ String(x.note[..<$0.lowerBound]) + "\n" }), let claimed = Checkpoint(text: body) else {
            return bad("the excerpt's checkpoint is not a signed checkpoint")
        }
        guard claimed.origin == Checkpoint.origin(ledger), claimed.size == x.treeSize else {
            return bad("the checkpoint is for \(claimed.origin) at \(claimed.size) records, not ledger \(ledger.hex) at \(x.treeSize)")
        }
        var fold = Membership(), kept: [Record] = [], last: Int64 = 0
        for proof in x.members {
            let r = proof.record
            guard r.malformation == nil, r.seq > last, RecordFormat.computeHash(r, ledger: ledger) == r.hash, RecordV2.verifies(r, ledger: ledger),
                EventKind.membershipKinds.map(\.rawValue).contains(r.kind), proof.leafIndex == r.seq - 1, r.seq <= claimed.size,
                Merkle.verifyInclusion(leafHash: Merkle.leafHash(r.hash), index: proof.leafIndex, size: claimed.size, proof: proof.path, root: claimed.root)
            else {
                findings.append(
                    Finding(.badProof, seq: r.seq, "the header's membership record \(r.seq) is not a signed record proved in the checkpoint's tree"))
                continue
            }
            last = r.seq
            fold.absorb(Membership.Record(r))
            kept.append(r)
        }
        let vouching = fold.inForce.map(\.member).compactMap { m -> String? in
            let name = "ledger-member/" + m.keyID
            return SignedNote.verify(x.note, name: name, publicKey: m.key) == nil ? nil : SignedNote.verifierKey(name: name, publicKey: m.key)
        }
        let keyText = pinnedKey ?? vouching.first ?? ""
        guard let key = SignedNote.parseVerifierKey(keyText), SignedNote.verify(x.note, name: key.name, publicKey: key.publicKey) != nil else {
            return bad(pinnedKey.map { "the checkpoint's signature does not verify under \($0)" } ?? "no member in force at the checkpoint's size signed it")
        }
        return (claimed, findings, kept, keyText)
    }

    /// The members in force before record `seq`, by the header's membership records.
    func membership(before seq: Int64) -> Membership {
        var fold = Membership()
        for r in memberRecords where r.seq < seq { fold.absorb(Membership.Record(r)) }
        return fold
    }

    /// An entry's author: signed, by a member in force before it who may write its kind.
    mutating func judgeAuthor(_ r: Record, seq: Int64) {
        guard !r.signature.isEmpty else { return findings.append(Finding(.unsignedRecord, seq: seq, "entry \(seq)'s record is not signed by any member")) }
        guard RecordV2.verifies(r, ledger: ledger) else {
            return findings.append(Finding(.badSignature, seq: seq, "entry \(seq)'s record signature does not verify with the key it names"))
        }
        guard !memberRecords.contains(where: { $0.seq == r.seq }) else { return }
        var fold = membership(before: r.seq)
        let before = fold.problems.count
        fold.absorb(Membership.Record(r))
        for p in fold.problems[before...] where p.kind != .wrongEpoch {  // epochs are the ledger's to judge
            findings.append(Finding(MemberVerifier.kind(p.kind), seq: seq, "entry \(seq): \(p.message)"))
        }
    }

    /// Opens a format-2 entry with its record key: XChaCha20-Poly1305 under `rk`, the
    /// associated data binding the header and the author (FORMAT.md §21.3).
    func openV2(_ proof: EntryProof) -> Event? {
        let r = proof.record
        guard var keyBytes = proof.recordKey?.bytes, r.signature.count == RecordV2.signatureBytes else { return nil }
        let rk = SecureBytes(consuming: &keyBytes)
        let author = Array(r.signature.prefix(32))
        guard
            let payload = AEAD.open(
                r.ciphertext, key: rk, nonce: r.nonce, ad: RecordV2.associatedData(header: RecordFormat.header(r, ledger: ledger), author: author)),
            let kind = EventKind(rawValue: r.kind), let deployment = DeploymentID(bytes: r.deployment),
            var e = try? Event(
                kind: kind, deployment: deployment, format2Payload: payload, actor: MemberNames(membership(before: r.seq + 1)).name(of: author, at: r.seq))
        else { return nil }
        e.publicData = r.publicObject
        return e
    }
}
