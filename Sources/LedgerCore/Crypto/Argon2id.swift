import CSodium

/// Argon2id key derivation (libsodium `crypto_pwhash`, algorithm ARGON2ID13).
public enum Argon2id {
    /// Cost parameters; recorded next to every wrapped key.
    public struct Parameters: Sendable, Equatable {
        /// Passes over memory (libsodium `opslimit`).
        public var opsLimit: UInt64
        /// Memory in bytes (libsodium `memlimit`).
        public var memLimit: UInt64

        /// Creates parameters.
        public init(opsLimit: UInt64, memLimit: UInt64) {
            self.opsLimit = opsLimit
            self.memLimit = memLimit
        }

        /// OWASP's floor for Argon2id memory, in MiB (19): the one definition every check and message uses.
        public static let floorMiB: UInt64 = 19
        /// OWASP's floor for Argon2id passes (2).
        public static let floorPasses: UInt64 = 2
        /// This program's cap on Argon2id memory, in MiB (4096).
        public static let capMiB: UInt64 = 4096
        /// This program's cap on Argon2id passes (16).
        public static let capPasses: UInt64 = 16
        /// The floor as users read it: "19 MiB × 2 passes".
        public static let floorDescription = "\(floorMiB) MiB × \(floorPasses) passes"
        /// OWASP's floor for Argon2id: 19 MiB, 2 passes. Nothing weaker is accepted.
        public static let owaspFloor = Parameters(opsLimit: floorPasses, memLimit: floorMiB << 20)
        /// The default for new ledgers: libsodium's INTERACTIVE (64 MiB, 2 passes).
        public static let interactive = Parameters(
            opsLimit: UInt64(crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE),
            memLimit: UInt64(crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE))
        /// A stronger setting for long-lived signing keys: MODERATE (256 MiB, 3 passes).
        public static let moderate = Parameters(
            opsLimit: UInt64(crypto_pwhash_argon2id_OPSLIMIT_MODERATE),
            memLimit: UInt64(crypto_pwhash_argon2id_MEMLIMIT_MODERATE))

        /// True when both costs are at least OWASP's floor (and within this program's caps).
        public var isAcceptable: Bool {
            opsLimit >= Self.owaspFloor.opsLimit && memLimit >= Self.owaspFloor.memLimit
                && opsLimit <= Self.capPasses && memLimit <= Self.capMiB << 20
        }
    }

    /// Salt length in bytes (16).
    public static let saltBytes = Int(crypto_pwhash_argon2id_SALTBYTES)

    /// Derives a 32-byte key from a passphrase into guarded memory.
    /// - Returns: nil if libsodium refuses (out of memory or parameters out of range).
    public static func deriveKey(passphrase: SecureBytes, salt: [UInt8], parameters: Parameters) -> SecureBytes? {
        precondition(salt.count == saltBytes)
        let key = SecureBytes(count: 32)
        let rc = key.withMutableBytes { k in
            passphrase.withBytes { p in
                crypto_pwhash(
                    k.baseAddress!.assumingMemoryBound(to: UInt8.self), 32,
                    p.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(p.count), salt,
                    parameters.opsLimit, Int(parameters.memLimit), crypto_pwhash_ALG_ARGON2ID13)
            }
        }
        return rc == 0 ? key : nil
    }
}
