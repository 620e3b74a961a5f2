import ArgumentParser
import FoundationEssentials
import LedgerCore
import LedgerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ledger note TEXT` or `ledger note --file FILE|-`: appends a free-text note.
struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Record a free-text note.",
        discussion:
            "The text is the argument, or with --file the file's content ('-' reads standard input), UTF-8, its final line breaks dropped. A note holds at most 65536 bytes (64 KiB)."
    )

    @Argument(help: "The note's text (or use --file).")
    var text: String?
    @Option(
        help: ArgumentHelp("Read the note's text from FILE ('-': standard input), for text too long for an argument.", valueName: "FILE"),
        completion: Completions.file)
    var file: String?
    @OptionGroup var location: LedgerOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var selection: DeploymentOptions
    @OptionGroup var signing: KeyOptions
    @Option(help: ArgumentHelp("Write the note on this checklist item.", valueName: "ITEM"), completion: Completions.items) var item: String?

    func validate() throws {
        if text != nil, file != nil { throw ValidationError("give the note's text or --file, not both") }
        if text == nil, file == nil { throw ValidationError("no note text: give TEXT, or --file FILE ('-' for standard input)") }
    }

    func run() throws {
        let note = try file.map(NoteFile.read) ?? text ?? ""
        try NoteText.check(note)  // before the passphrase is asked for
        let ledger = try Opening.unlocked(location.resolvedPath(), passphrase: passphrase)
        try actor.check(for: ledger)
        let signer = try signing.signer(for: ledger)
        let hasDeployments = try selection.query != nil || item != nil || !ledger.deployments().isEmpty
        let deployment = hasDeployments ? try selection.resolve(in: ledger).id : DeploymentID.none
        if let item {
            let outcome = try ledger.change(item, in: deployment, actor: actor.resolved, .note(note), signer: signer)
            return print("noted on \(outcome.item.id) \(outcome.item.plainText) (record \(outcome.record!.seq))")
        }
        let record = try ledger.note(note, deployment: deployment, actor: actor.resolved, signer: signer)
        print("recorded note as record \(record.seq) (\(Hex.encode(record.hash.prefix(8))))")
    }
}

/// The text of `note --file FILE|-`.
enum NoteFile {
    /// Reads FILE (`-`: standard input), at most a little more than a note may hold, as
    /// UTF-8, without its final line breaks.
    /// - Throws: `LedgerError`: unreadable (exit 1), too long or not UTF-8 (exit 64).
    static func read(_ path: String) throws(LedgerError) -> String {
        let name = path == "-" ? "standard input" : "'\(path)'"
        let cap = NoteText.maxBytes + 64
        var bytes: [UInt8] = []
        do {
            let handle = path == "-" ? Descriptor.standardInput : try Descriptor.open(path, O_RDONLY)
            while bytes.count <= cap, case let chunk = try handle.read(upTo: 65_536), !chunk.isEmpty { bytes += chunk }
        } catch {
            throw LedgerError(.failure, "cannot read the note from \(name): \(error.text)", hint: "check the path given to --file")
        }
        if bytes.count > cap {
            throw LedgerError(
                .usage, "the note in \(name) is more than \(NoteText.maxBytes) bytes, the most a note may hold",
                hint: "shorten it, or attach the file to an item as evidence: 'ledger attach ITEM FILE'")
        }
        guard var s = String(validating: bytes, as: UTF8.self) else {
            throw LedgerError(.usage, "the note in \(name) is not UTF-8 text", hint: "save it as UTF-8 and try again")
        }
        while s.hasSuffix("\n") || s.hasSuffix("\r\n") { s.removeLast() }
        return s
    }

}
