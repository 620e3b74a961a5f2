import Checklist
import LedgerStore

/// How `tick`, `skip` and `untick` confirm a section reference: how many items, and which.
enum BulkText {
    /// `ticked 3 items of 9.1 Approval Gates: 9.1.1, 9.1.2, 9.1.3 (records 12-14); 2 others left as they were`,
    /// or `9.1 Approval Gates: no open items (5 in all); nothing written`.
    static func line(_ group: ChangeGroup, _ section: Section, change: ItemChange, done: String) -> String {
        let name = "\(section.number ?? section.slug) \(TerminalText.safe(section.displayTitle))"
        let written = group.outcomes.compactMap(\.record?.seq)
        guard let first = written.first, let last = written.last else {
            let which = if case .untick = change { "ticked" } else { "open" }
            return "\(name): no \(which) items (\(group.sectionItems) in all); nothing written"
        }
        let n = written.count
        let ids = group.outcomes.filter { $0.record != nil }.map(\.item.id.rawValue).joined(separator: ", ")
        let records = n == 1 ? "record \(first)" : "records \(first)-\(last)"
        let others = group.sectionItems - n
        let rest = others == 0 ? "" : "; \(others) other\(others == 1 ? "" : "s") left as \(others == 1 ? "it was" : "they were")"
        return "\(done) \(n) item\(n == 1 ? "" : "s") of \(name): \(ids) (\(records))\(rest)"
    }
}
