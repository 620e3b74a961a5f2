import LedgerCore
import LedgerStore

/// How an audit report prints for `ledger verify`: a report for people that says what was
/// checked and what was found (docs/CLI.md §ledger verify). Rendering only: what was checked
/// and found is the report's; the JSON form is `VerifyJSON`.
enum VerifyText {
    /// The text report; `verbose` lists every signature, else one line per signer and role.
    static func human(
        _ a: AuditReport, path: String, trust: String? = nil, pins: TrustFile? = nil, checkpoint: String? = nil, verbose: Bool = false
    ) -> String {
        let r = a.verify
        var lines = ["ledger \(r.ledger) at \(path): \(r.recordCount) records"]
        if let seq = r.headSeq, let hash = r.headHash { lines.append("head: record \(seq), hash \(Hex.encode(hash))") }
        let supply =
            a.judge == .members
            ? "open it with a reader's --identity FILE (LEDGER_IDENTITY) or a passphrase member's passphrase" : "supply LEDGER_PASSPHRASE or --passphrase-file"
        lines.append(
            a.method == .withKey
                ? "checked with the key: format, record hashes, links, sequence numbers, AEAD tags and payloads"
                : "checked without the key: format, record hashes, links, sequence numbers (payloads not decrypted; \(supply) to check them too)"
        )
        if a.judge == .members {
            lines.append("authors judged by the members in force at each record: every record signed by a member holding the capability its kind needs")
            if let trust, let pins {
                lines.append("  and by the keys pinned in \(trust): \(plural(Set(pins.members.map(\.publicKey) + pins.pins.map(\.publicKey)).count, "key"))")
            }
        } else {
            lines += trustLines(trust: trust, pins: pins)
        }
        lines += signatureLines(a, verbose: verbose)
        lines += signoffLines(a)
        if let checkpoint, let cp = a.checkpoint { lines.append(checkpointLine(cp, file: checkpoint)) }
        lines += verdictLines(a)
        return lines.map(TerminalText.safe).joined(separator: "\n")
    }

    /// The verdict: intact, intact but for stale sign-offs (exit 7), or not intact with every finding.
    static func verdictLines(_ a: AuditReport) -> [String] {
        let r = a.verify
        if r.isIntact { return ["intact: no finding"] }
        let found = r.findings.map { "  \($0.kind.rawValue) at \($0.seq): \($0.message)" }
        if a.damage.isEmpty { return ["intact; \(plural(r.findings.count, "stale sign-off"))"] + found }
        return ["NOT INTACT: \(plural(r.findings.count, "finding")) (\(r.findings.tally))"] + found
    }

    /// Whose word judged the signatures, and what the trust file pinned.
    static func trustLines(trust: String?, pins: TrustFile?) -> [String] {
        guard let trust, let pins else {
            return ["signatures judged by the roster in the ledger (pin keys from outside with --trust FILE)"]
        }
        var lines = ["signatures judged by the keys pinned in \(trust): \(plural(pins.pins.count, "key"))"]
        lines += pins.pins.map { "  pinned: \($0.role), key \(Signer.keyID($0.keyNumber))" }
        if !pins.requireSigned.isEmpty { lines.append("  required signed: \(pins.requireSigned.sorted().joined(separator: ", "))") }
        if let key = pins.checkpointKey { lines.append("  pinned checkpoint key: \(key)") }
        return lines
    }

    /// The signatures checked: per signer and role a count, or (verbose) each one.
    static func signatureLines(_ a: AuditReport, verbose: Bool) -> [String] {
        let bad = a.signatures.filter { !$0.isGood }.count
        var lines = ["signatures: \(a.signatures.count) checked, \(a.signatures.count - bad) good, \(bad) with a finding"]
        if verbose {
            lines += a.signatures.map {
                "  record \($0.seq) \($0.kind): \(signer($0)): \($0.isGood ? "good" : $0.findings.map(\.kind.rawValue).joined(separator: ", "))"
            }
            return lines
        }
        var order: [String] = []
        var counts: [String: (all: Int, bad: Int)] = [:]
        for s in a.signatures {
            let who = signer(s)
            if counts[who] == nil { order.append(who) }
            counts[who, default: (0, 0)].all += 1
            if !s.isGood { counts[who, default: (0, 0)].bad += 1 }
        }
        lines += order.map { who in
            let c = counts[who]!
            return "  \(who): \(plural(c.all, "signature"))\(c.bad == 0 ? "" : ", \(c.bad) with a finding")"
        }
        return lines
    }

    /// "NAME (ROLE), key KEYID", with what is known of the key.
    static func signer(_ s: SignatureCheck) -> String {
        if s.role == nil, let name = s.signer, let id = s.keyID { return "\(name), key \(id)" }
        let key = s.keyID.map { "key \($0)" } ?? "key \(s.keyFingerprint) (not on the roster)"
        return "\(s.signer ?? "unknown signer") (\(s.role ?? "no role")), \(key)"
    }

    /// Each deployment's sign-offs: per role, who signed with which key at which record, and
    /// whether it counts; without the key, that they were not checked.
    static func signoffLines(_ a: AuditReport) -> [String] {
        if a.method == .keyless {
            return [
                "sign-off statements and stale sign-offs not checked (they need \(a.judge == .members ? "a reader's identity or passphrase" : "the passphrase"))"
            ]
        }
        if a.signoffs.isEmpty { return ["sign-offs: none recorded"] }
        return a.signoffs.flatMap { d in
            ["sign-offs of deployment '\(d.name)': \(d.counted) of \(d.roles.count) count, \(d.stale) stale"]
                + d.roles.map { "  \($0.role): \(standing($0, in: d, a))" }
        }
    }

    static func standing(_ role: DeploymentView.RoleSignoff, in d: DeploymentSignoffs, _ a: AuditReport) -> String {
        guard let s = role.signoff else { return "not signed" }
        let check = a.signatures.first { $0.seq == s.seq }
        var who = "\(check?.signer ?? s.actor), key \(check?.keyID ?? s.publicKey.keyFingerprint), record \(s.seq)"
        if let st = s.statement, st.version == 2 {  // format 2: the statement's signer; the record's author attached it
            who = "\(st.signer), key \(st.keyID), record \(s.seq)" + (check?.signer.map { $0 == st.signer ? "" : " (attached by \($0))" } ?? "")
        }
        guard role.stale else { return "\(who): counts" }
        let since = d.staleSince[s.seq].map { " at record \($0)" } ?? ""
        return "\(who): STALE (the checklist changed\(since), after it was signed)"
    }

    /// The checkpoint outcome: its size and root, where its key came from, and whether the log extends it.
    static func checkpointLine(_ cp: CheckpointOutcome, file: String) -> String {
        let source =
            switch cp.keySource {
            case .given: "pinned with --checkpoint-key"
            case .trustFile: "pinned in the trust file"
            case .derived: "derived with the passphrase"
            case .ledger: "read from the ledger itself, NOT pinned: pin it with --checkpoint-key or a trust file"
            case .members: "of members in force at its size: \(cp.vouchedBy.isEmpty ? "none" : cp.vouchedBy.joined(separator: ", "))"
            }
        guard let size = cp.size, let root = cp.root else {
            return "checkpoint \(file): signature NOT good (key \(source)); consistency not checked"
        }
        let tree = "size \(size), root \(Hex.encode(root))"
        return cp.holds
            ? "checkpoint \(file): \(tree); signature good (key \(source)), and the log extends it (consistency proof verified)"
            : "checkpoint \(file): \(tree); signature good (key \(source)), but the log does NOT extend it (consistency not proved)"
    }

    static func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
