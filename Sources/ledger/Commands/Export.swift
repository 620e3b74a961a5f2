import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger export checklist`: the filled-in checklist.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the filled-in checklist or the timeline.", subcommands: [ExportChecklist.self, ExportTimeline.self, ExportSignoff.self])
}

/// Formats of `ledger export checklist`.
enum ChecklistFormat: String, ExpressibleByArgument, CaseIterable {
    case md, json
}

/// `ledger export checklist --format md|json [--output FILE]`.
struct ExportChecklist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "The checklist with every done item ticked and annotated (Markdown), or every item's state (JSON).",
        discussion:
            "Markdown: each item's status change, notes, evidence and runs as sub-lines, not-applicable items marked, a rollback banner, notes made after the first sign-off in a part of their own; --pristine changes only the boxes, contacts, sign-off lines and notes block. The JSON follows schema/checklist-export.schema.json. Without --output, writes to standard output."
    )
    @Option(help: "md or json.") var format: ChecklistFormat = .md
    @Flag(help: "Markdown only: no annotations; only the boxes, contacts, sign-off lines and notes block differ from the template (for diffs).") var pristine =
        false
    @Option(help: ArgumentHelp("Write to FILE (atomically) instead of standard output.", valueName: "FILE"), completion: Completions.file) var output: String?
    @Flag(help: "Replace FILE if it exists (never the ledger or its -wal, -shm, -journal files).") var force = false
    @OptionGroup var context: DeploymentContext

    func run() throws {
        if pristine, format != .md {
            throw LedgerError(.usage, "--pristine works only with --format md", hint: "leave out --pristine: the JSON export always carries every fact")
        }
        try OutputGuard.check(output, ledger: context.location.resolvedPath(), option: "--output", force: force)
        let (ledger, summary) = try context.open(readOnly: true)
        let d = try ledger.view(of: summary.id)
        let bytes: [UInt8]
        switch format {
        case .md: bytes = pristine ? ChecklistExport.markdown(d) : ChecklistExport.annotatedMarkdown(d)
        case .json:
            let head = try ledger.head()!
            bytes = ChecklistExport.json(d, ledger: ledger.id, headSeq: head.seq, headHash: head.hash).canonicalBytes + [10]
        }
        try OutputFile.write(bytes, to: output, replace: force)
    }
}
