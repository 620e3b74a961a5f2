import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger member add|remove|list`: who belongs to a team ledger (format 2) and what each may do.
struct MemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member", abstract: "Add members to a team ledger, remove them, list them.",
        discussion:
            "A member is a public key (from 'ledger key new' or minisign) with a name and capabilities: read, write, sign:ROLE, admin. Member changes are records signed by an admin; removing a reader starts a new data key wrapped only to the readers who remain.",
        subcommands: [Add.self, Remove.self, List.self])

    /// `ledger member add NAME --key FILE.pub --can CAPS`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a member with a public key and capabilities.")
        @Argument(help: ArgumentHelp("The member's name (a label of the key).", valueName: "NAME")) var name: String
        @Option(
            help: ArgumentHelp("The member's public key: a .pub file (minisign format) or its base64 line.", valueName: "PUBKEY"), completion: Completions.file)
        var key: String?
        @Flag(help: "A passphrase member (e.g. break-glass): its key is made here and sealed in the ledger under a new passphrase.")
        var passphraseMember = false
        @Option(
            help: ArgumentHelp(
                "With --passphrase-member: read its passphrase from FILE (first line; default: $LEDGER_NEW_PASSPHRASE, else asked twice on a terminal).",
                valueName: "FILE"),
            completion: Completions.file)
        var newPassphraseFile: String?
        @Option(help: ArgumentHelp("With --passphrase-member: Argon2id memory in MiB (at least \(Argon2id.Parameters.floorMiB)).", valueName: "MIB"))
        var kdfMemory: UInt64 = 64
        @Option(help: ArgumentHelp("What the member may do: a comma-separated list of read, write, sign:ROLE, admin.", valueName: "CAPS"))
        var can: String
        @Option(help: "A note kept (encrypted) with the record.") var note: String?
        @OptionGroup var location: LedgerOptions
        @OptionGroup var passphrase: PassphraseOptions

        func validate() throws {
            guard (key == nil) == passphraseMember else {
                throw ValidationError("give the member's --key PUBKEY, or --passphrase-member for a passphrase member")
            }
            if newPassphraseFile != nil, !passphraseMember { throw ValidationError("--new-passphrase-file goes with --passphrase-member") }
            guard kdfMemory >= Argon2id.Parameters.floorMiB, kdfMemory <= Argon2id.Parameters.capMiB else {
                throw ValidationError("--kdf-memory must be \(Argon2id.Parameters.floorMiB) to \(Argon2id.Parameters.capMiB) MiB")
            }
        }

        func run() throws {
            let caps: CapabilitySet
            do { caps = try CapabilitySet.parse(list: can) } catch {
                throw LedgerError(.usage, "--can '\(can)': \(MemberText.problem(error))", hint: "give a comma-separated list of read, write, sign:ROLE, admin")
            }
            let ledger = try Opening.unlocked(location.resolvedPath(), passphrase: passphrase)
            guard let key else {
                let prompt = "New passphrase for member \(name): "
                guard let secret = try Passphrase.read(file: newPassphraseFile, prompt: prompt, confirm: true, environment: "LEDGER_NEW_PASSPHRASE") else {
                    throw LedgerError(
                        .usage, "no passphrase for the new member '\(name)'",
                        hint: "pass --new-passphrase-file FILE, set LEDGER_NEW_PASSPHRASE, or run on a terminal to be asked")
                }
                let r = try ledger.addSealedMember(
                    name: name, passphrase: secret, can: caps, kdf: Argon2id.Parameters(opsLimit: 2, memLimit: kdfMemory * 1_048_576))
                print(
                    "passphrase member '\(name)' may: \(caps.can.joined(separator: ", ")) (record \(r.seq)); its key is sealed in the ledger under the new passphrase"
                )
                return
            }
            let pk = try PublicKeyArgument.read(key)
            let r = try ledger.addMember(name: name, key: PublicKeyInfo(name: name, keyNumber: pk.keyNumber, publicKey: pk.publicKey), can: caps, note: note)
            print("member '\(name)' (key \(Signer.keyID(pk.keyNumber))) may: \(caps.can.joined(separator: ", ")) (record \(r.seq))")
        }
    }

    /// `ledger member remove NAME`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a member; a reader's removal starts a new data key it cannot open.")
        @Argument(help: ArgumentHelp("The member's name.", valueName: "NAME")) var name: String
        @Option(help: "Why (kept in the public record).") var reason: String?
        @OptionGroup var location: LedgerOptions
        @OptionGroup var passphrase: PassphraseOptions

        func run() throws {
            let ledger = try Opening.unlocked(location.resolvedPath(), passphrase: passphrase)
            let records = try ledger.removeMember(named: name, reason: reason)
            let epoch = records.count > 1 ? "; epoch \(records[1].epoch) began (record \(records[1].seq)), wrapped only to the remaining readers" : ""
            print("member '\(name)' removed (record \(records[0].seq))\(epoch)")
        }
    }

    /// `ledger member list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Show the members in force and what each may do (no key needed).")
        @Flag(help: "Also show removed members.") var all = false
        @Flag(help: "Print every member as a trust-file line ('member PUBKEY CAPS'), for an auditor to review and pin with 'ledger verify --trust FILE'.")
        var trust = false
        @OptionGroup var location: LedgerOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if trust, all || output.json { throw ValidationError("--trust prints every member as a trust-file line: give no --all or --json") }
        }

        func run() throws {
            let path = location.resolvedPath()
            let ledger = try LedgerFile.open(at: path, readOnly: true)
            guard ledger.format == .v2 else {
                throw LedgerError(.usage, "'\(path)' is a format-1 ledger: it has no members", hint: "'ledger roster list' shows its signing keys")
            }
            let m = try ledger.membership()
            let entries = all ? m.entries : m.inForce
            if output.json { return Console.json(MemberText.json(entries)) }
            if trust { return Console.block(MemberText.trustFile(m, ledger: ledger.id)) }
            for e in entries { print(MemberText.line(e)) }
            let readers = m.inForce.count { $0.member.can.holds(.read) }
            print("epoch \(m.epoch) in force, wrapped to \(readers) reader\(readers == 1 ? "" : "s")")
        }
    }
}

/// How members are shown.
enum MemberText {
    /// One line (escaped when printed, as every line): name, key id, capabilities, since which record (and when removed).
    static func line(_ e: Membership.Entry) -> String {
        let gone = e.removedSeq.map { ", removed at record \($0)" } ?? ""
        return "\(e.member.name): key \(e.member.keyID), may \(e.member.can.can.joined(separator: ", ")), since record \(e.addedSeq)\(gone)"
    }

    /// A trust file (docs/FORMAT.md §26) pinning every member the ledger ever had with its
    /// capabilities (a removed member's pin vouches for its records before the removal; the
    /// removal in the log still ends it).
    static func trustFile(_ m: Membership, ledger: LedgerID) -> String {
        var lines = ["# the members of ledger \(ledger.hex), as its own records say: check each key with its holder before you pin it"]
        for e in m.entries {
            lines.append("# \(e.member.name), key \(e.member.keyID), since record \(e.addedSeq)" + (e.removedSeq.map { ", removed at record \($0)" } ?? ""))
            lines.append("member \(Minisign.publicKeyLine(keyNumber: e.member.keyNumber, publicKey: e.member.key)) \(e.member.can.can.joined(separator: ","))")
        }
        return lines.joined(separator: "\n")
    }

    /// The JSON array of `member list --json` (schema/members.schema.json).
    static func json(_ entries: [Membership.Entry]) -> String {
        JSONValue.array(
            entries.map { e in
                .object([
                    "name": .string(e.member.name), "key_id": .string(e.member.keyID),
                    "public_key": .string(Minisign.publicKeyLine(keyNumber: e.member.keyNumber, publicKey: e.member.key)),
                    "can": .array(e.member.can.can.map(JSONValue.string)), "added_seq": .int(e.addedSeq),
                    "removed_seq": e.removedSeq.map { .int($0) } ?? .null, "sealed": .bool(e.member.sealed != nil),
                ])
            }
        ).canonicalString
    }

    /// A capability list's problem in words.
    static func problem(_ p: CapabilitySet.Problem) -> String {
        switch p {
        case .unknown(let t): "'\(t)' is not a capability"
        case .empty: "no capability given"
        case .needsRead(let c): "\(c.text) needs read"
        case .repeated(let t): "\(t) is given twice"
        case .notSorted: "not in canonical order"
        }
    }
}
