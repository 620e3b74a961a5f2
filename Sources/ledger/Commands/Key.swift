import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger key new`: a lead's Ed25519 signing key.
struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Make and show signing keys.", subcommands: [New.self])

    /// `ledger key new --name NAME [--out FILE]`.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an Ed25519 key pair; the secret key file is encrypted with a passphrase and written 0600.",
            discussion: "Writes FILE (default NAME.key) and FILE.pub, the public key in minisign's format, and prints the public key as a C2SP signed-note verifier key too. Never overwrites a file.")
        @Option(help: "The signer's name (no spaces).") var name: String
        @Option(help: ArgumentHelp("The secret key file (default: NAME.key).", valueName: "FILE")) var out: String?
        @Option(help: ArgumentHelp("Argon2id memory in MiB (at least 19; default 256).", valueName: "MIB")) var kdfMemory: UInt64 = 256
        @OptionGroup var passphrase: PassphraseOptions

        func validate() throws {
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "+" || $0.isNewline }) else {
                throw ValidationError("--name must be non-empty, without spaces or '+'")
            }
            guard kdfMemory >= 19 else { throw ValidationError("Argon2id memory \(kdfMemory) MiB is below OWASP's floor of 19 MiB") }
        }

        func run() throws {
            let path = out ?? "\(name).key"
            guard let secret = try passphrase.read(prompt: "Passphrase for the new key \(path): ", confirm: true) else {
                throw LedgerError(.usage, "no passphrase for the new key", hint: "set LEDGER_PASSPHRASE, pass --passphrase-file FILE, or run on a terminal")
            }
            let key = Ed25519.generate()
            guard let file = SigningKeyFile.seal(key, name: name, passphrase: secret, parameters: .init(opsLimit: 3, memLimit: kdfMemory << 20),
                                                 random: SystemRandom()) else {
                throw LedgerError(.failure, "Argon2id could not allocate \(kdfMemory) MiB")
            }
            try KeyFiles.writeNew(file.text, to: path)
            try KeyFiles.writeNew(Minisign.publicKey(key, keyNumber: file.keyNumber, comment: "minisign public key \(file.keyID) (\(name))"), to: path + ".pub")
            print("wrote \(path) (secret, encrypted, 0600) and \(path).pub (minisign public key \(file.keyID))")
            print("signed-note verifier key: \(SignedNote.verifierKey(name: name, publicKey: key.publicKey))")
        }
    }
}
