/// Format 2's keyless judgement of who wrote each record (decision 0017 §13 step b): every
/// record must carry a signature that verifies, by a member in force before it holding the
/// capability its kind needs; the membership rules (§6.2, §7.1, §7.5) give the rest. Feed
/// records in stored order, then take `findings`. Nothing here does I/O.
public struct MemberVerifier: Sendable {
    let ledger: LedgerID
    /// The fold so far: members in force and the epoch.
    public private(set) var membership = Membership()
    private var found: [Finding] = []
    /// A reader's `member.removed` that no `epoch.started` has followed yet.
    private var awaitingRotation: Int64?
    /// The role each statement signer has signed off, per deployment (one key, one role).
    private var signedRoles: [[UInt8]: String] = [:]
    /// Every signed record: its author's key and, when a member in force before it (or the
    /// founder of record 1), that member's key id and name.
    public private(set) var authored: [Authored] = []

    /// One signed record and who signed it, as the members in force before it say.
    public struct Authored: Sendable, Equatable {
        /// The record.
        public let seq: Int64
        /// Its kind, as stored.
        public let kind: String
        /// `sig[0..<32]`.
        public let author: [UInt8]
        /// The member's key id, nil when the key was no member.
        public let keyID: String?
        /// The member's name then, nil when the key was no member.
        public let name: String?
    }

    /// Keys pinned from outside (`--trust`): every author and every member object must be pinned.
    let trust: TrustFile?

    /// A verifier for the records of `ledger`, judged also by `trust` when given.
    public init(ledger: LedgerID, trust: TrustFile? = nil) {
        self.ledger = ledger
        self.trust = trust
    }

    /// Judges the next record (malformed rows are the chain's to report and are skipped).
    public mutating func add(_ r: Record) {
        guard r.malformation == nil else { return }
        if r.signature.isEmpty {
            return found.append(Finding(.unsignedRecord, seq: r.seq, "record \(r.seq) (\(r.kind)) is not signed by any member"))
        }
        guard RecordV2.verifies(r, ledger: ledger) else {
            return found.append(Finding(.badSignature, seq: r.seq, "the author's signature of record \(r.seq) (\(r.kind)) does not verify"))
        }
        let fold = Membership.Record(r)
        let who = fold.author.flatMap { membership.member(key: $0) }?.member
        let removesReader = fold.kind == .memberRemoved && removedKey(fold).flatMap { membership.member(key: $0) }?.member.can.holds(.read) == true
        let before = membership.problems.count
        membership.absorb(fold)
        let accepted = membership.problems.count == before
        for p in membership.problems[before...] { found.append(Finding(Self.kind(p.kind), seq: p.seq, p.message)) }
        trackRotation(fold, accepted: accepted, removesReader: removesReader)
        if accepted, fold.kind == .signoff { judgeStatementSigner(fold, deployment: r.deployment) }
        if accepted, let trust { judge(fold, by: trust) }
        let founder = r.seq == 1 ? membership.member(key: fold.author!)?.member : nil
        authored.append(Authored(seq: r.seq, kind: r.kind, author: fold.author!, keyID: (who ?? founder)?.keyID, name: (who ?? founder)?.name))
    }

    /// Every finding, in report order, with a removal no epoch followed.
    public var findings: [Finding] {
        var all = found
        if let seq = awaitingRotation { all.append(Self.noRotation(seq, "no epoch.started follows")) }
        return all.sorted(by: Finding.reportOrder)
    }

    /// §6.4: a sign-off's statement signer (its public `key`) must be a member in force holding
    /// `sign:ROLE` for its `role`, with its `key_number`.
    mutating func judgeStatementSigner(_ r: Membership.Record, deployment: [UInt8]) {
        let o = r.publicData?.objectValue ?? [:]
        if let key = o["key"]?.stringValue.flatMap(Base64.decode), let role = o["role"]?.stringValue {
            let slot = deployment + key
            if let other = signedRoles[slot], other.asciiLowercased != role.asciiLowercased {
                found.append(
                    Finding(.roleConflict, seq: r.seq, "the sign-off at record \(r.seq) is by a key that signed off this deployment as \(other) already"))
            } else {
                signedRoles[slot] = role
            }
        }
        guard let key = o["key"]?.stringValue.flatMap(Base64.decode), let role = o["role"]?.stringValue,
            let signer = membership.member(key: key)?.member, signer.can.holds(.sign(role: role))
        else {
            return found.append(
                Finding(
                    .notPermitted, seq: r.seq,
                    "the sign-off at record \(r.seq) is by a key that is no member in force holding sign:\(o["role"]?.stringValue ?? "?")"))
        }
        if o["key_number"]?.stringValue != Hex.encode(signer.keyNumber) {
            found.append(
                Finding(
                    .badSignature, seq: r.seq,
                    "the sign-off at record \(r.seq) names key number \(o["key_number"]?.stringValue ?? "none"), not \(signer.name)'s"))
        }
    }

    /// §12: the author must be pinned with the capability the kind needs, and every member
    /// object the record adds must be pinned with at least the capabilities it grants.
    mutating func judge(_ r: Membership.Record, by trust: TrustFile) {
        let author = r.author!
        let pinned = try? CapabilitySet(trust.capabilities(of: author))
        let may = pinned.map { r.seq == 1 ? $0.holds(.admin) && $0.holds(.read) : membership.permits($0, r, author: author) } ?? false
        if !may {
            found.append(
                Finding(
                    .untrustedSigner, seq: r.seq,
                    "the author of record \(r.seq) (\(r.kind.rawValue)) is not pinned by the trust file with the capability it needs"))
        }
        var object = r.kind == .ledgerCreated ? r.publicData?.objectValue?["member"]?.objectValue : r.kind == .memberAdded ? r.publicData?.objectValue : nil
        object?["wrap"] = nil
        guard let object, let m = try? MemberObject(json: .object(object)) else { return }
        let granted = Set(trust.capabilities(of: m.key).map { $0.text.asciiLowercased })
        if !Set(m.can.can.map(\.asciiLowercased)).isSubset(of: granted) {
            found.append(
                Finding(
                    .untrustedSigner, seq: r.seq,
                    "member '\(m.name)' (key \(m.keyID)) is given capabilities the trust file does not pin: \(m.can.can.joined(separator: ", "))"))
        }
    }

    /// §7.5: between a reader's removal and the next `epoch.started` only other removals may come.
    mutating func trackRotation(_ r: Membership.Record, accepted: Bool, removesReader: Bool) {
        if let pending = awaitingRotation {
            if r.kind == .epochStarted && accepted {
                awaitingRotation = nil
            } else if r.kind != .memberRemoved {
                found.append(Self.noRotation(pending, "record \(r.seq) (\(r.kind.rawValue)) comes before a new epoch"))
                awaitingRotation = nil
            }
        }
        if accepted, removesReader, awaitingRotation == nil { awaitingRotation = r.seq }
    }

    func removedKey(_ r: Membership.Record) -> [UInt8]? {
        r.publicData?.objectValue?["key"]?.stringValue.flatMap(Base64.decode)
    }

    static func noRotation(_ seq: Int64, _ why: String) -> Finding {
        Finding(.noRotation, seq: seq, "a reader removed at record \(seq) can still read what follows: \(why)")
    }

    static func kind(_ k: Membership.Problem.Kind) -> FindingKind {
        switch k {
        case .unsignedRecord: .unsignedRecord
        case .notAMember: .notAMember
        case .notPermitted: .notPermitted
        case .memberConflict: .memberConflict
        case .badWraps: .badWraps
        case .wrongEpoch: .wrongEpoch
        case .malformed: .malformed
        }
    }
}
