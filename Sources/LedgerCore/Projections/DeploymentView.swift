import Checklist

/// Where one item stands.
public enum ItemStatus: String, Sendable, Equatable, Codable {
    /// Not yet done.
    case open
    /// Ticked.
    case done
    /// Marked not applicable, with a reason.
    case notApplicable = "not_applicable"
}

/// A note written on an item.
public struct ItemNote: Sendable, Equatable {
    /// Who wrote it.
    public let actor: String
    /// When.
    public let time: Timestamp
    /// The note.
    public let text: String
    /// Its record.
    public let seq: Int64
}

/// Evidence attached to an item: a file's name, size and SHA-256 (and whether its content
/// is in the log).
public struct Evidence: Sendable, Equatable {
    /// Who attached it.
    public let actor: String
    /// When.
    public let time: Timestamp
    /// The file's name (no directories).
    public let name: String
    /// Its size in bytes.
    public let size: Int64
    /// Its SHA-256, hex.
    public let sha256: String
    /// True when the content itself is encrypted into the log.
    public let embedded: Bool
    /// Its record.
    public let seq: Int64
}

/// The current state of one checklist item, derived from events.
public struct ItemState: Sendable, Equatable {
    /// Open, done or not applicable.
    public var status: ItemStatus = .open
    /// Who last changed the status (nil while never touched).
    public var actor: String?
    /// When the status last changed.
    public var time: Timestamp?
    /// The record that last changed the status.
    public var seq: Int64?
    /// The reason for `notApplicable`, or for an untick; the note given with a tick.
    public var comment: String?
    /// Notes on the item, oldest first.
    public var notes: [ItemNote] = []
    /// Evidence, oldest first.
    public var evidence: [Evidence] = []
    /// True while the status is the one the template gave: the item was checked (`[x]`) in
    /// the template, listed in `deployment.started`'s `checked`, and has not changed since.
    /// `actor`, `time` and `seq` are then those of the `deployment.started` record.
    public var checkedInTemplate = false

    /// The untouched state.
    public init() {}

    /// True when done or not applicable.
    public var isSettled: Bool { status != .open }
}

/// One deployment as its events describe it: the template it runs on and every item's state.
public struct DeploymentView: Sendable {
    /// The deployment's id (public in every record).
    public let id: DeploymentID
    /// Its name.
    public let name: String
    /// The template, exactly as recorded when the deployment started.
    public let template: ChecklistTemplate
    /// Each section's stage and the sign-off roles: as recorded in `deployment.started`, or
    /// (deployments recorded without a map) inferred from `template`'s headings.
    public internal(set) var phaseMap = PhaseMap(stages: [:])
    /// Where the template came from (a file name, or `embedded:optibid`).
    public let templateName: String
    /// SHA-256 of the template's bytes, hex (computed from the recorded template, not taken
    /// from the record's public data).
    public let templateSHA256: String
    /// Who started it.
    public let startedBy: String
    /// When.
    public let startedAt: Timestamp
    /// The `deployment.started` record.
    public let startSeq: Int64
    /// Every item's state; items never touched are `.open`.
    public internal(set) var items: [ItemID: ItemState]
    /// The last record applied to this deployment.
    public internal(set) var lastSeq: Int64
    /// Events applied, including the start.
    public internal(set) var eventCount: Int
    /// Where the deployment stands.
    public internal(set) var phase: Phase = .preparing
    /// When the phase last changed, and the record that changed it.
    public internal(set) var phaseChanges: [PhaseChange] = []
    /// The rollback decision, if any.
    public internal(set) var rollback: RollbackDecision?
    /// Commands run with `ledger run`, in the order they started.
    public internal(set) var actions: [ActionState] = []
    /// Emergency contacts: contacts-table row (role) → column → value.
    public internal(set) var contacts: [String: [String: String]] = [:]
    /// Notes on the deployment as a whole (`ledger note` without `--item`).
    public internal(set) var notes: [ItemNote] = []
    /// Sign-offs, in log order (a role signed again has several; the last one counts).
    public internal(set) var signoffs: [Signoff] = []
    /// The `deployment.closed` record that closed it (a deployment without sign-off roles).
    public internal(set) var closure: Closure?

    /// The state of `id` (open if unknown).
    public func state(_ id: ItemID) -> ItemState { items[id] ?? ItemState() }

    /// Items not yet settled, in document order.
    public var openItems: [Item] { template.items.filter { !state($0.id).isSettled } }
}

extension DeploymentView: Equatable {
    public static func == (a: DeploymentView, b: DeploymentView) -> Bool {
        a.id == b.id && a.name == b.name && a.templateSHA256 == b.templateSHA256 && a.templateName == b.templateName
            && a.startedBy == b.startedBy && a.startedAt == b.startedAt && a.startSeq == b.startSeq
            && a.items == b.items && a.lastSeq == b.lastSeq && a.eventCount == b.eventCount && a.phase == b.phase
            && a.phaseChanges == b.phaseChanges && a.rollback == b.rollback && a.actions == b.actions
            && a.contacts == b.contacts && a.notes == b.notes && a.signoffs == b.signoffs && a.phaseMap == b.phaseMap
            && a.closure == b.closure
    }
}
