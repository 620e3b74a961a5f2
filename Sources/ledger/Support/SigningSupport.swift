import LedgerCore
import LedgerStore

extension KeyOptions {
    /// With `--key`, opens the key, which must be on the roster of `ledger`, to sign every
    /// record the command appends; without it, nil (nothing is signed).
    /// - Throws: `LedgerError` when the key cannot be opened or is not on the roster.
    func signer(for ledger: LedgerFile) throws(LedgerError) -> Signer? {
        guard let signer = try open() else { return nil }
        return try ledger.trustedSigner(signer)
    }
}
