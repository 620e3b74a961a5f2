import ArgumentParser
import LedgerCore

/// `ledger verify-export FILE`: checks a timeline excerpt without the log or the key.
struct VerifyExport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify-export", abstract: "Check that a timeline excerpt came from its ledger (not built yet).")
    @Argument var file: String
    func run() throws { throw LedgerError(.failure, "verify-export is not built yet") }
}
