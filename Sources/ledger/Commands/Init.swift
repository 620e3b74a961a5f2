import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger init [FILE]`: creates a ledger with a fresh data key wrapped under a passphrase.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new ledger file.",
        discussion:
            "Makes a random 256-bit data key and writes the ledger's first record. A team ledger (format 2, the default) has members with their own keys: with --identity KEYFILE the key's holder is its first member (admin, read, write, named by --as or the key file) and no passphrase is used; without it, the first member's key is made here and sealed under the passphrase. --format 1 makes a one-passphrase ledger as before. Never overwrites a file."
    )

    @Argument(
        help: ArgumentHelp("The file to create (default: --ledger, $LEDGER_FILE, else ./deploy.ledger).", valueName: "FILE"), completion: Completions.file)
    var file: String?
    @OptionGroup var location: LedgerOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: ArgumentHelp("Argon2id memory in MiB (at least \(Argon2id.Parameters.floorMiB)).", valueName: "MIB"))
    var kdfMemory: UInt64 = 64
    @Option(help: ArgumentHelp("Argon2id passes (at least \(Argon2id.Parameters.floorPasses)).", valueName: "N"))
    var kdfPasses: UInt64 = 2
    @Option(help: ArgumentHelp("The ledger format: 2 (a team ledger: members with their own keys) or 1 (one shared passphrase, as before).", valueName: "N"))
    var format: Int = 2

    func validate() throws {
        guard format == 1 || format == 2 else { throw ValidationError("--format must be 1 or 2") }
        if format == 1, passphrase.identity != nil {
            throw ValidationError("--identity makes a team ledger (format 2); a format-1 ledger opens with a passphrase")
        }
        let kdf = Argon2id.Parameters.self
        guard kdfMemory >= kdf.floorMiB, kdfPasses >= kdf.floorPasses else {
            throw ValidationError("Argon2id cost \(kdfMemory) MiB × \(kdfPasses) passes is below OWASP's floor of \(kdf.floorDescription)")
        }
        guard kdfMemory <= kdf.capMiB, kdfPasses <= kdf.capPasses else {
            throw ValidationError("Argon2id cost is above \(kdf.capMiB) MiB or \(kdf.capPasses) passes")
        }
    }

    func run() throws {
        let path = location.resolvedPath(positional: file)
        try OutputGuard.refuseLedgerFile(path, ledger: nil, option: "FILE")
        if format == 2, let founder = try passphrase.openIdentity() {
            let name = actor.actor ?? Environment.value("LEDGER_ACTOR") ?? (founder.name.isEmpty ? Environment.loginName : founder.name)
            let ledger = try LedgerFile.createTeam(at: path, founder: founder, name: name)
            print("created team ledger \(ledger.id) (format 2) at \(path)")
            print("member '\(name)' (key \(founder.keyID)) may: admin, read, write; every record is signed by its author's key")
            print(NextCommand.line(["member", "add", "NAME", "--key", "FILE.pub", "--can", "read,write"], ledger: path))
            return
        }
        guard let secret = try passphrase.read(prompt: "New passphrase for \(path): ", confirm: true) else {
            throw LedgerError(
                .usage, "no passphrase for the new ledger '\(path)'",
                hint: "set LEDGER_PASSPHRASE, pass --passphrase-file FILE, or run on a terminal to be asked")
        }
        let kdf = Argon2id.Parameters(opsLimit: kdfPasses, memLimit: kdfMemory * 1_048_576)
        if format == 2 {
            let name = actor.actor ?? Environment.value("LEDGER_ACTOR") ?? Environment.loginName
            let ledger = try LedgerFile.createTeam(at: path, passphrase: secret, name: name, kdf: kdf)
            print("created team ledger \(ledger.id) (format 2) at \(path)")
            print(
                "member '\(name)' may: admin, read, write; its key is sealed in the ledger under the passphrase (Argon2id, \(kdfMemory) MiB, \(kdfPasses) passes), and signs every record you write"
            )
            print(NextCommand.line(["deploy", "start", "--name", "NAME"], ledger: path))
            return
        }
        let ledger = try LedgerFile.create(at: path, passphrase: secret, actor: actor.resolved, kdf: kdf)
        print("created ledger \(ledger.id) at \(path)")
        print("data key wrapped with Argon2id (\(kdfMemory) MiB, \(kdfPasses) passes); keep the passphrase safe: it cannot be recovered")
        print(NextCommand.line(["deploy", "start", "--name", "NAME"], ledger: path))
    }
}
