import LedgerCore
import LedgerStore

extension KeyOptions {
    /// With `--key`, opens the key and has `ledger` sign every record it appends (the key
    /// must be on the roster); without it, does nothing.
    /// - Throws: `LedgerError` when the key cannot be opened or is not on the roster.
    func sign(_ ledger: LedgerFile) throws(LedgerError) {
        if let signer = try open() { try ledger.sign(with: signer) }
    }
}
