import LedgerCore

/// A deployment's view read before the write lock is taken, and the head it was read at.
struct PreparedView {
    var view: LedgerView
    let head: (seq: Int64, hash: [UInt8])
    /// True when the roster's records were folded in (always, once the deployment has a sign-off).
    let roster: Bool
}

extension LedgerFile {
    /// Runs `body` on the current view of deployment `id` while holding the write lock, having
    /// done the heavy part (reading and decrypting the deployment's records, parsing its
    /// template) before taking it. Under the lock it only folds in the records appended since
    /// (usually none, or a few other writers' records), so a writer holds the lock for
    /// milliseconds whatever the template's size, and concurrent writers queue briefly instead
    /// of timing out. The view `body` sees is exactly the one a full read under the lock gives.
    /// - Throws: what `body` throws, or `LedgerError`; then nothing is written.
    func withCurrentView<R>(
        of id: DeploymentID, withRoster: Bool = false,
        _ body: (inout LedgerView) throws(LedgerError) -> R
    ) throws(LedgerError) -> R {
        var prepared = try prepareView(of: id, withRoster: withRoster)
        return try store.exclusively { () throws(LedgerError) -> R in
            try catchUp(&prepared, of: id)
            return try body(&prepared.view)
        }
    }

    /// The view of `id` and the head, read in one snapshot without the write lock.
    func prepareView(of id: DeploymentID, withRoster: Bool) throws(LedgerError) -> PreparedView {
        try store.snapshot { () throws(LedgerError) -> PreparedView in
            guard let head = try store.head() else {
                throw LedgerError(.tampered, "'\(path)' holds no record", .emptyLog(path: path), remedy: .verifyForDamage)
            }
            let roster = withRoster ? true : try store.has(.signoff, in: id)
            return PreparedView(view: try ledgerView(of: id, withRoster: roster), head: head, roster: roster)
        }
    }

    /// Inside the lock: folds in what was appended after the prepared head. When the log no
    /// longer holds that head (it was cut or replaced), or a first sign-off arrived while the
    /// roster was not read, reads the whole view again instead.
    func catchUp(_ p: inout PreparedView, of id: DeploymentID) throws(LedgerError) {
        guard let now = try store.head(), now.seq != p.head.seq || now.hash != p.head.hash else { return }
        let later = try store.hash(of: p.head.seq) == p.head.hash ? try store.records(after: p.head.seq, deployment: id, roster: p.roster) : nil
        guard let later, p.roster || !later.contains(where: { $0.kind == EventKind.signoff.rawValue }) else {
            p = PreparedView(view: try ledgerView(of: id, withRoster: true), head: now, roster: true)
            return
        }
        let sealers = try self.sealers()
        for r in later { p.view.apply(try Self.open(r, sealers, signatures: .forProjection), seq: r.seq) }
        _ = try Self.deployment(id, in: p.view)
    }
}
