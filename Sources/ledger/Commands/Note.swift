import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger note TEXT`: appends a free-text note.
struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Record a free-text note.")

    @Argument(help: "The note's text.")
    var text: String
    @OptionGroup var location: LedgerOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var actor: ActorOptions

    func validate() throws {
        guard !text.allSatisfy(\.isWhitespace) else { throw ValidationError("the note is empty; give its text") }
        guard text.utf8.count <= 65_536 else { throw ValidationError("the note is \(text.utf8.count) bytes; the limit is 65536") }
    }

    func run() throws {
        let ledger = try Opening.unlocked(location.resolvedPath(), passphrase: passphrase)
        let record = try ledger.append(.note, actor: actor.resolved, data: ["text": .string(text)])
        print("recorded note as record \(record.seq) (\(Hex.encode(record.hash.prefix(8))))")
    }
}
