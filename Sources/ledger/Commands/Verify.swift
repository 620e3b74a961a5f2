import ArgumentParser
import FoundationEssentials
import LedgerCore
import LedgerStore

/// `ledger verify [FILE]`: proves the log's integrity and names every problem.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the log's integrity and report every problem found.",
        discussion: """
            Without a passphrase: format, every record hash, every link, contiguous sequence numbers. \
            With LEDGER_PASSPHRASE or --passphrase-file: also every AEAD tag and payload. Never prompts.

            Every signature is judged against the roster in force at its position, or with --trust FILE against \
            keys pinned from outside the ledger; with the passphrase, sign-off statements are checked against the \
            checklist state, and sign-offs the checklist has changed since are reported stale.

            Exit 0 intact, 3 tampering or a bad signature, 4 corruption only, 5 wrong passphrase, \
            7 only stale sign-offs (docs/CLI.md).
            """)

    @Argument(help: ArgumentHelp("The ledger file (default: --ledger, $LEDGER_FILE, else ./deploy.ledger).", valueName: "FILE"), completion: Completions.file)
    var file: String?
    @OptionGroup var location: LedgerOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var style: ColorOptions
    @Option(help: ArgumentHelp("Also prove the log extends this checkpoint (from 'ledger checkpoint').", valueName: "FILE"), completion: Completions.file)
    var checkpoint: String?
    @Option(help: ArgumentHelp("The checkpoint key to trust (its verifier key), instead of the ledger's.", valueName: "VKEY"))
    var checkpointKey: String?
    @Option(
        help: ArgumentHelp("Judge signatures by the keys this file pins to roles (see docs/FORMAT.md §14.5), not by the ledger's roster.", valueName: "FILE"),
        completion: Completions.file)
    var trust: String?
    @Flag(help: "List every signature checked (by default the text report counts them per signer and role; --json always lists them).")
    var verbose = false

    func run() throws {
        let path = location.resolvedPath(positional: file)
        let pins = try trust.map(TrustArgument.read)
        let ledger = try Self.open(path)
        if ledger.format == .v2, let identity = try passphrase.openIdentity() {
            _ = try ledger.unlockForVerify(identity: identity)
        } else if let secret = try passphrase.read(prompt: nil) {
            try ledger.unlock(passphrase: secret)
        }
        let note = try checkpoint.map(CheckpointArgument.read)
        let progress = Progress("verifying")
        let report = try ledger.audit(AuditRequest(trust: pins, checkpoint: note, checkpointKey: checkpointKey)) { progress.update($0, of: $1) }
        progress.finish()
        if output.json {
            Console.json(VerifyText.json(report, path: path, trust: trust, pins: pins, checkpoint: checkpoint))
        } else {
            Console.block(VerifyText.human(report, path: path, trust: trust, pins: pins, checkpoint: checkpoint, verbose: verbose), paint: Highlight.verify)
        }
        if let category = report.exitCategory { throw ExitCode(category.exitCode) }
    }
}

extension Verify {
    /// Opens the ledger to verify; a missing file is named with a hint for an auditor, who
    /// verifies a file given to them rather than creating one.
    static func open(_ path: String) throws(LedgerError) -> LedgerFile {
        do { return try LedgerFile.open(at: path, readOnly: true) } catch {
            guard case .noLedger = error.reason else { throw error }
            throw LedgerError(error.category, error.message, error.reason, remedy: .checkFileToVerify, cause: error.cause)
        }
    }
}

/// A `--checkpoint FILE` argument.
enum CheckpointArgument {
    /// Reads the checkpoint note.
    /// - Throws: `LedgerError` (`.failure`) when the file cannot be read.
    static func read(_ path: String) throws(LedgerError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError(.failure, "cannot read checkpoint '\(path)'", hint: "check the path given to --checkpoint")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A `--trust FILE` argument.
enum TrustArgument {
    /// Reads and parses the trust file.
    /// - Throws: `LedgerError` (`.usage`) naming the file and the bad line.
    static func read(_ path: String) throws(LedgerError) -> TrustFile {
        let text = try KeyFiles.read(path)
        do { return try TrustFile(text: text) } catch {
            throw LedgerError(.usage, "trust file '\(path)', \(error.description)", hint: "see docs/FORMAT.md §14.5 for its lines")
        }
    }
}
