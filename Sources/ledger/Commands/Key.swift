import ArgumentParser
import FoundationEssentials
import LedgerCore
import LedgerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ledger key new` and `ledger key show`: a lead's Ed25519 signing key.
struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Make, show and sign with signing keys.", subcommands: [New.self, Show.self, SignFile.self])

    /// `ledger key new --name NAME [--out FILE]`.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Make an Ed25519 key pair; the secret key file is encrypted with a passphrase and written 0600.",
            discussion:
                "Writes FILE (default NAME.key) and FILE.pub, the public key in minisign's format, and prints the public key as a C2SP signed-note verifier key too. Never overwrites a file."
        )
        @Option(help: "The signer's name (no spaces).") var name: String
        @Option(help: ArgumentHelp("The secret key file (default: NAME.key).", valueName: "FILE"), completion: Completions.file) var out: String?
        @Option(help: ArgumentHelp("Argon2id memory in MiB (at least \(Argon2id.Parameters.floorMiB); default 256).", valueName: "MIB")) var kdfMemory: UInt64 =
            256
        @Option(
            help: ArgumentHelp(
                "Read the new key's passphrase from FILE (first line; default: $LEDGER_KEY_PASSPHRASE, else asked twice on a terminal).", valueName: "FILE"))
        var keyPassphraseFile: String?

        func validate() throws {
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "+" || $0.isNewline }) else {
                throw ValidationError("--name must be non-empty, without spaces or '+'")
            }
            let floor = Argon2id.Parameters.floorMiB
            guard kdfMemory >= floor else { throw ValidationError("Argon2id memory \(kdfMemory) MiB is below OWASP's floor of \(floor) MiB") }
        }

        func run() throws {
            let path = out ?? "\(name).key"
            // A key file is never replaced (there is no --force): losing a secret key is losing data.
            let ledger = Environment.value("LEDGER_FILE") ?? "deploy.ledger"
            for p in [path, path + ".pub"] { try OutputGuard.check(p, ledger: ledger, option: "--out", force: false, forceOffered: false) }
            guard
                let secret = try Passphrase.read(
                    file: keyPassphraseFile, prompt: "Passphrase for the new key \(path): ", confirm: true,
                    environment: KeyOptions.environmentVariable)
            else {
                throw LedgerError(
                    .usage, "no passphrase for the new key", hint: "set LEDGER_KEY_PASSPHRASE, pass --key-passphrase-file FILE, or run on a terminal")
            }
            let key = Ed25519.generate()
            guard
                let file = SigningKeyFile.seal(
                    key, name: name, passphrase: secret, parameters: .init(opsLimit: Argon2id.Parameters.moderate.opsLimit, memLimit: kdfMemory << 20),
                    random: SystemRandom())
            else {
                throw LedgerError(.failure, "Argon2id could not allocate \(kdfMemory) MiB")
            }
            try KeyFiles.writeNew(file.text, to: path)
            do {
                try KeyFiles.writeNew(
                    Minisign.publicKey(keyNumber: file.keyNumber, publicKey: key.publicKey, comment: "minisign public key \(file.keyID) (\(name))"),
                    to: path + ".pub")
            } catch {
                unlink(path)  // the secret key this run made, useless without its public half
                throw error
            }
            print("wrote \(path) (secret, encrypted, 0600) and \(path).pub (minisign public key \(file.keyID))")
            print("signed-note verifier key: \(SignedNote.verifierKey(name: name, publicKey: key.publicKey))")
        }
    }

    /// `ledger key show FILE [--key-passphrase-file FILE] [--name NAME] [--json]`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a key's id, minisign public key and signed-note verifier key.",
            discussion: """
                FILE is a public key (minisign's .pub format) or a secret key file (from 'ledger key new', or minisign's). \
                The public half of a 'ledger key new' file and of an unencrypted minisign key is read without a passphrase; \
                an encrypted minisign key needs its passphrase (--key-passphrase-file FILE, else $LEDGER_KEY_PASSPHRASE, \
                else asked on a terminal). The verifier key needs a name: the file's, else --name.
                """)
        @Argument(help: ArgumentHelp("The key file (secret or .pub).", valueName: "FILE"), completion: Completions.file) var file: String
        @Option(help: ArgumentHelp("Read an encrypted minisign key's passphrase from FILE (first line).", valueName: "FILE"), completion: Completions.file)
        var keyPassphraseFile: String?
        @Option(help: ArgumentHelp("The signer's name in the verifier key (default: the name in the key file).", valueName: "NAME"))
        var name: String?
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let name, name.isEmpty || name.contains(where: { $0 == " " || $0 == "+" || $0.isNewline }) {
                throw ValidationError("--name must be non-empty, without spaces or '+'")
            }
        }

        func run() throws {
            let (kind, info) = try read()
            let verifier = info.verifierKey(name: name)
            if output.json {
                let doc: JSONValue = [
                    "file": .string(file), "kind": .string(kind.rawValue),
                    "name": (name ?? info.name).isEmpty ? .null : .string(name ?? info.name),
                    "key_id": .string(info.keyID), "minisign_public_key": .string(info.minisignPublicKeyLine),
                    "verifier_key": verifier.map { .string($0) } ?? .null,
                ]
                Console.json(doc.canonicalString)
                return
            }
            print("key file: \(file) (\(kind.description))")
            print("key id: \(info.keyID)")
            print("minisign public key: \(info.minisignPublicKeyLine)")
            print("signed-note verifier key: \(verifier ?? "none (the file names no signer; pass --name NAME)")")
        }

        /// What `file` holds, and its public half (opening an encrypted minisign key).
        func read() throws(LedgerError) -> (Kind, PublicKeyInfo) {
            let text = try KeyFiles.read(file)
            if let secret = SecretKeyFile(text: text) {
                let kind: Kind =
                    switch secret {
                    case .ledger: .ledgerSecretKey
                    case .minisign(let key): key.needsPassphrase ? .minisignSecretKeyEncrypted : .minisignSecretKey
                    }
                if let info = secret.publicKey { return (kind, info) }
                return (kind, PublicKeyInfo(try KeyOptions.open(secret, path: file, passphraseFile: keyPassphraseFile)))
            }
            if let info = PublicKeyInfo(publicKeyFile: text) { return (.minisignPublicKey, info) }
            throw LedgerError(
                .usage, "'\(file)' is not a key file",
                hint: "pass a public key (.pub) or a secret key file from 'ledger key new' or minisign")
        }

        /// The kinds of key file `key show` reads (the JSON `kind` member).
        enum Kind: String, CustomStringConvertible {
            case ledgerSecretKey = "ledger-secret-key"
            case minisignSecretKey = "minisign-secret-key"
            case minisignSecretKeyEncrypted = "minisign-secret-key-encrypted"
            case minisignPublicKey = "minisign-public-key"

            var description: String {
                switch self {
                case .ledgerSecretKey: "ledger secret key, encrypted; public half read without the passphrase"
                case .minisignSecretKey: "minisign secret key, unencrypted"
                case .minisignSecretKeyEncrypted: "minisign secret key, encrypted"
                case .minisignPublicKey: "minisign public key"
                }
            }
        }
    }
}
