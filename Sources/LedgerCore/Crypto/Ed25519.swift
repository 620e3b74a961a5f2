import CSodium

/// Ed25519 signatures (libsodium `crypto_sign_*`): a signing key in guarded memory and its
/// 32-byte public key.
public struct Ed25519: Sendable {
    /// The 32-byte public key.
    public let publicKey: [UInt8]
    /// The 64-byte libsodium secret key (seed ‖ public key), guarded.
    let secretKey: SecureBytes

    /// Derives the key pair from a 32-byte seed (kept in guarded memory inside the key pair).
    /// - Precondition: the seed is 32 bytes.
    public init(seed: SecureBytes) {
        precondition(seed.count == 32)
        Sodium.ensureInitialised()
        var pk = [UInt8](repeating: 0, count: 32)
        let sk = SecureBytes(count: 64)
        sk.withMutableBytes { s in
            seed.withBytes {
                _ = crypto_sign_seed_keypair(&pk, s.baseAddress!.assumingMemoryBound(to: UInt8.self), $0.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        publicKey = pk
        secretKey = sk
    }

    /// A new random key pair.
    public static func generate() -> Ed25519 { Ed25519(seed: SecureBytes.random(count: 32)) }

    /// The 32-byte seed (for writing an encrypted key file).
    public var seed: SecureBytes {
        let s = SecureBytes(count: 32)
        s.withMutableBytes { out in secretKey.withBytes { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<32])) } }
        return s
    }

    /// A detached 64-byte signature of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        var sig = [UInt8](repeating: 0, count: 64)
        secretKey.withBytes { sk in
            _ = crypto_sign_detached(&sig, nil, message, UInt64(message.count), sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return sig
    }

    /// Checks a detached signature (strict: libsodium rejects non-canonical encodings and
    /// small-order keys).
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        Sodium.ensureInitialised()
        guard signature.count == 64, publicKey.count == 32 else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
    }
}
