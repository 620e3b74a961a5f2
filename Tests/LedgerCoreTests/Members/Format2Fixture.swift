import TestSupport

@testable import LedgerCore

/// What the format-2 tests share: a ledger id, identities, one data key, member objects and
/// the public data of a founding record (decision 0017 §6.2).
enum Format2Fixture {
    static let ledger = LedgerID(bytes: Array(0x40..<0x50))!
    static let key = TestSecrets.secure(String(repeating: "k", count: 32))

    /// An Ed25519 identity whose seed is `letter` 32 times.
    static func identity(_ letter: Character) -> Ed25519 { Ed25519(seed: TestSecrets.secure(String(repeating: letter, count: 32))) }

    /// A member object for `id` (its key number: the key's first 8 bytes).
    static func member(_ id: Ed25519, _ name: String, _ can: String) throws -> MemberObject {
        try MemberObject(can: CapabilitySet.parse(list: can), key: id.publicKey, keyNumber: Array(id.publicKey.prefix(8)), name: name)
    }

    /// `key` wrapped for `id` at `epoch`.
    static func wrap(_ id: Ed25519, epoch: UInt32 = 1, random: any RandomSource = SystemRandom()) -> X25519Stanza {
        X25519Stanza.wrap(key, for: id.publicKey, ledger: ledger, epoch: epoch, random: random)!
    }

    /// The public data of record 1 founding the ledger with `founder` (named `name`, holding
    /// `can`), epoch 1 wrapped to it alone.
    static func founding(_ founder: Ed25519, _ name: String, _ can: String, random: any RandomSource = SystemRandom()) throws -> JSONValue {
        let epoch = try EpochObject(
            epoch: 1, keyCheck: EpochKey.check(key, ledger: ledger, epoch: 1), previous: nil, wraps: [wrap(founder, random: random)])
        return ["epoch": epoch.json, "format": 2, "member": try member(founder, name, can).json]
    }
}
