import ArgumentParser
import Checklist
import FoundationEssentials
import LedgerCore
import LedgerStore

/// `--ledger FILE`, shared by every command that opens a ledger.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger file (default: $LEDGER_FILE, else ./deploy.ledger).", valueName: "FILE"), completion: Completions.file)
    var ledger: String?

    /// The file to use: the option, else `LEDGER_FILE`, else `./deploy.ledger`.
    func resolvedPath(positional: String? = nil) -> String {
        positional ?? ledger ?? Environment.value("LEDGER_FILE") ?? "deploy.ledger"
    }
}

/// `--passphrase-file FILE`; `LEDGER_PASSPHRASE` and the terminal prompt are the other sources.
struct PassphraseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read the passphrase from FILE (first line).", valueName: "FILE"), completion: Completions.file)
    var passphraseFile: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A format-2 (team) ledger: your secret key file, which opens it and signs what you write (default: $LEDGER_IDENTITY; its passphrase: $LEDGER_KEY_PASSPHRASE, else asked on a terminal).",
            valueName: "FILE"), completion: Completions.file)
    var identity: String?

    /// The identity file: `--identity`, else `LEDGER_IDENTITY`.
    var identityPath: String? { identity ?? Environment.value("LEDGER_IDENTITY") }

    /// Opens the identity file, if one is named.
    /// - Throws: `LedgerError` as `KeyOptions.open`.
    func openIdentity() throws(LedgerError) -> Signer? {
        try identityPath.map { (path) throws(LedgerError) in try KeyOptions.open(path, passphraseFile: nil) }
    }

    /// Reads the passphrase: the file, else `LEDGER_PASSPHRASE`, else a prompt (when allowed
    /// and on a terminal). Returns nil when there is none and prompting is not allowed.
    /// - Throws: `LedgerError` when the file cannot be read or no source is available.
    func read(prompt: String?, confirm: Bool = false) throws(LedgerError) -> SecureBytes? {
        try Passphrase.read(file: passphraseFile, prompt: prompt, confirm: confirm)
    }
}

/// `--as NAME`: who is acting (default: $LEDGER_ACTOR, else the login name).
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Who is acting (default: $LEDGER_ACTOR, else the login name).", valueName: "NAME"))
    var actor: String?

    @Option(help: ArgumentHelp("The role you act in, e.g. 'Deployment Lead' (default: $LEDGER_ROLE).", valueName: "ROLE"), completion: Completions.roles)
    var role: String?

    /// Refuses `--as` on a team ledger (format 2), where it would name nobody: the actor of a
    /// record is the member whose key signs it (`LEDGER_ACTOR` is not consulted there).
    /// - Throws: `LedgerError` (`.usage`).
    func check(for ledger: LedgerFile) throws(LedgerError) {
        guard ledger.format == .v2, actor != nil else { return }
        throw LedgerError(
            .usage, "the actor of a team-ledger record is the member whose key signs it; --as names nobody",
            hint: "leave out --as: the record is signed by your --identity and shows your member name")
    }

    /// The actor: name and role.
    var resolved: Actor {
        Actor(actor ?? Environment.value("LEDGER_ACTOR") ?? Environment.loginName, role: role ?? Environment.value("LEDGER_ROLE"))
    }

    func validate() throws {
        if let actor, actor.trimmingWhitespace().isEmpty {
            throw ValidationError("--as needs a name, not an empty string")
        }
    }
}

/// `--as NAME` alone, for commands whose role comes from elsewhere (the roster, `sign --role`).
struct NameOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Who is acting (default: $LEDGER_ACTOR, else the login name).", valueName: "NAME"))
    var actor: String?

    /// The actor's name, without a role.
    func resolved(role: String? = nil) -> Actor {
        Actor(actor ?? Environment.value("LEDGER_ACTOR") ?? Environment.loginName, role: role)
    }
}

/// `--json`: machine-readable output (docs/CLI.md §JSON output).
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text (stable, documented in docs/CLI.md).")
    var json = false
}

/// Opening a ledger with the passphrase from the usual sources.
enum Opening {
    /// Opens the ledger at `path` and unlocks it (prompting on a terminal if needed);
    /// `readOnly` for commands that only read (docs/CLI.md, Reading evidence where it lies).
    /// - Throws: `LedgerError`.
    static func unlocked(_ path: String, passphrase: PassphraseOptions, readOnly: Bool = false) throws(LedgerError) -> LedgerFile {
        let file = try LedgerFile.open(at: path, readOnly: readOnly)
        if file.format == .v2 { return try team(file, path, passphrase: passphrase) }
        // Unlocked earlier in this login session (`ledger unlock`): no passphrase, no Argon2id.
        if passphrase.passphraseFile == nil, try file.unlockFromSession() { return file }
        guard let secret = try passphrase.read(prompt: "Passphrase for \(path): ") else {
            throw LedgerError(
                .usage, "no passphrase for '\(path)'",
                hint: "set LEDGER_PASSPHRASE, pass --passphrase-file FILE, or run on a terminal to be asked")
        }
        try file.unlock(passphrase: secret)
        return file
    }

    /// A team ledger (format 2) opened with the identity this session kept (`ledger unlock`,
    /// unless a passphrase file or `--identity` is given), else `--identity`/`LEDGER_IDENTITY`,
    /// else a passphrase member's passphrase.
    /// - Throws: `LedgerError`.
    static func team(_ file: LedgerFile, _ path: String, passphrase: PassphraseOptions) throws(LedgerError) -> LedgerFile {
        if passphrase.identity == nil, passphrase.passphraseFile == nil, try file.unlockFromSession() { return file }
        if let identity = try passphrase.openIdentity() {
            try file.unlock(identity: identity)
            return file
        }
        guard try file.membership().inForce.contains(where: { $0.member.sealed != nil }),
            let secret = try passphrase.read(prompt: "Passphrase for \(path): ")
        else {
            throw LedgerError(
                .usage, "'\(path)' is a team ledger (format 2): it opens with a member's own key",
                hint: "pass --identity FILE (your secret key file) or set LEDGER_IDENTITY, or the passphrase of a passphrase member")
        }
        try file.unlock(passphrase: secret)
        return file
    }
}

/// `--deployment NAME|ID`, else `LEDGER_DEPLOYMENT`: which deployment (default: the only one).
struct DeploymentOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("The deployment, by name or id (default: $LEDGER_DEPLOYMENT, else the only one).", valueName: "NAME|ID"),
        completion: Completions.deployments)
    var deployment: String?

    /// The deployment asked for: the option, else `LEDGER_DEPLOYMENT`; nil for "the only one".
    var query: String? { deployment ?? Environment.value("LEDGER_DEPLOYMENT") }

    /// Finds the deployment asked for in `ledger`; one that `LEDGER_DEPLOYMENT` names and
    /// that is not there (or is ambiguous) is an error naming the variable.
    /// - Throws: `LedgerError`.
    func resolve(in ledger: LedgerFile) throws(LedgerError) -> DeploymentSummary {
        do { return try ledger.resolveDeployment(query) } catch  where deployment == nil && query != nil && error.category == .usage {
            let fix = error.remedy == .startDeployment ? "or unset LEDGER_DEPLOYMENT" : "set LEDGER_DEPLOYMENT to one of them, or unset it"
            throw LedgerError(
                error.category, "\(error.message) (named by LEDGER_DEPLOYMENT)", error.reason,
                hint: (ErrorText.hint(error).map { $0 + "; " } ?? "") + fix)
        }
    }
}

/// The options of every command that writes to one deployment: `DeploymentContext`,
/// `--as`/`--role`, and `--key`, which signs every record the command writes.
struct WritingContext: ParsableArguments {
    @OptionGroup var context: DeploymentContext
    @OptionGroup var actor: ActorOptions
    @OptionGroup var signing: KeyOptions

    /// Opens and unlocks the ledger, finds the deployment, and with `--key` opens the key
    /// that signs what the command appends (it must be on the roster; nil without `--key`).
    /// On a team ledger (format 2) every record is signed by the identity that opened it:
    /// `--key` is refused (use `--identity`), and so is `--as`, which would name nobody.
    /// - Throws: `LedgerError`.
    func open() throws(LedgerError) -> (LedgerFile, DeploymentSummary, Signer?) {
        let (ledger, deployment) = try context.open()
        try actor.check(for: ledger)
        return (ledger, deployment, try signing.signer(for: ledger))
    }

    /// Who is acting.
    var who: Actor { actor.resolved }
}

/// The options of every command that works on one deployment: the ledger, the passphrase
/// and `--deployment`.
struct DeploymentContext: ParsableArguments {
    @OptionGroup var location: LedgerOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var selection: DeploymentOptions

    /// Opens (read-only for commands that only read) and unlocks the ledger.
    /// - Throws: `LedgerError`.
    func ledger(readOnly: Bool = false) throws(LedgerError) -> LedgerFile {
        try Opening.unlocked(location.resolvedPath(), passphrase: passphrase, readOnly: readOnly)
    }

    /// Opens and unlocks the ledger and finds the deployment.
    /// - Throws: `LedgerError`.
    func open(readOnly: Bool = false) throws(LedgerError) -> (LedgerFile, DeploymentSummary) {
        let ledger = try ledger(readOnly: readOnly)
        return (ledger, try selection.resolve(in: ledger))
    }
}
