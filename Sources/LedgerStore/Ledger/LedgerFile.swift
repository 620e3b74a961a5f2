import LedgerCore

/// One open ledger: the library's entry point for every command.
///
/// Opening needs no key: enough to verify without decrypting. `unlock(passphrase:)` unwraps
/// the data keys (Argon2id, once per process) into guarded memory; appending and reading
/// events need it. The clock and randomness are injected so that tests are exact.
public final class LedgerFile {
    /// Where the file is (`:memory:` for a ledger in memory).
    public let path: String
    /// Where the records and keys are: a ledger file (`EventStore`) or memory (`InMemoryStorage`).
    let store: any LedgerStorage
    let clock: any LedgerClock
    let random: any RandomSource
    var keys: [UInt32: SecureBytes]? { didSet { openedStart = nil } }
    /// Format 2: the member whose key opened the ledger and signs what it appends.
    public internal(set) var identity: Signer?
    /// Format 2: the members' names by key, which name the actors of opened records.
    var names = MemberNames() { didSet { openedStart = nil } }
    /// The start record of the deployment `resolveDeployment` found, as it opened it for a
    /// projection, so that the replay that follows does not decrypt it and parse its payload
    /// (which carries the whole checklist text) a second time. Used only for a record equal in
    /// every stored byte, with the same keys and names (a change of either forgets it).
    var openedStart: (record: Record, event: Event)?
    /// Format 2: what opening for verify found (a wrap or link that does not open), which the
    /// audit reports with its own findings.
    var openingFindings: [Finding] = []

    /// The ledger's id (which carries its format).
    public var id: LedgerID { store.ledgerID }
    /// Format 2: the members' names and key ids as the membership records give them; nil for format 1.
    public var memberNames: MemberNames? { format == .v2 ? names : nil }
    /// The file's format (`meta.format`).
    public var format: LedgerFormat { id.format }
    /// True once `unlock` has succeeded.
    public var isUnlocked: Bool { keys != nil }

    /// A locked handle on `store` (which `path` names in messages). Two handles on one
    /// in-memory store share its records, as two handles on one file do (from one thread).
    init(path: String, store: any LedgerStorage, clock: any LedgerClock, random: any RandomSource) {
        self.path = path
        self.store = store
        self.clock = clock
        self.random = random
    }

    /// Creates a ledger at `path` with a fresh random data key wrapped under `passphrase`;
    /// its first record is a `ledger.created` event by `actor`.
    /// - Throws: `LedgerError` when the file exists or cannot be written, or when the
    ///   Argon2id parameters are below OWASP's floor.
    public static func create(
        at path: String, passphrase: SecureBytes, actor: Actor,
        kdf: Argon2id.Parameters = .interactive,
        clock: any LedgerClock = SystemClock(), random: any RandomSource = SystemRandom()
    ) throws(LedgerError) -> LedgerFile {
        try create(path: path, passphrase: passphrase, actor: actor, kdf: kdf, clock: clock, random: random) { (ledger, key, now, first) throws(LedgerError) in
            try EventStore.create(path: path, ledger: ledger, key: key, createdAt: now, first: first)
        }
    }

    /// Creates a ledger held in memory (`InMemoryStorage`), as `create(at:…)` creates one in a
    /// file: the same records, keys and behaviour, nothing on disk; gone when released. Its
    /// `path` is `:memory:`. For tests and for building a ledger only to project it.
    /// - Throws: `LedgerError` when the Argon2id parameters are below OWASP's floor.
    public static func createInMemory(
        passphrase: SecureBytes, actor: Actor, kdf: Argon2id.Parameters = .interactive,
        clock: any LedgerClock = SystemClock(), random: any RandomSource = SystemRandom()
    ) throws(LedgerError) -> LedgerFile {
        try create(path: ":memory:", passphrase: passphrase, actor: actor, kdf: kdf, clock: clock, random: random) {
            (ledger, key, now, first) throws(LedgerError) in
            try InMemoryStorage.create(ledger: ledger, key: key, createdAt: now, first: first)
        }
    }

    /// Makes the ledger's id, data key and first record, and has `makeStorage` store them.
    private static func create(
        path: String, passphrase: SecureBytes, actor: Actor, kdf: Argon2id.Parameters,
        clock: any LedgerClock, random: any RandomSource,
        storing makeStorage: (LedgerID, WrappedKey, Timestamp, (_ genesis: [UInt8]) -> Record) throws(LedgerError) -> any LedgerStorage
    ) throws(LedgerError) -> LedgerFile {
        guard kdf.isAcceptable else {
            throw LedgerError(
                .usage, "Argon2id cost \(kdf.memLimit / 1_048_576) MiB × \(kdf.opsLimit) passes is below the floor of \(Argon2id.Parameters.floorDescription)")
        }
        let ledger = LedgerID.random(random)
        var fresh = random.bytes(AEAD.keyBytes)
        let dataKey = SecureBytes(consuming: &fresh)
        guard
            let wrapped = WrappedKey.wrap(
                dataKey: dataKey, passphrase: passphrase, ledger: ledger, epoch: 1,
                parameters: kdf, random: random)
        else {
            throw LedgerError(.failure, "Argon2id could not allocate \(kdf.memLimit / 1_048_576) MiB")
        }
        let sealer = Sealer(ledger: ledger, key: dataKey, epoch: 1)
        let now = clock.now()
        let created = Event(.ledgerCreated(LedgerCreated(format: Int64(RecordFormat.version), ledger: ledger.hex)), by: actor, time: now)
        let nonce = random.bytes(AEAD.nonceBytes)
        let store = try makeStorage(ledger, wrapped, now) { genesis in
            sealer.seal(created, seq: 1, prevHash: genesis, nonce: nonce)
        }
        let file = LedgerFile(path: path, store: store, clock: clock, random: random)
        file.keys = [1: dataKey]
        return file
    }

    /// Opens an existing ledger without its key.
    /// - Throws: `LedgerError` (`.notALedger` for other files and newer formats).
    public static func open(
        at path: String, readOnly: Bool = false, clock: any LedgerClock = SystemClock(),
        random: any RandomSource = SystemRandom()
    ) throws(LedgerError) -> LedgerFile {
        LedgerFile(path: path, store: try EventStore.open(path: path, readOnly: readOnly), clock: clock, random: random)
    }

    /// Unwraps every data key with `passphrase`.
    /// - Throws: `LedgerError` `.wrongKey` when the passphrase does not open the ledger;
    ///   nothing is changed.
    public func unlock(passphrase: SecureBytes) throws(LedgerError) {
        if format == .v2 { return try unlockSealed(passphrase: passphrase) }
        var opened: [UInt32: SecureBytes] = [:]
        for wrapped in try store.wrappedKeys() {
            guard let key = wrapped.unwrap(passphrase: passphrase, ledger: id) else {
                throw try unlockFailure(wrapped, opened: opened.keys.sorted())
            }
            opened[wrapped.epoch] = key
        }
        guard !opened.isEmpty else { throw LedgerError(.corrupt, "'\(path)' holds no data key") }
        keys = opened
    }

    /// The data keys by epoch, once unlocked (for `ledger unlock` to keep in the session keyring).
    public var dataKeys: [UInt32: SecureBytes]? { keys }

    /// Unlocks with data keys an earlier `ledger unlock` kept; false (and still locked) when
    /// they are not this file's: their epochs are not the key rows', or record 1 does not open
    /// with the key of its epoch.
    /// - Throws: `LedgerError` when the file cannot be read.
    public func unlock(keptKeys kept: [UInt32: SecureBytes]) throws(LedgerError) -> Bool {
        guard Set(try store.wrappedKeys().map(\.epoch)) == Set(kept.keys), let first = try store.record(1),
            let sealer = Sealer.byEpoch(ledger: id, keys: kept)[first.epoch], (try? sealer.open(first)) != nil
        else { return false }
        keys = kept
        return true
    }

    /// Why `wrapped` did not open, as precisely as the format can tell (docs/FORMAT.md §6): a
    /// row no writer could have made, a ledger id that no longer matches the records (they are
    /// hashed with it, so this is seen without the key), another epoch that the same
    /// passphrase opened; otherwise a wrong passphrase and a changed row look the same.
    func unlockFailure(_ wrapped: WrappedKey, opened: [UInt32]) throws(LedgerError) -> LedgerError {
        if let defect = wrapped.defect {
            return LedgerError(
                .wrongKey, "the key-wrap row of epoch \(wrapped.epoch) in '\(path)' was changed: \(defect)",
                .keyWrapChanged(path: path, epoch: wrapped.epoch), remedy: .verifyAndRestore)
        }
        if try idDoesNotMatchRecords() {
            return LedgerError(
                .wrongKey,
                "the ledger id of '\(path)' (meta.ledger_id) was changed: neither its first nor its last record hashes under it, so no passphrase opens it",
                .ledgerIDChanged(path: path), remedy: .verifyAndRestore)
        }
        if let good = opened.last {
            return LedgerError(
                .wrongKey,
                "the passphrase opens key epoch \(good) of '\(path)' but not epoch \(wrapped.epoch): the key-wrap row of epoch \(wrapped.epoch) was changed",
                .epochDoesNotOpen(path: path, epoch: wrapped.epoch), remedy: .verifyAndRestore)
        }
        return LedgerError(
            .wrongKey,
            "the passphrase does not open '\(path)': it is wrong, or the file's key-wrap row (table keys) was changed; the format cannot tell the two apart",
            .wrongPassphrase(path: path), remedy: .checkPassphrase)
    }

    /// True when neither record 1 nor the last record hashes under the stored ledger id (with
    /// one record: it does not, and does not link to the id's genesis hash): every record hash
    /// covers the id (FORMAT.md §7.3), so a changed id breaks them all, damage to one record one.
    func idDoesNotMatchRecords() throws(LedgerError) -> Bool {
        guard let first = try store.record(1), let head = try store.head(), let last = try store.record(head.seq) else { return false }
        let broken = { (r: Record) in r.malformation == nil && RecordFormat.computeHash(r, ledger: self.id) != r.hash }
        if first.seq == last.seq { return broken(first) && first.prevHash != RecordFormat.genesisHash(ledger: id) }
        return broken(first) && broken(last)
    }

    /// The data keys by epoch.
    /// - Throws: `LedgerError` (`.usage`) when the ledger is locked.
    func unlockedKeys() throws(LedgerError) -> [UInt32: SecureBytes] {
        guard let keys, !keys.isEmpty else { throw LedgerError(.usage, "'\(path)' is locked", hint: "supply the passphrase") }
        return keys
    }

    func currentSealer() throws(LedgerError) -> Sealer {
        let keys = try unlockedKeys()
        let epoch = keys.keys.max()!
        return Sealer(ledger: id, key: keys[epoch]!, epoch: epoch, author: identity, names: names)
    }

    /// One sealer per key epoch, to open records (format 2: naming their authors).
    /// - Throws: `LedgerError` (`.usage`) when the ledger is locked.
    func sealers() throws(LedgerError) -> [Int64: Sealer] {
        Sealer.byEpoch(ledger: id, keys: try unlockedKeys(), names: names)
    }

    /// The ledger's checkpoint key (derived from the epoch-1 data key, FORMAT.md §10.2).
    /// - Throws: `LedgerError` when locked.
    func checkpointKey() throws(LedgerError) -> Ed25519 {
        guard format == .v1 else {
            throw LedgerError(.usage, "'\(path)' is a format-2 ledger: it has no checkpoint key; its checkpoints are signed by members (not built yet)")
        }
        guard let dataKey = try unlockedKeys()[1] else { throw LedgerError(.corrupt, "'\(path)' has no epoch-1 data key") }
        return Checkpoint.key(dataKey: dataKey, ledger: id)
    }

    /// Appends events as one durable transaction; returns their records, each signed with
    /// `signer` when one is given (`--key`).
    ///
    /// Large batches use both cores: payloads are encoded in parallel, then one thread seals
    /// (encrypts and hashes, which the chain makes sequential) while this one inserts.
    /// - Throws: `LedgerError` when locked or when the write fails (then nothing is written).
    @discardableResult
    public func append(_ events: [Event], signer: Signer? = nil) throws(LedgerError) -> [Record] {
        try append(events, signer: signer, sealedBy: nil)
    }

    /// `append(_:signer:)`, sealing event `i` with `sealedBy[i]` when given (format 2's
    /// `epoch.started` and what follows it are under the new epoch's key).
    func append(_ events: [Event], signer: Signer?, sealedBy: [Sealer]?) throws(LedgerError) -> [Record] {
        let current = try currentSealer()
        if format == .v2 { try checkAuthority(for: events) }
        let n = AEAD.nonceBytes
        let tail = try sealers()
        return try store.appendStream(checkingTail: { (last, before) throws(LedgerError) in
            try TailCheck.check(last, before: before, ledger: id, sealers: tail, path: path)
        }) { (headSeq, headHash, insert) throws(LedgerError) in
            let nonces = random.bytes(n * events.count)  // one call to the CSPRNG per batch
            let payloads = BatchSealing.payloads(events, format: format)
            try BatchSealing.pipeline(count: events.count, insert: insert) { i, prev in
                (sealedBy?[i] ?? current).seal(
                    events[i], payload: payloads[i], seq: headSeq + 1 + Int64(i), prevHash: prev ?? headHash,
                    nonce: Array(nonces[i * n..<(i + 1) * n]), signer: signer)
            }
        }
    }

    /// Appends one event of `kind` by `actor`, stamped with the injected clock (signed with
    /// `signer` when one is given).
    /// - Throws: `LedgerError`.
    @discardableResult
    public func append(
        _ kind: EventKind, deployment: DeploymentID = .none, actor: Actor,
        data: [String: JSONValue] = [:], signer: Signer? = nil
    ) throws(LedgerError) -> Record {
        try append([Event(kind: kind, deployment: deployment, by: actor, time: clock.now(), data: data)], signer: signer)[0]
    }

    /// The last record's sequence number and hash.
    /// - Throws: `LedgerError`.
    public func head() throws(LedgerError) -> (seq: Int64, hash: [UInt8])? { try store.head() }

    /// Number of records.
    /// - Throws: `LedgerError`.
    public func count() throws(LedgerError) -> Int { try store.count() }
}

extension LedgerFile {
    /// What the storage's schema holds that the format's does not, or lacks (FORMAT.md §4); none
    /// for a storage without an SQL schema.
    /// - Throws: `LedgerError` when the schema cannot be read.
    func schemaFindings() throws(LedgerError) -> [Finding] {
        guard let sql = store as? any SchemaInspecting else { return [] }
        return SchemaCheck.findings(actual: try sql.schemaObjects(), expected: try sql.expectedSchemaObjects())
    }
}
