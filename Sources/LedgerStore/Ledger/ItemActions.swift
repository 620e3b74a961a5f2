import Checklist
import LedgerCore

/// A change to one checklist item.
public enum ItemChange: Sendable {
    /// Tick, with an optional note.
    case tick(note: String?)
    /// Take a tick back, with an optional reason.
    case untick(reason: String?)
    /// Mark not applicable; the reason is required.
    case skip(reason: String)
    /// Write a note on the item.
    case note(String)
    /// Attach evidence.
    case evidence(EvidenceFile)
}

/// What an item change did.
public struct ItemOutcome: Sendable {
    /// The item.
    public let item: Item
    /// Its state before the change.
    public let before: ItemState
    /// The record written, or nil when the change was already true (nothing written).
    public let record: Record?
}

extension LedgerFile {
    /// Applies `change` to the item `query` (number, slug or unique text prefix) of a
    /// deployment, in one transaction. A change that is already true (ticking a ticked item)
    /// writes nothing and says so through `ItemOutcome.record == nil`. The record is signed
    /// with `signer` when one is given.
    /// - Throws: `LedgerError` for an unknown item (with the nearest ids) or a failed write.
    @discardableResult
    public func change(
        _ query: String, in deployment: DeploymentID, actor: Actor, _ change: ItemChange,
        signer: Signer? = nil
    ) throws(LedgerError) -> ItemOutcome {
        try self.change([query], in: deployment, actor: actor, change, signer: signer)[0]
    }

    /// Applies `change` to several items in one transaction: all of them or none (the first
    /// refusal throws and nothing is written). The deployment is read once; each change is
    /// judged on the view the earlier ones left.
    /// - Throws: `LedgerError`, as `change(_:in:actor:_:)`.
    @discardableResult
    public func change(
        _ queries: [String], in deployment: DeploymentID, actor: Actor, _ change: ItemChange,
        signer: Signer? = nil
    ) throws(LedgerError) -> [ItemOutcome] {
        try changeGroups(queries, in: deployment, actor: actor, change, sections: false, signer: signer).flatMap(\.outcomes)
    }

    /// `change(_:in:actor:_:)` where, with `sections`, a query may name a section (`9.1` or
    /// `9.1.*`, see `ChecklistTemplate.bulkSection(_:)`): it stands for those of its items
    /// the change applies to (`ItemChange.appliesInBulk(to:)`). One group per query, in
    /// order. When a section is among them, every refusal is collected and one error names
    /// them all; nothing is written.
    /// - Throws: `LedgerError`.
    public func changeGroups(
        _ queries: [String], in deployment: DeploymentID, actor: Actor, _ change: ItemChange,
        sections: Bool, signer: Signer? = nil
    ) throws(LedgerError) -> [ChangeGroup] {
        if case .note(let text) = change { try NoteText.check(text) }
        return try withCurrentView(of: deployment) { (ledger) throws(LedgerError) -> [ChangeGroup] in
            let groups = try Self.targets(queries, in: try Self.deployment(deployment, in: ledger), change, sections: sections)
            let bulk = groups.contains { $0.section != nil }
            var out: [ChangeGroup] = []
            var refused: [ItemID] = []
            var firstRefusal: LedgerError?
            for group in groups {
                var outcomes: [ItemOutcome] = []
                for item in group.items {
                    let view = try Self.deployment(deployment, in: ledger)
                    if case .note = change {
                    } else if let refusal = view.refusal(.work(item.id)) {
                        guard bulk else { throw refusal }
                        refused.append(item.id)
                        firstRefusal = firstRefusal ?? refusal
                        continue
                    }
                    let before = view.state(item.id)
                    var record: Record?
                    if let body = Self.body(for: change, item: item.id, state: before) {
                        record = try append([Event(body, deployment: deployment, by: actor, time: clock.now())], folding: &ledger, signer: signer)[0]
                    }
                    outcomes.append(ItemOutcome(item: item, before: before, record: record))
                }
                out.append(ChangeGroup(section: group.section, outcomes: outcomes, sectionItems: group.sectionItems))
            }
            if let firstRefusal {
                throw BulkRefusal.error(refused, first: firstRefusal, of: groups.reduce(0) { $0 + $1.items.count })
            }
            return out
        }
    }

    static func body(for change: ItemChange, item id: ItemID, state: ItemState) -> EventBody? {
        switch change {
        case .tick(let note):
            return state.status == .done ? nil : .itemTicked(ItemTicked(item: id, text: note))
        case .untick(let reason):
            return state.status == .open ? nil : .itemUnticked(ItemUnticked(item: id, text: reason))
        case .skip(let reason):
            return state.status == .notApplicable ? nil : .itemSkipped(ItemSkipped(item: id, text: reason))
        case .note(let text):
            return .itemNoted(ItemNoted(item: id, text: text))
        case .evidence(let f):
            return .evidenceAttached(EvidenceAttached(item: id, name: f.name, size: f.size, sha256: f.sha256, content: f.content))
        }
    }
}
