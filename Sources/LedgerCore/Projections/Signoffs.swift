import Checklist

/// One sign-off as its record says: the role, the key, and the signed statement.
public struct Signoff: Sendable, Equatable {
    /// The `signoff` record.
    public let seq: Int64
    /// The role signed for (public data).
    public let role: String
    /// The signing key (public data).
    public let publicKey: [UInt8]
    /// Who recorded it and when.
    public let actor: String
    /// When.
    public let time: Timestamp
    /// The statement and its signatures; nil when the record's data does not hold them.
    public let signed: SignedStatement?

    /// The statement, if readable.
    public var statement: SignoffStatement? { signed?.statement }
}

extension DeploymentView {
    /// The sign-off roles: the recorded map's, else the template's "Team Sign-Off" leads, in
    /// document order.
    public var signerRoles: [String] { phaseMap.signoffRoles ?? template.signerRoles.map(\.name) }

    /// One sign-off role and where it stands.
    public struct RoleSignoff: Sendable, Equatable {
        /// The role, as the template spells it.
        public let role: String
        /// Its latest sign-off that counts, if any.
        public let signoff: Signoff?
        /// True when that sign-off's checklist state is not the present one.
        public let stale: Bool
        /// True when the role holds a sign-off of the present state.
        public var isSigned: Bool { signoff != nil && !stale }
    }

    /// Every sign-off role of the template, in document order, with its latest sign-off and
    /// whether the checklist changed since (the present state's digest computed once).
    public var roleSignoffs: [RoleSignoff] {
        var latest: [String: Signoff] = [:]
        for s in signoffs { latest[s.role] = s }
        let now = ChecklistState.digest(self)
        return signerRoles.map { role in
            let s = latest[role]
            return RoleSignoff(role: role, signoff: s, stale: s?.isStale(present: now) ?? false)
        }
    }

    /// The template's spelling of `role` (matched case-insensitively), or nil.
    public func signerRole(_ role: String) -> String? {
        let q = role.trimmingBlanks().lowercased()
        return signerRoles.first { $0.lowercased() == q }
    }

    /// Sign-offs whose statement no longer matches the checklist state, in log order.
    public var staleSignoffs: [Signoff] { roleSignoffs.filter(\.stale).compactMap(\.signoff).sorted { $0.seq < $1.seq } }

    /// Roles with no sign-off of the present state, in template order.
    public var missingSignoffs: [String] { roleSignoffs.filter { !$0.isSigned }.map(\.role) }

    /// The latest sign-off `publicKey` made for a role other than `role`, if any (one key
    /// cannot fill two roles).
    public func signoff(by publicKey: [UInt8], otherThan role: String) -> Signoff? {
        signoffs.last { $0.publicKey == publicKey && $0.role != role }
    }

    /// Required items: every item but the rollback procedure's.
    public var openRequiredItems: [Item] { openItems.filter { stage(of: $0.id) != .rollback } }
}

/// How `signoff` events change a deployment. Pure.
enum SignoffProjection {
    /// Applies a sign-off that counts (`SignoffRules.judge`); when every role of the template
    /// then holds a sign-off of the present state, the deployment is signed off (closed). One
    /// that does not count is kept out of the view and reported as an anomaly (the first
    /// reason; `ledger verify` names it).
    static func apply(_ body: EventBody, _ e: Event, seq: Int64, to d: inout DeploymentView, roster: Roster) -> String? {
        switch SignoffRules.judge(body, e, seq: seq, before: d, roster: roster) {
        case .refused(let reasons): return reasons.first?.message(seq: seq) ?? "signoff at \(seq) does not count"
        case .counts(let signoff):
            d.signoffs.append(signoff)
            if d.phaseAllowsSignoff, !d.signerRoles.isEmpty, d.missingSignoffs.isEmpty { ExecutionProjection.move(&d, to: .signedOff, e, seq) }
            return nil
        }
    }
}

/// Why a sign-off does not count (docs/FORMAT.md §14.4, §14.6), as `SignoffRules.judge` finds it.
public enum SignoffRefusal: Sendable, Equatable {
    /// Its public data lacks the role or the key.
    case noRoleOrKey
    /// Its record is not signed by the key it names.
    case notSignedByNamedKey
    /// The roster in force does not give its key this role.
    case roleNotHeld(String)
    /// Its key already signed off for another role of the deployment (that sign-off).
    case keyHoldsOtherRole(Signoff)
    /// Its data does not hold a readable statement.
    case unreadableStatement
    /// It breaks the sign-off rules (`SignoffRules.violation`'s reason).
    case rules(String)

    /// The reason as a sentence about the sign-off at record `seq`.
    public func message(seq: Int64) -> String {
        switch self {
        case .noRoleOrKey: "signoff without role and key in its public data"
        case .notSignedByNamedKey: "signoff at \(seq) is not signed by the key it names"
        case .roleNotHeld(let role): "signoff at \(seq): the roster in force does not give its key the role \(role)"
        case .keyHoldsOtherRole(let other): "signoff at \(seq): its key already signed off as \(other.role) (record \(other.seq))"
        case .unreadableStatement: "signoff at \(seq) does not hold a readable statement"
        case .rules(let why): "signoff at \(seq): \(why)"
        }
    }
}

/// Whether one sign-off counts: the sign-off it makes, or every reason it does not.
public enum SignoffJudgement: Sendable, Equatable {
    /// It counts: the deployment holds this sign-off.
    case counts(Signoff)
    /// It does not count, for these reasons (in the order they are judged; never empty).
    case refused([SignoffRefusal])
}

extension SignoffRules {
    /// THE judgement of whether the sign-off event `e` (its decoded `body`) at record `seq` counts, for the
    /// deployment as it stood before it (`d`) with `roster` in force: signed by the key it
    /// names, that key holding the role and no other role here, a readable statement, within
    /// the rules. The view keeps exactly the sign-offs that count (so status, exports and
    /// `roleSignoffs` read only those); `SignoffChecker` follows staleness for them and
    /// reports the rules it breaks. Whether a sign-off that counts is stale is
    /// `Signoff.isStale(present:)`. Pure.
    public static func judge(_ body: EventBody, _ e: Event, seq: Int64, before d: DeploymentView, roster: Roster) -> SignoffJudgement {
        guard case .signoff(let b) = body, let role = b.role.value, let key = b.key.value?.bytes else {
            return .refused([.noRoleOrKey])
        }
        var refusals: [SignoffRefusal] = []
        // Format 1: the record is signed by the key it names. Format 2 (statement v2): the
        // statement is, and the record by whoever attached it (decision 0019 §3).
        let v2 = b.signed?.statement.version == 2
        if v2 ? !(b.signed?.verifies(publicKey: key) ?? false) : e.signedBy != key { refusals.append(.notSignedByNamedKey) }
        if !roster.holds(key, role: role) { refusals.append(.roleNotHeld(role)) }
        if let other = d.signoff(by: key, otherThan: role) { refusals.append(.keyHoldsOtherRole(other)) }
        guard let signed = b.signed else { return .refused(refusals + [.unreadableStatement]) }
        if let why = violation(role: role, statement: signed.statement, before: d) { refusals.append(.rules(why)) }
        guard refusals.isEmpty else { return .refused(refusals) }
        return .counts(Signoff(seq: seq, role: role, publicKey: key, actor: e.actor, time: e.time, signed: signed))
    }
}

extension Signoff {
    /// True when the checklist state this sign-off signed is not `present` (the deployment's
    /// `ChecklistState.digest` now): it no longer signs the present state and its role must
    /// sign again. The one staleness test `roleSignoffs`, status, exports and `SignoffChecker` use.
    public func isStale(present: [UInt8]) -> Bool { statement?.checklistState != present }
}

/// The sign-off rules of docs/FORMAT.md §14.4, as a reader checks them. Pure.
public enum SignoffRules {
    /// Why a sign-off for `role` with `statement`, written when the deployment stood at `d`,
    /// breaks the rules; nil when it keeps them.
    public static func violation(role: String, statement s: SignoffStatement, before d: DeploymentView) -> String? {
        if !d.phaseAllowsSignoff { return "signed while the deployment was \(d.phase.label), not verifying" }
        guard d.signerRole(role) == role else {
            return "\(role) is not a sign-off role of the template (\(d.signerRoles.isEmpty ? "it has none" : d.signerRoles.joined(separator: ", ")))"
        }
        let open = d.openRequiredItems.map(\.id.rawValue).filter { !s.acceptedOpen.contains($0) }
        if !open.isEmpty {
            return "\(open.count) required item\(open.count == 1 ? " was" : "s were") open and not accepted: \(open.prefix(5).joined(separator: ", "))"
        }
        if !s.acceptedOpen.isEmpty, (s.reason ?? "").isEmpty { return "items accepted open without a reason" }
        return nil
    }
}
