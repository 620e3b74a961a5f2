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
/// Adding a kind means adding its `EventKind` constant and one row here; `EventKind.known`,
/// `ChecklistProjection.kinds`, `ExecutionProjection.kinds` and `SignoffChecker.stateKinds`
/// are derived from this table, so a kind can no longer be missing from one of them.
public struct KindInfo: Sendable, Equatable {
    /// The kind.
    public let kind: EventKind
    /// The projection it feeds.
    public let projection: KindProjection
    /// True when it can change the checklist state a sign-off covers (docs/FORMAT.md §14.3).
    public let changesSignedState: Bool

    /// Every kind this version writes (the kinds docs/FORMAT.md §9 lists; `signoff` comes before
    /// `deployment.closed` here, as it did in `EventKind.known`).
    public static let table: [KindInfo] = [
        KindInfo(kind: .ledgerCreated, projection: .other, changesSignedState: false),
        KindInfo(kind: .note, projection: .execution, changesSignedState: false),
        KindInfo(kind: .deploymentStarted, projection: .other, changesSignedState: false),
        KindInfo(kind: .itemTicked, projection: .checklist, changesSignedState: true),
        KindInfo(kind: .itemUnticked, projection: .checklist, changesSignedState: true),
        KindInfo(kind: .itemSkipped, projection: .checklist, changesSignedState: true),
        KindInfo(kind: .itemNoted, projection: .checklist, changesSignedState: false),
        KindInfo(kind: .evidenceAttached, projection: .checklist, changesSignedState: true),
        KindInfo(kind: .actionStarted, projection: .execution, changesSignedState: false),
        KindInfo(kind: .actionFinished, projection: .execution, changesSignedState: true),
        KindInfo(kind: .rollbackDecided, projection: .execution, changesSignedState: false),
        KindInfo(kind: .rollbackCompleted, projection: .execution, changesSignedState: false),
        KindInfo(kind: .contactSet, projection: .execution, changesSignedState: false),
        KindInfo(kind: .rosterAdded, projection: .other, changesSignedState: false),
        KindInfo(kind: .rosterRevoked, projection: .other, changesSignedState: false),
        KindInfo(kind: .signoff, projection: .other, changesSignedState: false),
        KindInfo(kind: .deploymentClosed, projection: .execution, changesSignedState: false),
    ]

    /// The kinds of the table's rows that feed `projection`.
    static func kinds(feeding projection: KindProjection) -> Set<EventKind> {
        Set(table.filter { $0.projection == projection }.map(\.kind))
    }

    /// The kinds that can change the signed checklist state.
    static var signedStateKinds: Set<EventKind> { Set(table.filter(\.changesSignedState).map(\.kind)) }
}
