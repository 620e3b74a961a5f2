import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger roster add|revoke|list`: which keys may sign for which roles.
struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster", abstract: "Put signing keys on the roster, take them off, list them.",
        discussion:
            "Roster changes are events with public data, so 'ledger verify' judges signatures by the roster in force at each position, even without the passphrase. An auditor pins keys from outside with 'ledger verify --trust FILE'.",
        subcommands: [Add.self, Revoke.self, List.self, Export.self])

    /// `ledger roster add --role ROLE --key PUBKEY`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Give a public key a sign-off role.")
        @Option(help: ArgumentHelp("The role, e.g. 'Security Lead'.", valueName: "ROLE"), completion: Completions.roles) var role: String
        @Option(help: ArgumentHelp("The public key: a .pub file (minisign format) or its base64 line.", valueName: "PUBKEY"), completion: Completions.file)
        var key: String
        @Option(help: "The key holder's name (default: from the .pub file's comment).") var name: String?
        @OptionGroup var writing: RosterWriting

        func run() throws {
            let ledger = try writing.open()
            let pk = try PublicKeyArgument.read(key)
            let holder = name ?? pk.name ?? ""
            if let r = try ledger.addToRoster(role: role, publicKey: pk.publicKey, keyNumber: pk.keyNumber, name: holder, actor: writing.name.resolved()) {
                print(
                    "key \(Signer.keyID(pk.keyNumber)) (\(pk.publicKey.keyFingerprint)\(holder.isEmpty ? "" : ", \(holder)")) may sign as \(role) (record \(r.seq))"
                )
            } else if let name,
                let named = try ledger.recordRosterName(
                    role: role, publicKey: pk.publicKey, keyNumber: pk.keyNumber, name: name, actor: writing.name.resolved()
                ).last
            {
                print(
                    "key \(Signer.keyID(pk.keyNumber)) (\(pk.publicKey.keyFingerprint), \(name)) may sign as \(role): its name was recorded empty, so it was revoked and added again with the name in one transaction (records \(named.seq - 1)-\(named.seq)); it never left the roster"
                )
            } else {
                print("key \(Signer.keyID(pk.keyNumber)) already holds \(role); nothing written")
            }
        }
    }

    /// `ledger roster revoke --key PUBKEY --reason TEXT`.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Take a key off the roster; its later signatures are no longer trusted.")
        @Option(help: ArgumentHelp("The public key: a .pub file or its base64 line.", valueName: "PUBKEY"), completion: Completions.file) var key: String
        @Option(help: "Why (e.g. 'key lost').") var reason: String
        @OptionGroup var writing: RosterWriting

        func run() throws {
            let ledger = try writing.open()
            let pk = try PublicKeyArgument.read(key)
            let (entry, r) = try ledger.revokeFromRoster(publicKey: pk.publicKey, keyNumber: pk.keyNumber, reason: reason, actor: writing.name.resolved())
            print("key \(entry.keyID) no longer holds \(entry.role) (record \(r.seq))")
        }
    }

    /// `ledger roster list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Show the keys in force (no passphrase needed).")
        @Flag(help: "Also show revoked keys.") var all = false
        @OptionGroup var location: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let ledger = try LedgerFile.open(at: location.resolvedPath(), readOnly: true)
            let roster = try ledger.roster()
            let entries = all ? roster.entries : roster.active
            if output.json {
                Console.json(
                    JSONValue.array(
                        entries.map { e in
                            .object([
                                "role": .string(e.role), "key_id": .string(e.keyID), "public_key": .string(Base64.encode(e.publicKey)),
                                "fingerprint": .string(e.publicKey.keyFingerprint), "name": .string(e.name), "added_seq": .int(e.addedSeq),
                                "revoked_seq": e.revokedSeq.map { .int($0) } ?? .null, "revoke_reason": e.revokeReason.map { .string($0) } ?? .null,
                                "minisign_public_key": .string(Minisign.publicKeyLine(keyNumber: e.keyNumber, publicKey: e.publicKey)),
                            ])
                        }
                    ).canonicalString)
                return
            }
            if entries.isEmpty { print("the roster is empty: add keys with 'ledger roster add --role ROLE --key FILE.pub'") }
            for e in entries {
                let state = e.revokedSeq.map { " — revoked at record \($0)\(e.revokeReason.map { ": \($0)" } ?? "")" } ?? ""
                print("\(e.role): key \(e.keyID) \(e.publicKey.keyFingerprint)\(e.name.isEmpty ? "" : " (\(e.name))"), added at record \(e.addedSeq)\(state)")
            }
        }
    }
}

/// The options of the roster commands that write: the ledger, its passphrase, `--as`.
struct RosterWriting: ParsableArguments {
    @OptionGroup var location: LedgerOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var name: NameOptions

    /// Opens and unlocks the ledger.
    /// - Throws: `LedgerError`.
    func open() throws(LedgerError) -> LedgerFile {
        let ledger = try Opening.unlocked(location.resolvedPath(), passphrase: passphrase)
        guard ledger.format == .v1 else {
            throw LedgerError(
                .usage, "'\(ledger.path)' is a team ledger: its sign-off roles are members' sign:ROLE capabilities, not a roster",
                hint: "ledger member add NAME --key FILE.pub --can 'sign:ROLE' (and 'ledger member remove NAME')")
        }
        return ledger
    }
}

/// A public key given on the command line: a minisign `.pub` file, or its base64 line.
enum PublicKeyArgument {
    /// Reads it.
    /// - Throws: `LedgerError` (`.usage`) when it is neither.
    static func read(_ arg: String) throws(LedgerError) -> (publicKey: [UInt8], keyNumber: [UInt8], name: String?) {
        if let parsed = Minisign.parsePublicKeyLine(arg) {
            return (parsed.publicKey, parsed.keyNumber, nil)
        }
        let text: String
        do { text = try KeyFiles.read(arg) } catch {
            throw LedgerError(
                .usage, "'\(arg)' is neither a public key file nor a minisign public key",
                hint: "pass NAME.key.pub from 'ledger key new', or minisign's .pub file")
        }
        guard let parsed = Minisign.parsePublicKey(text) else {
            throw LedgerError(.usage, "'\(arg)' is not a minisign public key file", hint: "pass NAME.key.pub from 'ledger key new' (not the secret NAME.key)")
        }
        return (parsed.publicKey, parsed.keyNumber, PublicKeyInfo(publicKeyFile: text)?.name)
    }
}
