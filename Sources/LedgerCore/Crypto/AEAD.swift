import CSodium

/// XChaCha20-Poly1305-IETF authenticated encryption (libsodium
/// `crypto_aead_xchacha20poly1305_ietf_*`).
///
/// Keys are 32 bytes held in `SecureBytes`; nonces are 24 bytes; the tag (16 bytes) is
/// appended to the ciphertext.
public enum AEAD {
    /// Key length in bytes.
    public static let keyBytes = Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    /// Nonce length in bytes.
    public static let nonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    /// Authentication tag length in bytes.
    public static let tagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    /// Encrypts `plaintext` under `key` and `nonce`, authenticating `ad` too.
    /// - Precondition: `key` is 32 bytes and `nonce` 24 bytes.
    public static func seal(_ plaintext: UnsafeRawBufferPointer, key: SecureBytes, nonce: [UInt8], ad: [UInt8]) -> [UInt8] {
        precondition(key.count == keyBytes && nonce.count == nonceBytes)
        var out = [UInt8](repeating: 0, count: plaintext.count + tagBytes)
        var outLen: UInt64 = 0
        key.withBytes { k in
            _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                &out, &outLen, plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self),
                UInt64(plaintext.count), ad, UInt64(ad.count), nil, nonce,
                k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return out
    }

    /// Encrypts a byte array; see `seal(_:key:nonce:ad:)`.
    public static func seal(_ plaintext: [UInt8], key: SecureBytes, nonce: [UInt8], ad: [UInt8]) -> [UInt8] {
        plaintext.withUnsafeBytes { seal($0, key: key, nonce: nonce, ad: ad) }
    }

    /// Decrypts and authenticates; returns nil when the tag does not verify (wrong key,
    /// changed ciphertext, nonce or associated data).
    public static func open(_ ciphertext: [UInt8], key: SecureBytes, nonce: [UInt8], ad: [UInt8]) -> [UInt8]? {
        guard key.count == keyBytes, nonce.count == nonceBytes, ciphertext.count >= tagBytes else { return nil }
        var out = [UInt8](repeating: 0, count: ciphertext.count - tagBytes)
        var outLen: UInt64 = 0
        let rc = key.withBytes { k in
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                &out, &outLen, nil, ciphertext, UInt64(ciphertext.count), ad, UInt64(ad.count), nonce,
                k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return rc == 0 ? out : nil
    }

    /// Decrypts borrowed bytes into `out` (at least `ciphertext.count - tagBytes` bytes, the
    /// caller's guarded scratch) and returns the plaintext's length; nil when the tag does not
    /// verify or the sizes are wrong. Nothing is allocated.
    public static func open(
        _ ciphertext: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, ad: UnsafeRawBufferPointer, key: SecureBytes,
        into out: UnsafeMutableRawBufferPointer
    ) -> Int? {
        guard key.count == keyBytes, nonce.count == nonceBytes, ciphertext.count >= tagBytes,
            out.count >= ciphertext.count - tagBytes, let c = ciphertext.baseAddress, let n = nonce.baseAddress
        else { return nil }
        var outLen: UInt64 = 0
        let rc = key.withBytes { k in
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                out.baseAddress?.assumingMemoryBound(to: UInt8.self), &outLen, nil, c.assumingMemoryBound(to: UInt8.self),
                UInt64(ciphertext.count), ad.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(ad.count),
                n.assumingMemoryBound(to: UInt8.self), k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return rc == 0 ? Int(outLen) : nil
    }

    /// Decrypts into guarded memory (for wrapped keys); nil when authentication fails.
    public static func openSecret(_ ciphertext: [UInt8], key: SecureBytes, nonce: [UInt8], ad: [UInt8]) -> SecureBytes? {
        guard key.count == keyBytes, nonce.count == nonceBytes, ciphertext.count >= tagBytes else { return nil }
        let out = SecureBytes(count: ciphertext.count - tagBytes)
        var outLen: UInt64 = 0
        let rc = key.withBytes { k in
            out.withMutableBytes { o in
                crypto_aead_xchacha20poly1305_ietf_decrypt(
                    o.baseAddress!.assumingMemoryBound(to: UInt8.self), &outLen, nil, ciphertext,
                    UInt64(ciphertext.count), ad, UInt64(ad.count), nonce,
                    k.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        return rc == 0 ? out : nil
    }
}
