/// A signing key's secret key file in either format ledger accepts: its own
/// `ledger-signing-key-v1` text (`SigningKeyFile`) or a minisign secret key
/// (`MinisignSecretKey`) (docs/FORMAT.md §13).
///
/// Pure: the caller reads the file and gets the passphrase; this type recognises the format,
/// says whether a passphrase is needed, shows what is public without one, and opens the key
/// to a `Signer`, telling a wrong passphrase apart from a file that is not a key.
public enum SecretKeyFile: Sendable {
    /// `ledger key new`'s format (always encrypted; the public half is in clear).
    case ledger(SigningKeyFile)
    /// minisign's format (scrypt-encrypted, or unencrypted from `minisign -G -W`).
    case minisign(MinisignSecretKey)

    /// Why a recognised key file did not open. No case carries secret material.
    public enum OpenError: Error, Sendable, Equatable {
        /// The key is encrypted and no passphrase was given.
        case passphraseRequired
        /// The passphrase does not open the key (or the encrypted part was changed).
        case wrongPassphrase
        /// The file is a key file but cannot be used; the reason is one sentence without
        /// secrets (e.g. absurd KDF limits, a damaged key).
        case unusable(String)
    }

    /// Recognises the text; nil when it is neither format (the caller says "not a key file").
    public init?(text: String) {
        if text.hasPrefix(SigningKeyFile.magic) {
            guard Self.fieldsAreWellFormed(text), let file = SigningKeyFile(text: text) else { return nil }
            self = .ledger(file)
        } else if let key = MinisignSecretKey(text: text) {
            self = .minisign(key)
        } else {
            return nil
        }
    }

    /// The format's name: `ledger-signing-key-v1` or `minisign`.
    public var formatName: String {
        switch self {
        case .ledger: SigningKeyFile.magic
        case .minisign: "minisign"
        }
    }

    /// True when opening needs a passphrase (every ledger key; encrypted minisign keys).
    public var needsPassphrase: Bool {
        switch self {
        case .ledger: true
        case .minisign(let key): key.needsPassphrase
        }
    }

    /// The public half, when it can be read without the passphrase: a ledger key's clear
    /// fields, or an unencrypted minisign key (opened and checked). nil for an encrypted
    /// minisign key (its key number and public key are encrypted too) or a damaged one.
    public var publicKey: PublicKeyInfo? {
        switch self {
        case .ledger(let file):
            PublicKeyInfo(name: file.name, keyNumber: file.keyNumber, publicKey: file.publicKey)
        case .minisign(let key):
            key.needsPassphrase ? nil : (try? key.open(passphrase: nil)).map(PublicKeyInfo.init(_:))
        }
    }

    /// Opens the key with `passphrase` (ignored for an unencrypted minisign key).
    /// - Throws: `OpenError`: `.passphraseRequired` when one is needed and nil,
    ///   `.wrongPassphrase`, `.unusable` with the reason.
    public func open(passphrase: SecureBytes?) throws(OpenError) -> Signer {
        switch self {
        case .ledger(let file):
            guard file.parameters.isAcceptable, file.salt.count == Argon2id.saltBytes else {
                throw .unusable("its Argon2id parameters (\(file.parameters.opsLimit) passes, \(file.parameters.memLimit) bytes) are out of range")
            }
            guard let passphrase else { throw .passphraseRequired }
            guard let key = file.open(passphrase: passphrase) else { throw .wrongPassphrase }
            return Signer(name: file.name, keyNumber: file.keyNumber, key: key)
        case .minisign(let key):
            do {
                return try key.open(passphrase: passphrase)
            } catch {
                switch error {
                case .passphraseRequired: throw .passphraseRequired
                case .wrongPassphrase: throw .wrongPassphrase
                case .unsupportedParameters(let ops, let mem):
                    throw .unusable(
                        "its scrypt limits (opslimit \(ops), memlimit \(mem) bytes) exceed what ledger accepts "
                            + "(opslimit \(MinisignSecretKey.maxOpsLimit), memlimit \(MinisignSecretKey.maxMemLimit) bytes)")
                case .kdfFailed: throw .unusable("scrypt could not run (not enough memory?)")
                case .damaged: throw .unusable("the key inside is damaged (its checksum or public key does not match)")
                }
            }
        }
    }

    /// `SigningKeyFile(text:)` reads `key: value` lines; refuse a line that ends right after
    /// its colon before handing the text over.
    static func fieldsAreWellFormed(_ text: String) -> Bool {
        text.split(separator: "\n").dropFirst().allSatisfy { line in
            guard let colon = line.firstIndex(of: ":") else { return true }
            return line.index(after: colon) < line.endIndex
        }
    }
}

/// The public half of a signing key: name (may be empty), minisign key number and Ed25519
/// public key, with the forms `ledger key show` prints.
public struct PublicKeyInfo: Sendable, Equatable {
    /// The signer's name; empty when the file carries none (minisign keys).
    public let name: String
    /// minisign's 8-byte key number.
    public let keyNumber: [UInt8]
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// Creates the value.
    public init(name: String, keyNumber: [UInt8], publicKey: [UInt8]) {
        self.name = name
        self.keyNumber = keyNumber
        self.publicKey = publicKey
    }

    /// The public half of an unlocked key.
    public init(_ signer: Signer) {
        self.init(name: signer.name, keyNumber: signer.keyNumber, publicKey: signer.publicKey)
    }

    /// Parses a minisign public key file (`.pub`). The name is taken from the comment
    /// `ledger key new` writes (`minisign public key ID (NAME)`), else empty.
    public init?(publicKeyFile text: String) {
        guard let parsed = Minisign.parsePublicKey(text) else { return nil }
        var name = ""
        if let first = text.split(separator: "\n").first, first.hasSuffix(")"), let open = first.lastIndex(of: "(") {
            let candidate = first[first.index(after: open)..<first.index(before: first.endIndex)]
            if !candidate.isEmpty, !candidate.contains(where: { $0 == " " || $0 == "+" }) { name = String(candidate) }
        }
        self.init(name: name, keyNumber: parsed.keyNumber, publicKey: parsed.publicKey)
    }

    /// minisign's key id: the key number as 16 upper-case hex digits, little-endian.
    public var keyID: String { Signer.keyID(keyNumber) }
    /// The public key as one line of minisign's format: base64(`Ed` ‖ key number ‖ public key).
    public var minisignPublicKeyLine: String { Minisign.publicKeyLine(keyNumber: keyNumber, publicKey: publicKey) }

    /// The C2SP signed-note verifier key under `name` (default: the key's own name); nil
    /// when there is no name.
    public func verifierKey(name override: String? = nil) -> String? {
        let n = override ?? name
        return n.isEmpty ? nil : SignedNote.verifierKey(name: n, publicKey: publicKey)
    }
}
