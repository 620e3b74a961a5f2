/// One stored record: the public envelope of an event (docs/FORMAT.md §7).
///
/// Fields are kept as stored, without trusting them, so that the verifier can judge a
/// record read from a damaged or forged file: `malformation` says whether the fields can be
/// encoded at all.
public struct Record: Sendable, Equatable {
    /// Position in the log, from 1.
    public var seq: Int64
    /// The event kind, public.
    public var kind: String
    /// The deployment id (16 bytes), public.
    public var deployment: [UInt8]
    /// The data-key epoch that encrypted the payload.
    public var epoch: Int64
    /// Public data of the event: empty, or a canonical JSON object readable without the key.
    public var publicData: [UInt8]
    /// The 24-byte XChaCha20-Poly1305 nonce.
    public var nonce: [UInt8]
    /// The encrypted payload with its 16-byte tag.
    public var ciphertext: [UInt8]
    /// Empty, or the author's signature of a signed record: public key ‖ Ed25519 signature
    /// (`RecordSignature`, docs/FORMAT.md §10.4).
    public var signature: [UInt8]
    /// The previous record's hash (the genesis hash for record 1).
    public var prevHash: [UInt8]
    /// This record's hash as stored.
    public var hash: [UInt8]

    /// Creates a record from its stored fields.
    public init(
        seq: Int64, kind: String, deployment: [UInt8], epoch: Int64, publicData: [UInt8] = [], nonce: [UInt8],
        ciphertext: [UInt8], signature: [UInt8] = [], prevHash: [UInt8], hash: [UInt8]
    ) {
        self.publicData = publicData
        self.seq = seq
        self.kind = kind
        self.deployment = deployment
        self.epoch = epoch
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.signature = signature
        self.prevHash = prevHash
        self.hash = hash
    }

    /// Why the stored fields cannot form a version-1 record, or nil when they can.
    public var malformation: String? {
        if seq < 1 { return "sequence number \(seq) is not positive" }
        if !EventKind.isValid(Array(kind.utf8)) { return "kind is not 1-64 bytes of a-z 0-9 . _ -" }
        if deployment.count != 16 { return "deployment id is \(deployment.count) bytes, not 16" }
        if epoch < 1 || epoch > Int64(UInt32.max) { return "key epoch \(epoch) is out of range" }
        if let why = Self.publicDataProblem(publicData) { return why }
        if nonce.count != AEAD.nonceBytes { return "nonce is \(nonce.count) bytes, not 24" }
        if ciphertext.count < AEAD.tagBytes { return "ciphertext is shorter than its 16-byte tag" }
        if ciphertext.count > Int(UInt32.max) { return "ciphertext is too long" }
        if !signature.isEmpty && signature.count != RecordSignature.length {
            return "signature field is \(signature.count) bytes, not 0 or \(RecordSignature.length)"
        }
        if prevHash.count != 32 { return "previous hash is \(prevHash.count) bytes, not 32" }
        if hash.count != 32 { return "record hash is \(hash.count) bytes, not 32" }
        return nil
    }
}

extension Record {
    /// The most public data a record may carry (64 KiB).
    public static let maxPublicData = 65_536

    /// Why `bytes` is not valid public data (empty, or a canonical JSON object of at most
    /// 64 KiB with at least one member), or nil.
    public static func publicDataProblem(_ bytes: [UInt8]) -> String? {
        if bytes.isEmpty { return nil }
        if bytes.count > maxPublicData { return "public data is \(bytes.count) bytes, more than 65536" }
        guard let v = try? CanonicalJSON.parse(bytes), let o = v.objectValue, !o.isEmpty else {
            return "public data is not a canonical JSON object with members"
        }
        return nil
    }

    /// The public data as a JSON object (empty when there is none or it is malformed).
    public var publicObject: [String: JSONValue] {
        publicData.isEmpty ? [:] : ((try? CanonicalJSON.parse(publicData))?.objectValue ?? [:])
    }
}

/// The labels and encodings of format version 1 (docs/FORMAT.md §7.3).
///
/// Every hash and key use has its own ASCII label, written followed by one 0x00 byte.
public enum RecordFormat {
    /// The on-disk format version this build writes and reads.
    public static let version = 1
    /// Label of the genesis hash: `SHA-256(label ‖ 0x00 ‖ ledger_id)`.
    public static let genesisLabel = "ledger/v1/genesis"
    /// Label of the record hash.
    public static let recordLabel = "ledger/v1/record"
    /// Label of a record's AEAD associated data.
    public static let associatedDataLabel = "ledger/v1/record-ad"
    /// Label of the data-key wrapping AEAD associated data.
    public static let keyWrapLabel = "ledger/v1/key-wrap"

    /// The chain's starting point for `ledger`: the "previous hash" of record 1.
    public static func genesisHash(ledger: LedgerID) -> [UInt8] {
        if ledger.format == .v2 { return RecordV2.genesisHash(ledger: ledger) }
        var h = SHA256()
        h.update(labelBytes(genesisLabel))
        h.update(ledger.bytes)
        return h.finalize()
    }

    /// An ASCII label followed by its 0x00 terminator.
    public static func labelBytes(_ label: String) -> [UInt8] { Array(label.utf8) + [0] }

    /// The canonical header: `ledger_id(16) ‖ seq(u64be) ‖ epoch(u32be) ‖ deployment(16) ‖
    /// len(kind)(u8) ‖ kind ‖ len(public)(u32be) ‖ public ‖ nonce(24) ‖ prev_hash(32)`.
    /// - Precondition: `record.malformation == nil`.
    public static func header(_ r: Record, ledger: LedgerID) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16 + 8 + 4 + 16 + 1 + r.kind.utf8.count + 4 + r.publicData.count + 24 + 32)
        r.withRawFields { appendHeader($0, ledger: ledger, to: &out) }
        return out
    }

    /// Appends the canonical header of borrowed fields to `out`.
    public static func appendHeader(_ f: RawFields, ledger: LedgerID, to out: inout [UInt8]) {
        forEachHeaderPiece(f, ledger: ledger) { out += $0 }
    }

    /// Calls `emit` with each piece of the canonical header of `f`, in order: the one
    /// definition of it, which the header, the associated data and the record hash all use.
    static func forEachHeaderPiece(_ f: RawFields, ledger: LedgerID, _ emit: (UnsafeRawBufferPointer) -> Void) {
        ledger.bytes.withUnsafeBytes(emit)
        withUnsafeBytes(of: UInt64(bitPattern: f.seq).bigEndian, emit)
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: f.epoch).bigEndian, emit)
        emit(f.deployment)
        withUnsafeBytes(of: UInt8(truncatingIfNeeded: f.kind.count), emit)
        emit(f.kind)
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: f.publicData.count).bigEndian, emit)
        emit(f.publicData)
        emit(f.nonce)
        emit(f.prevHash)
    }

    /// Appends the AEAD associated data of borrowed fields (label, then header) to `out`.
    public static func appendAssociatedData(_ f: RawFields, ledger: LedgerID, to out: inout [UInt8]) {
        out += adLabel
        appendHeader(f, ledger: ledger, to: &out)
    }

    /// The AEAD associated data: `"ledger/v1/record-ad" ‖ 0x00 ‖ header`.
    public static func associatedData(_ r: Record, ledger: LedgerID) -> [UInt8] {
        associatedData(header: header(r, ledger: ledger))
    }

    static let adLabel = labelBytes(associatedDataLabel)
    static let recordLabelBytes = labelBytes(recordLabel)

    static func associatedData(header: [UInt8]) -> [UInt8] { adLabel + header }

    /// The record hash: `SHA-256("ledger/v1/record" ‖ 0x00 ‖ header ‖ len(ct)(u32be) ‖ ct ‖
    /// len(sig)(u16be) ‖ sig)`. Needs no key. (The verifier's hot path: the header is fed to
    /// the hash field by field, without building it.)
    /// - Precondition: `record.malformation == nil`.
    public static func computeHash(_ r: Record, ledger: LedgerID) -> [UInt8] {
        r.withRawFields { computeHash($0, ledger: ledger).bytes }
    }

    /// A stored row's fields as borrowed buffers (for hashing straight from the database).
    public struct RawFields {
        public var seq: Int64, epoch: Int64
        public var kind, deployment, publicData, nonce, prevHash, ciphertext, signature: UnsafeRawBufferPointer

        /// Wraps the fields.
        public init(
            seq: Int64, epoch: Int64, kind: UnsafeRawBufferPointer, deployment: UnsafeRawBufferPointer,
            publicData: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, prevHash: UnsafeRawBufferPointer,
            ciphertext: UnsafeRawBufferPointer, signature: UnsafeRawBufferPointer
        ) {
            self.seq = seq; self.epoch = epoch; self.kind = kind; self.deployment = deployment; self.publicData = publicData
            self.nonce = nonce; self.prevHash = prevHash; self.ciphertext = ciphertext; self.signature = signature
        }

        /// True when these fields may break a rule of `Record.malformation` (checked without
        /// copying), or carry public data or a signature: the caller then takes the full,
        /// copying path.
        public var quickProblem: Bool {
            seq < 1 || !EventKind.isValid(kind) || deployment.count != 16 || epoch < 1 || epoch > Int64(UInt32.max)
                || !publicData.isEmpty || nonce.count != AEAD.nonceBytes || ciphertext.count < AEAD.tagBytes
                || !signature.isEmpty || prevHash.count != 32
        }
    }

    /// The record hash of borrowed fields; the one definition of the hash input. The small
    /// pieces are gathered in a stack buffer, so that a row costs a few hash updates, not twelve.
    /// Format 2's hash is the same input under its own label (decision 0017 §9.4).
    public static func computeHash(_ f: RawFields, ledger: LedgerID) -> Digest32 {
        withUnsafeTemporaryAllocation(byteCount: 512, alignment: 8) { buffer in
            var h = BufferedSHA256(buffer: buffer)
            (ledger.format == .v2 ? Format2Label.record : recordLabelBytes).withUnsafeBytes { h.put($0) }
            forEachHeaderPiece(f, ledger: ledger) { h.put($0) }
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: f.ciphertext.count).bigEndian) { h.put($0) }
            h.put(f.ciphertext)
            withUnsafeBytes(of: UInt16(truncatingIfNeeded: f.signature.count).bigEndian) { h.put($0) }
            h.put(f.signature)
            return h.finish()
        }
    }
}

/// SHA-256 fed through a buffer: pieces under 64 bytes are gathered and hashed together, larger
/// ones are hashed where they lie. The digest is that of the pieces in order.
struct BufferedSHA256: ~Copyable {
    private var sha = SHA256()
    private let buffer: UnsafeMutableRawBufferPointer
    private var n = 0

    init(buffer: UnsafeMutableRawBufferPointer) { self.buffer = buffer }

    mutating func put(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        guard bytes.count < 64 else {
            flush()
            sha.update(bytes)
            return
        }
        if n + bytes.count > buffer.count { flush() }
        buffer.baseAddress!.advanced(by: n).copyMemory(from: base, byteCount: bytes.count)
        n += bytes.count
    }

    private mutating func flush() {
        guard n > 0 else { return }
        sha.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        n = 0
    }

    consuming func finish() -> Digest32 {
        flush()
        return sha.finalizeDigest()
    }
}

/// Appends a fixed-width integer in big-endian byte order.
public func appendBigEndian<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
    withUnsafeBytes(of: v.bigEndian) { out += $0 }
}

/// A fixed-width integer's bytes in big-endian order (`u32be(v)` and the like in the spec).
public func bigEndianBytes<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
    withUnsafeBytes(of: v.bigEndian, Array.init)
}

extension Record {
    /// Calls `body` with the record's fields as borrowed buffers.
    public func withRawFields<R>(_ body: (RecordFormat.RawFields) -> R) -> R {
        var kind = kind
        return kind.withUTF8 { kind in
            deployment.withUnsafeBytes { dep in
                publicData.withUnsafeBytes { pub in
                    nonce.withUnsafeBytes { nonce in
                        prevHash.withUnsafeBytes { prev in
                            ciphertext.withUnsafeBytes { ct in
                                signature.withUnsafeBytes { sig in
                                    body(
                                        RecordFormat.RawFields(
                                            seq: seq, epoch: epoch, kind: UnsafeRawBufferPointer(kind), deployment: dep, publicData: pub,
                                            nonce: nonce, prevHash: prev, ciphertext: ct, signature: sig))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
