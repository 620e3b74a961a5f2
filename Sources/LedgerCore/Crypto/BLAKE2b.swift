import CSodium

/// BLAKE2b (libsodium `crypto_generichash`), unkeyed or keyed: minisign's prehash and key
/// checksum, and the derivation of the checkpoint key (docs/FORMAT.md §10.2, §13).
public enum BLAKE2b {
    /// Unkeyed BLAKE2b of `outputLength` bytes (16…64).
    public static func hash(_ message: UnsafeRawBufferPointer, outputLength: Int) -> [UInt8] {
        Sodium.ensureInitialised()
        var out = [UInt8](repeating: 0, count: outputLength)
        _ = crypto_generichash(&out, outputLength, message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count), nil, 0)
        return out
    }

    /// Unkeyed BLAKE2b of `outputLength` bytes (16…64).
    public static func hash(_ message: [UInt8], outputLength: Int) -> [UInt8] {
        message.withUnsafeBytes { hash($0, outputLength: outputLength) }
    }

    /// BLAKE2b keyed with `key` (16…64 bytes), its output in guarded memory.
    public static func keyed(_ message: [UInt8], key: SecureBytes, outputLength: Int) -> SecureBytes {
        let out = SecureBytes(count: outputLength)
        keyed(message, key: key, into: out)
        return out
    }

    /// BLAKE2b keyed with `key` (16…64 bytes) into `out` (its `count` is the output length),
    /// so that a caller deriving many keys reuses one guarded buffer.
    public static func keyed(_ message: [UInt8], key: SecureBytes, into out: SecureBytes) {
        Sodium.ensureInitialised()
        let outputLength = out.count
        out.withMutableBytes { o in
            key.withBytes { k in
                _ = crypto_generichash(
                    o.baseAddress!.assumingMemoryBound(to: UInt8.self), outputLength, message, UInt64(message.count),
                    k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count)
            }
        }
    }
}
