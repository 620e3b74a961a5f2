import ArgumentParser
import Checklist
import FoundationEssentials
import LedgerCore
import LedgerStore

/// The options every item command shares.
struct ItemTarget: ParsableArguments {
    @Argument(help: ArgumentHelp("The item: its number (7.2.1.1), its slug, or a unique prefix of its text.", valueName: "ITEM"), completion: Completions.items)
    var item: String
    @OptionGroup var writing: WritingContext

    /// Applies `change` to the item (and `more` items, in one transaction) and prints what
    /// happened; with `sections`, a section reference (`9.1`, `9.1.*`) stands for its items.
    func apply(
        _ change: ItemChange, more: [String] = [], sections: Bool = false, done: String,
        already: (ItemState) -> String
    ) throws {
        let (ledger, deployment, signer) = try writing.open()
        for group in try ledger.changeGroups([item] + more, in: deployment.id, actor: writing.who, change, sections: sections, signer: signer) {
            if let section = group.section {
                print(BulkText.line(group, section, change: change, done: done))
                continue
            }
            for outcome in group.outcomes {
                let label = "\(outcome.item.id) \(outcome.item.plainText)"
                if let r = outcome.record {
                    print("\(done) \(label) (record \(r.seq))")
                } else {
                    print("\(label): \(already(outcome.before)); nothing written")
                }
            }
        }
    }
}

func byWhom(_ s: ItemState) -> String {
    if s.checkedInTemplate { return "in the template" }
    return [s.actor.map { "by \($0)" }, s.time.map { "at \($0)" }].compactMap { $0 }.joined(separator: " ")
}

/// `ledger tick ITEM [ITEM…] [--note TEXT]`.
struct Tick: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick",
        abstract: "Tick checklist items (done); several items, or a section's open items (9.1 or 9.1.*), are ticked in one transaction, all or none.")
    @OptionGroup var target: ItemTarget
    @Argument(help: ArgumentHelp("More items to tick.", valueName: "ITEM"), completion: Completions.items) var more: [String] = []
    @Option(help: "A note recorded with the tick.") var note: String?

    func run() throws {
        try target.apply(.tick(note: note), more: more, sections: true, done: "ticked") { "already ticked \(byWhom($0))" }
    }
}

/// `ledger untick ITEM [--reason TEXT]`.
struct Untick: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "untick",
        abstract: "Take back a tick (or a not-applicable mark); a section (9.1 or 9.1.*) takes back its ticks in one transaction.")
    @OptionGroup var target: ItemTarget
    @Option(help: "Why the tick is taken back.") var reason: String?

    func run() throws {
        try target.apply(.untick(reason: reason), sections: true, done: "unticked") { _ in "not ticked" }
    }
}

/// `ledger skip ITEM --reason TEXT`.
struct Skip: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip",
        abstract: "Mark an item not applicable (a reason is required); a section (9.1 or 9.1.*) marks its open items.")
    @OptionGroup var target: ItemTarget
    @Option(help: "Why the item does not apply.") var reason: String

    func validate() throws {
        guard !reason.trimmingWhitespace().isEmpty else { throw ValidationError("--reason must say why the item does not apply") }
    }

    func run() throws {
        try target.apply(.skip(reason: reason), sections: true, done: "marked not applicable:") { "already not applicable \(byWhom($0))" }
    }
}

/// `ledger attach ITEM FILE [--embed]`.
struct Attach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Attach evidence to an item: a file's name, size and SHA-256.",
        discussion: "With --embed, the file's content is also encrypted into the log (at most 1 MiB).")
    @OptionGroup var target: ItemTarget
    @Argument(help: "The evidence file.", completion: Completions.file) var file: String
    @Flag(help: "Also store the file's content, encrypted (at most 1 MiB).") var embed = false

    func run() throws {
        let evidence = try EvidenceFile(path: file, embed: embed)
        try target.apply(.evidence(evidence), done: "attached \(evidence.name) (\(evidence.size) bytes, sha256 \(Hex.encode(evidence.sha256.prefix(8)))…) to") {
            _ in ""
        }
    }
}
