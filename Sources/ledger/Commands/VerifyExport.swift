import ArgumentParser
import FoundationEssentials
import LedgerCore

/// `ledger verify-export FILE`: checks a timeline excerpt without the log or the key.
struct VerifyExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-export",
        abstract: "Check that a timeline excerpt (export timeline --format jsonl --proofs) came from its ledger.",
        discussion: """
            Needs neither the ledger file nor the passphrase. Checks the checkpoint's signature, then for every entry \
            its record hash, its payload (opened with the entry's record key) against what the entry shows, and its \
            inclusion proof in the checkpoint's tree. Pin the ledger's checkpoint key with --checkpoint-key: without \
            it, the key in the file is used, which proves only that the excerpt is consistent with itself.

            Exit 0 every entry checks out, 3 findings, 1 the file cannot be read or is not an excerpt.
            """)
    @Argument(help: ArgumentHelp("The excerpt (JSON Lines with proofs).", valueName: "FILE"), completion: Completions.file) var file: String
    @Option(help: ArgumentHelp("The ledger's checkpoint verifier key to trust (as 'ledger checkpoint' printed it).", valueName: "VKEY"))
    var checkpointKey: String?
    @Option(
        help: ArgumentHelp(
            "A checkpoint you hold (from 'ledger checkpoint'): the excerpt's checkpoint must be that one. Without it, anyone with the ledger's passphrase can sign a checkpoint of a rewritten log.",
            valueName: "FILE"))
    var checkpoint: String?
    @OptionGroup var output: OutputOptions
    @OptionGroup var style: ColorOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw LedgerError(.failure, "cannot read '\(file)'", hint: "check the path of the excerpt")
        }
        let report = try verify(Array(data))
        if output.json {
            Console.json(ExcerptText.json(report, path: file))
        } else {
            Console.block(ExcerptText.human(report, path: file), paint: Highlight.verify)
        }
        if !report.isIntact { throw ExitCode(LedgerError.Category.tampered.exitCode) }
    }

    /// The report; a file that is no excerpt is an error naming the file.
    func verify(_ bytes: [UInt8]) throws(LedgerError) -> ExcerptReport {
        let trusted = try checkpoint.map(CheckpointArgument.read)
        let result = Result { () throws(LedgerError) in try ExcerptVerifier.verify(bytes, pinnedKey: checkpointKey, trusted: trusted) }
        guard case .failure(let e) = result else { return try result.get() }
        guard e.category == .failure else { throw e }
        throw e.reworded("'\(file)' is not a timeline excerpt: \(e.message)")
    }
}

/// How an excerpt report prints: a summary for people, canonical JSON for machines.
enum ExcerptText {
    static let proved =
        "seq, time, local_time, actor, role, kind, deployment, item, details, hash (and deployment_name, item_text when the deployment's start is in the excerpt)"
    static let unproved = "phase (it depends on records outside the excerpt), and the header's head, verify result, filters and zone"

    static func human(_ r: ExcerptReport, path: String) -> String {
        var lines = [
            "excerpt of ledger \(r.ledger) at \(path): \(r.entries) entr\(r.entries == 1 ? "y" : "ies"), checkpoint at \(r.treeSize) records"
                + (r.root.map { ", root \(Hex.encode($0))" } ?? "")
        ]
        let team = r.ledger.format == .v2
        lines.append(
            r.keyPinned
                ? "checkpoint key: \(r.checkpointKey) (pinned)"
                : team
                    ? "checkpoint signed by member key \(r.checkpointKey), a member by the excerpt's own membership records, NOT pinned: pin a member's key with --checkpoint-key"
                    : "checkpoint key: \(r.checkpointKey), taken from the file and NOT pinned: anyone can sign an excerpt of their own; pin the ledger's key with --checkpoint-key"
        )
        lines.append(
            r.matchesTrustedCheckpoint
                ? "the checkpoint is the one you trust (--checkpoint)"
                : team
                    ? "to rule out a rewritten log, give a checkpoint you took earlier with --checkpoint"
                    : "the checkpoint was signed with the ledger's checkpoint key, which every passphrase holder has: to rule out a rewritten log, give a checkpoint you took earlier with --checkpoint"
        )
        if team {
            lines.append(
                "authors judged by the excerpt's membership records, proved in the checkpoint's tree: each entry signed by a member who could write it")
        }
        lines.append(
            "checked without the ledger or its key: the checkpoint's signature; each entry's record hash, its payload opened with its record key against the entry's \(proved)\(r.checkpointVerified ? ", and its inclusion proof" : " (inclusion proofs not checked: the checkpoint did not verify)")"
        )
        lines.append(
            "not proved: \(unproved)"
                + (r.unprovedContext == 0
                    ? ""
                    : "; the deployment name and item text of \(r.unprovedContext) entr\(r.unprovedContext == 1 ? "y" : "ies") (their deployment's start is not in the excerpt)")
        )
        if r.isIntact {
            lines.append("intact: every entry is a record of the ledger's log as shown")
        } else {
            lines.append("NOT INTACT: \(r.findings.count) finding\(r.findings.count == 1 ? "" : "s")")
            lines += r.findings.map { "  \($0.kind.rawValue) at \($0.seq): \($0.message)" }
        }
        return lines.map(TerminalText.safe).joined(separator: "\n")
    }

    static func json(_ r: ExcerptReport, path: String) -> String {
        let doc: JSONValue = .object([
            "ledger": .string(r.ledger.hex), "file": .string(path), "entries": .int(Int64(r.entries)), "tree_size": .int(Int64(r.treeSize)),
            "checkpoint_key": .string(r.checkpointKey), "key_pinned": .bool(r.keyPinned), "checkpoint_verified": .bool(r.checkpointVerified),
            "unproved_context": .int(Int64(r.unprovedContext)), "intact": .bool(r.isIntact),
            "root": r.root.map { .string(Hex.encode($0)) } ?? .null, "matches_trusted_checkpoint": .bool(r.matchesTrustedCheckpoint),
            "findings": .array(r.findings.map { ["kind": .string($0.kind.rawValue), "seq": .int($0.seq), "message": .string($0.message)] }),
        ])
        return doc.canonicalString
    }
}
