import LedgerCore

/// The passphrases and keys the tests use: fixed, public, and never a real secret.
public enum TestSecrets {
    /// The passphrase of the library tests' ledgers (`LedgerFixture`).
    public static let passphrase = "correct horse battery staple"

    /// The passphrase of the CLI tests' ledgers (`CLI.initLedger`).
    public static let cliPassphrase = "pass"

    /// The environment that gives `ledger` the CLI tests' passphrase.
    public static let cliEnvironment = ["LEDGER_PASSPHRASE": cliPassphrase]

    /// `text` in guarded memory.
    public static func secure(_ text: String) -> SecureBytes {
        var b = Array(text.utf8)
        return SecureBytes(consuming: &b)
    }

    /// A signer named `name` whose key number is eight bytes `number` and whose Ed25519 seed
    /// is 32 bytes `seed`.
    public static func signer(_ name: String, number: UInt8, seed: UInt8) -> Signer {
        var s = [UInt8](repeating: seed, count: 32)
        return Signer(name: name, keyNumber: [UInt8](repeating: number, count: 8), key: Ed25519(seed: SecureBytes(consuming: &s)))
    }
}
