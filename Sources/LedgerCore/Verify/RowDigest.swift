/// A 32-byte hash held inline (no heap allocation), compared as four big-endian words.
public struct Digest32: Equatable, Hashable, Sendable {
    /// The bytes 0–7, 8–15, 16–23, 24–31, each read big-endian.
    public var a: UInt64, b: UInt64, c: UInt64, d: UInt64

    /// Reads up to 32 bytes (shorter input is zero-padded; only well-formed rows are 32).
    public init(_ bytes: UnsafeRawBufferPointer) {
        if bytes.count >= 32 {
            a = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
            b = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            c = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
            d = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            return
        }
        func word(_ i: Int) -> UInt64 {
            var v: UInt64 = 0
            for j in 0..<8 { v = v << 8 | UInt64(i * 8 + j < bytes.count ? bytes[i * 8 + j] : 0) }
            return v
        }
        a = word(0); b = word(1); c = word(2); d = word(3)
    }

    /// Reads a byte array.
    public init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { Digest32($0) }
    }

    /// The 32 bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for w in [a, b, c, d] { appendBigEndian(w, to: &out) }
        return out
    }
}

/// The first 16 bytes of a record's nonce: the input from which its record key derives
/// (docs/FORMAT.md §15.1), as two big-endian words.
public struct NoncePrefix: Equatable, Hashable, Sendable {
    /// Bytes 0–7 and 8–15.
    public var a: UInt64, b: UInt64

    /// Reads the first 16 bytes (shorter input is zero-padded; only well-formed rows count).
    public init(_ nonce: UnsafeRawBufferPointer) {
        if nonce.count >= 16 {
            a = UInt64(bigEndian: nonce.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
            b = UInt64(bigEndian: nonce.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            return
        }
        let d = Digest32(UnsafeRawBufferPointer(rebasing: nonce.prefix(16)))
        a = d.a
        b = d.b
    }
}

/// What the verifier needs of one stored row, computed where the row is read (possibly on
/// another thread, straight from the database's buffers): its sequence number, its stored and
/// previous hashes, whether its computed hash matches, and, only when something is wrong,
/// the whole record for the second look.
public struct RowDigest: Sendable {
    /// The stored sequence number.
    public var seq: Int64
    /// The stored `hash` column.
    public var stored: Digest32
    /// The stored `prev_hash` column.
    public var prev: Digest32
    /// The hash computed from the stored fields (meaningless when malformed).
    public var content: Digest32
    /// Why the fields cannot form a record, if they cannot.
    public var malformation: String?
    /// The full record, kept only when the row is malformed or its hash does not match.
    public var record: Record?
    /// The first 16 bytes of its nonce.
    public var noncePrefix: NoncePrefix
    /// True when its kind is `ledger.created` (the kind every ledger's record 1 has).
    public var startsLedger: Bool

    /// Creates a digest.
    public init(
        seq: Int64, stored: Digest32, prev: Digest32, content: Digest32, malformation: String?, record: Record?,
        noncePrefix: NoncePrefix, startsLedger: Bool
    ) {
        self.seq = seq
        self.stored = stored
        self.prev = prev
        self.content = content
        self.malformation = malformation
        self.record = record
        self.noncePrefix = noncePrefix
        self.startsLedger = startsLedger
    }

    /// The digest of a record already in memory.
    public init(_ r: Record, ledger: LedgerID) {
        let m = r.malformation
        let content = m == nil ? Digest32(RecordFormat.computeHash(r, ledger: ledger)) : Digest32([])
        let stored = Digest32(r.hash)
        self.init(
            seq: r.seq, stored: stored, prev: Digest32(r.prevHash), content: content, malformation: m,
            record: m != nil || content != stored ? r : nil, noncePrefix: r.nonce.withUnsafeBytes { NoncePrefix($0) },
            startsLedger: r.kind == EventKind.ledgerCreated.rawValue)
    }

    /// True when `kind` (a row's `kind` bytes) is `ledger.created`.
    public static func startsLedger(_ kind: UnsafeRawBufferPointer) -> Bool {
        kind.elementsEqual(EventKind.ledgerCreated.rawValue.utf8)
    }

    /// True when the computed hash equals the stored one.
    public var hashOK: Bool { malformation == nil && content == stored }
}

/// One row as the verifier absorbs it: its digest and, when verifying with the keys, why it
/// did not open (nil when it did, or when it was not opened).
public struct RowCheck: Sendable {
    /// The row's digest.
    public var digest: RowDigest
    /// Why a row whose hash matches did not decrypt or parse.
    public var openError: Sealer.OpenError?

    /// A row checked already: its digest and why it did not open (nil when it did or was not
    /// opened).
    public init(_ digest: RowDigest, openError: Sealer.OpenError?) {
        self.digest = digest
        self.openError = openError
    }

    /// Checks a digested row. With `sealers` (the keys), a row whose hash matches must also
    /// decrypt and parse; `record` builds its full record only then.
    public init(_ digest: RowDigest, record: () -> Record, sealers: [Int64: Sealer]?) {
        self.digest = digest
        openError = nil
        guard let sealers, digest.hashOK else { return }
        let r = record()
        // Format 2: an unsigned row names no author, so no record key derives (decision 0017 §13).
        if r.signature.isEmpty, sealers.first?.value.ledger.format == .v2 { return }
        guard let sealer = sealers[r.epoch] else {
            openError = Self.noKey(epoch: r.epoch)
            return
        }
        do { _ = try sealer.decrypt(r) } catch { openError = error }  // hashOK: well formed
    }

    /// Why a row of key epoch `epoch`, for which there is no data key, does not open.
    public static func noKey(epoch: Int64) -> Sealer.OpenError { .badPayload("no data key for key epoch \(epoch)") }
}
