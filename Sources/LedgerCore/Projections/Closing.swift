import Checklist

extension EventKind {
    /// A deployment without sign-off roles was closed by its lead (`ledger deploy close`).
    public static let deploymentClosed = EventKind("deployment.closed")
}

/// The recorded closing of a deployment that has no sign-off roles.
public struct Closure: Sendable, Equatable {
    /// Who closed it.
    public let actor: String
    /// When.
    public let time: Timestamp
    /// The `deployment.closed` record.
    public let seq: Int64
    /// Required items accepted open, by number.
    public let acceptedOpen: [String]
    /// Why they were accepted (nil when none were).
    public let reason: String?
    /// A note, when given.
    public let note: String?

    /// The record's data (docs/FORMAT.md §9).
    public static func data(acceptedOpen: [String], reason: String?, note: String?) -> [String: JSONValue] {
        DeploymentClosed(acceptedOpen: acceptedOpen, reason: reason, note: note).data
    }
}

/// The rules of closing (docs/FORMAT.md §14.4), as a reader checks them. Pure.
public enum CloseRules {
    /// Why closing `d` accepting `acceptedOpen` (with `reason`) breaks the rules; nil when it
    /// keeps them: the deployment has no sign-off roles, its phase allows a sign-off, and every
    /// required item is settled or accepted open with a reason.
    public static func violation(_ d: DeploymentView, acceptedOpen: [String], reason: String?) -> String? {
        if !d.signerRoles.isEmpty {
            return "it has sign-off roles (\(d.signerRoles.joined(separator: ", "))), so it is closed by their sign-offs"
        }
        if !d.phaseAllowsSignoff { return "closed while the deployment was \(d.phase.label), not verifying" }
        let open = d.openRequiredItems.map(\.id.rawValue).filter { !acceptedOpen.contains($0) }
        if !open.isEmpty {
            return "\(open.count) required item\(open.count == 1 ? " was" : "s were") open and not accepted: \(open.prefix(5).joined(separator: ", "))"
        }
        if !acceptedOpen.isEmpty, (reason ?? "").trimmingBlanks().isEmpty { return "items accepted open without a reason" }
        return nil
    }

    /// Applies a `deployment.closed` event that keeps the rules; returns why not otherwise
    /// (then the view is unchanged).
    static func apply(_ b: DeploymentClosed, _ e: Event, seq: Int64, to d: inout DeploymentView) -> String? {
        guard let accepted = b.acceptedOpen.value else { return "deployment.closed at \(seq) without an accepted_open array" }
        let reason = b.reason.value
        if let why = violation(d, acceptedOpen: accepted, reason: reason) { return "deployment.closed at \(seq): \(why)" }
        d.closure = Closure(actor: e.actor, time: e.time, seq: seq, acceptedOpen: accepted, reason: reason, note: b.note.value)
        ExecutionProjection.move(&d, to: .closed, e, seq)
        return nil
    }
}
