import ArgumentParser
import FoundationEssentials
import LedgerCore
import LedgerStore

extension Key {
    /// `ledger key sign --key KEYFILE FILE`: a `.minisig` of any file, as `minisign -S` writes it.
    struct SignFile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign",
            abstract: "Sign a file as 'minisign -S' does: FILE.minisig, which 'minisign -V' checks.",
            discussion: """
                Signs the file's BLAKE2b-512 digest (minisign's default, algorithm ED), or with --legacy the file \
                itself (Ed, 'minisign -S -l'). The trusted comment defaults to minisign's own: \
                'timestamp:<unix seconds><TAB>file:<name><TAB>hashed'. Writes FILE.minisig (or --out), never \
                over an existing file without --force. Needs no ledger.
                """)

        @Argument(help: ArgumentHelp("The file to sign.", valueName: "FILE"), completion: Completions.file) var file: String
        @OptionGroup var signing: KeyOptions
        @Option(help: ArgumentHelp("Write the signature to SIG (default: FILE.minisig).", valueName: "SIG"), completion: Completions.file)
        var out: String?
        @Option(help: ArgumentHelp("The signed trusted comment (default: minisign's).", valueName: "TEXT")) var trustedComment: String?
        @Flag(help: "Sign the file itself, not its BLAKE2b-512 digest (minisign's legacy format, 'minisign -S -l').") var legacy = false
        @Flag(help: "Replace the signature file if it exists.") var force = false

        func validate() throws {
            guard signing.key != nil else { throw ValidationError("give the secret key to sign with: --key FILE") }
            if let trustedComment, !Minisign.isValidTrustedComment(trustedComment) {
                throw ValidationError("the trusted comment must be one line of at most 8173 bytes, without control characters but tab")
            }
        }

        func run() throws {
            let target = out ?? file + ".minisig"
            try OutputGuard.check(target, ledger: Environment.value("LEDGER_FILE") ?? "deploy.ledger", option: "--out", force: force)
            guard let message = FileManager.default.contents(atPath: file) else {
                throw LedgerError(.failure, "cannot read '\(file)'", hint: "check the path of the file to sign")
            }
            guard let signer = try signing.open() else { return }
            let comment =
                trustedComment
                ?? Minisign.defaultTrustedComment(
                    unixTime: Int64(Date().timeIntervalSince1970), fileName: URL(fileURLWithPath: file).lastPathComponent, legacy: legacy)
            let text = Minisign.sign(
                Array(message), key: signer.key, keyNumber: signer.keyNumber, trustedComment: comment, legacy: legacy,
                untrustedComment: "signature from ledger secret key")
            try OutputFile.write(Array(text.utf8), to: target, replace: force)
            print("wrote \(target) (\(legacy ? "Ed" : "ED"), key \(signer.keyID)\(signer.name.isEmpty ? "" : " (\(signer.name))"))")
        }
    }
}
