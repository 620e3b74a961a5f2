import LedgerCore

/// What `ledger roster export --trust` writes out for an auditor to pin: the roster in force
/// and the ledger's checkpoint verifier key, with where that key came from.
public struct TrustExport: Sendable {
    /// The roster entries in force (not revoked), in the order they were added.
    public let signers: [Roster.Entry]
    /// The checkpoint verifier key, if known: derived with the passphrase, else the one the
    /// ledger recorded when a checkpoint was first signed.
    public let checkpointKey: String?
    /// True when `checkpointKey` was derived from the ledger's keys (the passphrase was given).
    public let checkpointKeyDerived: Bool
}

extension LedgerFile {
    /// The roster in force and the checkpoint key, for a trust file (docs/FORMAT.md §14.5).
    /// - Throws: `LedgerError` when the log cannot be read.
    public func trustExport() throws(LedgerError) -> TrustExport {
        let roster = try roster()
        var key: (String, CheckpointOutcome.KeySource)?
        let recorded = try store.meta("checkpoint_key")
        if isUnlocked || recorded != nil { key = try checkpointVerifierKey(given: nil) }
        return TrustExport(signers: roster.active, checkpointKey: key?.0, checkpointKeyDerived: key?.1 == .derived)
    }
}
