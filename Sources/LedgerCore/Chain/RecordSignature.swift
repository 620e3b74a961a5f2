/// The signature a signed record carries in its `sig` field (docs/FORMAT.md §10.4).
///
/// `sig = public key (32) ‖ Ed25519(message) (64)`, where
/// `message = "ledger/v1/record-sig" ‖ 0x00 ‖ header ‖ u32be(len(ct)) ‖ ct`: the whole record
/// but its own hash and signature. It verifies without the decryption key; which key may
/// sign is for the roster or a `--trust` file to say.
public enum RecordSignature {
    /// Label of the signed message.
    public static let label = "ledger/v1/record-sig"
    /// Length of a `sig` field that is set: 32-byte public key, 64-byte signature.
    public static let length = 96

    /// The message a record's signature covers.
    /// - Precondition: `record.malformation == nil` (apart from the signature itself).
    public static func message(_ r: Record, ledger: LedgerID) -> [UInt8] {
        message(header: RecordFormat.header(r, ledger: ledger), ciphertext: r.ciphertext)
    }

    static func message(header: [UInt8], ciphertext: [UInt8]) -> [UInt8] {
        var m = RecordFormat.labelBytes(label) + header
        appendBigEndian(UInt32(ciphertext.count), to: &m)
        return m + ciphertext
    }

    /// The `sig` field for a record sealed with header `header` and ciphertext `ciphertext`.
    public static func sign(header: [UInt8], ciphertext: [UInt8], signer: Signer) -> [UInt8] {
        signer.publicKey + signer.key.sign(message(header: header, ciphertext: ciphertext))
    }

    /// The signing public key of a record whose `sig` verifies; nil when it has no
    /// signature or the signature does not verify.
    public static func verifiedKey(_ r: Record, ledger: LedgerID) -> [UInt8]? {
        guard r.signature.count == length else { return nil }
        let key = Array(r.signature[0..<32])
        return Ed25519.verify(signature: Array(r.signature[32...]), message: message(r, ledger: ledger), publicKey: key) ? key : nil
    }

    /// The public key a record's `sig` names (whether or not the signature verifies).
    public static func claimedKey(_ r: Record) -> [UInt8]? {
        r.signature.count == length ? Array(r.signature[0..<32]) : nil
    }
}
