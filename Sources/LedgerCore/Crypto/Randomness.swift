import CSodium
import Synchronization

/// A source of random bytes, injected so that tests and the worked example are exact.
///
/// Production code uses `SystemRandom` (libsodium's CSPRNG). `SeededRandom` derives a
/// deterministic stream from a 32-byte seed with libsodium's `randombytes_buf_deterministic`
/// (ChaCha20); it must never be used for real ledgers.
public protocol RandomSource: Sendable {
    /// Returns `count` random bytes.
    func bytes(_ count: Int) -> [UInt8]
}

/// libsodium's CSPRNG (`randombytes_buf`).
public struct SystemRandom: RandomSource {
    /// Creates the system random source.
    public init() { Sodium.ensureInitialised() }
    /// Returns `count` bytes from `randombytes_buf`.
    public func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        if count > 0 { out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) } }
        return out
    }
}

/// A deterministic byte stream for tests: call `i` returns
/// `randombytes_buf_deterministic(count, seed with its last 8 bytes XORed with i)`;
/// never use it for real data.
public final class SeededRandom: RandomSource, Sendable {
    private let seed: [UInt8]
    private let counter = Mutex<UInt64>(0)

    /// Creates a stream from a seed (padded with zeros or truncated to 32 bytes).
    public init(seed: [UInt8]) {
        Sodium.ensureInitialised()
        self.seed = Array(seed.prefix(32)) + [UInt8](repeating: 0, count: max(0, 32 - seed.count))
    }

    /// Returns the next `count` bytes of the stream.
    public func bytes(_ count: Int) -> [UInt8] {
        let n = counter.withLock { c -> UInt64 in
            c += 1; return c
        }
        var s = seed
        withUnsafeBytes(of: n.bigEndian) { c in for i in 0..<8 { s[24 + i] ^= c[i] } }
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        out.withUnsafeMutableBytes { o in
            s.withUnsafeBufferPointer { randombytes_buf_deterministic(o.baseAddress!, count, $0.baseAddress!) }
        }
        return out
    }
}
