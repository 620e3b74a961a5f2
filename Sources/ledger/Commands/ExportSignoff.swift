import ArgumentParser
import FoundationEssentials
import LedgerCore
import LedgerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ledger export signoff --out DIR`: each sign-off's statement and signature, for minisign and openssl.
struct ExportSignoff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signoff",
        abstract: "Write each sign-off's statement and signature so that minisign and openssl can check them.",
        discussion: """
            For sign-off record N of role R: N-r.statement, N-r.statement.minisig (minisign -Vm N-r.statement -p N-r.pub), \
            N-r.statement.sig (raw Ed25519, for openssl pkeyutl -verify -pubin -inkey N-r.pem -rawin), N-r.pub and N-r.pem \
            (the signer's public key, copied from the ledger: compare it with the key you trust). Never overwrites a file without --force, and never the ledger.
            """)
    @Option(help: ArgumentHelp("The directory to write into (created if missing).", valueName: "DIR"), completion: .directory) var out: String
    @Flag(help: "Replace files of the same names in DIR (never the ledger or its -wal, -shm, -journal files).") var force = false
    @OptionGroup var context: DeploymentContext

    func run() throws {
        let ledgerPath = context.location.resolvedPath()
        try OutputGuard.refuseLedgerFile(out, ledger: ledgerPath, option: "--out")
        let (ledger, summary) = try context.open(readOnly: true)
        let files = SignoffExport.files(try ledger.view(of: summary.id))
        guard !files.isEmpty else {
            throw LedgerError(.failure, "deployment '\(summary.name)' has no sign-off", hint: "leads sign with 'ledger sign --role ROLE --key FILE'")
        }
        let paths = files.map { PathName.join(out, $0.name) }
        for path in paths { try OutputGuard.check(path, ledger: ledgerPath, option: "--out", force: force) }
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw LedgerError(.failure, "cannot create directory '\(out)'", hint: "check the path and its permissions")
        }
        try Self.writeAll(files.map(\.bytes), to: paths, replace: force)
        let statements = files.filter { $0.name.hasSuffix(".statement") }.map(\.name)
        print("wrote \(files.count) files for \(statements.count) sign-off\(statements.count == 1 ? "" : "s") into \(out)")
        if let first = statements.first {
            let base = String(first.dropLast(".statement".count))
            print("check one: minisign -Vm \(out)/\(first) -p \(out)/\(base).pub")
            print("       or: openssl pkeyutl -verify -pubin -inkey \(out)/\(base).pem -rawin -in \(out)/\(first) -sigfile \(out)/\(first).sig")
        }
    }

    /// Writes every file completely beside its place first, then moves them all into place;
    /// when one cannot be placed, the files this run created are removed again.
    /// - Throws: `LedgerError`.
    static func writeAll(_ contents: [[UInt8]], to paths: [String], replace: Bool) throws(LedgerError) {
        var temps: [String] = []
        do {
            for (bytes, path) in zip(contents, paths) { temps.append(try OutputFile.writeTemporary(bytes, beside: path)) }
        } catch {
            for t in temps { unlink(t) }
            throw error
        }
        for (i, (temp, path)) in zip(temps, paths).enumerated() {
            do { try OutputFile.place(temp, at: path, replace: replace) } catch {
                for t in temps[(i + 1)...] { unlink(t) }
                if !replace { for p in paths[..<i] { unlink(p) } }
                throw error
            }
        }
    }
}
