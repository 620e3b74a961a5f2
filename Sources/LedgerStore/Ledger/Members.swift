import LedgerCore

/// Format 2: a ledger of members with their own keys (decision 0017). Creating one, opening
/// it with a member's identity, and the fold of who the members are.
extension LedgerFile {
    /// Creates a format-2 ledger at `path` whose first member is `founder` (the key that signs
    /// record 1), named `name`, holding `admin`, `read` and `write` and any of `also`; epoch 1's
    /// data key is wrapped to it alone (decision 0017 §6.2 rule 1).
    /// - Throws: `LedgerError` when the file exists or cannot be written (`.failure`), or the
    ///   name or capabilities break §4/§6.1 (`.usage`).
    public static func createTeam(
        at path: String, founder: Signer, name: String, also: [Capability] = [],
        clock: any LedgerClock = SystemClock(), random: any RandomSource = SystemRandom()
    ) throws(LedgerError) -> LedgerFile {
        try createTeam(path: path, founder: founder, name: name, also: also, clock: clock, random: random) { (ledger, now, first) throws(LedgerError) in
            try EventStore.create(path: path, ledger: ledger, key: nil, createdAt: now, first: first)
        }
    }

    /// `createTeam(at:…)` in memory (`InMemoryStorage`), for tests.
    /// - Throws: `LedgerError` as `createTeam(at:…)`.
    public static func createTeamInMemory(
        founder: Signer, name: String, also: [Capability] = [], clock: any LedgerClock = SystemClock(), random: any RandomSource = SystemRandom()
    ) throws(LedgerError) -> LedgerFile {
        try createTeam(path: ":memory:", founder: founder, name: name, also: also, clock: clock, random: random) { (ledger, now, first) throws(LedgerError) in
            try InMemoryStorage.create(ledger: ledger, key: nil, createdAt: now, first: first)
        }
    }

    /// Creates a format-2 ledger for one person with a passphrase: its founder is a fresh key
    /// whose seed is sealed under `passphrase` in record 1 (a sealed member, decision 0017 §8),
    /// holding `admin`, `read` and `write`; every record is still signed, by that key.
    /// - Throws: `LedgerError` as `createTeam(at:founder:…)`, and `.usage` when the Argon2id
    ///   cost is below the floor.
    public static func createTeam(
        at path: String, passphrase: SecureBytes, name: String, kdf: Argon2id.Parameters = .interactive,
        clock: any LedgerClock = SystemClock(), random: any RandomSource = SystemRandom()
    ) throws(LedgerError) -> LedgerFile {
        let founder = sealedIdentity(name: name, random: random)
        return try createTeam(path: path, founder: founder, name: name, also: [], sealing: (passphrase, kdf), clock: clock, random: random) {
            (ledger, now, first) throws(LedgerError) in
            try EventStore.create(path: path, ledger: ledger, key: nil, createdAt: now, first: first)
        }
    }

    /// A fresh identity for a sealed member, with a random key number.
    static func sealedIdentity(name: String, random: any RandomSource) -> Signer {
        var seed = random.bytes(32)
        return Signer(name: name, keyNumber: random.bytes(8), key: Ed25519(seed: SecureBytes(consuming: &seed)))
    }

    /// `identity`'s seed sealed under `passphrase` for `ledger`.
    /// - Throws: `LedgerError` (`.usage`) below the Argon2id floor, `.failure` when it cannot allocate.
    static func seal(
        _ identity: Signer, _ passphrase: SecureBytes, _ kdf: Argon2id.Parameters, ledger: LedgerID, random: any RandomSource
    ) throws(LedgerError) -> SealedIdentity {
        guard kdf.isAcceptable else {
            throw LedgerError(
                .usage, "Argon2id cost \(kdf.memLimit / 1_048_576) MiB × \(kdf.opsLimit) passes is below the floor of \(Argon2id.Parameters.floorDescription)")
        }
        guard let sealed = SealedIdentity.seal(identity.key, passphrase: passphrase, ledger: ledger, parameters: kdf, random: random) else {
            throw LedgerError(.failure, "Argon2id could not allocate \(kdf.memLimit / 1_048_576) MiB")
        }
        return sealed
    }

    private static func createTeam(
        path: String, founder: Signer, name: String, also: [Capability], sealing: (SecureBytes, Argon2id.Parameters)? = nil,
        clock: any LedgerClock, random: any RandomSource,
        storing makeStorage: (LedgerID, Timestamp, (_ genesis: [UInt8]) -> Record) throws(LedgerError) -> any LedgerStorage
    ) throws(LedgerError) -> LedgerFile {
        let ledger = LedgerID.random(random).inFormat(.v2)
        let sealed = try sealing.map { (p, kdf) throws(LedgerError) in try seal(founder, p, kdf, ledger: ledger, random: random) }
        let member = try memberObject(name: name, key: PublicKeyInfo(founder), can: [.admin, .read, .write] + also, sealed: sealed)
        var fresh = random.bytes(AEAD.keyBytes)
        let dataKey = SecureBytes(consuming: &fresh)
        let epoch = try epochObject(1, key: dataKey, previous: nil, readers: [founder.publicKey], ledger: ledger, random: random)
        let now = clock.now()
        var created = Event(.ledgerCreated(LedgerCreated(format: 2, ledger: ledger.hex)), by: Actor(name), time: now)
        created.publicData = ["epoch": epoch.json, "format": .int(2), "member": member.json]
        let sealer = Sealer(ledger: ledger, key: dataKey, epoch: 1, author: founder)
        let nonce = random.bytes(AEAD.nonceBytes)
        let store = try makeStorage(ledger, now) { genesis in sealer.seal(created, seq: 1, prevHash: genesis, nonce: nonce) }
        let file = LedgerFile(path: path, store: store, clock: clock, random: random)
        file.keys = [1: dataKey]
        file.identity = founder
        file.names = MemberNames(try file.membership())
        return file
    }

    /// A member object, or a usage error naming what is wrong.
    static func memberObject(name: String, key: PublicKeyInfo, can: [Capability], sealed: SealedIdentity? = nil) throws(LedgerError) -> MemberObject {
        let set: CapabilitySet
        do { set = try CapabilitySet(can) } catch { throw LedgerError(.usage, "capabilities \(can.map(\.text).joined(separator: ",")): \(error)") }
        do { return try MemberObject(can: set, key: key.publicKey, keyNumber: key.keyNumber, name: name, sealed: sealed) } catch {
            throw LedgerError(.usage, "member '\(name)': \(error.member) is \(error.why)")
        }
    }

    /// Epoch `n`'s object: its key check, the link sealing `previous` (every epoch after the
    /// first) and one wrap per reader, sorted by key.
    static func epochObject(
        _ n: UInt32, key: SecureBytes, previous: SecureBytes?, readers: [[UInt8]], ledger: LedgerID, random: any RandomSource
    ) throws(LedgerError) -> EpochObject {
        var wraps: [X25519Stanza] = []
        for reader in readers.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let w = X25519Stanza.wrap(key, for: reader, ledger: ledger, epoch: n, random: random) else {
                throw LedgerError(.usage, "key \(Base64.encode(reader)) is not a usable member key")
            }
            wraps.append(w)
        }
        let link = previous.map { EpochKey.link($0, under: key, ledger: ledger, epoch: n, random: random) }
        do { return try EpochObject(epoch: n, keyCheck: EpochKey.check(key, ledger: ledger, epoch: n), previous: link, wraps: wraps) } catch {
            throw LedgerError(.failure, "epoch \(n) cannot be written: \(error.member) is \(error.why)")
        }
    }

    /// The records that change the members or the epoch, in order.
    /// - Throws: `LedgerError` when the file cannot be read.
    func membershipRecords() throws(LedgerError) -> [Record] { try store.ledgerLevelRecords(kinds: EventKind.membershipKinds) }

    /// Who the members are and which epoch is in force, folded keylessly from the membership
    /// records whose author's signature verifies (a record that does not is verify's to report
    /// and changes nothing here).
    /// - Throws: `LedgerError` when the file cannot be read.
    public func membership() throws(LedgerError) -> Membership {
        var m = Membership()
        for r in try membershipRecords() where RecordV2.verifies(r, ledger: id) { m.absorb(Membership.Record(r)) }
        return m
    }
}
