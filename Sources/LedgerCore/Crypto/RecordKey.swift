import CSodium

/// The key of one record: the XChaCha20 subkey that opens that record and no other
/// (docs/FORMAT.md §15.1).
///
/// XChaCha20-Poly1305-IETF (libsodium `crypto_aead_xchacha20poly1305_ietf_*`) is
/// `HChaCha20(data key, nonce[0..<16])`, a 32-byte subkey, followed by ChaCha20-Poly1305-IETF
/// under that subkey with the 12-byte nonce `00 00 00 00 ‖ nonce[16..<24]`. The subkey is the
/// record key. Disclosing it lets anyone decrypt and authenticate that one record; because
/// every record has its own random nonce, it tells nothing about the data key or any other
/// record. A record key is meant to be published (in a timeline excerpt), so it is held in an
/// ordinary array, not in guarded memory.
public struct RecordKey: Sendable, Equatable {
    /// Length of a record key in bytes.
    public static let length = Int(crypto_core_hchacha20_OUTPUTBYTES)

    /// The 32 key bytes.
    public let bytes: [UInt8]

    /// Wraps 32 disclosed key bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.length else { return nil }
        self.bytes = bytes
    }

    /// The record key of the record sealed under `dataKey` with the 24-byte `nonce`:
    /// `HChaCha20(dataKey, nonce[0..<16])` (libsodium `crypto_core_hchacha20`).
    /// - Precondition: `dataKey` is 32 bytes and `nonce` 24 bytes.
    public init(dataKey: SecureBytes, nonce: [UInt8]) {
        precondition(dataKey.count == AEAD.keyBytes && nonce.count == AEAD.nonceBytes)
        Sodium.ensureInitialised()
        var out = [UInt8](repeating: 0, count: Self.length)
        let input = Array(nonce[0..<16])
        dataKey.withBytes { k in
            _ = crypto_core_hchacha20(&out, input, k.baseAddress!.assumingMemoryBound(to: UInt8.self), nil)
        }
        bytes = out
    }

    /// The 12-byte ChaCha20-Poly1305-IETF nonce of a record with the 24-byte XChaCha20 `nonce`:
    /// four zero bytes, then its last eight bytes.
    static func innerNonce(_ nonce: [UInt8]) -> [UInt8] {
        [0, 0, 0, 0] + nonce[16..<24]
    }

    /// Decrypts and authenticates one record's ciphertext with this key
    /// (ChaCha20-Poly1305-IETF, libsodium `crypto_aead_chacha20poly1305_ietf_decrypt`); gives
    /// exactly what `AEAD.open` with the data key gives, or nil when the tag does not verify
    /// (a changed ciphertext, nonce or associated data, or another record's key).
    public func open(_ ciphertext: [UInt8], nonce: [UInt8], ad: [UInt8]) -> [UInt8]? {
        guard nonce.count == AEAD.nonceBytes, ciphertext.count >= AEAD.tagBytes else { return nil }
        Sodium.ensureInitialised()
        var out = [UInt8](repeating: 0, count: ciphertext.count - AEAD.tagBytes)
        var outLen: UInt64 = 0
        let rc = crypto_aead_chacha20poly1305_ietf_decrypt(
            &out, &outLen, nil, ciphertext, UInt64(ciphertext.count),
            ad, UInt64(ad.count), Self.innerNonce(nonce), bytes)
        return rc == 0 ? out : nil
    }
}
