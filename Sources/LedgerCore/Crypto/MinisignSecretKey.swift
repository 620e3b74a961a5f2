import CSodium

/// A minisign secret key file (jedisct1/minisign), opened for signing (docs/FORMAT.md §13).
///
/// The file is `untrusted comment: …\n` + base64 of a 158-byte blob:
///
/// ```
/// sig_alg "Ed" (2) ‖ kdf_alg "Sc" or 0x00 0x00 (2) ‖ chk_alg "B2" (2) ‖ salt (32)
/// ‖ u64le(opslimit) ‖ u64le(memlimit) ‖ [key number (8) ‖ secret key (64) ‖ chk (32)]
/// ```
///
/// With `kdf_alg` "Sc" the bracketed 104 bytes are XOR-ed with the first 104 bytes of
/// `crypto_pwhash_scryptsalsa208sha256(passphrase, salt, opslimit, memlimit)`; with
/// 0x00 0x00 (`minisign -G -W`) they are in clear. `chk` is BLAKE2b-256(`Ed` ‖ key number ‖
/// secret key); a wrong passphrase shows as a `chk` mismatch. minisign 0.11 leaves `chk`
/// zero in unencrypted keys, so there a zero `chk` is accepted. The secret key is libsodium's
/// (seed ‖ public key): the key is rebuilt from the seed and must give that public key.
///
/// The sealed bytes, the scrypt output and the clear secret key live only in `SecureBytes`.
public struct MinisignSecretKey: Sendable {
    /// How the secret part is protected.
    public enum Protection: Sendable, Equatable {
        /// Not encrypted (`minisign -G -W`).
        case none
        /// XOR-ed with scrypt (libsodium `crypto_pwhash_scryptsalsa208sha256`) output.
        case scrypt(opsLimit: UInt64, memLimit: UInt64)
    }

    /// Why an opened key cannot be used. No case carries secret material.
    public enum OpenError: Error, Sendable, Equatable {
        /// The key is encrypted and no passphrase was given.
        case passphraseRequired
        /// The checksum does not match after decryption: the passphrase is wrong (or the
        /// encrypted bytes were changed, which looks the same).
        case wrongPassphrase
        /// The scrypt limits are beyond `maxOpsLimit` / `maxMemLimit`; nothing was derived.
        case unsupportedParameters(opsLimit: UInt64, memLimit: UInt64)
        /// libsodium's scrypt refused to run (out of memory).
        case kdfFailed
        /// The clear key is inconsistent: its checksum or public key does not match.
        case damaged
    }

    /// The largest accepted scrypt opslimit: twice minisign's (libsodium's SENSITIVE).
    public static let maxOpsLimit = 2 * UInt64(crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE)
    /// The largest accepted scrypt memlimit: 2 GiB, twice minisign's 1 GiB.
    public static let maxMemLimit = 2 * UInt64(crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE)

    static let blobBytes = 158
    static let headerBytes = 54
    static let sealedBytes = 104
    static let commentPrefix = "untrusted comment: "

    /// The file's untrusted comment (without the prefix).
    public let comment: String
    /// How the secret part is protected.
    public let protection: Protection
    /// The 32-byte scrypt salt (zeros when unencrypted).
    public let salt: [UInt8]
    /// key number ‖ secret key ‖ chk, as stored (encrypted or clear).
    let sealed: SecureBytes

    /// Parses the file text; nil when it is not a minisign secret key (wrong shape, length,
    /// or an algorithm other than `Ed` / `Sc` or none / `B2`). Lines may end in CR LF.
    public init?(text: String) {
        // "\r\n" is one Character in Swift, and a line break like "\n".
        let lines = text.split(maxSplits: 2, omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        guard lines.count >= 2 else { return nil }
        guard lines[0].hasPrefix(Self.commentPrefix), let blob = Self.decodeSecure(lines[1]) else { return nil }
        let header: [UInt8] = blob.withBytes { Array($0[0..<Self.headerBytes]) }
        guard header[0] == 0x45, header[1] == 0x64, header[4] == 0x42, header[5] == 0x32 else { return nil }
        switch (header[2], header[3]) {
        case (0x53, 0x63):
            protection = .scrypt(opsLimit: Self.loadLE(header, at: 38), memLimit: Self.loadLE(header, at: 46))
        case (0, 0):
            protection = .none
        default:
            return nil
        }
        comment = String(lines[0].dropFirst(Self.commentPrefix.count))
        salt = Array(header[6..<38])
        let sealed = SecureBytes(count: Self.sealedBytes)
        sealed.withMutableBytes { out in
            blob.withBytes { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[Self.headerBytes..<Self.blobBytes])) }
        }
        self.sealed = sealed
    }

    /// True when opening needs a passphrase (`kdf_alg` "Sc").
    public var needsPassphrase: Bool { protection != .none }

    /// Opens the key: decrypts (when encrypted), checks the checksum and that the seed gives
    /// the stored public key. The signer's name is empty (minisign keys carry none).
    /// - Throws: `OpenError`: `.passphraseRequired`, `.wrongPassphrase`,
    ///   `.unsupportedParameters` (absurd scrypt limits; nothing is allocated), `.kdfFailed`,
    ///   `.damaged`.
    public func open(passphrase: SecureBytes?) throws(OpenError) -> Signer {
        let clear: SecureBytes
        switch protection {
        case .none:
            clear = sealed
        case .scrypt(let ops, let mem):
            guard ops <= Self.maxOpsLimit, mem <= Self.maxMemLimit else {
                throw .unsupportedParameters(opsLimit: ops, memLimit: mem)
            }
            guard let passphrase else { throw .passphraseRequired }
            guard let stream = Self.scrypt(passphrase: passphrase, salt: salt, opsLimit: ops, memLimit: mem) else { throw .kdfFailed }
            clear = SecureBytes(count: Self.sealedBytes)
            clear.withMutableBytes { c in
                sealed.withBytes { s in stream.withBytes { k in for i in 0..<Self.sealedBytes { c[i] = s[i] ^ k[i] } } }
            }
        }
        switch Self.checksum(of: clear) {
        case .matches: break
        case .zero where protection == .none: break
        default: throw protection == .none ? .damaged : .wrongPassphrase
        }
        let keyNumber: [UInt8] = clear.withBytes { Array($0[0..<8]) }
        let seed = SecureBytes(count: 32)
        seed.withMutableBytes { s in clear.withBytes { s.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[8..<40])) } }
        let key = Ed25519(seed: seed)
        let storedPublic: [UInt8] = clear.withBytes { Array($0[40..<72]) }
        guard key.publicKey == storedPublic else { throw .damaged }
        return Signer(name: "", keyNumber: keyNumber, key: key)
    }

    enum Checksum { case matches, zero, differs }

    /// Compares `chk` (bytes 72..<104 of the clear part) with BLAKE2b-256(`Ed` ‖ key number ‖
    /// secret key), in constant time.
    static func checksum(of clear: SecureBytes) -> Checksum {
        let computed = computeChecksum(clear)
        return clear.withBytes { c -> Checksum in
            let stored = c.baseAddress! + 72
            if sodium_memcmp(stored, computed, 32) == 0 { return .matches }
            return sodium_is_zero(stored.assumingMemoryBound(to: UInt8.self), 32) == 1 ? .zero : .differs
        }
    }

    /// BLAKE2b-256(`Ed` ‖ key number ‖ secret key) of a clear part (key number ‖ secret key ‖ …).
    static func computeChecksum(_ clear: SecureBytes) -> [UInt8] {
        let input = SecureBytes(count: 2 + 8 + 64)
        input.withMutableBytes { i in
            i[0] = 0x45
            i[1] = 0x64
            clear.withBytes { UnsafeMutableRawBufferPointer(rebasing: i[2..<74]).copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<72])) }
        }
        return input.withBytes { BLAKE2b.hash($0, outputLength: 32) }
    }

    /// The first 104 bytes of scrypt output, in guarded memory; nil when libsodium refuses.
    static func scrypt(passphrase: SecureBytes, salt: [UInt8], opsLimit: UInt64, memLimit: UInt64) -> SecureBytes? {
        guard salt.count == Int(crypto_pwhash_scryptsalsa208sha256_SALTBYTES), memLimit <= UInt64(Int.max) else { return nil }
        let stream = SecureBytes(count: sealedBytes)
        let rc = stream.withMutableBytes { s in
            passphrase.withBytes { p in
                crypto_pwhash_scryptsalsa208sha256(
                    s.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(sealedBytes),
                    p.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(p.count),
                    salt, opsLimit, Int(memLimit))
            }
        }
        return rc == 0 ? stream : nil
    }

    /// Decodes one base64 line (standard alphabet, padded) of exactly `blobBytes` bytes
    /// straight into guarded memory.
    static func decodeSecure(_ line: Substring) -> SecureBytes? {
        let input = Array(line.utf8)
        guard !input.isEmpty, input.count <= 4 * ((blobBytes + 2) / 3) else { return nil }
        Sodium.ensureInitialised()
        let out = SecureBytes(count: blobBytes)
        var length = 0
        let rc = out.withMutableBytes { o in
            input.withUnsafeBufferPointer { i in
                i.withMemoryRebound(to: CChar.self) { c in
                    sodium_base642bin(
                        o.baseAddress!.assumingMemoryBound(to: UInt8.self), blobBytes, c.baseAddress, input.count,
                        nil, &length, nil, Int32(sodium_base64_VARIANT_ORIGINAL))
                }
            }
        }
        return rc == 0 && length == blobBytes ? out : nil
    }

    static func loadLE(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }
}
