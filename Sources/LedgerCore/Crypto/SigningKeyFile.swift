/// A lead's Ed25519 key, stored in a text file whose secret part is encrypted under a
/// passphrase (Argon2id + XChaCha20-Poly1305), written 0600 (docs/FORMAT.md §13).
///
/// ```
/// ledger-signing-key-v1
/// name: NAME
/// key-number: HEX(8 bytes)
/// public: BASE64(32-byte public key)
/// argon2id: OPSLIMIT MEMLIMIT BASE64(salt)
/// nonce: BASE64(24 bytes)
/// secret: BASE64(XChaCha20-Poly1305(kek, nonce, ad, 32-byte seed))
/// ```
/// with `ad = "ledger/v1/signing-key" 0x00 ‖ name ‖ 0x00 ‖ key number ‖ public key ‖
/// u64be(ops) ‖ u64be(mem) ‖ salt`.
public struct SigningKeyFile: Sendable, Equatable {
    /// The signer's name.
    public let name: String
    /// minisign's 8-byte key number (random).
    public let keyNumber: [UInt8]
    /// The public key.
    public let publicKey: [UInt8]
    /// Argon2id cost.
    public let parameters: Argon2id.Parameters
    /// Salt, nonce and the sealed seed.
    public let salt: [UInt8], nonce: [UInt8], sealed: [UInt8]

    static let magic = "ledger-signing-key-v1"

    static func ad(name: String, keyNumber: [UInt8], publicKey: [UInt8], parameters: Argon2id.Parameters, salt: [UInt8]) -> [UInt8] {
        var ad = RecordFormat.labelBytes("ledger/v1/signing-key") + Array(name.utf8) + [0] + keyNumber + publicKey
        appendBigEndian(parameters.opsLimit, to: &ad)
        appendBigEndian(parameters.memLimit, to: &ad)
        return ad + salt
    }

    /// Seals `key` under `passphrase`.
    /// - Returns: nil if Argon2id could not run.
    public static func seal(
        _ key: Ed25519, name: String, passphrase: SecureBytes, parameters: Argon2id.Parameters,
        random: any RandomSource
    ) -> SigningKeyFile? {
        let keyNumber = random.bytes(8), salt = random.bytes(Argon2id.saltBytes), nonce = random.bytes(AEAD.nonceBytes)
        guard let kek = Argon2id.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters) else { return nil }
        let sealed = key.seed.withBytes {
            AEAD.seal($0, key: kek, nonce: nonce, ad: ad(name: name, keyNumber: keyNumber, publicKey: key.publicKey, parameters: parameters, salt: salt))
        }
        return SigningKeyFile(name: name, keyNumber: keyNumber, publicKey: key.publicKey, parameters: parameters, salt: salt, nonce: nonce, sealed: sealed)
    }

    /// Opens the key; nil when the passphrase is wrong or the file was changed.
    public func open(passphrase: SecureBytes) -> Ed25519? {
        guard parameters.isAcceptable, salt.count == Argon2id.saltBytes,
            let kek = Argon2id.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters),
            let seed = AEAD.openSecret(
                sealed, key: kek, nonce: nonce,
                ad: Self.ad(name: name, keyNumber: keyNumber, publicKey: publicKey, parameters: parameters, salt: salt)),
            seed.count == 32
        else { return nil }
        let key = Ed25519(seed: seed)
        return key.publicKey == publicKey ? key : nil
    }

    /// The file's text.
    public var text: String {
        [
            Self.magic, "name: \(name)", "key-number: \(Hex.encode(keyNumber))", "public: \(Base64.encode(publicKey))",
            "argon2id: \(parameters.opsLimit) \(parameters.memLimit) \(Base64.encode(salt))", "nonce: \(Base64.encode(nonce))",
            "secret: \(Base64.encode(sealed))", "",
        ].joined(separator: "\n")
    }

    /// Parses a key file; nil when it is not one.
    public init?(text: String) {
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.first == Self.magic else { return nil }
        var f: [String: String] = [:]
        for l in lines.dropFirst() { if let r = l.firstRange(of: ": ") { f[String(l[..<r.lowerBound])] = String(l[r.upperBound...]) } }
        let kdf = f["argon2id"]?.split(separator: " ").map(String.init) ?? []
        guard let name = f["name"], let kn = f["key-number"].flatMap(Hex.decode), kn.count == 8,
            let pk = f["public"].flatMap(Base64.decode), pk.count == 32, kdf.count == 3, let ops = UInt64(kdf[0]), let mem = UInt64(kdf[1]),
            let salt = Base64.decode(kdf[2]), let nonce = f["nonce"].flatMap(Base64.decode), let sealed = f["secret"].flatMap(Base64.decode)
        else { return nil }
        self.init(name: name, keyNumber: kn, publicKey: pk, parameters: .init(opsLimit: ops, memLimit: mem), salt: salt, nonce: nonce, sealed: sealed)
    }

    init(name: String, keyNumber: [UInt8], publicKey: [UInt8], parameters: Argon2id.Parameters, salt: [UInt8], nonce: [UInt8], sealed: [UInt8]) {
        self.name = name
        self.keyNumber = keyNumber
        self.publicKey = publicKey
        self.parameters = parameters
        self.salt = salt
        self.nonce = nonce
        self.sealed = sealed
    }

    /// minisign's key id: the key number as 16 upper-case hex digits, little-endian.
    public var keyID: String { Signer.keyID(keyNumber) }
}
