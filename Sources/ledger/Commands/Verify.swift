import ArgumentParser
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

    func run() throws {
        let path = location.resolvedPath(positional: file)
        let ledger = try LedgerFile.open(at: path, readOnly: true)
        if let secret = try passphrase.read(prompt: nil) { try ledger.unlock(passphrase: secret) }
        let progress = Progress("verifying")
        let report = try ledger.verify { progress.update($0, of: $1) }
        progress.finish()
        print(output.json ? VerifyText.json(report, path: path) : VerifyText.human(report, path: path))
        if report.hasTampering { throw ExitCode(LedgerError.Category.tampered.exitCode) }
        if !report.isIntact { throw ExitCode(LedgerError.Category.corrupt.exitCode) }
    }
}
