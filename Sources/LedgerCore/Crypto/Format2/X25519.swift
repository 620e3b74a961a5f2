import CSodium

/// The encryption half of a member's Ed25519 key (decision 0017 §5), as age's `ssh-ed25519`
/// recipient derives it: the public key by the Edwards-to-Montgomery map, the secret as the
/// clamped first half of SHA-512(seed); and X25519 itself (libsodium `crypto_scalarmult`).
public enum X25519 {
    /// The X25519 public key of an Ed25519 public key; nil for a key libsodium refuses (not on
    /// the curve, small order, outside the main subgroup): not a usable member key.
    public static func publicKey(ofEd25519 key: [UInt8]) -> [UInt8]? {
        Sodium.ensureInitialised()
        guard key.count == 32 else { return nil }
        var x = [UInt8](repeating: 0, count: 32)
        guard crypto_sign_ed25519_pk_to_curve25519(&x, key) == 0 else { return nil }
        return x
    }

    /// The X25519 secret scalar of an Ed25519 key pair, in guarded memory.
    public static func secretKey(of identity: Ed25519) -> SecureBytes {
        let out = SecureBytes(count: 32)
        out.withMutableBytes { o in
            identity.secretKey.withBytes { sk in
                _ = crypto_sign_ed25519_sk_to_curve25519(
                    o.baseAddress!.assumingMemoryBound(to: UInt8.self), sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        return out
    }

    /// `scalar · basepoint`: the public key of a 32-byte secret.
    public static func base(_ scalar: SecureBytes) -> [UInt8] {
        Sodium.ensureInitialised()
        var out = [UInt8](repeating: 0, count: 32)
        scalar.withBytes { _ = crypto_scalarmult_base(&out, $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
        return out
    }

    /// `scalar · point`, in guarded memory; nil when the result is all zero (a small-order
    /// point), which age and format 2 refuse.
    public static func shared(_ scalar: SecureBytes, _ point: [UInt8]) -> SecureBytes? {
        Sodium.ensureInitialised()
        guard point.count == 32 else { return nil }
        let out = SecureBytes(count: 32)
        let rc = out.withMutableBytes { o in
            scalar.withBytes { s in
                crypto_scalarmult(
                    o.baseAddress!.assumingMemoryBound(to: UInt8.self), s.baseAddress!.assumingMemoryBound(to: UInt8.self), point)
            }
        }
        return rc == 0 ? out : nil
    }
}
