import Checklist
import LedgerCore

/// What one reference of an item command did: one item, or the items of a section.
public struct ChangeGroup: Sendable {
    /// The section the reference named (`tick 9.1`); nil for an item named itself.
    public let section: Section?
    /// The items changed, in document order (for a section: those the change applied to).
    public let outcomes: [ItemOutcome]
    /// For a section: all of its items, nested ones and those of subsections included.
    public let sectionItems: Int
}

/// The items one reference stands for, before any is changed.
struct ChangeTargets {
    let section: Section?
    let items: [Item]
    let sectionItems: Int
}

extension ItemChange {
    /// Whether a change through a section reference (`ledger tick 9.1`) applies to an item in
    /// `state`: a tick or a skip to open items, an untick to ticked (done) ones. Items marked
    /// not applicable keep their reasoned mark under a bulk untick; take one back by its number.
    public func appliesInBulk(to state: ItemState) -> Bool {
        switch self {
        case .tick, .skip: state.status == .open
        case .untick: state.status == .done
        case .note, .evidence: false
        }
    }

    /// True for the changes that accept a section reference.
    var acceptsSections: Bool {
        switch self {
        case .tick, .skip, .untick: true
        case .note, .evidence: false
        }
    }
}

extension LedgerFile {
    /// What each query names: an item itself (number, slug or text prefix; a number that is
    /// an item's wins), or with `sections` a section reference's items the change applies to.
    static func targets(
        _ queries: [String], in view: DeploymentView, _ change: ItemChange,
        sections: Bool
    ) throws(LedgerError) -> [ChangeTargets] {
        try queries.map { query throws(LedgerError) -> ChangeTargets in
            if sections, change.acceptsSections, view.template.item(ItemID(query.trimmingBlanks())) == nil,
                let section = try bulkSection(query, in: view.template)
            {
                let all = view.template.items(under: section)
                return ChangeTargets(
                    section: section, items: all.filter { change.appliesInBulk(to: view.state($0.id)) },
                    sectionItems: all.count)
            }
            return ChangeTargets(section: nil, items: [try view.template.resolveItem(query)], sectionItems: 0)
        }
    }

    private static func bulkSection(_ query: String, in template: ChecklistTemplate) throws(LedgerError) -> Section? {
        let trimmed = query.trimmingBlanks()
        if trimmed.hasSuffix(".*"), let item = template.item(ItemID(String(trimmed.dropLast(2)))) {
            throw LedgerError(
                .usage, "'\(trimmed)' names no section: \(item.id) is an item",
                .itemIsNotASection(item: item.id), remedy: .nameItemAlone(item: item.id))
        }
        do { return try template.bulkSection(query) } catch { throw LedgerError(.usage, error.description, .other, hint: error.hint, cause: .checklist(error)) }
    }
}

/// The one error of a bulk change that the phase rules refuse, in part or whole.
enum BulkRefusal {
    static func error(_ ids: [ItemID], first: LedgerError, of total: Int) -> LedgerError {
        let list = ids.map(\.rawValue).joined(separator: ", ")
        let count = ids.count < total ? "\(ids.count) of \(total) items" : total == 1 ? "its 1 item" : "all \(total) items"
        return first.reworded("\(first.message); refused for \(count): \(list); nothing was written")
    }
}
