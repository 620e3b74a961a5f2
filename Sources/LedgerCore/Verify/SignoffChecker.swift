/// The keyed half of sign-off verification: replays one deployment's decrypted events and
/// checks each sign-off's statement against the record that carries it and the checklist
/// state it claims, then reports the current sign-offs whose state changed since (stale).
/// Pure (docs/FORMAT.md §14.6).
public struct SignoffChecker: Sendable {
    let ledger: LedgerID
    var view = LedgerView()
    var deployment: DeploymentID?
    var findings: [Finding] = []
    /// Per role: the current sign-off's seq, its signed digest, and the first record that changed the state since.
    var current: [String: (seq: Int64, digest: [UInt8], changedAt: Int64?)] = [:]

    /// A checker for one deployment of `ledger`.
    public init(ledger: LedgerID) { self.ledger = ledger }

    /// Folds in the deployment's next record and event (in sequence order).
    public mutating func add(_ r: Record, _ e: Event) {
        deployment = e.deployment
        if e.kind == .signoff, let d = view.deployment(e.deployment) { check(r, e, before: d) }
        view.apply(e, seq: r.seq)
        guard e.kind != .signoff, !current.isEmpty, let d = view.deployment(e.deployment) else { return }
        let now = ChecklistState.digest(d)
        for (role, c) in current where c.changedAt == nil && c.digest != now { current[role]!.changedAt = r.seq }
    }

    mutating func check(_ r: Record, _ e: Event, before d: DeploymentView) {
        let role = e.publicData["role"]?.stringValue ?? "?"
        guard let signed = SignedStatement(data: e.data) else {
            return findings.append(Finding(.malformed, seq: r.seq, "sign-off at record \(r.seq) does not hold a readable statement"))
        }
        let s = signed.statement, key = e.publicData["key"]?.stringValue.flatMap(Base64.decode) ?? []
        let state = ChecklistState.digest(d)
        var wrong: [String] = []
        if s.ledger != ledger { wrong.append("ledger") }
        if s.deployment != e.deployment { wrong.append("deployment") }
        if s.headSeq != r.seq - 1 || s.headHash != r.prevHash { wrong.append("head (it names record \(s.headSeq))") }
        if s.role != role { wrong.append("role") }
        if s.templateSHA256 != d.templateSHA256 { wrong.append("template") }
        if s.checklistState != state { wrong.append("checklist state") }
        if !signed.verifies(publicKey: key) {
            findings.append(Finding(.badSignature, seq: r.seq, "the statement of the sign-off at record \(r.seq) (\(role)) does not verify with its key \(key.keyFingerprint)"))
        }
        if !wrong.isEmpty {
            findings.append(Finding(.badSignature, seq: r.seq, "the statement of the sign-off at record \(r.seq) (\(role)) does not match the log: \(wrong.joined(separator: ", "))"))
        }
        current[role] = (r.seq, s.checklistState, nil)
    }

    /// The findings, with a `stale_signoff` for each current sign-off whose state changed.
    public func finish() -> [Finding] {
        var out = findings
        for (role, c) in current.sorted(by: { $0.value.seq < $1.value.seq }) {
            guard let d = deployment.flatMap(view.deployment), ChecklistState.digest(d) != c.digest else { continue }
            let at = c.changedAt.map { " (first changed by record \($0))" } ?? ""
            out.append(Finding(.staleSignoff, seq: c.seq, "the \(role) sign-off at record \(c.seq) is stale: the checklist changed after it was signed\(at); \(role) must sign again"))
        }
        return out
    }
}
