/// The keyed half of sign-off verification: replays one deployment's decrypted events and
/// checks each sign-off's statement against the record that carries it, the checklist state
/// it claims and the sign-off rules, then reports the current sign-offs whose state changed
/// since (stale). Pure (docs/FORMAT.md §14.6).
public struct SignoffChecker: Sendable {
    let ledger: LedgerID
    var view = LedgerView()
    var deployment: DeploymentID?
    var findings: [Finding] = []
    /// Per role: the current sign-off (one that counts) and the first record that changed the state since.
    var current: [String: (signoff: Signoff, changedAt: Int64?)] = [:]

    /// Kinds that can change the checklist state (§14.3); only they are followed for staleness.
    static let stateKinds = KindInfo.signedStateKinds
    /// The last record that could change the signed state, for format 2's statements, which
    /// may be prepared some records before their sign-off.
    var lastStateChange: Int64 = 0
    /// Format 2: each sign-off's statement head (record and hash), which the caller checks
    /// against the stored hash (the head need not be one of the records fed here).
    public private(set) var heads: [(signoff: Int64, head: Int64, hash: [UInt8])] = []

    /// A checker for one deployment of `ledger`.
    public init(ledger: LedgerID) { self.ledger = ledger }

    /// Folds in the deployment's next record and event (in sequence order).
    /// Roster events (of the whole ledger) are fed in their places too.
    public mutating func add(_ r: Record, _ e: Event) {
        if !e.deployment.isNone { deployment = e.deployment }
        if e.kind == .deploymentStarted { checkTemplateDigest(r, e) }
        var counted: Signoff?
        if e.kind == .signoff {
            if let d = view.deployment(e.deployment) {
                counted = check(r, e, before: d)
            } else {
                findings.append(Finding(.invalidSignoff, seq: r.seq, "sign-off at record \(r.seq) is for deployment \(e.deployment), which never started"))
            }
        }
        view.apply(e, seq: r.seq)
        if Self.stateKinds.contains(e.kind) { lastStateChange = r.seq }
        // Staleness is followed for the sign-offs that count (the view kept them: the same judgement).
        if let s = counted { current[s.role] = (s, nil) }
        // Only while some sign-off has not yet seen the state change (one digest per such event).
        guard Self.stateKinds.contains(e.kind), current.values.contains(where: { $0.changedAt == nil }),
            let d = view.deployment(e.deployment)
        else { return }
        let now = ChecklistState.digest(d)
        for (role, c) in current where c.changedAt == nil && c.signoff.isStale(present: now) { current[role]!.changedAt = r.seq }
    }

    mutating func checkTemplateDigest(_ r: Record, _ e: Event) {
        if let f = Self.templateDigestFinding(r, e) { findings.append(f) }
    }

    /// A `deployment.started` whose public `template_sha256` is not the SHA-256 of the recorded
    /// template (§9) gives a `malformed` finding; nil when it holds.
    public static func templateDigestFinding(_ r: Record, _ e: Event) -> Finding? {
        guard e.kind == .deploymentStarted, case .deploymentStarted(let b) = e.body, let text = b.template.value else { return nil }
        let actual = Hex.encode(SHA256.hash(Array(text.utf8)))
        guard b.templateSHA256.value != actual else { return nil }
        return Finding(
            .malformed, seq: r.seq,
            "record \(r.seq) starts a deployment whose public template_sha256 is not the SHA-256 of its template (\(actual.prefix(16))…): readers without the key are told another template"
        )
    }

    /// Checks one sign-off against the log before it; the sign-off when its statement verifies,
    /// describes the log and `SignoffRules.judge` counts it, else nil.
    mutating func check(_ r: Record, _ e: Event, before d: DeploymentView) -> Signoff? {
        let body = e.body
        guard case .signoff(let b) = body, let role = b.role.value, let key = b.key.value?.bytes else { return nil }
        guard let signed = b.signed else {
            findings.append(Finding(.malformed, seq: r.seq, "sign-off at record \(r.seq) does not hold a readable statement"))
            return nil
        }
        guard (signed.statement.version == 2) == (ledger.format == .v2) else {
            findings.append(
                Finding(
                    .malformed, seq: r.seq,
                    "sign-off at record \(r.seq) holds a version-\(signed.statement.version) statement in a format-\(ledger.format.rawValue) ledger"))
            return nil
        }
        let verifies = signed.verifies(publicKey: key)
        if !verifies {
            findings.append(
                Finding(
                    .badSignature, seq: r.seq,
                    "the statement of the sign-off at record \(r.seq) (\(role)) does not verify with its key \(signed.statement.keyID) (\(key.keyFingerprint))")
            )
        }
        let wrong = mismatches(signed.statement, r, e, role: role, before: d)
        if signed.statement.version == 2 { heads.append((r.seq, signed.statement.headSeq, signed.statement.headHash)) }
        if !wrong.isEmpty {
            findings.append(
                Finding(
                    .badSignature, seq: r.seq,
                    "the statement of the sign-off at record \(r.seq) (\(role)) does not match the log: \(wrong.joined(separator: ", "))"))
        }
        // A statement that does not verify or does not describe the log is judged no further:
        // the rules and staleness would be measured against a state its signer never saw.
        guard verifies, wrong.isEmpty else { return nil }
        switch SignoffRules.judge(body, e, seq: r.seq, before: d, roster: view.roster) {
        case .counts(let signoff): return signoff
        case .refused(let reasons):
            // The signature, roster and role refusals are the keyless pass's findings (`TrustVerifier`).
            for case .rules(let why) in reasons {
                findings.append(Finding(.invalidSignoff, seq: r.seq, "the sign-off at record \(r.seq) (\(role)) breaks the sign-off rules: \(why)"))
            }
            return nil
        }
    }

    /// The statement's fields that differ from the record, its payload and the log before it.
    func mismatches(_ s: SignoffStatement, _ r: Record, _ e: Event, role: String, before d: DeploymentView) -> [String] {
        var wrong: [String] = []
        if s.ledger.bytes != ledger.bytes { wrong.append("ledger") }
        if s.deployment != e.deployment { wrong.append("deployment") }
        if s.deploymentName != d.name.oneLine { wrong.append("deployment name") }
        if s.version == 2 {
            // Prepared at its head, signed elsewhere, attached later: nothing that changes the
            // signed state may come between (decision 0019 §4); the signer is the member's name.
            if s.headSeq >= r.seq || s.headSeq < lastStateChange {
                wrong.append("head (it names record \(s.headSeq), before a change at \(lastStateChange) or not before the sign-off)")
            }
            if case .signoff(let b) = e.body, let key = b.key.value?.bytes, view.roster.lastEntry(for: key)?.name == s.signer {} else { wrong.append("signer") }
            if s.time > e.time { wrong.append("time (after its sign-off)") }
        } else if s.headSeq != r.seq - 1 || s.headHash != r.prevHash {
            wrong.append("head (it names record \(s.headSeq))")
        }
        if s.role != role { wrong.append("role (it says \(s.role))") }
        if case .signoff(let b) = e.body, let kn = b.keyNumber.value?.bytes, s.keyID == Signer.keyID(kn) {} else { wrong.append("key id") }
        if s.version == 1, s.signer != e.actor.oneLine { wrong.append("signer") }
        if s.version == 1, s.time != e.time { wrong.append("time") }
        if s.templateSHA256 != d.templateSHA256 { wrong.append("template") }
        if s.checklistState != ChecklistState.digest(d) { wrong.append("checklist state") }
        return wrong
    }

    /// The findings, with a `stale_signoff` for each current sign-off whose state changed.
    public func finish() -> [Finding] {
        var out = findings
        guard let d = deploymentView else { return out }
        let now = ChecklistState.digest(d)
        for (role, c) in current.sorted(by: { $0.value.signoff.seq < $1.value.signoff.seq }) where c.signoff.isStale(present: now) {
            let at = c.changedAt.map { " (first changed by record \($0))" } ?? ""
            let seq = c.signoff.seq
            out.append(
                Finding(
                    .staleSignoff, seq: seq,
                    "the \(role) sign-off at record \(seq) is stale: the checklist changed after it was signed\(at); \(role) must sign again"))
        }
        return out
    }

    /// The deployment as its log (and the roster's) built it, once every record is added.
    public var deploymentView: DeploymentView? { deployment.flatMap(view.deployment) }

    /// Per current sign-off that is stale (by its record): the first record that changed the
    /// checklist state after it, when known.
    public var staleSince: [Int64: Int64] {
        guard let d = deploymentView else { return [:] }
        let now = ChecklistState.digest(d)
        return Dictionary(
            uniqueKeysWithValues: current.values.compactMap { c in
                c.signoff.isStale(present: now) ? c.changedAt.map { (c.signoff.seq, $0) } : nil
            })
    }
}
