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
    /// The sign-off roles of the template (its "Team Sign-Off" leads), in document order.
    public var signerRoles: [String] { template.signerRoles.map(\.name) }

    /// The latest sign-off of each role, by role.
    public var currentSignoffs: [String: Signoff] {
        var out: [String: Signoff] = [:]
        for s in signoffs { out[s.role] = s }
        return out
    }

    /// The template's spelling of `role` (matched case-insensitively), or nil.
    public func signerRole(_ role: String) -> String? {
        let q = role.trimmingCharacters(in: .whitespaces).lowercased()
        return signerRoles.first { $0.lowercased() == q }
    }

    /// Sign-offs whose statement no longer matches the checklist state.
    public var staleSignoffs: [Signoff] {
        let now = ChecklistState.digest(self)
        return currentSignoffs.values.filter { $0.statement?.checklistState != now }.sorted { $0.seq < $1.seq }
    }

    /// Roles with no current sign-off for the present state, in template order.
    public var missingSignoffs: [String] {
        let now = ChecklistState.digest(self)
        let current = currentSignoffs
        return signerRoles.filter { current[$0]?.statement?.checklistState != now }
    }

    /// Required items: every item but the rollback procedure's.
    public var openRequiredItems: [Item] { openItems.filter { template.stage(of: $0.id) != .rollback } }
}

/// How `signoff` events change a deployment. Pure.
enum SignoffProjection {
    /// Applies a sign-off; when every role of the template then holds a sign-off of the
    /// present state, the deployment is signed off (closed).
    static func apply(_ e: Event, seq: Int64, to d: inout DeploymentView) -> String? {
        guard let role = e.publicData["role"]?.stringValue, let key = e.publicData["key"]?.stringValue.flatMap(Base64.decode) else {
            return "signoff without role and key in its public data"
        }
        let signed = SignedStatement(data: e.data)
        d.signoffs.append(Signoff(seq: seq, role: role, publicKey: key, actor: e.actor, time: e.time, signed: signed))
        if signed == nil { return "signoff at \(seq) does not hold a readable statement" }
        if !d.signerRoles.isEmpty, d.missingSignoffs.isEmpty { ExecutionProjection.move(&d, to: .signedOff, e, seq) }
        return nil
    }
}
