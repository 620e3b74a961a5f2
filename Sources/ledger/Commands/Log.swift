import ArgumentParser
import Checklist
import LedgerCore
import LedgerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ledger log`: prints the decrypted events, oldest first, filtered as `git log` is, paged
/// on a terminal (docs/CLI.md §ledger log).
struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the decrypted events, oldest first (newest last).",
        discussion: """
            Filters combine: an event is shown when it passes every one given. -n keeps the N most recent events \
            that pass, still shown oldest first. Commands that 'ledger run' ran are shown shell-quoted, ready to copy. \
            On a terminal the output goes through $LEDGER_PAGER, else $PAGER, else 'less -FRX' (an empty value or \
            'cat': no pager); piped, it is never paged. With --json, prints one JSON object per line \
            (docs/CLI.md §ledger log).
            """)

    @Option(
        name: [.customShort("n"), .customLong("max-count")], parsing: .unconditional,
        help: ArgumentHelp("Only the N most recent events that pass the filters (still shown oldest first).", valueName: "N"))
    var count: String?
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Only events at or after TIME: a date (2026-12-02), a date and time (2026-12-02 14:50, UTC unless it has Z or an offset), or a relative time (-2h, -30m, -7d).",
            valueName: "TIME")) var since: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Only events at or before TIME (a date: up to the end of that day).", valueName: "TIME")) var until:
        String?
    @Option(
        help: ArgumentHelp("Only events of KIND, or kinds starting with a prefix such as 'item.' (repeatable, or a comma list).", valueName: "KIND"),
        completion: Completions.kinds)
    var kind: [String] = []
    @Option(help: ArgumentHelp("Only events by NAME (repeatable).", valueName: "NAME")) var actor: [String] = []
    @Option(help: ArgumentHelp("Only the events of this deployment, by name or id (ledger-level events are left out).", valueName: "NAME|ID"))
    var deployment: String?
    @Flag(help: "Never page the output, even on a terminal.") var noPager = false
    @OptionGroup var location: LedgerOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let limit = try Self.limit(count)
        var filter = try FilterArguments.filter(
            since: since, until: until, actors: actor, kinds: Self.kinds(kind), zone: DisplayZone(nil), now: SystemClock().now())
        let ledger = try Opening.unlocked(location.resolvedPath(), passphrase: passphrase, readOnly: true)
        filter.deployment = try deployment.map { q throws(LedgerError) in try ledger.resolveDeployment(q).id }
        let out = LineOutput()
        if !noPager, isatty(STDOUT_FILENO) == 1, let pager = Pager.command() { _ = Pager.start(pager) }
        defer { Pager.finish() }
        do {
            try write(ledger, filter: filter, limit: limit, to: out)
            try out.flush()
        } catch {
            if out.readerGone { return }  // the pager quit (q) or `head` had enough: not an error
            throw error
        }
    }

    /// The events that pass `filter` (the last `limit` of them), each as a line.
    func write(_ ledger: LedgerFile, filter: TimelineFilter, limit: Int?, to out: LineOutput) throws(LedgerError) {
        var view = LedgerView()
        var tail = LastLines(limit: limit ?? 0)
        let members = ledger.memberNames
        // One deployment's records come through the deployment index; its view still gets its
        // deployment.started record (the template that names items).
        try ledger.events(deployment: filter.deployment) { (record, event) throws(LedgerError) in
            view.apply(event, seq: record.seq)
            guard filter.keeps(event) else { return }
            let line =
                output.json
                ? EventText.jsonLine(record, event)
                : TerminalText.safe(EventText.line(record, event, template: view.deployment(event.deployment)?.template, roster: view.roster, members: members))
            if limit == nil { try out.line(line) } else { tail.append(line) }
        }
        for line in tail.lines { try out.line(line) }
    }

    /// `-n N`: a count of events, 0 or more.
    /// - Throws: `LedgerError` (usage) for anything else.
    static func limit(_ text: String?) throws(LedgerError) -> Int? {
        guard let text else { return nil }
        guard !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }), let n = Int(text) else {
            throw LedgerError(
                .usage, "-n '\(TerminalText.safe(text))' is not a number of events",
                hint: "give how many of the most recent events to show, a whole number from 0, e.g. -n 20")
        }
        return n
    }

    /// `--kind` values, each possibly a comma list, as single kinds (an empty piece stays,
    /// to be refused: `--kind ''` must not mean every kind).
    static func kinds(_ given: [String]) -> [String] {
        given.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() } }
    }
}

/// The last `limit` lines appended, in order (a ring).
struct LastLines {
    let limit: Int
    private var ring: [String] = []
    private var next = 0

    init(limit: Int) { self.limit = limit }

    mutating func append(_ line: String) {
        guard limit > 0 else { return }
        if ring.count < limit {
            ring.append(line)
        } else {
            ring[next] = line
            next = (next + 1) % limit
        }
    }

    /// The lines kept, oldest first.
    var lines: [String] { Array(ring[next...] + ring[..<next]) }
}
