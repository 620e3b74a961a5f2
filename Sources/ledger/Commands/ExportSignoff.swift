import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// `ledger export signoff --out DIR`: each sign-off's statement and signature, for minisign and openssl.
struct ExportSignoff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signoff",
        abstract: "Write each sign-off's statement and signature so that minisign and openssl can check them.",
        discussion: """
            For sign-off record N of role R: N-r.statement, N-r.statement.minisig (minisign -Vm N-r.statement -p N-r.pub),
            N-r.statement.sig (raw Ed25519, for openssl pkeyutl -verify -pubin -inkey N-r.pem -rawin), N-r.pub and N-r.pem
            (the signer's public key, copied from the ledger: compare it with the key you trust). Never overwrites a file.
            """)
    @Option(help: ArgumentHelp("The directory to write into (created if missing).", valueName: "DIR")) var out: String
    @OptionGroup var context: DeploymentContext

    func run() throws {
        let (ledger, summary) = try context.open()
        let files = SignoffExport.files(try ledger.view(of: summary.id))
        guard !files.isEmpty else {
            throw LedgerError(.failure, "deployment '\(summary.name)' has no sign-off", hint: "leads sign with 'ledger sign --role ROLE --key FILE'")
        }
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw LedgerError(.failure, "cannot create directory '\(out)'", hint: "check the path and its permissions")
        }
        let paths = files.map { (out as NSString).appendingPathComponent($0.name) }
        if let taken = paths.first(where: { fm.fileExists(atPath: $0) }) {
            throw LedgerError(.failure, "'\(taken)' exists; nothing was written", hint: "export into an empty directory")
        }
        for (file, path) in zip(files, paths) { try OutputFile.write(file.bytes, to: path) }
        let statements = files.filter { $0.name.hasSuffix(".statement") }.map(\.name)
        print("wrote \(files.count) files for \(statements.count) sign-off\(statements.count == 1 ? "" : "s") into \(out)")
        if let first = statements.first {
            let base = String(first.dropLast(".statement".count))
            print("check one: minisign -Vm \(out)/\(first) -p \(out)/\(base).pub")
            print("       or: openssl pkeyutl -verify -pubin -inkey \(out)/\(base).pem -rawin -in \(out)/\(first) -sigfile \(out)/\(first).sig")
        }
    }
}
