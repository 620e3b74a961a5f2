import CSodium

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide libsodium initialisation.
///
/// Every entry point of the crypto layer calls `Sodium.ensureInitialised()` first; it is
/// idempotent and thread-safe (`sodium_init` returns 1 when already initialised, which is
/// not an error).
public enum Sodium {
    private static let initialised: Bool = sodium_init() >= 0

    /// Initialises libsodium once.
    /// - Precondition: libsodium can initialise (it only fails without a usable entropy source).
    public static func ensureInitialised() {
        precondition(initialised, "libsodium failed to initialise (no entropy source?)")
    }

    /// The version of the libsodium library linked in (`sodium_version_string()`), e.g. `1.0.18`.
    public static var versionString: String { String(cString: sodium_version_string()) }

    /// Overwrites borrowed bytes with zeros in a way the compiler cannot elide.
    public static func wipe(_ bytes: UnsafeMutableRawBufferPointer) {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return }
        sodium_memzero(p, bytes.count)
    }

    /// Overwrites a byte array with zeros in a way the compiler cannot elide.
    public static func wipe(_ bytes: inout [UInt8]) {
        let count = bytes.count
        guard count > 0 else { return }
        bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress!, count) }
    }
}

/// Secret bytes held in libsodium guarded memory.
///
/// The buffer comes from `sodium_malloc` (guard pages, `mlock`ed, canary) and is zeroed and
/// freed by `sodium_free` when the value is released. Secret material (data keys, KEKs,
/// passphrases, signing keys) lives only here; copy it out only into another `SecureBytes`
/// or straight into a libsodium call.
public final class SecureBytes: @unchecked Sendable {
    private let pointer: UnsafeMutableRawPointer
    /// Number of secret bytes.
    public let count: Int

    /// Allocates `count` zeroed guarded bytes.
    /// - Precondition: allocation succeeds (fails only when memory is exhausted).
    public init(count: Int) {
        Sodium.ensureInitialised()
        guard let p = sodium_malloc(max(count, 1)) else { fatalError("sodium_malloc failed") }
        sodium_memzero(p, max(count, 1))
        Self.wipeOnFork(p, count: max(count, 1))
        pointer = p
        self.count = count
    }

    /// Marks the pages of the allocation (sodium_malloc gives each allocation pages of its own)
    /// `MADV_WIPEONFORK`: a forked child, such as `ledger run`'s supervisor, sees zeros there,
    /// so it holds no copy of the secret (the copy would not be `mlock`ed: locks are not
    /// inherited). Best effort: kernels before 4.14 refuse it.
    private static func wipeOnFork(_ p: UnsafeMutableRawPointer, count: Int) {
        #if os(Linux)
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let start = UInt(bitPattern: p) & ~(page - 1)
        let end = (UInt(bitPattern: p) + UInt(count) + page - 1) & ~(page - 1)
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), 18)  // MADV_WIPEONFORK
        #endif
    }

    /// Copies `bytes` into guarded memory and wipes the source array.
    public convenience init(consuming bytes: inout [UInt8]) {
        self.init(count: bytes.count)
        if !bytes.isEmpty {
            bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        }
        Sodium.wipe(&bytes)
    }

    /// Fills a new buffer with `count` random bytes from libsodium's CSPRNG.
    public static func random(count: Int) -> SecureBytes {
        let s = SecureBytes(count: count)
        randombytes_buf(s.pointer, count)
        return s
    }

    deinit { sodium_free(pointer) }

    /// Gives read access to the secret bytes for the duration of `body`.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Gives write access to the secret bytes for the duration of `body`.
    public func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// Constant-time equality with another secret.
    public func isEqual(to other: SecureBytes) -> Bool {
        count == other.count && sodium_memcmp(pointer, other.pointer, count) == 0
    }
}
