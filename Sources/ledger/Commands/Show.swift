import ArgumentParser
import Checklist
import LedgerCore
import LedgerStore

/// `ledger show [SECTION|ITEM]`: the checklist with each item's state, ids and slugs.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the checklist, a section, or one item in detail.",
        discussion: "Each item shows its number and slug; commands accept either, or a unique prefix of the item's text.")
    @Argument(help: ArgumentHelp("A section number (7.2), an item (7.2.1.1, its slug or text prefix).", valueName: "SECTION|ITEM"))
    var target: String?
    @OptionGroup var context: DeploymentContext

    func run() throws {
        let (ledger, summary) = try context.open(readOnly: true)
        let d = try ledger.view(of: summary.id)
        guard let target else { return Console.block(ShowText.items(d, d.template.items)) }
        if d.template.section(number: target) != nil {
            return Console.block(ShowText.items(d, d.template.items.filter { $0.id.rawValue.hasPrefix(target + ".") }))
        }
        Console.block(ShowText.detail(d, try d.template.resolveItem(target)))
    }
}

/// The text of `ledger show`.
enum ShowText {
    static func mark(_ s: ItemStatus) -> String {
        switch s {
        case .open: "[ ]"
        case .done: "[x]"
        case .notApplicable: "[-]"
        }
    }

    static func items(_ d: DeploymentView, _ items: [Item]) -> String {
        var lines: [String] = []
        var section: String?
        for item in items {
            if item.sectionNumber != section, let n = item.sectionNumber, let s = d.template.section(number: n) {
                section = n
                lines.append("\(n) \(s.displayTitle)")
            }
            let s = d.state(item.id)
            let who = s.checkedInTemplate ? "  (checked in the template)" : s.actor.map { "  (\($0), \(s.time!))" } ?? ""
            lines.append(String(repeating: "  ", count: item.depth + 1) + "\(mark(s.status)) \(item.id)  \(item.plainText)  {\(item.slug)}\(who)")
        }
        return lines.map(TerminalText.safe).joined(separator: "\n")
    }

    static func detail(_ d: DeploymentView, _ item: Item) -> String {
        let s = d.state(item.id)
        var lines = ["\(item.id)  \(item.plainText)", "slug: \(item.slug)", "section: \(item.sectionPath.joined(separator: " > "))",
                     "status: \(s.status.rawValue)" + (s.checkedInTemplate ? " — checked in the template (deployment.started, record \(s.seq!))"
                        : s.actor.map { " by \($0) at \(s.time!) (record \(s.seq!))" } ?? "")]
        if let c = s.comment { lines.append((s.status == .done ? "note: " : "reason: ") + c) }
        for n in s.notes { lines.append("note by \(n.actor) at \(n.time): \(n.text)") }
        for e in s.evidence {
            lines.append("evidence: \(e.name), \(e.size) bytes, sha256 \(e.sha256)\(e.embedded ? " (content in the log)" : ""), by \(e.actor) at \(e.time)")
        }
        for block in item.codeBlocks {
            lines.append("commands (\(block.language ?? "text"), line \(block.line)):")
            lines += block.code.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        }
        let alternatives = item.alternatives
        if !alternatives.isEmpty {
            lines.append("alternatives (ledger run \(item.id) --variant N|LABEL runs one): "
                         + alternatives.map { "\($0.number) \($0.label)" }.joined(separator: ", "))
        }
        return lines.map(TerminalText.safe).joined(separator: "\n")
    }
}
