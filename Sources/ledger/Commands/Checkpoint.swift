import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger checkpoint [--out FILE]`: a signed checkpoint of the whole log.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Write a signed checkpoint (C2SP tlog-checkpoint, signed note) of the log.",
        discussion:
            "Verifies the log first and refuses (exit 3, or 4 for corruption only) to sign one that does not verify. Keep the checkpoint outside the ledger file: 'ledger verify --checkpoint FILE' then proves the log still extends it, so a cut tail or an older copy is caught."
    )
    @Option(help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"), completion: Completions.file) var out: String?
    @Flag(help: "Replace FILE if it exists (never the ledger or its -wal, -shm, -journal files).") var force = false
    @OptionGroup var location: LedgerOptions
    @OptionGroup var passphrase: PassphraseOptions

    func run() throws {
        try OutputGuard.check(out, ledger: location.resolvedPath(), option: "--out", force: force)
        let ledger = try Self.open(location.resolvedPath(), passphrase: passphrase)
        let progress = Progress("verifying")
        let report = try ledger.audit { progress.update($0, of: $1) }
        progress.finish()
        let signed = try ledger.verifiedCheckpoint(of: report)
        try OutputFile.write(Array(signed.note.utf8), to: out, replace: force)
        Console.printError("checkpoint at \(signed.checkpoint.size) records; verifier key: \(signed.verifierKey)")
    }

    /// A format-1 ledger unlocked with its passphrase; a team ledger opened keyless, with the
    /// identity of the member who vouches (any member in force: reading is not needed to vouch).
    static func open(_ path: String, passphrase: PassphraseOptions) throws(LedgerError) -> LedgerFile {
        let file = try LedgerFile.open(at: path)
        guard file.format == .v2 else { return try Opening.unlocked(path, passphrase: passphrase) }
        guard let identity = try passphrase.openIdentity() else {
            throw LedgerError(
                .usage, "a checkpoint of the team ledger '\(path)' is signed by a member",
                hint: "pass --identity FILE (your secret key file) or set LEDGER_IDENTITY")
        }
        try file.act(as: identity)
        return file
    }
}

/// `ledger prove SEQ`: an inclusion proof of one record.
struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Print an RFC 6962 inclusion proof of one record in the current tree (JSON).")
    @Argument(help: "The record's sequence number.") var seq: Int64
    @OptionGroup var location: LedgerOptions

    func run() throws {
        let ledger = try LedgerFile.open(at: location.resolvedPath(), readOnly: true)
        let p = try ledger.inclusionProof(seq)
        let doc: JSONValue = [
            "seq": .int(p.seq), "record_hash": .string(Hex.encode(p.recordHash)), "leaf_index": .int(p.seq - 1),
            "tree_size": .int(Int64(p.treeSize)), "root": .string(Base64.encode(p.root)),
            "proof": .array(p.path.map { .string(Base64.encode($0)) }),
        ]
        Console.json(doc.canonicalString)
    }
}
