/// Which projection an event kind feeds.
public enum KindProjection: Sendable, Equatable {
    /// Changes a deployment's checklist items (`ChecklistProjection`).
    case checklist
    /// Changes a deployment's execution state (`ExecutionProjection`).
    case execution
    /// Handled elsewhere (ledger, deployment start, roster, sign-off).
    case other
}

/// One row of the kind table: everything the code needs to know about a kind in one place.
///
/// Adding a kind means adding its `EventKind` constant, its body (a `KindBodyCodec` under
/// Model/Bodies and a case of `EventBody`) and one row here; `EventKind.known`,
/// `ChecklistProjection.kinds`, `ExecutionProjection.kinds` and `SignoffChecker.stateKinds`
/// are derived from this table, so a kind can no longer be missing from one of them.
public struct KindInfo: Sendable, Equatable {
    /// The kind.
    public var kind: EventKind { codec.kind }
    /// Its body's type, whose codec reads and writes its data (`EventBody`).
    public let codec: any KindBodyCodec.Type
    /// The projection it feeds.
    public let projection: KindProjection
    /// True when it can change the checklist state a sign-off covers (docs/FORMAT.md §14.3).
    public let changesSignedState: Bool

    /// A row for the kind of `codec`.
    init(_ codec: any KindBodyCodec.Type, projection: KindProjection, changesSignedState: Bool) {
        self.codec = codec
        self.projection = projection
        self.changesSignedState = changesSignedState
    }

    /// Rows are equal when their kind, projection and flag are (the body type follows the kind).
    public static func == (a: KindInfo, b: KindInfo) -> Bool {
        a.kind == b.kind && a.projection == b.projection && a.changesSignedState == b.changesSignedState
    }

    /// Every kind this version writes (the kinds docs/FORMAT.md §9 lists; `signoff` comes before
    /// `deployment.closed` here, as it did in `EventKind.known`).
    public static let table: [KindInfo] = [
        KindInfo(LedgerCreated.self, projection: .other, changesSignedState: false),
        KindInfo(LedgerNote.self, projection: .execution, changesSignedState: false),
        KindInfo(DeploymentStarted.self, projection: .other, changesSignedState: false),
        KindInfo(ItemTicked.self, projection: .checklist, changesSignedState: true),
        KindInfo(ItemUnticked.self, projection: .checklist, changesSignedState: true),
        KindInfo(ItemSkipped.self, projection: .checklist, changesSignedState: true),
        KindInfo(ItemNoted.self, projection: .checklist, changesSignedState: false),
        KindInfo(EvidenceAttached.self, projection: .checklist, changesSignedState: true),
        KindInfo(ActionStarted.self, projection: .execution, changesSignedState: false),
        KindInfo(ActionFinished.self, projection: .execution, changesSignedState: true),
        KindInfo(RollbackDecided.self, projection: .execution, changesSignedState: false),
        KindInfo(RollbackCompleted.self, projection: .execution, changesSignedState: false),
        KindInfo(ContactSet.self, projection: .execution, changesSignedState: false),
        KindInfo(RosterAdded.self, projection: .other, changesSignedState: false),
        KindInfo(RosterRevoked.self, projection: .other, changesSignedState: false),
        KindInfo(SignoffGiven.self, projection: .other, changesSignedState: false),
        KindInfo(DeploymentClosed.self, projection: .execution, changesSignedState: false),
    ]

    /// Each kind's body type, by kind.
    static let codecs: [EventKind: any KindBodyCodec.Type] = Dictionary(table.map { ($0.kind, $0.codec) }) { a, _ in a }

    /// The kinds of the table's rows that feed `projection`.
    static func kinds(feeding projection: KindProjection) -> Set<EventKind> {
        Set(table.filter { $0.projection == projection }.map(\.kind))
    }

    /// The kinds that can change the signed checklist state.
    public static var signedStateKinds: Set<EventKind> { Set(table.filter(\.changesSignedState).map(\.kind)) }
}
