import LedgerCore

/// Format 2: an admin adds and removes members (decision 0017 §6.2, §7.5). Each change is a
/// record signed by the admin; a removal of a reader starts a new epoch in the same
/// transaction, wrapped only to the readers who remain.
extension LedgerFile {
    /// Adds the member `name` with public key `key` and capabilities `can`; a reader gets a
    /// wrap of the epoch in force (and, through the links, of every earlier one).
    /// - Throws: `LedgerError`: `.usage` when this identity is not an admin, or the name, key
    ///   or capabilities are refused; `.failure` when the key or name is a member already or
    ///   a 257th reader would be added (nothing is written).
    @discardableResult
    public func addMember(name: String, key: PublicKeyInfo, can: CapabilitySet, note: String? = nil) throws(LedgerError) -> Record {
        try addMember(name: name, key: key, can: can, note: note, sealed: nil)
    }

    /// Adds a sealed member (a break-glass passphrase, decision 0017 §8): a fresh key whose
    /// seed is sealed under `passphrase` in the record; opening the ledger with that passphrase
    /// gives that member's identity, whose records are signed and named as any member's.
    /// - Throws: `LedgerError` as `addMember(name:key:can:note:)`, and `.usage` below the Argon2id floor.
    @discardableResult
    public func addSealedMember(
        name: String, passphrase: SecureBytes, can: CapabilitySet, kdf: Argon2id.Parameters = .interactive
    ) throws(LedgerError) -> Record {
        let identity = Self.sealedIdentity(name: name, random: random)
        return try addMember(
            name: name, key: PublicKeyInfo(identity), can: can, note: nil, sealed: try Self.seal(identity, passphrase, kdf, ledger: id, random: random))
    }

    func addMember(name: String, key: PublicKeyInfo, can: CapabilitySet, note: String?, sealed: SealedIdentity?) throws(LedgerError) -> Record {
        try checkAuthority(for: [Event(kind: .memberAdded, actor: "", time: clock.now())])  // an admin's, before anything else is said
        let m = try membership()
        let member = try Self.memberObject(name: name, key: key, can: can.all, sealed: sealed)
        if let same = m.member(key: key.publicKey) {
            throw LedgerError(.failure, "key \(member.keyID) is a member of '\(path)' already, as '\(same.member.name)'; nothing was written")
        }
        if let same = m.member(named: name) {
            throw LedgerError(.failure, "a member named '\(same.member.name)' is in force in '\(path)' already; nothing was written")
        }
        var publicData = member.json.objectValue!
        if can.holds(.read) {
            guard m.inForce.count(where: { $0.member.can.holds(.read) }) < EpochObject.maxReaders else {
                throw LedgerError(.failure, "'\(path)' has \(EpochObject.maxReaders) readers, the most an epoch holds; nothing was written")
            }
            let epoch = m.epoch, keys = try unlockedKeys()
            guard let current = keys[epoch], let wrap = X25519Stanza.wrap(current, for: key.publicKey, ledger: id, epoch: epoch, random: random) else {
                throw LedgerError(.usage, "key \(member.keyID) is not a usable member key")
            }
            publicData["wrap"] = EpochObject.json(wrap)
        }
        let event = Event(kind: .memberAdded, actor: "", time: clock.now(), data: note.map { ["note": .string($0)] } ?? [:], publicData: publicData)
        let record = try append([event])[0]
        names = MemberNames(try membership())
        return record
    }

    /// Removes the member named `name` (ASCII case ignored); when it could read, starts epoch
    /// e + 1 with a fresh data key wrapped to each remaining reader and sealing K_e (one
    /// transaction). Returns the records written.
    /// - Throws: `LedgerError`: `.usage` when this identity is not an admin; `.failure` when
    ///   no such member is in force or it is the last admin (nothing is written).
    @discardableResult
    public func removeMember(named name: String, reason: String? = nil) throws(LedgerError) -> [Record] {
        try checkAuthority(for: [Event(kind: .memberRemoved, actor: "", time: clock.now())])
        let m = try membership()
        guard let gone = m.member(named: name) else {
            throw LedgerError(.failure, "no member named '\(name)' is in force in '\(path)'; nothing was written", .other, remedy: .listMembers)
        }
        guard m.inForce.contains(where: { $0.member.key != gone.member.key && $0.member.can.holds(.admin) }) else {
            throw LedgerError(.failure, "'\(gone.member.name)' is the last admin of '\(path)'; add another admin first; nothing was written")
        }
        var removal: [String: JSONValue] = ["key": .string(Base64.encode(gone.member.key))]
        if let reason { removal["reason"] = .string(reason) }
        var events = [Event(kind: .memberRemoved, actor: "", time: clock.now(), publicData: removal)]
        var sealers: [Sealer]?
        var fresh: (UInt32, SecureBytes)?
        if gone.member.can.holds(.read) {
            let keys = try unlockedKeys(), next = m.epoch + 1
            var bytes = random.bytes(AEAD.keyBytes)
            let key = SecureBytes(consuming: &bytes)
            let readers = m.inForce.filter { $0.member.key != gone.member.key && $0.member.can.holds(.read) }.map(\.member.key)
            let epoch = try Self.epochObject(next, key: key, previous: keys[m.epoch], readers: readers, ledger: id, random: random)
            events.append(Event(kind: .epochStarted, actor: "", time: clock.now(), publicData: epoch.json.objectValue!))
            let current = try currentSealer()
            sealers = [current, Sealer(ledger: id, key: key, epoch: next, author: identity, names: names)]
            fresh = (next, key)
        }
        let records = try append(events, signer: nil, sealedBy: sealers)
        if let (n, key) = fresh { keys?[n] = key }
        names = MemberNames(try membership())
        return records
    }
}
