import Checklist

/// The JSON documents of `ledger status --json`, `ledger show --json` and `ledger deploy
/// list --json` (schema/status.schema.json, schema/show.schema.json,
/// schema/deploy-list.schema.json). Pure: built from `DeploymentView`s; canonical JSON when
/// encoded. Items, runs, sections, sign-offs and the rollback have the shapes of the
/// checklist export (schema/checklist-export.schema.json).
public enum DeploymentJSON {
    /// The ledger's last record, as the documents state it.
    public struct Head: Sendable, Equatable {
        /// Its sequence number.
        public let seq: Int64
        /// Its record hash.
        public let hash: [UInt8]

        /// A head.
        public init(seq: Int64, hash: [UInt8]) {
            self.seq = seq
            self.hash = hash
        }
    }

    /// `ledger status --json`: where the deployment stands and what blocks its sign-off.
    public static func status(_ d: DeploymentView, ledger: LedgerID, head: Head) -> JSONValue {
        .object([
            "ledger": .string(ledger.hex), "head": headJSON(head), "deployment": ChecklistExport.deploymentJSON(d),
            "phase": .string(d.phase.rawValue),
            "phase_since": d.phaseChanges.last.map { ["time": .string($0.time.description), "seq": .int($0.seq)] } ?? .null,
            "phaseless": .bool(d.isPhaseless),
            "progress": ChecklistExport.progress(d.progress), "sections": ChecklistExport.sectionsJSON(d),
            "open_items": .array(
                d.openItems.map {
                    [
                        "id": .string($0.id.rawValue), "text": .string($0.plainText), "section": $0.sectionNumber.map { .string($0) } ?? .null,
                        "required": .bool(d.stage(of: $0.id) != .rollback),
                    ]
                }),
            "failed_steps": .array(d.failedSteps.map { itemRun(d, $0) }),
            "runs": .array(d.actions.map { itemRun(d, $0) }),
            "rollback": ChecklistExport.rollbackJSON(d), "closure": closureJSON(d),
            "signoffs": .array(
                d.roleSignoffs.map { r in
                    [
                        "role": .string(r.role), "state": .string(r.signoff == nil ? "not_signed" : r.stale ? "stale" : "signed"),
                        "signoff": ChecklistExport.signoffJSON(r) ?? .null,
                    ]
                }),
        ])
    }

    /// `ledger show --json`: `items` (the whole checklist, one section's items, or one item),
    /// the `section` shown (or null), and for one item its `detail`: section path, commands
    /// and the alternatives they offer.
    public static func show(_ d: DeploymentView, items: [Item], section: Section?, detail: Item?, ledger: LedgerID, head: Head) -> JSONValue {
        .object([
            "ledger": .string(ledger.hex), "head": headJSON(head), "deployment": ChecklistExport.deploymentJSON(d),
            "section": section.map { ["number": .string($0.number ?? ""), "title": .string($0.displayTitle)] } ?? .null,
            "items": .array(items.map { ChecklistExport.item(d, $0) }),
            "detail": detail.map(detailJSON) ?? .null,
        ])
    }

    /// `ledger deploy list --json`: every deployment, in the order they started, with its
    /// phase and progress.
    public static func list(_ views: [DeploymentView]) -> JSONValue {
        .array(
            views.map { d in
                var o = ChecklistExport.deploymentJSON(d).objectValue!
                o["start_seq"] = .int(d.startSeq)
                o["last_seq"] = .int(d.lastSeq)
                o["phase"] = .string(d.phase.rawValue)
                o["closed"] = .bool(d.phase.isClosed)
                o["progress"] = ChecklistExport.progress(d.progress)
                let roles = d.roleSignoffs
                o["signoffs"] = ["roles": .int(Int64(roles.count)), "signed": .int(Int64(roles.filter(\.isSigned).count))]
                return .object(o)
            })
    }

    static func headJSON(_ h: Head) -> JSONValue { ["seq": .int(h.seq), "hash": .string(Hex.encode(h.hash))] }

    /// A run with its item's number and text.
    static func itemRun(_ d: DeploymentView, _ a: ActionState) -> JSONValue {
        ["item": .string(a.item.rawValue), "text": .string(d.template.item(a.item)?.plainText ?? ""), "run": ChecklistExport.runJSON(a)]
    }

    /// How the lead closed a deployment without sign-off roles, or null.
    static func closureJSON(_ d: DeploymentView) -> JSONValue {
        guard let c = d.closure else { return .null }
        return [
            "actor": .string(c.actor), "time": .string(c.time.description), "seq": .int(c.seq),
            "accepted_open": .array(c.acceptedOpen.map { .string($0) }), "reason": c.reason.map { .string($0) } ?? .null,
            "note": c.note.map { .string($0) } ?? .null,
        ]
    }

    static func detailJSON(_ item: Item) -> JSONValue {
        [
            "item": .string(item.id.rawValue), "section_path": .array(item.sectionPath.map { .string($0) }),
            "commands": .array(
                item.codeBlocks.map { ["language": $0.language.map { .string($0) } ?? .null, "line": .int(Int64($0.line)), "code": .string($0.code)] }),
            "alternatives": .array(item.alternatives.map { ["number": .int(Int64($0.number)), "label": .string($0.label)] }),
        ]
    }
}
