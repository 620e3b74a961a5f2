import Checklist
import LedgerCore

extension LedgerFile {
    /// The roster in force at the head (read from public data; no key needed).
    /// - Throws: `LedgerError`.
    public func roster() throws(LedgerError) -> Roster {
        Roster.of(try store.rosterRecords())
    }

    /// Puts a key on the roster for `role`. One key holds one role; adding a key that already
    /// holds the role writes nothing and returns nil. The record is signed with `signer` when
    /// one is given.
    /// - Throws: `LedgerError` when the key holds another role, or the write fails.
    @discardableResult
    public func addToRoster(
        role: String, publicKey: [UInt8], keyNumber: [UInt8], name: String, actor: Actor,
        signer: Signer? = nil
    ) throws(LedgerError) -> Record? {
        let name = name.oneLine
        let role = role.trimmingWhitespace()
        guard !role.isEmpty, role == role.oneLine else {
            throw LedgerError(.usage, "the role must be one line of text", .roleNotOneLine, remedy: .giveRole)
        }
        return try store.exclusively { () throws(LedgerError) -> Record? in
            if let held = try roster().activeEntry(for: publicKey) {
                if Roster.sameRole(held.role, role) { return nil }
                throw LedgerError(
                    .failure, "key \(held.keyID) already holds the role \(held.role) (record \(held.addedSeq)); one key cannot fill two roles",
                    .keyHoldsRole(keyID: held.keyID, role: held.role), remedy: .newKeyOrRevoke)
            }
            let added = RosterAdded(role: role, publicKey: publicKey, keyNumber: keyNumber, name: name)
            return try append([Event(.rosterAdded(added), by: actor, time: clock.now())], signer: signer)[0]
        }
    }

    /// Records the name of the holder of a key in force for `role` whose name was recorded
    /// empty. The format has no rename (docs/FORMAT.md §14.1: adding a key again for its
    /// role changes nothing), so this appends, in one transaction, a `roster.revoked` and a
    /// `roster.added` with the name: the key is out of force at no position but the
    /// revocation's own, where nothing else is written. Returns the two records; empty when the
    /// key does not hold `role`, its name is not empty, or `name` is.
    /// - Throws: `LedgerError` when the write fails.
    public func recordRosterName(
        role: String, publicKey: [UInt8], keyNumber: [UInt8], name: String, actor: Actor, signer: Signer? = nil
    ) throws(LedgerError) -> [Record] {
        let name = name.oneLine.trimmingWhitespace()
        guard !name.isEmpty else { return [] }
        return try store.exclusively { () throws(LedgerError) -> [Record] in
            guard let held = try roster().activeEntry(for: publicKey), Roster.sameRole(held.role, role), held.name.isEmpty else { return [] }
            let now = clock.now()
            let revoked = RosterRevoked(publicKey: publicKey, reason: "added again at once, to record its holder's name")
            let added = RosterAdded(role: held.role, publicKey: publicKey, keyNumber: keyNumber, name: name)
            return try append([Event(.rosterRevoked(revoked), by: actor, time: now), Event(.rosterAdded(added), by: actor, time: now)], signer: signer)
        }
    }

    /// Takes a key off the roster (the record signed with `signer` when one is given);
    /// `keyNumber` (from its `.pub` file) names it by its key id if it is not on the roster.
    /// - Throws: `LedgerError` when the key is not on it.
    @discardableResult
    public func revokeFromRoster(
        publicKey: [UInt8], keyNumber: [UInt8]? = nil, reason: String, actor: Actor,
        signer: Signer? = nil
    ) throws(LedgerError) -> (Roster.Entry, Record) {
        try store.exclusively { () throws(LedgerError) -> (Roster.Entry, Record) in
            guard let held = try roster().activeEntry(for: publicKey) else {
                let key = keyNumber.map { "\(Signer.keyID($0)) (\(publicKey.keyFingerprint))" } ?? publicKey.keyFingerprint
                throw LedgerError(.usage, "key \(key) is not on the roster", .keyNotOnRoster(keyID: key), remedy: .listRoster)
            }
            let r = try append([Event(.rosterRevoked(RosterRevoked(publicKey: publicKey, reason: reason)), by: actor, time: clock.now())], signer: signer)[0]
            return (held, r)
        }
    }
}

extension LedgerFile {
    /// `signer`, when its key is on the roster in force (so that `verify` will accept the
    /// signatures of the records it is then passed to sign, `append(_:signer:)` and the rest).
    /// - Throws: `LedgerError` when the key is not on the roster.
    public func trustedSigner(_ signer: Signer) throws(LedgerError) -> Signer {
        guard try roster().activeEntry(for: signer.publicKey) != nil else {
            throw LedgerError(
                .failure, "key \(signer.keyID) is not on the roster of '\(path)', so its signatures would not be trusted",
                .signerNotOnRoster(keyID: signer.keyID), remedy: .addToRosterOrSignNothing)
        }
        return signer
    }
}
