import LedgerCore

extension LedgerFile {
    /// THE audit of the ledger: the chain (`verify(progress:)`, which reads the log once:
    /// without keys when locked, with them otherwise), then every signature judged by the
    /// roster or `request.trust`, with the key every sign-off statement, rule and staleness,
    /// then, when `request.checkpoint` is given, that the log extends it. `ledger verify`,
    /// `ledger checkpoint` and the exports that state the verify result call this and nothing
    /// else, so they agree on the same file. `progress` is the chain step's.
    /// - Throws: `LedgerError` only when the file cannot be read, or when a checkpoint is
    ///   given and no checkpoint key is known; damage is reported as findings.
    public func audit(_ request: AuditRequest = AuditRequest(), progress: (Int, Int) -> Void = { _, _ in }) throws(LedgerError) -> AuditReport {
        let chain = format == .v2 ? try verify(progress: progress).removing(.nonceReuse) : try verify(progress: progress)
        let trust = format == .v2 ? try memberStep(trust: request.trust) : try signatureStep(trust: request.trust)
        var report = chain.adding(trust.findings)
        let checkpoint = try request.checkpoint.map { note throws(LedgerError) in
            try checkpointStep(
                note, verifierKey: request.checkpointKey ?? request.trust?.checkpointKey, fromTrustFile: request.checkpointKey == nil, trust: request.trust)
        }
        if let checkpoint { report = report.adding(checkpoint.findings) }
        return AuditReport(
            ledger: id, chain: chain, judge: format == .v2 ? .members : request.trust == nil ? .roster : .trustFile, signatures: trust.signatures,
            signoffs: trust.signoffs, checkpoint: checkpoint, verify: report)
    }

    /// Checks every signature in the log against the roster in force (or `trust`), and with
    /// the key every sign-off statement, the sign-off rules and whether it went stale. Findings
    /// are ordered by sequence number, then kind (the signature step of `audit`).
    /// - Throws: `LedgerError` when the file cannot be read.
    public func verifySignatures(trust: TrustFile?) throws(LedgerError) -> [Finding] {
        try signatureStep(trust: trust).findings
    }

    /// The signature step: its findings, each signed record's check, and (with the key) each
    /// signed-off deployment's sign-offs.
    func signatureStep(trust: TrustFile?) throws(LedgerError) -> (findings: [Finding], signatures: [SignatureCheck], signoffs: [DeploymentSignoffs]) {
        var verifier = TrustVerifier(ledger: id, trust: trust)
        let records = try store.signedOrOfKinds(verifier.kinds)
        for r in records { verifier.add(r) }
        let findings = verifier.result
        let signatures = Self.signatureChecks(records, findings: findings, trust: trust, roster: verifier.roster)
        guard keys != nil else { return (findings, signatures, []) }
        let (more, signoffs) = try signoffStep(verifier.signedOffDeployments)
        return ((findings + more).onePerKindAndRecord(), signatures, signoffs)  // the keyless explanation first
    }

    /// With the key: every sign-off of `deployments` replayed (statement, rules, staleness),
    /// and every other deployment's template digest.
    func signoffStep(_ signedOff: [DeploymentID]) throws(LedgerError) -> (findings: [Finding], signoffs: [DeploymentSignoffs]) {
        var findings: [Finding] = []
        let sealers = try self.sealers()
        let roster = try store.rosterRecords()
        var signoffs: [DeploymentSignoffs] = []
        for dep in signedOff {
            var checker = SignoffChecker(ledger: id)
            // A record that does not open is skipped (the chain's findings name it); the rest still count.
            try store.scan(deployment: dep, merging: roster) { (batch) throws(LedgerError) in
                for r in batch { if let e = try? sealers[r.epoch]?.open(r) { checker.add(r, e) } }
            }
            findings += checker.finish()
            for h in checker.heads where try store.hash(of: h.head) != h.hash {
                findings.append(
                    Finding(
                        .badSignature, seq: h.signoff,
                        "the statement of the sign-off at record \(h.signoff) names record \(h.head) with another hash than the log's"))
            }
            if let d = checker.deploymentView {
                signoffs.append(DeploymentSignoffs(deployment: dep, name: d.name, roles: d.roleSignoffs, staleSince: checker.staleSince))
            }
        }
        for (dep, seq) in try store.deploymentStarts() where !signedOff.contains(dep) {
            guard let r = try store.record(seq), let e = try? sealers[r.epoch]?.open(r) else { continue }
            if let f = SignoffChecker.templateDigestFinding(r, e) { findings.append(f) }
        }
        return (findings, signoffs)
    }

    /// Format 2's step in place of the signature step: every record's author judged by the
    /// members in force before it (`MemberVerifier`), keyless (decision 0017 §13).
    func memberStep(trust: TrustFile?) throws(LedgerError) -> (findings: [Finding], signatures: [SignatureCheck], signoffs: [DeploymentSignoffs]) {
        var verifier = MemberVerifier(ledger: id, trust: trust)
        try store.scan { (batch) throws(LedgerError) in for r in batch { verifier.add(r) } }
        var findings = verifier.findings + openingFindings
        if !(try store.wrappedKeys().isEmpty) {  // decision 0017 §2
            findings.insert(Finding(.schema, seq: 0, "table keys holds rows; format 2 keeps its keys in the log"), at: 0)
        }
        let bySeq = Dictionary(grouping: findings, by: \.seq)
        let checks = verifier.authored.map {
            SignatureCheck(seq: $0.seq, kind: $0.kind, publicKey: $0.author, keyID: $0.keyID, role: nil, signer: $0.name, findings: bySeq[$0.seq] ?? [])
        }
        guard keys != nil else { return (findings.onePerKindAndRecord(), checks, []) }
        var signedOff: [DeploymentID] = []
        for (dep, _) in try store.deploymentStarts() where try store.has(.signoff, in: dep) { signedOff.append(dep) }
        let (more, signoffs) = try signoffStep(signedOff)
        return ((findings + more).onePerKindAndRecord(), checks, signoffs)
    }

    /// Each signed record among `records`, with the signature findings at it and the key id
    /// and role the trust file (else the roster) gives its key.
    static func signatureChecks(_ records: [Record], findings: [Finding], trust: TrustFile?, roster: Roster) -> [SignatureCheck] {
        let bySeq = Dictionary(grouping: findings, by: \.seq)
        return records.compactMap { r in
            guard let key = RecordSignature.claimedKey(r) else { return nil }
            let pin = trust?.pin(for: key), entry = roster.lastEntry(for: key)
            return SignatureCheck(
                seq: r.seq, kind: r.kind, publicKey: key, keyID: pin.map { Signer.keyID($0.keyNumber) } ?? entry?.keyID,
                role: pin?.role ?? entry?.role, signer: entry?.name, findings: bySeq[r.seq] ?? [])
        }
    }

    /// The checkpoint step: the verifier key (`given`, else derived with the passphrase, else
    /// the one recorded in the file), then `judgeCheckpoint` over the log's leaves.
    /// - Throws: `LedgerError` (`.usage`) when no checkpoint key is known.
    func checkpointStep(_ note: String, verifierKey given: String?, fromTrustFile: Bool, trust: TrustFile? = nil) throws(LedgerError) -> CheckpointOutcome {
        if format == .v2 { return try memberCheckpointStep(note, trust: trust) }
        let (key, source) = try checkpointVerifierKey(given: given, fromTrustFile: fromTrustFile)
        let (cp, findings) = try judgeCheckpoint(note, verifierKey: key, leaves: try recordHashes().map(Merkle.leafHash))
        return CheckpointOutcome(size: cp?.size, root: cp?.root, verifierKey: key, keySource: source, findings: findings)
    }

    /// The checkpoint verifier key to use and where it came from.
    /// - Throws: `LedgerError` (`.usage`) when none is known.
    func checkpointVerifierKey(given: String?, fromTrustFile: Bool = false) throws(LedgerError) -> (String, CheckpointOutcome.KeySource) {
        if let given { return (given, fromTrustFile ? .trustFile : .given) }
        if isUnlocked { return (SignedNote.verifierKey(name: Checkpoint.keyName(id), publicKey: try checkpointKey().publicKey), .derived) }
        if let stored = try store.meta("checkpoint_key") { return (String(decoding: stored, as: UTF8.self), .ledger) }
        throw noCheckpointKey
    }

    /// The refusal when no usable checkpoint verifier key is known.
    var noCheckpointKey: LedgerError {
        LedgerError(.usage, "no checkpoint key is known for '\(path)'", .noCheckpointKey(path: path), remedy: .supplyCheckpointKey)
    }
}
