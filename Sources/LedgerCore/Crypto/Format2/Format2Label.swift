/// The labels of format 2 (decision 0017 §3): an ASCII string and one 0x00 byte, each used for
/// exactly one purpose, so that no hash, key derivation, signature or associated data of one
/// kind can be taken for another.
public enum Format2Label {
    /// The hash record 1 links to.
    public static let genesis = label("ledger/v2/genesis")
    /// The record hash.
    public static let record = label("ledger/v2/record")
    /// The associated data of a record's encryption.
    public static let recordAD = label("ledger/v2/record-ad")
    /// The message an author signs.
    public static let recordSig = label("ledger/v2/record-sig")
    /// The per-record key derivation (BLAKE2b key: the epoch's data key).
    public static let recordKey = label("ledger/v2/record-key")
    /// The X25519 stanza's wrap-key derivation (BLAKE2b key: the shared secret).
    public static let wrapKey = label("ledger/v2/wrap-key")
    /// The associated data of a stanza.
    public static let wrapAD = label("ledger/v2/wrap-ad")
    /// The key check of an epoch's data key (BLAKE2b key: the data key).
    public static let epochCheck = label("ledger/v2/epoch-check")
    /// The associated data of the previous epoch's key sealed under the new one.
    public static let epochLink = label("ledger/v2/epoch-link")
    /// The associated data of a passphrase-sealed identity.
    public static let sealedIdentity = label("ledger/v2/sealed-identity")

    static func label(_ s: String) -> [UInt8] { Array(s.utf8) + [0] }
}
