import ArgumentParser
import LedgerCore

/// `ledger export signoff`: each sign-off's statement and signature, for minisign and openssl.
struct ExportSignoff: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "signoff", abstract: "Write each sign-off's statement and signature (not built yet).")
    func run() throws { throw LedgerError(.failure, "export signoff is not built yet") }
}
