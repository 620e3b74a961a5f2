/// What an event says, typed: one case per kind of `KindInfo.table` (docs/FORMAT.md §9), and
/// `unknown` for a kind this version does not write.
///
/// A body is read from an event's data and public data without ever failing: a member that is
/// missing or ill-typed is kept as such (`Member`), and members the kind does not have are
/// kept in its `unread`, so every reader judges a damaged record as it always did and a body
/// encodes back to the very bytes it was read from (docs/decisions/0010-typed-event-bodies.md).
/// Readers `switch` over it with no `default:`, so a new kind is a compile error in each.
public enum EventBody: Sendable, Equatable {
    /// `ledger.created`.
    case ledgerCreated(LedgerCreated)
    /// `note`.
    case note(LedgerNote)
    /// `deployment.started`.
    case deploymentStarted(DeploymentStarted)
    /// `item.ticked`.
    case itemTicked(ItemTicked)
    /// `item.unticked`.
    case itemUnticked(ItemUnticked)
    /// `item.skipped`.
    case itemSkipped(ItemSkipped)
    /// `item.noted`.
    case itemNoted(ItemNoted)
    /// `evidence.attached`.
    case evidenceAttached(EvidenceAttached)
    /// `action.started`.
    case actionStarted(ActionStarted)
    /// `action.finished`.
    case actionFinished(ActionFinished)
    /// `rollback.decided`.
    case rollbackDecided(RollbackDecided)
    /// `rollback.completed`.
    case rollbackCompleted(RollbackCompleted)
    /// `contact.set`.
    case contactSet(ContactSet)
    /// `roster.added`.
    case rosterAdded(RosterAdded)
    /// `roster.revoked`.
    case rosterRevoked(RosterRevoked)
    /// `signoff`.
    case signoff(SignoffGiven)
    /// `deployment.closed`.
    case deploymentClosed(DeploymentClosed)
    /// A kind this version does not know, with its data as stored.
    case unknown(UnknownBody)

    /// The body of an event of `kind` with this data and public data.
    public init(kind: EventKind, data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        guard let codec = KindInfo.codecs[kind] else {
            self = .unknown(UnknownBody(kind: kind, data: data, publicData: publicData))
            return
        }
        self = codec.init(data: data, publicData: publicData).body
    }

    /// The codec of this body's kind.
    var codec: any EventBodyCodec {
        switch self {
        case .ledgerCreated(let b): b
        case .note(let b): b
        case .deploymentStarted(let b): b
        case .itemTicked(let b): b
        case .itemUnticked(let b): b
        case .itemSkipped(let b): b
        case .itemNoted(let b): b
        case .evidenceAttached(let b): b
        case .actionStarted(let b): b
        case .actionFinished(let b): b
        case .rollbackDecided(let b): b
        case .rollbackCompleted(let b): b
        case .contactSet(let b): b
        case .rosterAdded(let b): b
        case .rosterRevoked(let b): b
        case .signoff(let b): b
        case .deploymentClosed(let b): b
        case .unknown(let b): b
        }
    }

    /// The kind.
    public var kind: EventKind { codec.kind }
    /// The event data it encodes to.
    public var data: [String: JSONValue] { codec.data }
    /// The public data it encodes to (empty for most kinds).
    public var publicData: [String: JSONValue] { codec.publicData }
    /// The item the event names: its `item` member, of whatever kind (a hand-made record of a
    /// kind without one may carry it too; timelines show it).
    public var item: String? { codec.itemNumber }
}

/// A body with its codec: the data and public data it writes, which read back to it.
public protocol EventBodyCodec: Sendable {
    /// The kind it is the body of.
    var kind: EventKind { get }
    /// The event data.
    var data: [String: JSONValue] { get }
    /// The public data.
    var publicData: [String: JSONValue] { get }
    /// The body in the enum.
    var body: EventBody { get }
    /// The `item` member's text, if it has one.
    var itemNumber: String? { get }
}

/// The body of one kind of `KindInfo.table`: its codec reads it from an event's data and
/// public data (never failing: see `Member`) and writes it back to exactly those.
public protocol KindBodyCodec: EventBodyCodec {
    /// The kind.
    static var kind: EventKind { get }
    /// Reads the body from an event's data and public data.
    init(data: [String: JSONValue], publicData: [String: JSONValue])
    /// The members it does not read.
    var unread: Unread { get }
}

extension KindBodyCodec {
    /// The kind.
    public var kind: EventKind { Self.kind }
    /// The public data: for most kinds, none but what it did not read.
    public var publicData: [String: JSONValue] { unread.publicData }
    /// No `item` member (kinds that have one say so), unless the record carries one anyway.
    public var itemNumber: String? { unread.item }
}

/// The data of an event whose kind this version does not know, as stored.
public struct UnknownBody: EventBodyCodec, Equatable {
    /// The kind as recorded.
    public var kind: EventKind
    /// The data.
    public var data: [String: JSONValue]
    /// The public data.
    public var publicData: [String: JSONValue]

    /// A body of `kind` holding `data`.
    public init(kind: EventKind, data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        self.kind = kind
        self.data = data
        self.publicData = publicData
    }
    /// The body in the enum.
    public var body: EventBody { .unknown(self) }
    /// The `item` member's text, if it has one.
    public var itemNumber: String? { data["item"]?.stringValue }
}

extension Event {
    /// What the event says, typed (read from `data` and `publicData`, which stay as stored).
    public var body: EventBody { EventBody(kind: kind, data: data, publicData: publicData) }

    /// An event saying `body`, by `actor`.
    public init(_ body: EventBody, deployment: DeploymentID = .none, by actor: Actor, time: Timestamp) {
        self.init(kind: body.kind, deployment: deployment, by: actor, time: time, data: body.data, publicData: body.publicData)
    }
}
