import LedgerCore

extension LedgerFile {
    /// Streams the timeline entries that pass `filter`, oldest first. With a deployment in
    /// the filter, only that deployment's records are read (through the deployment index).
    /// `progress` gets records read and the total. Returns the ledger view at the end (for
    /// renderers that draw phases and actions).
    /// - Throws: `LedgerError` when locked or a record does not open, or what `emit` throws.
    @discardableResult
    public func timeline(
        _ filter: TimelineFilter, progress: (Int, Int) -> Void = { _, _ in },
        _ emit: (TimelineEntry) throws(LedgerError) -> Void
    ) throws(LedgerError) -> LedgerView {
        try timelineRecords(filter, progress: progress) { (entry, _) throws(LedgerError) in try emit(entry) }
    }

    /// `timeline(_:progress:_:)`, handing each entry's stored record along (for excerpts).
    /// - Throws: `LedgerError` when locked or a record does not open, or what `emit` throws.
    @discardableResult
    func timelineRecords(
        _ filter: TimelineFilter, progress: (Int, Int) -> Void,
        _ emit: (TimelineEntry, Record) throws(LedgerError) -> Void
    ) throws(LedgerError) -> LedgerView {
        // One deployment's records come with the roster's when it has sign-offs to judge
        // (the filter keeps the roster's out of the entries).
        let roster = try filter.deployment.map { d throws(LedgerError) in try store.has(.signoff, in: d) ? try store.rosterRecords() : [] } ?? []
        let total = try store.count(deployment: filter.deployment) + roster.count
        var view = LedgerView()
        var done = 0
        try events(deployment: filter.deployment, merging: roster) { (r, e) throws(LedgerError) in
            view.apply(e, seq: r.seq)
            if filter.keeps(e) { try emit(TimelineEntry(r, e, view: view), r) }
            done += 1
            if done % 4096 == 0 || done == total { progress(done, total) }
        }
        return view
    }
}

extension LedgerFile {
    /// The header every timeline export starts with: the ledger, its head, and the result of
    /// auditing it at the moment of export (`audit()`, as `ledger verify` without `--trust` or
    /// `--checkpoint`), with the audit itself (an excerpt refuses a fresh checkpoint of a damaged
    /// log). The header is stamped with the ledger's clock when the audit is done.
    /// - Throws: `LedgerError` when the file cannot be read.
    public func timelineHeader(
        _ filter: TimelineFilter, deploymentName: String?, zone: String,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws(LedgerError) -> (header: TimelineHeader, audit: AuditReport) {
        let audit = try audit(progress: progress)
        let header = TimelineHeader(
            ledger: id, headSeq: audit.chain.headSeq ?? 0, headHash: audit.chain.headHash ?? [],
            verify: VerifySummary(audit), generatedAt: clock.now(), deployment: filter.deployment,
            deploymentName: deploymentName, filters: filter.words, zone: zone)
        return (header, audit)
    }
}

extension VerifySummary {
    /// Summarises an audit (every step's findings).
    public init(_ audit: AuditReport) { self.init(audit.verify) }
}
