import LedgerCore
import LedgerStore

extension KeyOptions {
    /// With `--key`, opens the key, which must be on the roster of `ledger`, to sign every
    /// record the command appends; without it, nil (nothing is signed).
    /// - Throws: `LedgerError` when the key cannot be opened or is not on the roster.
    /// On a team ledger (format 2) every record is signed by the identity that opened it, so
    /// `--key` is refused there (use `--identity`) and nil is returned.
    func signer(for ledger: LedgerFile) throws(LedgerError) -> Signer? {
        if ledger.format == .v2 {
            guard key == nil else {
                throw LedgerError(
                    .usage, "on a team ledger every record is signed by the identity that opens it", hint: "pass your key with --identity, not --key")
            }
            return nil
        }
        guard let signer = try open() else { return nil }
        return try ledger.trustedSigner(signer)
    }
}
