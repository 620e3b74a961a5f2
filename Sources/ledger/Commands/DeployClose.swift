import ArgumentParser
import Checklist
import LedgerCore
import LedgerStore

extension Deploy {
    /// `ledger deploy close [--accept-open ITEMS|all --reason TEXT] [--note TEXT]`.
    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close",
            abstract: "Close a deployment whose checklist has no sign-off roles.",
            discussion: """
                Records a deployment.closed record: the lead's statement that the deployment is done. Only for a \
                deployment without sign-off roles (with roles, it is closed when they sign off). Refused, as a sign-off \
                is, unless the phase allows it and every required item is settled, or accepted open with \
                --accept-open ITEMS|all --reason TEXT (recorded).
                """)
        @Option(
            parsing: .upToNextOption, help: ArgumentHelp("Required items you accept open: item ids, or 'all'.", valueName: "ITEMS"),
            completion: Completions.items)
        var acceptOpen: [String] = []
        @Option(help: "Why the items accepted open are acceptable (needed with --accept-open).") var reason: String?
        @Option(help: "A closing note.") var note: String?
        @OptionGroup var writing: WritingContext

        func validate() throws {
            if !acceptOpen.isEmpty, reason?.trimmingWhitespace().isEmpty ?? true {
                throw ValidationError("--accept-open needs --reason TEXT saying why the open items are acceptable")
            }
            let list = acceptOpen.flatMap { $0.split(separator: ",").map(String.init) }
            if list.contains(where: { $0.lowercased() == "all" }), list.count > 1 { throw ValidationError("--accept-open takes 'all' or item ids, not both") }
        }

        func run() throws {
            let (ledger, d, signer) = try writing.open()
            let accept = acceptOpen.flatMap { $0.split(separator: ",").map(String.init) }
            let (r, view) = try ledger.closeDeployment(d.id, accept: accept, reason: reason, note: note, actor: writing.who, signer: signer)
            let accepted = view.closure?.acceptedOpen ?? []
            print("closed '\(TerminalText.safe(d.name))' by \(TerminalText.safe(writing.who.name)) (record \(r.seq))")
            if !accepted.isEmpty {
                let shown = accepted.prefix(8).joined(separator: ", ") + (accepted.count > 8 ? ", …" : "")
                print("accepted open: \(accepted.count) item\(accepted.count == 1 ? "" : "s") (\(shown)); reason: \(TerminalText.safe(reason ?? ""))")
            }
        }
    }
}
