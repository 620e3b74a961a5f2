import Checklist
import LedgerCore

/// A deployment as listed: its start record only.
public struct DeploymentSummary: Sendable, Equatable {
    /// The deployment's id.
    public let id: DeploymentID
    /// Its name.
    public let name: String
    /// Who started it and when.
    public let startedBy: String
    /// When it started.
    public let startedAt: Timestamp
    /// Its `deployment.started` record.
    public let startSeq: Int64
}

extension LedgerFile {
    /// Every deployment, in the order they started (decrypts only their first records).
    /// - Throws: `LedgerError`.
    public func deployments() throws(LedgerError) -> [DeploymentSummary] {
        try deployments(startedAfter: 0)
    }

    /// The deployments whose first record comes after `seq`.
    func deployments(startedAfter after: Int64) throws(LedgerError) -> [DeploymentSummary] {
        try openedDeployments(startedAfter: after) { _ in false }.summaries
    }

    /// The deployments whose first record comes after `seq`, and the start records (as stored
    /// and as opened for a projection) of those `keep` asks for.
    private func openedDeployments(
        startedAfter after: Int64, keep: (DeploymentSummary) -> Bool
    ) throws(LedgerError) -> (summaries: [DeploymentSummary], kept: [Int64: (record: Record, event: Event)]) {
        let sealers = try self.sealers()
        var out: [DeploymentSummary] = [], kept: [Int64: (record: Record, event: Event)] = [:]
        for (id, seq) in try store.deploymentStarts() where seq > after {
            guard let r = try store.record(seq) else { continue }
            let e = try Self.open(r, sealers, signatures: .forProjection)
            guard e.kind == .deploymentStarted, case .deploymentStarted(let b) = e.body, let name = b.name.value else { continue }
            let summary = DeploymentSummary(id: id, name: name, startedBy: e.actor, startedAt: e.time, startSeq: seq)
            out.append(summary)
            if keep(summary) { kept[seq] = (r, e) }
        }
        return (out, kept)
    }

    /// Finds a deployment by name, id or id prefix; with no query, the only deployment there is.
    /// - Throws: `LedgerError` naming the candidates when there is none or more than one.
    public func resolveDeployment(_ query: String?) throws(LedgerError) -> DeploymentSummary {
        // Only a deployment the query may name keeps its opened start record (the first one
        // when there is no query, which names the only deployment there is), and at most four:
        // a query that many match (an empty id prefix) keeps nothing more in memory.
        let q = query?.lowercased()
        var seen = 0, kept = 0
        let opened = try openedDeployments(startedAfter: 0) { d in
            seen += 1
            guard let query, let q else { return seen == 1 }
            guard kept < 4, d.name == query || d.name.lowercased() == q || d.id.hex.hasPrefix(q) else { return false }
            kept += 1
            return true
        }
        let found = try Self.pick(query, among: opened.summaries, in: path)
        openedStart = opened.kept[found.startSeq]
        return found
    }

    /// The one deployment of `all` that `query` names (see `resolveDeployment(_:)`).
    /// - Throws: `LedgerError` naming the candidates when there is none or more than one.
    private static func pick(_ query: String?, among all: [DeploymentSummary], in path: String) throws(LedgerError) -> DeploymentSummary {
        let list = all.map { "'\($0.name)' (\($0.id.hex.prefix(8)))" }.joined(separator: ", ")
        guard let query else {
            if all.count == 1 { return all[0] }
            if all.isEmpty {
                throw LedgerError(.failure, "no deployment in '\(path)'", .noDeployment(path: path), remedy: .startDeployment)
            }
            throw LedgerError(.usage, "\(all.count) deployments are open: \(list)", .severalDeployments(names: all.map(\.name)), remedy: .chooseDeployment)
        }
        let q = query.lowercased()
        let matches = all.filter { $0.name == query || $0.id.hex == q }
        let prefixed = matches.isEmpty ? all.filter { $0.id.hex.hasPrefix(q) || $0.name.lowercased() == q } : matches
        if prefixed.count == 1 { return prefixed[0] }
        if prefixed.isEmpty {
            throw LedgerError(
                .usage, "no deployment '\(query)' in '\(path)'",
                .unknownDeployment(query: query), hint: all.isEmpty ? nil : "the deployments are: \(list)", remedy: all.isEmpty ? .startDeployment : nil)
        }
        throw LedgerError(.usage, "'\(query)' names \(prefixed.count) deployments", hint: "use the id; the deployments are: \(list)")
    }

    /// The current view of one deployment, rebuilt from its records alone.
    /// - Throws: `LedgerError`.
    public func view(of id: DeploymentID) throws(LedgerError) -> DeploymentView {
        try Self.deployment(id, in: try ledgerView(of: id))
    }

    /// The projection of one deployment's records and, when it has sign-offs to judge (or
    /// `withRoster`), the roster's records in their places.
    /// - Throws: `LedgerError` (`.corrupt` when the deployment never started).
    func ledgerView(of id: DeploymentID, withRoster: Bool = false) throws(LedgerError) -> LedgerView {
        var v = LedgerView()
        let roster = withRoster ? true : try store.has(.signoff, in: id)
        let merging = roster ? try store.rosterRecords() : []
        try events(deployment: id, merging: merging, signatures: .forProjection) { (r, e) throws(LedgerError) in v.apply(e, seq: r.seq) }
        _ = try Self.deployment(id, in: v)
        return v
    }

    static func deployment(_ id: DeploymentID, in v: LedgerView) throws(LedgerError) -> DeploymentView {
        guard let d = v.deployment(id) else {
            throw LedgerError(.corrupt, "deployment \(id) has no usable deployment.started record", .noDeploymentStart(deployment: id), remedy: .runVerify)
        }
        return d
    }

    /// Appends `events` and folds them into `view`, so a caller that appends several times
    /// in one transaction keeps its view current without reading the log again. The events
    /// are the ones just sealed (signed by `signer` when given), so they fold as read back.
    /// - Throws: `LedgerError`.
    func append(_ events: [Event], folding view: inout LedgerView, signer: Signer?) throws(LedgerError) -> [Record] {
        let records = try append(events, signer: signer)
        for (var e, r) in zip(events, records) {
            e.signedBy = signer?.publicKey
            if format == .v2, let identity {  // as read back: signed by its author, who is its actor
                e.signedBy = identity.publicKey
                e.actor = names.name(of: identity.publicKey, at: r.seq)
            }
            e.publicData = r.publicObject
            view.apply(e, seq: r.seq)
        }
        return records
    }

    /// Appends what `decide` returns for the deployment's current view, deciding and appending
    /// under the write lock, so no other writer can change the deployment in between (the
    /// view is read before the lock is taken, `withCurrentView`). The records are signed with
    /// `signer` when one is given.
    /// - Throws: what `decide` throws, or `LedgerError`; then nothing is written.
    @discardableResult
    public func update(
        _ id: DeploymentID, signer: Signer? = nil,
        _ decide: (DeploymentView) throws(LedgerError) -> [Event]
    ) throws(LedgerError) -> [Record] {
        try withCurrentView(of: id) { (ledger) throws(LedgerError) -> [Record] in
            let events = try decide(try Self.deployment(id, in: ledger))
            return events.isEmpty ? [] : try append(events, signer: signer)
        }
    }

    /// Starts a deployment on `template`; returns its id. `phases` is recorded with it
    /// (docs/FORMAT.md §14.4); without one, what the template's own directives and headings give.
    /// The record is signed with `signer` when one is given.
    /// - Throws: `LedgerError` when the name is taken or the template is not UTF-8.
    public func startDeployment(
        name: String, template: ChecklistTemplate, templateName: String, actor: Actor,
        phases: PhaseMap? = nil, signer: Signer? = nil
    ) throws(LedgerError) -> DeploymentID {
        let map: PhaseMap
        if let phases { map = phases } else { map = try PhaseMap.resolve(template, try PhaseSpec.inTemplate(template)) }
        guard String(validating: template.source, as: UTF8.self) != nil else {
            throw LedgerError(.usage, "the template '\(templateName)' is not UTF-8 text", hint: "save it as UTF-8 and try again")
        }
        guard template.source.count <= ChecklistEvents.maxTemplateBytes else {
            throw LedgerError(
                .usage,
                "the template '\(templateName)' is \(template.source.count) bytes; a deployment's template may be at most \(ChecklistEvents.maxTemplateBytes) bytes (1 MiB), because every command on the deployment reads it",
                hint: "split the checklist into several deployments, or move long text out of it (attach it to an item as evidence)")
        }
        // The names are read before the write lock; under it, only deployments started since.
        let (known, at) = try store.snapshot { () throws(LedgerError) -> ([DeploymentSummary], Int64) in
            (try deployments(), try store.head()?.seq ?? 0)
        }
        return try store.exclusively { () throws(LedgerError) -> DeploymentID in
            if try (known + deployments(startedAfter: at)).contains(where: { $0.name == name }) {
                throw LedgerError(.usage, "a deployment named '\(name)' already exists in '\(path)'", .deploymentExists(name: name), remedy: .chooseAnotherName)
            }
            let id = DeploymentID.random(random)
            let started = DeploymentStarted(name: name, template: template, templateName: templateName, phaseMap: map)
            try append([Event(.deploymentStarted(started), deployment: id, by: actor, time: clock.now())], signer: signer)
            return id
        }
    }
}
