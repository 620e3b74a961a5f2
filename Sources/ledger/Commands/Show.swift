import ArgumentParser
import Checklist
import LedgerCore
import LedgerStore

/// `ledger show [SECTION|ITEM]`: the checklist with each item's state, ids and slugs.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the checklist, a section, or one item in detail.",
        discussion: "Each item shows its number and slug; commands accept either, or a unique prefix of the item's text.")
    @Argument(
        help: ArgumentHelp("A section number (7.2), an item (7.2.1.1, its slug or text prefix).", valueName: "SECTION|ITEM"),
        completion: Completions.itemsAndSections)
    var target: String?
    @Flag(help: "With an ITEM: print the recorded standard output and error of its runs ('ledger run --record-output').") var output = false
    @OptionGroup var context: DeploymentContext
    @OptionGroup var format: OutputOptions

    func run() throws {
        if output, format.json {
            throw LedgerError(
                .usage, "--output prints the recorded text and has no JSON form",
                hint: "'ledger show ITEM --json' lists the runs; 'ledger log --json' has their recorded output")
        }
        let (ledger, summary) = try context.open(readOnly: true)
        let d = try ledger.view(of: summary.id)
        if output, target == nil || d.template.section(number: target!) != nil {
            throw LedgerError(.usage, "--output needs one item", hint: "give the item whose runs to print: 'ledger show ITEM --output'")
        }
        let section = target.flatMap { d.template.section(number: $0) }
        let item = try section == nil ? target.map { t throws(LedgerError) in try d.template.resolveItem(t) } : nil
        let items = item.map { [$0] } ?? section.map { s in d.template.items.filter { $0.id.rawValue.hasPrefix((s.number ?? "") + ".") } } ?? d.template.items
        if format.json {
            let doc = DeploymentJSON.show(d, items: items, section: section, detail: item, ledger: ledger.id, head: try ledger.jsonHead())
            return Console.json(doc.canonicalString)
        }
        guard let item else { return Console.block(ShowText.items(d, items)) }
        Console.block(output ? RunsText.output(d, item) : ShowText.detail(d, item) + RunsText.list(d, item))
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
        var lines = [
            "\(item.id)  \(item.plainText)", "slug: \(item.slug)", "section: \(item.sectionPath.joined(separator: " > "))",
            "status: \(s.status.rawValue)"
                + (s.checkedInTemplate
                    ? " — checked in the template (deployment.started, record \(s.seq!))"
                    : s.actor.map { " by \($0) at \(s.time!) (record \(s.seq!))" } ?? ""),
        ]
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
            lines.append(
                "alternatives (ledger run \(item.id) --variant N|LABEL runs one): "
                    + alternatives.map { "\($0.number) \($0.label)" }.joined(separator: ", "))
        }
        return lines.map(TerminalText.safe).joined(separator: "\n")
    }
}

/// The runs of one item in `ledger show ITEM`, and their recorded output (`--output`). Every
/// recorded string is made safe for the terminal: the output is whatever the command printed.
enum RunsText {
    /// `runs (N):` then one line per run: when, who, the command, how it ended, how long, output sizes.
    static func list(_ d: DeploymentView, _ item: Item) -> String {
        let runs = d.actions.filter { $0.item == item.id }
        guard !runs.isEmpty else { return "" }
        var lines = ["", "runs (\(runs.count)):"]
        for a in runs {
            let cmd = a.command.isEmpty ? "checklist script" : a.command.joined(separator: " ")
            let dur = a.durationMs.map { " in \(EventSummary.seconds($0)) s" } ?? ""
            lines.append(TerminalText.safe("  record \(a.seq) at \(a.startedAt) by \(a.actor): \(cmd)"))
            lines.append(TerminalText.safe("    \(ActionText.outcome(a))\(dur); " + streams(a).joined(separator: "; ")))
        }
        return "\n" + lines.dropFirst().joined(separator: "\n")
    }

    /// `stdout 8 bytes (recorded)` for each stream of a finished run.
    static func streams(_ a: ActionState) -> [String] {
        [("stdout", a.stdout), ("stderr", a.stderr)].compactMap { name, o in
            o.map {
                "\(name) \($0.size) bytes, sha256 \($0.sha256.prefix(16))…"
                    + ($0.content == nil ? "" : $0.truncated ? " (first \($0.content!.count) bytes recorded)" : " (recorded)")
            }
        }
    }

    /// Each run's recorded stdout and stderr, under a header line; says so when a run's output was not recorded.
    static func output(_ d: DeploymentView, _ item: Item) -> String {
        let runs = d.actions.filter { $0.item == item.id }
        guard !runs.isEmpty else { return TerminalText.safe("\(item.id) \(item.plainText): no runs recorded") }
        var lines: [String] = []
        for a in runs {
            lines.append(TerminalText.safe("== record \(a.seq), \(item.id), \(ActionText.outcome(a)), by \(a.actor) at \(a.startedAt)"))
            let recorded = RecordedOutput.recorded(of: a)
            if recorded.isEmpty { lines.append("(output not recorded: run with 'ledger run \(item.id) --record-output' to keep it)") }
            for o in recorded {
                let text = String(decoding: o.output.content ?? [], as: UTF8.self)
                lines.append(
                    "-- \(o.stream): \(o.output.size) bytes, sha256 \(o.output.sha256)"
                        + (o.output.truncated ? ", first \(o.output.content?.count ?? 0) bytes recorded" : ""))
                var body = text.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.safe(String($0)) }
                if body.last == "" { body.removeLast() } else if !text.isEmpty { body.append("(no newline at end)") }
                lines += body
            }
        }
        return lines.joined(separator: "\n")
    }
}
