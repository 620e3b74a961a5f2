import ArgumentParser
import LedgerCore
import LedgerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--key FILE` and `--key-passphrase-file FILE`: the secret key a command signs with.
///
/// The key file is `ledger key new`'s or a minisign secret key (docs/FORMAT.md §13). Its
/// passphrase comes from `--key-passphrase-file FILE` (first line), else `LEDGER_KEY_PASSPHRASE`
/// (wiped from the environment once read), else a no-echo prompt when standard input is a
/// terminal; never a prompt otherwise. An unencrypted minisign key needs none.
struct KeyOptions: ParsableArguments {
    /// The environment variable holding the key's passphrase.
    static let environmentVariable = "LEDGER_KEY_PASSPHRASE"

    @Option(
        name: .long, help: ArgumentHelp("The secret key file to sign with (from 'ledger key new', or a minisign secret key).", valueName: "FILE"),
        completion: Completions.file)
    var key: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read the key's passphrase from FILE (first line; default: $LEDGER_KEY_PASSPHRASE, else asked on a terminal).",
            valueName: "FILE"))
    var keyPassphraseFile: String?

    func validate() throws {
        if keyPassphraseFile != nil, key == nil { throw ValidationError("--key-passphrase-file needs --key FILE") }
    }

    /// Opens the key given with `--key`; nil when there is none.
    /// - Throws: `LedgerError`: the file cannot be read (`.failure`), is not a secret key file
    ///   (`.usage`), no passphrase is available (`.usage`), the passphrase is wrong
    ///   (`.wrongKey`), or the key cannot be used (`.failure`).
    func open() throws(LedgerError) -> Signer? {
        guard let key else { return nil }
        return try Self.open(key, passphraseFile: keyPassphraseFile)
    }

    /// Reads and recognises a secret key file.
    /// - Throws: `LedgerError`: `.failure` naming the file when it cannot be read, `.usage`
    ///   when it is not a secret key file (with a hint; a public key file is named as such).
    static func load(_ path: String) throws(LedgerError) -> SecretKeyFile {
        let text = try KeyFiles.read(path)
        if let file = SecretKeyFile(text: text) { return file }
        if PublicKeyInfo(publicKeyFile: text) != nil {
            throw LedgerError(
                .usage, "'\(path)' is a public key file, not a secret key file",
                hint: "pass the secret key file (from 'ledger key new': NAME.key, without .pub; or minisign's secret key)")
        }
        throw LedgerError(
            .usage, "'\(path)' is not a secret key file",
            hint: "pass a key file written by 'ledger key new' (NAME.key) or a minisign secret key (minisign -G)")
    }

    /// Reads, recognises and opens a secret key file, getting the passphrase if it needs one.
    /// - Throws: `LedgerError` as `open()`.
    static func open(_ path: String, passphraseFile: String?) throws(LedgerError) -> Signer {
        let file = try load(path)
        return try open(file, path: path, passphraseFile: passphraseFile)
    }

    /// Opens a recognised key file from `path`, getting the passphrase if it needs one.
    /// - Throws: `LedgerError` as `open()`.
    static func open(_ file: SecretKeyFile, path: String, passphraseFile: String?) throws(LedgerError) -> Signer {
        let secret: SecureBytes?
        if file.needsPassphrase {
            secret = try passphrase(for: path, file: passphraseFile)
        } else {
            secret = nil
            _ = SecretEnvironment.take(environmentVariable)  // not needed: drop it (it left the environment at start)
        }
        do {
            return try file.open(passphrase: secret)
        } catch {
            switch error {
            case .passphraseRequired:
                throw noPassphrase(path)
            case .wrongPassphrase:
                throw LedgerError(
                    .wrongKey, "the passphrase does not open key file '\(path)'",
                    hint: "check the passphrase given with \(environmentVariable) or --key-passphrase-file "
                        + "(LEDGER_PASSPHRASE is the ledger's, not the key's)")
            case .unusable(let reason):
                throw LedgerError(
                    .failure, "key file '\(path)' cannot be used: \(reason)",
                    hint: "make a new key with 'ledger key new'")
            }
        }
    }

    /// The key's passphrase: the file, else `LEDGER_KEY_PASSPHRASE`, else the terminal (only
    /// when standard input is one).
    /// - Throws: `LedgerError` when the file cannot be read, the passphrase is empty, or there
    ///   is no source.
    static func passphrase(for path: String, file: String?) throws(LedgerError) -> SecureBytes {
        if let file {
            do { return try Passphrase.fromFile(file) } catch {
                throw LedgerError(error.category, error.message, hint: "check the path given to --key-passphrase-file")
            }
        }
        if let secret = try Passphrase.fromEnvironment(environmentVariable) { return secret }
        guard isatty(STDIN_FILENO) == 1 else { throw noPassphrase(path) }
        return try Passphrase.fromTerminal("Passphrase for key file \(path): ")
    }

    static func noPassphrase(_ path: String) -> LedgerError {
        LedgerError(
            .usage, "no passphrase for key file '\(path)'",
            hint: "set \(environmentVariable), pass --key-passphrase-file FILE, or run on a terminal to be asked")
    }
}
