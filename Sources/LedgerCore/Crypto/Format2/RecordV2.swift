/// What format 2 computes of a record (decision 0017 §9, §10): the author's signature over the
/// labelled header and ciphertext, the record key and associated data bound to the full header
/// and the author, and the hashes. The header is format 1's, byte for byte
/// (`RecordFormat.header`, docs/FORMAT.md §7.1).
public enum RecordV2 {
    /// Bytes of `sig`: the author's Ed25519 public key and its signature.
    public static let signatureBytes = 96

    /// `SHA-256("ledger/v2/genesis" 0x00 ‖ ledger_id)`: what record 1 links to.
    public static func genesisHash(ledger: LedgerID) -> [UInt8] { SHA256.hash(Format2Label.genesis + ledger.bytes) }

    /// `"ledger/v2/record-sig" 0x00 ‖ header ‖ u32be(len(ciphertext)) ‖ ciphertext`.
    public static func signedMessage(header: [UInt8], ciphertext: [UInt8]) -> [UInt8] {
        Format2Label.recordSig + header + bigEndianBytes(UInt32(ciphertext.count)) + ciphertext
    }

    /// The 96-byte `sig` of a record by `author`.
    public static func sign(header: [UInt8], ciphertext: [UInt8], by author: Ed25519) -> [UInt8] {
        author.publicKey + author.sign(signedMessage(header: header, ciphertext: ciphertext))
    }

    /// True when `sig` is 96 bytes and its signature verifies with the key it names.
    public static func verify(sig: [UInt8], header: [UInt8], ciphertext: [UInt8]) -> Bool {
        guard sig.count == signatureBytes else { return false }
        return Ed25519.verify(
            signature: Array(sig[32...]), message: signedMessage(header: header, ciphertext: ciphertext), publicKey: Array(sig[..<32]))
    }

    /// `rk = BLAKE2b-256(key = K_epoch, "ledger/v2/record-key" 0x00 ‖ header ‖ author)`: the
    /// XChaCha20-Poly1305 key of one record. Disclosed for an excerpt, it opens that record and
    /// seals nothing that verifies: another header or author gives another key (§10).
    public static func recordKey(_ dataKey: SecureBytes, header: [UInt8], author: [UInt8]) -> SecureBytes {
        BLAKE2b.keyed(Format2Label.recordKey + header + author, key: dataKey, outputLength: 32)
    }

    /// `recordKey(_:header:author:)` written into `scratch` (32 guarded bytes), which is returned.
    public static func recordKey(_ dataKey: SecureBytes, header: [UInt8], author: [UInt8], into scratch: SecureBytes) -> SecureBytes {
        BLAKE2b.keyed(Format2Label.recordKey + header + author, key: dataKey, into: scratch)
        return scratch
    }

    /// `"ledger/v2/record-ad" 0x00 ‖ header ‖ author`.
    public static func associatedData(header: [UInt8], author: [UInt8]) -> [UInt8] { Format2Label.recordAD + header + author }

    /// `SHA-256("ledger/v2/record" 0x00 ‖ header ‖ u32be(len(ct)) ‖ ct ‖ u16be(96) ‖ sig)`.
    public static func hash(header: [UInt8], ciphertext: [UInt8], sig: [UInt8]) -> [UInt8] {
        SHA256.hash(Format2Label.record + header + bigEndianBytes(UInt32(ciphertext.count)) + ciphertext + bigEndianBytes(UInt16(sig.count)) + sig)
    }
}

extension RecordV2 {
    /// True when a well-formed record carries a 96-byte `sig` whose signature verifies with
    /// the key it names.
    public static func verifies(_ r: Record, ledger: LedgerID) -> Bool {
        guard r.malformation == nil, r.signature.count == signatureBytes else { return false }
        return verify(sig: r.signature, header: RecordFormat.header(r, ledger: ledger), ciphertext: r.ciphertext)
    }
}
