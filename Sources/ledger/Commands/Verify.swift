import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// `ledger verify [FILE]`: proves the log's integrity and names every problem.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the log's integrity and report every problem found.",
        discussion: """
            Without a passphrase: format, every record hash, every link, contiguous sequence numbers.
            With LEDGER_PASSPHRASE or --passphrase-file: also every AEAD tag and payload. Never prompts.
            Exit 0 intact, 3 tampering, 4 corruption only, 5 wrong passphrase (docs/CLI.md).
            """)

    @Argument(help: ArgumentHelp("The ledger file (default: --ledger, $LEDGER_FILE, else ./deploy.ledger).", valueName: "FILE"))
    var file: String?
    @OptionGroup var location: LedgerOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var output: OutputOptions
    @Option(help: ArgumentHelp("Also prove the log extends this checkpoint (from 'ledger checkpoint').", valueName: "FILE"))
    var checkpoint: String?
    @Option(help: ArgumentHelp("The checkpoint key to trust (its verifier key), instead of the ledger's.", valueName: "VKEY"))
    var checkpointKey: String?

    func run() throws {
        let path = location.resolvedPath(positional: file)
        let ledger = try LedgerFile.open(at: path, readOnly: true)
        if let secret = try passphrase.read(prompt: nil) { try ledger.unlock(passphrase: secret) }
        let progress = Progress("verifying")
        var report = try ledger.verify { progress.update($0, of: $1) }
        progress.finish()
        if let checkpoint {
            guard let data = FileManager.default.contents(atPath: checkpoint) else {
                throw LedgerError(.failure, "cannot read checkpoint '\(checkpoint)'", hint: "check the path given to --checkpoint")
            }
            report = report.adding(try ledger.checkCheckpoint(String(decoding: data, as: UTF8.self), verifierKey: checkpointKey))
        }
        print(output.json ? VerifyText.json(report, path: path) : VerifyText.human(report, path: path))
        if report.hasTampering { throw ExitCode(LedgerError.Category.tampered.exitCode) }
        if report.hasCorruption { throw ExitCode(LedgerError.Category.corrupt.exitCode) }
        if !report.isIntact { throw ExitCode(LedgerError.Category.stale.exitCode) }
    }
}
