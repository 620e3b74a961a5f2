import ArgumentParser
import LedgerCore
import LedgerStore

extension RosterCommand {
    /// `ledger roster export --trust [--out FILE]`: the roster in force and the checkpoint key
    /// as a trust file, for an auditor to review, edit and pin with `ledger verify --trust FILE`.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the roster in force and the checkpoint key as a trust file (for 'ledger verify --trust').",
            discussion:
                "Each key is written as minisign's public key line with its role, after a comment naming its holder and key id. Review it against the holders' own .pub files before pinning it: it states what this ledger says, which is what an auditor means to check. With the passphrase the checkpoint key is derived from the ledger's keys; without it, the one the ledger recorded is written, if any."
        )
        @Flag(help: "Write a trust file (docs/FORMAT.md §14.5); the only form for now.") var trust = false
        @Option(help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"), completion: Completions.file) var out: String?
        @Flag(help: "Replace FILE if it exists (never the ledger or its -wal, -shm, -journal files).") var force = false
        @OptionGroup var location: LedgerOptions
        @OptionGroup var passphrase: PassphraseOptions

        func validate() throws {
            guard trust else { throw ValidationError("say what to export: --trust (a trust file for 'ledger verify --trust')") }
        }

        func run() throws {
            let path = location.resolvedPath()
            try OutputGuard.check(out, ledger: path, option: "--out", force: force)
            let ledger = try LedgerFile.open(at: path, readOnly: true)
            if let secret = try passphrase.read(prompt: nil) { try ledger.unlock(passphrase: secret) }
            let text = Self.text(try ledger.trustExport(), ledger: ledger.id.hex)
            try OutputFile.write(Array(text.utf8), to: out, replace: force)
            if let out {
                Console.printError("wrote the trust file '\(TerminalText.safe(out))': review it, then 'ledger verify --trust \(TerminalText.safe(out))'")
            }
        }

        /// The trust file: a header, each key with a comment naming its holder, role and key id,
        /// then the checkpoint key. Names and roles are escaped in comments, so no line of theirs
        /// can become a pin.
        static func text(_ e: TrustExport, ledger: String) -> String {
            var lines = [
                "# trust file for ledger \(ledger), from its roster in force (ledger roster export --trust)",
                "# check each key against its holder's own .pub file before pinning it with 'ledger verify --trust FILE'",
            ]
            if e.signers.isEmpty { lines.append("# the roster is empty: no signer is pinned") }
            for s in e.signers {
                let holder = s.name.isEmpty ? "no name recorded" : TerminalText.safe(s.name)
                lines.append("# \(holder), \(TerminalText.safe(s.role)): key \(s.keyID) (\(s.publicKey.keyFingerprint)), added at record \(s.addedSeq)")
                lines.append("signer \(Minisign.publicKeyLine(keyNumber: s.keyNumber, publicKey: s.publicKey)) \(TerminalText.safe(s.role))")
            }
            if let key = e.checkpointKey {
                lines.append(
                    e.checkpointKeyDerived
                        ? "# the ledger's checkpoint key, derived with the passphrase"
                        : "# the checkpoint key the ledger file records (not derived: compare it with the one 'ledger checkpoint' printed)")
                lines.append("checkpoint-key \(key)")
            } else {
                lines.append("# no checkpoint key: give the passphrase, or add 'checkpoint-key KEY' as 'ledger checkpoint' printed it")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
