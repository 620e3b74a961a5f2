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
    @OptionGroup var selection: DeploymentOptions
    @OptionGroup var signing: KeyOptions
    @Option(help: ArgumentHelp("Write the note on this checklist item.", valueName: "ITEM")) var item: String?

    func validate() throws {
        guard !text.allSatisfy(\.isWhitespace) else { throw ValidationError("the note is empty; give its text") }
        guard text.utf8.count <= 65_536 else { throw ValidationError("the note is \(text.utf8.count) bytes; the limit is 65536") }
    }

    func run() throws {
        let ledger = try Opening.unlocked(location.resolvedPath(), passphrase: passphrase)
        let signer = try signing.signer(for: ledger)
        let hasDeployments = try selection.deployment != nil || item != nil || !ledger.deployments().isEmpty
        let deployment = hasDeployments ? try ledger.resolveDeployment(selection.deployment).id : DeploymentID.none
        if let item {
            let outcome = try ledger.change(item, in: deployment, actor: actor.resolved, .note(text), signer: signer)
            return print("noted on \(outcome.item.id) \(outcome.item.plainText) (record \(outcome.record!.seq))")
        }
        let record = try ledger.append(.note, deployment: deployment, actor: actor.resolved, data: ["text": .string(text)], signer: signer)
        print("recorded note as record \(record.seq) (\(Hex.encode(record.hash.prefix(8))))")
    }
}
