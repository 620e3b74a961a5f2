/// A lead's unlocked signing key: an Ed25519 key pair with minisign's key number and a name.
///
/// Made by opening a secret key file (`ledger key new`'s format or minisign's); the secret
/// half stays in libsodium guarded memory inside `key`.
public struct Signer: Sendable {
    /// The signer's name (from the key file; may be empty for minisign keys).
    public let name: String
    /// minisign's 8-byte key number.
    public let keyNumber: [UInt8]
    /// The key pair.
    public let key: Ed25519

    /// Wraps an unlocked key.
    /// - Precondition: `keyNumber` is 8 bytes.
    public init(name: String, keyNumber: [UInt8], key: Ed25519) {
        precondition(keyNumber.count == 8)
        self.name = name
        self.keyNumber = keyNumber
        self.key = key
    }

    /// The 32-byte public key.
    public var publicKey: [UInt8] { key.publicKey }
    /// minisign's key id: the key number as 16 upper-case hex digits, little-endian.
    public var keyID: String { Self.keyID(keyNumber) }
    /// minisign's key id of a key number.
    public static func keyID(_ keyNumber: [UInt8]) -> String { Hex.encode(keyNumber.reversed()).uppercased() }
    /// The public key as one line of minisign's format: base64(`Ed` ‖ key number ‖ public key).
    public var minisignPublicKeyLine: String { Minisign.publicKeyLine(keyNumber: keyNumber, publicKey: publicKey) }
}
