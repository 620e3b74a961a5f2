import ArgumentParser
import FoundationEssentials
import LedgerCore
import LedgerStore

/// Formats of `ledger export timeline`.
enum TimelineFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl, csv, md, html
}

/// `ledger export timeline`: the events as an incident reviewer reads them.
struct ExportTimeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Export the timeline: every event with its time, actor, role, item, details and record hash.",
        discussion: """
            Each export states the ledger id, the head (sequence number and hash) and the result of verifying the \
            ledger at the moment of export. JSON Lines follows schema/timeline.schema.json; CSV is RFC 4180; \
            Markdown is a table; HTML is one self-contained page. Times are stored in UTC; --tz changes only how \
            they are shown. With --proofs (JSON Lines), the export is an excerpt that 'ledger verify-export' checks \
            without the ledger or its key.
            """)
    @Option(help: "jsonl, csv, md or html.") var format: TimelineFormat = .md
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Only events at or after TIME: a date (2026-12-02), a date and time (2026-12-02 14:50, read in --tz unless it has Z or an offset), or a relative time (-2h, -30m, -7d).",
            valueName: "TIME")) var since: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Only events at or before TIME (a date: up to the end of that day).", valueName: "TIME")) var until:
        String?
    @Option(help: ArgumentHelp("Only events by NAME (repeatable).", valueName: "NAME")) var actor: [String] = []
    @Option(
        help: ArgumentHelp("Only events of KIND, or kinds starting with a prefix such as 'item.' (repeatable).", valueName: "KIND"),
        completion: Completions.kinds) var kind: [String] = []
    @Option(help: ArgumentHelp("Show times in ZONE: UTC, +01:00, or a name such as Europe/Berlin.", valueName: "ZONE")) var tz: String?
    @Option(help: ArgumentHelp("Write to FILE (atomically) instead of standard output.", valueName: "FILE"), completion: Completions.file) var output: String?
    @Flag(help: "Replace FILE if it exists (never the ledger or its -wal, -shm, -journal files).") var force = false
    @Flag(
        help:
            "JSON Lines only: add a signed checkpoint and each entry's record and inclusion proof, so that 'ledger verify-export' can check the excerpt without the ledger or its key. Discloses each exported record's key."
    )
    var proofs = false
    @Option(
        help: ArgumentHelp("With --proofs: prove against this checkpoint (from 'ledger checkpoint') instead of a fresh one at the head.", valueName: "FILE"))
    var checkpoint: String?
    @OptionGroup var context: DeploymentContext

    func run() throws {
        try checkProofOptions()
        let zone = try DisplayZone(tz)
        try OutputGuard.check(output, ledger: context.location.resolvedPath(), option: "--output", force: force)
        // Read-only, except that a fresh checkpoint for --proofs records the checkpoint key the
        // first time (as 'ledger checkpoint' does) where the ledger may be written.
        let signs = proofs && checkpoint == nil && LedgerFile.isWritable(context.location.resolvedPath())
        let ledger = try context.ledger(readOnly: !signs)
        var filter = try FilterArguments.filter(since: since, until: until, actors: actor, kinds: kind, zone: zone, now: SystemClock().now())
        let chosen = context.selection.query == nil ? nil : try context.selection.resolve(in: ledger)
        filter.deployment = chosen?.id
        let (header, audit) = try makeHeader(ledger, filter: filter, deploymentName: chosen?.name, zone: zone)
        if proofs { return try writeExcerpt(ledger, filter: filter, header: header, audit: audit, zone: zone) }
        try TimelineWriter.write(format, header: header, to: output, replace: force) { (emit) throws(LedgerError) -> LedgerView in
            let progress = Progress("exporting")
            defer { progress.finish() }
            return try ledger.timeline(filter, progress: { progress.update($0, of: $1) }, emit)
        } display: {
            zone.display($0)
        } offset: {
            zone.offsetMinutes($0)
        }
    }

    /// `--proofs` needs JSON Lines; `--checkpoint` needs `--proofs`.
    func checkProofOptions() throws(LedgerError) {
        if proofs, format != .jsonl {
            throw LedgerError(
                .usage, "--proofs works only with --format jsonl, not \(format.rawValue)",
                hint: "an excerpt with proofs is JSON Lines: use --format jsonl --proofs")
        }
        if checkpoint != nil, !proofs {
            throw LedgerError(.usage, "--checkpoint is only used with --proofs", hint: "add --format jsonl --proofs, or leave out --checkpoint")
        }
    }

    /// The excerpt: JSON Lines with the checkpoint in the header and a proof on every entry.
    func writeExcerpt(_ ledger: LedgerFile, filter: TimelineFilter, header: TimelineHeader, audit: AuditReport, zone: DisplayZone) throws(LedgerError) {
        let damage = audit.damage  // a stale sign-off is not damage
        if checkpoint == nil, !damage.isEmpty {
            throw LedgerError(
                .tampered,
                "the ledger does not verify (\(damage.count) finding\(damage.count == 1 ? "" : "s")): a fresh checkpoint would certify a damaged log; nothing was written",
                hint: "run 'ledger verify'; to prove entries against a checkpoint taken before the damage, give --checkpoint FILE")
        }
        let note = try checkpoint.map(CheckpointArgument.read)
        let prover = try ledger.excerptProver(checkpoint: note)
        try TimelineWriter.writeExcerpt(prover.checkpoint, header: header, to: output, replace: force) { (emit) throws(LedgerError) -> LedgerView in
            let progress = Progress("exporting")
            defer { progress.finish() }
            return try ledger.timelineExcerpt(filter, prover: prover, progress: { progress.update($0, of: $1) }, emit)
        } display: {
            zone.display($0)
        }
    }

    /// The header, stating the audit's result: the same audit as 'ledger verify' (without
    /// --trust or --checkpoint) makes.
    func makeHeader(
        _ ledger: LedgerFile, filter: TimelineFilter, deploymentName: String?, zone: DisplayZone
    ) throws(LedgerError) -> (TimelineHeader, AuditReport) {
        let progress = Progress("verifying")
        defer { progress.finish() }
        return try ledger.timelineHeader(filter, deploymentName: deploymentName, zone: zone.name) { progress.update($0, of: $1) }
    }
}
