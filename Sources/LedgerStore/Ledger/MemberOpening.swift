import LedgerCore

/// Format 2: opening a ledger with a member's own identity (decision 0017 §7): its newest
/// wrap gives the epoch's data key, each epoch's link the one before, down to epoch 1.
extension LedgerFile {
    /// Opens the data keys with `identity`, which must be a reader in force; from then on the
    /// ledger's appends are signed by it and read records are named by their authors.
    /// - Throws: `LedgerError`: `.usage` for a format-1 file; `.wrongKey` when the identity
    ///   is not a reader in force (never a member, removed, or without `read`); `.tampered`
    ///   when its wrap or a link does not open or opens to a key whose check differs.
    public func unlock(identity: Signer) throws(LedgerError) {
        let (m, opened) = try openKeys(identity)
        switch opened {
        case .failure(let bad): throw LedgerError(.tampered, "\(bad.message) in '\(path)'", .other, remedy: .verifyForDamage)
        case .success(let keys): self.keys = keys
        }
        self.identity = identity
        names = MemberNames(m)
    }

    /// `unlock(identity:)` for verify: a wrap or link that does not open to its epoch's key is
    /// not an error but a `bad_wraps` finding at the record holding it (decision 0017 §7.3,
    /// §7.4), and the log is then verified without the key; the finding is returned.
    /// - Throws: `LedgerError` as `unlock(identity:)` when the identity is no reader in force.
    public func unlockForVerify(identity: Signer) throws(LedgerError) -> Finding? {
        let (m, opened) = try openKeys(identity)
        names = MemberNames(m)
        switch opened {
        case .failure(let bad):
            openingFindings = [Finding(.badWraps, seq: bad.seq, bad.message)]
            return openingFindings.first
        case .success(let keys):
            self.keys = keys
            self.identity = identity
            return nil
        }
    }

    /// A wrap or link that does not open: where and why.
    struct BadWrap: Error {
        let seq: Int64
        let message: String
    }

    /// The membership fold and the data keys `identity` opens: its newest wrap, then each
    /// epoch's link down to epoch 1, each checked against its epoch's key check.
    /// - Throws: `LedgerError`: `.usage` for a format-1 file, `.wrongKey` for no reader in force.
    func openKeys(_ identity: Signer) throws(LedgerError) -> (Membership, Result<[UInt32: SecureBytes], BadWrap>) {
        guard format == .v2 else {
            throw LedgerError(.usage, "'\(path)' is a format-1 ledger: it opens with its passphrase, not with a member's key")
        }
        let (m, epochs, newest) = try epochsAndWraps(for: identity.publicKey)
        try requireReader(identity, in: m)
        guard let newest, let top = epochs[newest.epoch] else {
            return (m, .failure(BadWrap(seq: 1, message: "no record holds a wrap of a data key for key \(identity.keyID)")))
        }
        guard let opened = newest.wrap.unwrap(with: identity.key, ledger: id, epoch: newest.epoch),
            EpochKey.check(opened, ledger: id, epoch: newest.epoch) == top.object.keyCheck
        else {
            return (
                m,
                .failure(
                    BadWrap(
                        seq: newest.seq,
                        message: "the wrap of epoch \(newest.epoch) for key \(identity.keyID) at record \(newest.seq) does not open to the epoch's key"))
            )
        }
        var keys: [UInt32: SecureBytes] = [newest.epoch: opened]
        var e = newest.epoch
        while e > 1 {
            guard let upper = epochs[e], let link = upper.object.previous, let below = epochs[e - 1],
                let key = EpochKey.openLink(nonce: link.nonce, sealed: link.sealed, with: keys[e]!, ledger: id, epoch: e),
                EpochKey.check(key, ledger: id, epoch: e - 1) == below.object.keyCheck
            else {
                let at = epochs[e]?.seq ?? 1
                return (m, .failure(BadWrap(seq: at, message: "epoch \(e) (record \(at)) does not lead to the key of epoch \(e - 1)")))
            }
            keys[e - 1] = key
            e -= 1
        }
        return (m, .success(keys))
    }

    /// Takes `identity` as the signer of what this handle signs (a checkpoint) without
    /// opening any data key: any member in force may vouch for the log, reader or not.
    /// - Throws: `LedgerError` (`.wrongKey`) when it is no member in force; `.usage` for format 1.
    public func act(as identity: Signer) throws(LedgerError) {
        guard format == .v2 else { throw LedgerError(.usage, "'\(path)' is a format-1 ledger: it has no members") }
        let m = try membership()
        guard m.member(key: identity.publicKey) != nil else {
            try requireReader(identity, in: m)  // names why: removed, or never a member
            throw LedgerError(.wrongKey, "key \(identity.keyID) is not a member of '\(path)'")
        }
        self.identity = identity
        names = MemberNames(m)
    }

    /// Format 2: opens the ledger with a passphrase, which opens a sealed member in force
    /// (newest first, one Argon2id each), whose identity then opens the wraps.
    /// - Throws: `LedgerError` `.wrongKey` when it opens none (nothing is changed).
    func unlockSealed(passphrase: SecureBytes) throws(LedgerError) {
        let sealed = try membership().inForce.filter { $0.member.sealed != nil }.reversed()
        for e in sealed {
            guard case .success(let key) = e.member.sealed!.open(passphrase: passphrase, ledger: id, publicKey: e.member.key) else { continue }
            return try unlock(identity: Signer(name: e.member.name, keyNumber: e.member.keyNumber, key: key))
        }
        throw LedgerError(
            .wrongKey,
            sealed.isEmpty ? "'\(path)' has no passphrase member: it opens with a member's own key" : "the passphrase opens no sealed member of '\(path)'",
            .wrongPassphrase(path: path), remedy: sealed.isEmpty ? nil : .checkPassphrase)
    }

    /// The identity must be a member in force holding `read`.
    func requireReader(_ identity: Signer, in m: Membership) throws(LedgerError) {
        if let who = m.member(key: identity.publicKey) {
            guard who.member.can.holds(.read) else {
                throw LedgerError(.wrongKey, "member '\(who.member.name)' (key \(identity.keyID)) may not read '\(path)': it does not hold read")
            }
            return
        }
        if let gone = m.entries.last(where: { $0.member.key == identity.publicKey }), let at = gone.removedSeq {
            throw LedgerError(
                .wrongKey, "key \(identity.keyID) ('\(gone.member.name)') was removed from '\(path)' at record \(at): it opens nothing written since")
        }
        throw LedgerError(.wrongKey, "key \(identity.keyID) is not a member of '\(path)'", .other, remedy: .askAdminToAdd)
    }

    /// The membership fold, every epoch object by number, and the newest wrap for `key`
    /// (from an epoch object, or from the `member.added` that added it).
    func epochsAndWraps(
        for key: [UInt8]
    ) throws(LedgerError) -> (
        Membership, [UInt32: (object: EpochObject, seq: Int64)], (epoch: UInt32, wrap: X25519Stanza, seq: Int64)?
    ) {
        var m = Membership()
        var epochs: [UInt32: (object: EpochObject, seq: Int64)] = [:]
        var newest: (epoch: UInt32, wrap: X25519Stanza, seq: Int64)?
        for r in try membershipRecords() where RecordV2.verifies(r, ledger: id) {
            let before = m.problems.count
            m.absorb(Membership.Record(r))
            guard m.problems.count == before, let o = r.publicObject as [String: JSONValue]? else { continue }
            let epochJSON = r.kind == EventKind.ledgerCreated.rawValue ? o["epoch"] : r.kind == EventKind.epochStarted.rawValue ? .object(o) : nil
            if let json = epochJSON, let e = try? EpochObject(json: json) {
                epochs[e.epoch] = (e, r.seq)
                if let w = e.wrap(for: key) { newest = (e.epoch, w, r.seq) }
            } else if r.kind == EventKind.memberAdded.rawValue, o["key"] == .string(Base64.encode(key)),
                let w = o["wrap"].flatMap({ try? EpochObject.stanza($0) })
            {
                newest = (UInt32(r.epoch), w, r.seq)
            }
        }
        return (m, epochs, newest)
    }

    /// Format 2: refuses events the identity may not author (decision 0017 §6.4), before anything is written.
    /// - Throws: `LedgerError` (`.usage`) without an identity or a capability.
    func checkAuthority(for events: [Event]) throws(LedgerError) {
        guard try store.wrappedKeys().isEmpty else {
            throw LedgerError(
                .tampered, "'\(path)' is a team ledger whose table keys holds rows: format 2 keeps its keys in the log; nothing was written", .other,
                remedy: .verifyForDamage)
        }
        guard let identity else {
            throw LedgerError(.usage, "a format-2 record must be signed by its author: '\(path)' was not opened with a member's identity")
        }
        let m = try membership()
        guard let who = m.member(key: identity.publicKey) else { try requireReader(identity, in: m); return }
        for e in events {
            let r = Membership.Record(
                seq: 0, kind: e.kind, ledgerLevel: e.deployment.isNone, epoch: m.epoch, author: identity.publicKey,
                publicData: e.publicData.isEmpty ? nil : .object(e.publicData))
            guard m.permits(who.member.can, r, author: identity.publicKey) else {
                throw LedgerError(
                    .usage, "member '\(who.member.name)' (\(who.member.can.can.joined(separator: ", "))) may not write \(e.kind.rawValue) records to '\(path)'",
                    .other,
                    remedy: .askAdminForCapability)
            }
        }
    }
}
