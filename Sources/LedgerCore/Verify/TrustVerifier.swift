/// Judges every signature in a log without the key (docs/FORMAT.md §14.6 steps 1–4): record
/// signatures against the roster in force at their position (or a `--trust` file), the
/// roster against the trust file, and who may sign off which role. Pure.
///
/// Feed the records that matter (signed records, roster events, sign-offs, kinds the trust
/// file requires signed) in sequence order with `add(_:)`. The keyed checks of statements,
/// rules and staleness are `SignoffChecker`'s, run per deployment in `signedOffDeployments`.
public struct TrustVerifier: Sendable {
    let ledger: LedgerID
    let trust: TrustFile?
    /// The roster as the log builds it.
    public private(set) var roster = Roster()
    var findings: [Finding] = []
    var noted = Set<String>()
    /// Per deployment: signing key → (role, first sign-off seq).
    var signedRoles: [DeploymentID: [[UInt8]: (role: String, seq: Int64)]] = [:]
    /// Deployments that hold sign-offs, for the keyed pass.
    public private(set) var signedOffDeployments: [DeploymentID] = []

    /// A verifier for `ledger`, judging keys by `trust` when given, else by the roster.
    public init(ledger: LedgerID, trust: TrustFile?) {
        self.ledger = ledger
        self.trust = trust
    }

    /// The kinds `add` must see besides every signed record: roster events, sign-offs and
    /// the kinds the trust file requires signed.
    public var kinds: Set<String> {
        Set([EventKind.rosterAdded, .rosterRevoked, .signoff].map(\.rawValue)).union(trust?.requireSigned ?? [])
    }

    /// Every finding so far, in sequence order.
    public var result: [Finding] { findings.sorted(by: Finding.reportOrder) }

    /// Checks one record's signature and roster meaning (no key needed).
    public mutating func add(_ r: Record) {
        guard r.malformation == nil else { return }
        if r.kind == EventKind.rosterAdded.rawValue || r.kind == EventKind.rosterRevoked.rawValue { addRoster(r) }
        let signer = checkSignature(r)
        if r.kind == EventKind.signoff.rawValue {
            checkSignoff(r, signer: signer)
        } else if r.signature.isEmpty, trust?.requireSigned.contains(r.kind) == true {
            note(.unsigned, r.seq, "record \(r.seq) (\(r.kind)) is not signed, but the trust file requires \(r.kind) to be signed")
        }
    }

    /// How a finding names a key: minisign's key id, with its holder's name as the roster
    /// records it ("5595030A4A0569B4 (dana)"); the trust file's key id when only it knows the
    /// key; the SHA-256 fingerprint only for a key neither knows.
    public func label(_ key: [UInt8]) -> String {
        if let e = roster.lastEntry(for: key) { return e.name.isEmpty ? e.keyID : "\(e.keyID) (\(e.name))" }
        if let pin = trust?.pin(for: key) { return Signer.keyID(pin.keyNumber) }
        return "\(key.keyFingerprint), on no roster"
    }

    /// Records a finding; one per kind and record (the first explanation stands).
    mutating func note(_ kind: FindingKind, _ seq: Int64, _ message: String) {
        guard noted.insert("\(kind.rawValue)@\(seq)").inserted else { return }
        findings.append(Finding(kind, seq: seq, message))
    }

    mutating func addRoster(_ r: Record) {
        guard r.deployment.allSatisfy({ $0 == 0 }) else {
            return note(.malformed, r.seq, "record \(r.seq) (\(r.kind)) belongs to a deployment, but roster records belong to none; it is ignored")
        }
        if let problem = roster.apply(r) { note(problem.kind, r.seq, problem.message) }
        // Each roster.added is judged against the trust file, whether or not the roster took it.
        let p = r.publicObject
        guard let trust, r.kind == EventKind.rosterAdded.rawValue, let role = p["role"]?.stringValue,
            let key = p["key"]?.stringValue.flatMap(Base64.decode), key.count == 32
        else { return }
        if !(trust.pin(for: key).map { Roster.sameRole($0.role, role) } ?? false) {
            note(.untrustedSigner, r.seq, "record \(r.seq) puts key \(label(key)) on the roster as \(role), which the trust file does not pin")
        }
    }

    /// The verified signing key of `r`, or nil (unsigned, or a finding was noted).
    mutating func checkSignature(_ r: Record) -> [UInt8]? {
        guard !r.signature.isEmpty else { return nil }
        guard let key = RecordSignature.verifiedKey(r, ledger: ledger) else {
            let fp = RecordSignature.claimedKey(r).map { label($0) } ?? "?"
            note(
                .badSignature, r.seq,
                "record \(r.seq) (\(r.kind)) carries a signature that does not verify with the key it names (\(fp)): the record was changed after it was signed"
            )
            return nil
        }
        if let trust {
            if trust.pin(for: key) == nil {
                note(.untrustedSigner, r.seq, "record \(r.seq) (\(r.kind)) is signed by key \(label(key)), which the trust file does not pin")
            } else if roster.activeEntry(for: key) == nil, let revoked = roster.lastEntry(for: key)?.revokedSeq {
                note(.untrustedSigner, r.seq, "record \(r.seq) (\(r.kind)) is signed by key \(label(key)), which the log revoked at record \(revoked)")
            }
        } else if roster.activeEntry(for: key) == nil {
            let why = roster.lastEntry(for: key).map { "was revoked at record \($0.revokedSeq ?? 0)" } ?? "is not on the roster"
            note(.untrustedSigner, r.seq, "record \(r.seq) (\(r.kind)) is signed by key \(label(key)), which \(why)")
        }
        return key
    }

    mutating func checkSignoff(_ r: Record, signer: [UInt8]?) {
        guard let dep = DeploymentID(bytes: r.deployment) else { return }
        if !signedOffDeployments.contains(dep) { signedOffDeployments.append(dep) }
        let p = r.publicObject
        if r.signature.isEmpty { note(.unsigned, r.seq, "sign-off at record \(r.seq) is not signed") }
        guard let role = p["role"]?.stringValue, let named = p["key"]?.stringValue.flatMap(Base64.decode),
            let number = p["key_number"]?.stringValue.flatMap(Hex.decode), number.count == 8
        else {
            return note(.malformed, r.seq, "sign-off at record \(r.seq) lacks a role, key or key number in its public data")
        }
        guard let signer else { return }
        guard signer == named else {
            return note(.badSignature, r.seq, "sign-off at record \(r.seq) names key \(label(named)) but is signed by \(label(signer))")
        }
        checkRole(role, key: signer, seq: r.seq)
        checkKeyNumber(number, key: signer, seq: r.seq)
        if let earlier = signedRoles[dep]?[signer], !Roster.sameRole(earlier.role, role) {
            note(
                .roleConflict, r.seq,
                "key \(label(signer)) signs off as \(role) at record \(r.seq), but it signed off as \(earlier.role) at record \(earlier.seq); one key cannot fill two roles"
            )
        } else if signedRoles[dep]?[signer] == nil {
            signedRoles[dep, default: [:]][signer] = (role, r.seq)
        }
    }

    /// The key number a sign-off names must be the one the trust file or roster gives its key.
    mutating func checkKeyNumber(_ named: [UInt8], key: [UInt8], seq: Int64) {
        guard let known = trust?.pin(for: key)?.keyNumber ?? roster.activeEntry(for: key)?.keyNumber else { return }
        if named != known {
            note(
                .badSignature, seq,
                "sign-off at record \(seq) names key number \(Hex.encode(named)) for key \(label(key)), which holds key number \(Hex.encode(known))")
        }
    }

    mutating func checkRole(_ role: String, key: [UInt8], seq: Int64) {
        if let trust {
            if let pin = trust.pin(for: key), !Roster.sameRole(pin.role, role) {
                note(.untrustedSigner, seq, "sign-off at record \(seq) is for \(role), but the trust file pins its key to \(pin.role)")
            }
        } else if let e = roster.activeEntry(for: key), !Roster.sameRole(e.role, role) {
            note(.untrustedSigner, seq, "sign-off at record \(seq) is for \(role), but its key holds \(e.role) on the roster")
        }
    }
}
