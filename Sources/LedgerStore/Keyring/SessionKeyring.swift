import CKeyring
import LedgerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A ledger's unlocked data keys kept in the Linux session keyring for a bounded time, so that
/// later commands of the same login session neither ask for the passphrase nor pay Argon2id
/// (issue #13 point 8; decision 0018). The key is a `user` key named `ledger:v1:<ledger id>`,
/// readable only by the processes that possess it (those of this session), expiring at an
/// absolute time set by the kernel. The payload is `u32be(epoch) ‖ key (32)` per epoch; it is
/// read straight into guarded memory.
public enum SessionKeyring {
    /// Possessor may view, read, write, search and set attributes (not link); the user, group
    /// and others nothing (keyctl_setperm(3)).
    static let possessorOnly: UInt32 = 0x2f00_0000

    /// The longest an unlock may last: 12 hours.
    public static let maxTimeout: UInt32 = 12 * 3600

    /// `ledger:v1:<id>` for a format-1 ledger's data keys; `ledger:v2:<id>` for the identity
    /// that opened a team ledger, kept as the seed under epoch number 0 (which no epoch has):
    /// later commands open their wraps with it (one X25519, no Argon2id).
    static func description(_ ledger: LedgerID) -> String { "ledger:v\(ledger.format.rawValue):\(ledger.hex)" }

    /// The session keyring's id, refusing the shared user-session keyring that a process without
    /// a session keyring of its own is given (it would share the keys with every process of the
    /// user).
    /// - Throws: `LedgerError` (`.failure`) naming why there is no usable session keyring.
    static func session() throws(LedgerError) -> Int32 {
        let id = ckeyring_session_id()
        guard id > 0 else { throw unavailable(errno) }
        var buf = [CChar](repeating: 0, count: 256)
        let n = ckeyring_describe(id, &buf, buf.count)
        guard n > 0 else { throw unavailable(errno) }
        let text = String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if let name = text.split(separator: ";", omittingEmptySubsequences: false).last, name.hasPrefix("_uid_ses.") {
            throw LedgerError(
                .failure, "this process has no session keyring of its own (it would share the unlocked keys with every process of user \(getuid()))",
                hint: "start a login shell, or run the commands under 'keyctl session -' (package keyutils)")
        }
        return id
    }

    static func unavailable(_ code: Int32) -> LedgerError {
        LedgerError(
            .failure, "the session keyring is not available: \(String(cString: strerror(code)))",
            hint: "ledger unlock needs the Linux kernel keyring; without it every command asks for the passphrase as before")
    }

    /// Keeps `keys` of `ledger` for `seconds` (replacing what an earlier unlock kept).
    /// - Throws: `LedgerError` when there is no usable session keyring or the kernel refuses.
    public static func store(_ keys: [UInt32: SecureBytes], ledger: LedgerID, seconds: UInt32) throws(LedgerError) {
        let keyring = try session()
        let payload = SecureBytes(count: keys.count * 36)
        payload.withMutableBytes { out in
            for (i, epoch) in keys.keys.sorted().enumerated() {
                withUnsafeBytes(of: epoch.bigEndian) { out[(i * 36)..<(i * 36 + 4)].copyBytes(from: $0) }
                keys[epoch]!.withBytes { out[(i * 36 + 4)..<(i * 36 + 36)].copyBytes(from: $0) }
            }
        }
        let id = payload.withBytes { ckeyring_add(description(ledger), $0.baseAddress, $0.count, keyring) }
        guard id > 0 else { throw unavailable(errno) }
        guard ckeyring_setperm(id, possessorOnly) == 0, ckeyring_set_timeout(id, seconds) == 0 else {
            let code = errno
            _ = ckeyring_invalidate(id)
            throw unavailable(code)
        }
    }

    /// The keys an unlock of `ledger` kept in this session, if any and not expired.
    public static func load(ledger: LedgerID) -> [UInt32: SecureBytes]? {
        guard let keyring = try? session() else { return nil }
        let id = ckeyring_search(keyring, description(ledger))
        guard id > 0 else { return nil }
        let length = ckeyring_read(id, nil, 0)
        guard length > 0, length % 36 == 0, length <= 36 * 4096 else { return nil }
        let payload = SecureBytes(count: length)
        let read = payload.withMutableBytes { ckeyring_read(id, $0.baseAddress, $0.count) }
        guard read == length else { return nil }
        var keys: [UInt32: SecureBytes] = [:]
        payload.withBytes { p in
            for i in 0..<(length / 36) {
                let epoch = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: i * 36, as: UInt32.self))
                let key = SecureBytes(count: 32)
                key.withMutableBytes { $0.copyBytes(from: UnsafeRawBufferPointer(rebasing: p[(i * 36 + 4)..<(i * 36 + 36)])) }
                keys[epoch] = key
            }
        }
        return keys
    }

    /// Forgets what an unlock of `ledger` kept; false when nothing was kept.
    public static func forget(ledger: LedgerID) -> Bool {
        guard let keyring = try? session() else { return false }
        let id = ckeyring_search(keyring, description(ledger))
        return id > 0 && ckeyring_invalidate(id) == 0
    }
}

extension LedgerFile {
    /// Unlocks with the keys `ledger unlock` kept for this ledger in this login session; false
    /// (and still locked) when there are none, they expired, or they are not this file's.
    /// - Throws: `LedgerError` when the file cannot be read.
    public func unlockFromSession() throws(LedgerError) -> Bool {
        guard let kept = SessionKeyring.load(ledger: id) else { return false }
        guard format == .v2 else { return try unlock(keptKeys: kept) }
        guard let seed = kept[0], seed.count == 32 else { return false }
        let key = Ed25519(seed: seed)
        guard let member = try membership().member(key: key.publicKey) else { return false }
        do { try unlock(identity: Signer(name: member.member.name, keyNumber: member.member.keyNumber, key: key)) } catch { return false }
        return true
    }

    /// What `ledger unlock` keeps of this handle: format 1's data keys, or the seed of the
    /// identity that opened a team ledger (under epoch 0); nil while locked.
    public var keptForSession: [UInt32: SecureBytes]? {
        guard format == .v2 else { return dataKeys }
        return identity.map { [0: $0.key.seed] }
    }
}
