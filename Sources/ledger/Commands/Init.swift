import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger init [FILE]`: creates a ledger with a fresh data key wrapped under a passphrase.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new ledger file.",
        discussion:
            "Makes a random 256-bit data key, wraps it with a key derived from the passphrase (Argon2id), and writes the ledger's first record. With --identity KEYFILE it makes a team ledger (format 2) instead: the key's holder is its first member (admin, read, write, named by --as or the key file), the data key is wrapped to that key, and no passphrase is used. Never overwrites a file."
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

    func validate() throws {
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
        if let founder = try passphrase.openIdentity() {
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
        let ledger = try LedgerFile.create(at: path, passphrase: secret, actor: actor.resolved, kdf: kdf)
        print("created ledger \(ledger.id) at \(path)")
        print("data key wrapped with Argon2id (\(kdfMemory) MiB, \(kdfPasses) passes); keep the passphrase safe: it cannot be recovered")
        print(NextCommand.line(["deploy", "start", "--name", "NAME"], ledger: path))
    }
}
