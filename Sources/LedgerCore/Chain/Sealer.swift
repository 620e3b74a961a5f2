/// Turns events into sealed records and back (docs/FORMAT.md §7.2).
///
/// Sealing encrypts the canonical payload with XChaCha20-Poly1305-IETF under the epoch's
/// data key, a fresh random nonce and the record header as associated data, then computes
/// the record hash. Opening checks the tag and parses the payload.
public struct Sealer: Sendable {
    /// The ledger the records belong to.
    public let ledger: LedgerID
    /// The data key of `epoch`.
    public let key: SecureBytes
    /// The key epoch written into new records.
    public let epoch: UInt32
    /// Format 2: the member whose key signs every record sealed here (decision 0017 §9.2).
    public var author: Signer?
    /// Format 2: the members' names, which name the actor of an opened record.
    public var names = MemberNames()

    /// Creates a sealer for one ledger and key epoch (format 2: sealing needs `author`).
    public init(ledger: LedgerID, key: SecureBytes, epoch: UInt32, author: Signer? = nil, names: MemberNames = MemberNames()) {
        self.ledger = ledger
        self.key = key
        self.epoch = epoch
        self.author = author
        self.names = names
    }

    /// One sealer per key epoch, keyed by the epoch as records store it.
    public static func byEpoch(ledger: LedgerID, keys: [UInt32: SecureBytes], names: MemberNames = MemberNames()) -> [Int64: Sealer] {
        Dictionary(uniqueKeysWithValues: keys.map { (Int64($0.key), Sealer(ledger: ledger, key: $0.value, epoch: $0.key, names: names)) })
    }

    /// Seals `event` as record `seq` following a record whose hash is `prevHash`.
    public func seal(_ event: Event, seq: Int64, prevHash: [UInt8], nonce: [UInt8], signer: Signer? = nil) -> Record {
        seal(event, payload: event.payload(format: ledger.format), seq: seq, prevHash: prevHash, nonce: nonce, signer: signer)
    }

    /// Seals `event` whose canonical payload was computed already (batch appends build
    /// payloads on two threads first). With a `signer`, the record is signed
    /// (`RecordSignature`) before it is hashed. (The payload is the caller's: wiping a copy
    /// here would leave the caller's bytes as they are.) In format 2 the record is always
    /// signed, by `author`, and `signer` is not used (decision 0017 §9).
    /// - Precondition: a format-2 sealer has an `author`.
    public func seal(_ event: Event, payload: [UInt8], seq: Int64, prevHash: [UInt8], nonce: [UInt8], signer: Signer? = nil) -> Record {
        if ledger.format == .v2 {
            return Format2Chain.seal(
                kind: event.kind, deployment: event.deployment, publicData: event.publicData.isEmpty ? [] : JSONValue.object(event.publicData).canonicalBytes,
                payload: payload, seq: seq, epoch: epoch, prevHash: prevHash, nonce: nonce, dataKey: key, author: author!.key, ledger: ledger)
        }
        var r = Record(
            seq: seq, kind: event.kind.rawValue, deployment: event.deployment.bytes, epoch: Int64(epoch),
            publicData: event.publicData.isEmpty ? [] : JSONValue.object(event.publicData).canonicalBytes, nonce: nonce, ciphertext: [], prevHash: prevHash,
            hash: [])
        let header = RecordFormat.header(r, ledger: ledger)
        r.ciphertext = AEAD.seal(payload, key: key, nonce: nonce, ad: RecordFormat.associatedData(header: header))
        if let signer { r.signature = RecordSignature.sign(header: header, ciphertext: r.ciphertext, signer: signer) }
        r.hash = RecordFormat.computeHash(r, ledger: ledger)
        return r
    }

    /// Why a record could not be opened.
    public enum OpenError: Error, Equatable {
        /// The tag did not verify: header, nonce or ciphertext changed, or the key is wrong.
        case authenticationFailed
        /// The tag verified but the payload breaks docs/FORMAT.md §7.4.
        case badPayload(String)
        /// The record's fields cannot be encoded.
        case malformed(String)
    }

    /// Which signatures `open` checks.
    public enum SignatureCheck: Sendable {
        /// Every one: `Event.signedBy` is the key of each signed record whose signature verifies.
        case all
        /// Those a projection reads: format 1's (a sign-off counts only when its lead's key
        /// signed the record). Format 2's author signatures are left to `verify` (FORMAT.md §29,
        /// THREAT-MODEL.md: a writer checks the tail's hash, link and record key, not its
        /// signature), and `signedBy` stays nil: a view takes its actors from the record key,
        /// which binds the author, and reads no `signedBy` in format 2.
        case forProjection
    }

    /// Decrypts and parses a record, with its public data and, for a signed record, the key
    /// whose signature verifies (as `signatures` says).
    /// - Throws: `OpenError`.
    ///
    /// `scratch` (32 guarded bytes, used by one thread at a time) saves a guarded allocation
    /// per format-2 record: the record key is derived into it.
    public func open(_ r: Record, signatures: SignatureCheck = .all, scratch: SecureBytes? = nil) throws(OpenError) -> Event {
        if let m = r.malformation { throw .malformed(m) }
        var e = try decrypt(r, scratch: scratch)
        e.publicData = r.publicObject
        if ledger.format == .v2 {
            guard signatures == .all else { return e }
            let header = RecordFormat.header(r, ledger: ledger)
            if RecordV2.verify(sig: r.signature, header: header, ciphertext: r.ciphertext) { e.signedBy = Array(r.signature.prefix(32)) }
        } else if !r.signature.isEmpty {
            e.signedBy = RecordSignature.verifiedKey(r, ledger: ledger)
        }
        return e
    }

    /// The AEAD open and payload parse alone, for a record already known to be well formed
    /// (the verifier, which has checked the fields and only needs to know that it opens).
    /// The decrypted payload is wiped.
    /// - Throws: `OpenError`.
    func decrypt(_ r: Record, scratch: SecureBytes? = nil) throws(OpenError) -> Event {
        if ledger.format == .v2 { return try decryptV2(r, scratch: scratch) }
        guard var plaintext = AEAD.open(r.ciphertext, key: key, nonce: r.nonce, ad: RecordFormat.associatedData(r, ledger: ledger)) else {
            throw .authenticationFailed
        }
        defer { Sodium.wipe(&plaintext) }
        do { return try Event(kind: EventKind(r.kind), deployment: DeploymentID(bytes: r.deployment)!, payload: plaintext) } catch {
            throw .badPayload(error.reason)
        }
    }
}

extension Sealer {
    /// Format 2's open: the record key and associated data bind the header and the author
    /// (`sig[0..<32]`); the actor is that member's name as of the record (decision 0017 §9.3).
    func decryptV2(_ r: Record, scratch: SecureBytes? = nil) throws(OpenError) -> Event {
        guard var plaintext = Format2Chain.open(r, dataKey: key, ledger: ledger, scratch: scratch) else { throw .authenticationFailed }
        defer { Sodium.wipe(&plaintext) }
        let author = Array(r.signature.prefix(32))
        do {
            return try Event(
                kind: EventKind(r.kind), deployment: DeploymentID(bytes: r.deployment)!, format2Payload: plaintext,
                actor: names.name(of: author, at: r.seq))
        } catch { throw .badPayload(error.reason) }
    }

    /// Whether a well-formed row, given as borrowed fields, opens: its tag verifies and its
    /// payload is one `open` accepts. Decrypts into `scratch` (guarded memory, wiped at once)
    /// and checks the payload with `PayloadSkim`, building nothing; only a payload the skim
    /// does not accept is parsed in full from `record()`, for the exact reason (decision 0012).
    /// - Precondition: the fields are well formed (`RawFields.quickProblem` is false).
    public func check(_ f: RecordFormat.RawFields, scratch: OpenScratch, record: () -> Record) -> OpenError? {
        if ledger.format == .v2 {
            guard !f.signature.isEmpty else { return nil }  // unsigned: no author, no record key (0017 §13)
            do { _ = try decryptV2(record()) } catch { return error }
            return nil
        }
        scratch.ad.removeAll(keepingCapacity: true)
        RecordFormat.appendAssociatedData(f, ledger: ledger, to: &scratch.ad)
        let plain = scratch.plaintext(capacity: f.ciphertext.count - AEAD.tagBytes)
        let opened = scratch.ad.withUnsafeBytes { ad in
            plain.withMutableBytes { AEAD.open(f.ciphertext, nonce: f.nonce, ad: ad, key: key, into: $0) }
        }
        guard let length = opened else { return .authenticationFailed }
        let accepted = plain.withMutableBytes { p in
            defer { Sodium.wipe(UnsafeMutableRawBufferPointer(rebasing: p[0..<length])) }
            return PayloadSkim.acceptsEnvelope(UnsafeRawBufferPointer(rebasing: p[0..<length]))
        }
        if accepted { return nil }
        do {
            _ = try decrypt(record())
            return nil
        } catch {
            return error
        }
    }
}

/// One thread's reusable buffers for `Sealer.check`: the associated data and a guarded
/// plaintext buffer that grows to the largest payload seen. Not thread-safe.
public final class OpenScratch {
    var ad: [UInt8] = []
    private var buffer = SecureBytes(count: 4096)

    /// Creates empty scratch buffers.
    public init() { ad.reserveCapacity(256) }

    /// The guarded buffer, at least `capacity` bytes long.
    func plaintext(capacity: Int) -> SecureBytes {
        if buffer.count < capacity { buffer = SecureBytes(count: max(capacity, 2 * buffer.count)) }
        return buffer
    }
}

extension Sealer.OpenError {
    /// The error a reading command reports for record `seq` (of `kind`) when it does not open:
    /// it names the record, and its remedy (`.verifyForDamage`) points to verify, which names every problem.
    public func readError(seq: Int64, kind: String) -> LedgerError {
        switch self {
        case .authenticationFailed:
            return LedgerError(
                .tampered, "record \(seq) (\(kind)) does not open with the ledger's key: it was changed after it was written",
                .recordDoesNotOpen(seq: seq, kind: kind), remedy: .verifyForDamage)
        case .badPayload(let why):
            return LedgerError(
                .corrupt, "record \(seq) (\(kind)) opens, but its payload is malformed: \(why)",
                .recordPayloadMalformed(seq: seq, kind: kind), remedy: .verifyForDamage, cause: .payload(why))
        case .malformed(let why):
            return LedgerError(.corrupt, "record \(seq) is malformed: \(why)", .recordMalformed(seq: seq), remedy: .verifyForDamage, cause: .malformed(why))
        }
    }
}
