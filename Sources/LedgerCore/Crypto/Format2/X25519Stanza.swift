/// One reader's wrap of an epoch's data key (decision 0017 §7.2, §14): an X25519 stanza in the
/// manner of age's, bound to the ledger, the epoch and the reader's whole Ed25519 key.
///
/// ```
/// x       = Ed25519-to-X25519(A)
/// epk     = X25519(esk, basepoint)            esk: 32 fresh random bytes
/// ss      = X25519(esk, x)                    (all zero: refused)
/// wk      = BLAKE2b-256(key = ss, "ledger/v2/wrap-key" 0x00 ‖ epk ‖ x ‖ A)
/// ad      = "ledger/v2/wrap-ad" 0x00 ‖ ledger_id ‖ u32be(epoch) ‖ A ‖ epk
/// wrapped = XChaCha20-Poly1305(wk, nonce, ad, K_e)   (48 bytes)
/// ```
public struct X25519Stanza: Sendable, Equatable {
    /// The reader's Ed25519 public key `A` (32 bytes).
    public let key: [UInt8]
    /// The ephemeral X25519 public key (32 bytes).
    public let epk: [UInt8]
    /// The AEAD nonce (24 bytes).
    public let nonce: [UInt8]
    /// The data key, sealed (32 bytes and the 16-byte tag).
    public let wrapped: [UInt8]

    /// A stanza of the sizes format 2 allows; nil otherwise (checked before any decryption).
    public init?(key: [UInt8], epk: [UInt8], nonce: [UInt8], wrapped: [UInt8]) {
        guard key.count == 32, epk.count == 32, nonce.count == 24, wrapped.count == 48 else { return nil }
        self.key = key
        self.epk = epk
        self.nonce = nonce
        self.wrapped = wrapped
    }

    /// Wraps `dataKey` (32 bytes) for the reader whose Ed25519 key is `recipient`; nil when
    /// that key has no X25519 form or the exchange gives all zeros.
    public static func wrap(
        _ dataKey: SecureBytes, for recipient: [UInt8], ledger: LedgerID, epoch: UInt32, random: any RandomSource
    ) -> X25519Stanza? {
        guard dataKey.count == 32, let x = X25519.publicKey(ofEd25519: recipient) else { return nil }
        var eskBytes = random.bytes(32)
        let esk = SecureBytes(consuming: &eskBytes)
        let epk = X25519.base(esk)
        guard let ss = X25519.shared(esk, x) else { return nil }
        let nonce = random.bytes(24)
        let wrapped = dataKey.withBytes { k in
            AEAD.seal(k, key: wrapKey(ss, epk: epk, x: x, recipient: recipient), nonce: nonce, ad: ad(ledger, epoch, recipient, epk))
        }
        return X25519Stanza(key: recipient, epk: epk, nonce: nonce, wrapped: wrapped)
    }

    /// The data key, opened with the reader's identity; nil when the stanza is not for it,
    /// was made for another ledger or epoch, or was changed.
    public func unwrap(with identity: Ed25519, ledger: LedgerID, epoch: UInt32) -> SecureBytes? {
        guard identity.publicKey == key, let x = X25519.publicKey(ofEd25519: key) else { return nil }
        guard let ss = X25519.shared(X25519.secretKey(of: identity), epk) else { return nil }
        let opened = AEAD.openSecret(wrapped, key: Self.wrapKey(ss, epk: epk, x: x, recipient: key), nonce: nonce, ad: Self.ad(ledger, epoch, key, epk))
        return opened?.count == 32 ? opened : nil
    }

    static func wrapKey(_ ss: SecureBytes, epk: [UInt8], x: [UInt8], recipient: [UInt8]) -> SecureBytes {
        BLAKE2b.keyed(Format2Label.wrapKey + epk + x + recipient, key: ss, outputLength: 32)
    }

    static func ad(_ ledger: LedgerID, _ epoch: UInt32, _ recipient: [UInt8], _ epk: [UInt8]) -> [UInt8] {
        Format2Label.wrapAD + ledger.bytes + bigEndianBytes(epoch) + recipient + epk
    }
}
