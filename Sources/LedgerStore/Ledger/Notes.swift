import LedgerCore

extension LedgerFile {
    /// Appends a `note` on `deployment` (`.none`: on the ledger), signed with `signer` when
    /// one is given.
    /// - Throws: `LedgerError`: the text is empty or too long (`NoteText.check`; nothing is
    ///   written), or the write fails.
    @discardableResult
    public func note(_ text: String, deployment: DeploymentID = .none, actor: Actor, signer: Signer? = nil) throws(LedgerError) -> Record {
        try NoteText.check(text)
        return try append(.note, deployment: deployment, actor: actor, data: ["text": .string(text)], signer: signer)
    }
}
