/// A member's Ed25519 seed sealed under a passphrase (decision 0017 §8): how format 2 keeps a
/// passphrase possible, for one person alone or as a break-glass member, without a passphrase
/// ever wrapping a data key. Opening it gives an identity like any other.
///
/// ```
/// kek    = Argon2id(passphrase, salt, opslimit, memlimit)
/// ad     = "ledger/v2/sealed-identity" 0x00 ‖ ledger_id ‖ A ‖ u64be(opslimit) ‖ u64be(memlimit) ‖ salt
/// secret = XChaCha20-Poly1305(kek, nonce, ad, seed)      (48 bytes)
/// ```
public struct SealedIdentity: Sendable, Equatable {
    /// The Argon2id cost it was sealed with.
    public let parameters: Argon2id.Parameters
    /// The Argon2id salt (16 bytes).
    public let salt: [UInt8]
    /// The AEAD nonce (24 bytes).
    public let nonce: [UInt8]
    /// The sealed seed (32 bytes and the tag).
    public let secret: [UInt8]

    /// Why a sealed identity did not open.
    public enum OpenError: Error, Equatable, Sendable {
        /// Its cost is below the floor or above the cap (decision 0001): nothing was derived,
        /// so a planted record cannot make an open cost minutes.
        case unacceptableCost
        /// The passphrase does not open it (or the record around it was changed).
        case wrongPassphrase
        /// It opened, but the seed's public key is not the member's: the identity is damaged.
        case notTheMembersKey
    }

    /// A sealed identity of the sizes format 2 allows; nil otherwise.
    public init?(parameters: Argon2id.Parameters, salt: [UInt8], nonce: [UInt8], secret: [UInt8]) {
        guard salt.count == Argon2id.saltBytes, nonce.count == 24, secret.count == 48 else { return nil }
        self.parameters = parameters
        self.salt = salt
        self.nonce = nonce
        self.secret = secret
    }

    /// Seals `identity`'s seed for `ledger`; nil when the cost is not acceptable or Argon2id
    /// cannot allocate its memory.
    public static func seal(
        _ identity: Ed25519, passphrase: SecureBytes, ledger: LedgerID, parameters: Argon2id.Parameters, random: any RandomSource
    ) -> SealedIdentity? {
        guard parameters.isAcceptable else { return nil }
        let salt = random.bytes(Argon2id.saltBytes), nonce = random.bytes(24)
        guard let kek = Argon2id.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters) else { return nil }
        let ad = associatedData(ledger, identity.publicKey, parameters, salt)
        let secret = identity.seed.withBytes { AEAD.seal($0, key: kek, nonce: nonce, ad: ad) }
        return SealedIdentity(parameters: parameters, salt: salt, nonce: nonce, secret: secret)
    }

    /// The identity of the member whose key is `publicKey`, opened with `passphrase`.
    public func open(passphrase: SecureBytes, ledger: LedgerID, publicKey: [UInt8]) -> Result<Ed25519, OpenError> {
        guard parameters.isAcceptable else { return .failure(.unacceptableCost) }
        guard let kek = Argon2id.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters),
            let seed = AEAD.openSecret(secret, key: kek, nonce: nonce, ad: Self.associatedData(ledger, publicKey, parameters, salt)),
            seed.count == 32
        else { return .failure(.wrongPassphrase) }
        let identity = Ed25519(seed: seed)
        return identity.publicKey == publicKey ? .success(identity) : .failure(.notTheMembersKey)
    }

    static func associatedData(_ ledger: LedgerID, _ key: [UInt8], _ p: Argon2id.Parameters, _ salt: [UInt8]) -> [UInt8] {
        Format2Label.sealedIdentity + ledger.bytes + key + bigEndianBytes(p.opsLimit) + bigEndianBytes(p.memLimit) + salt
    }
}
