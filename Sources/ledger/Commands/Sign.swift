import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger sign --role ROLE --key FILE`: a lead signs off the deployment.
struct Sign: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign off the deployment for one of the checklist's sign-off roles.",
        discussion: """
            Signs, with your Ed25519 key, a statement that binds the ledger, the deployment, the head of the log, \
            a digest of the checklist state (every item's state and evidence), the role, your key id and the time. \
            Refused while required items are open, unless --accept-open ITEMS|all --reason TEXT (recorded in the \
            statement). Your key must be on the roster for the role ('ledger roster add'). When every role has \
            signed the present state, the deployment is signed off and closed.
            """)
    @Option(help: ArgumentHelp("The sign-off role, as the checklist names it (e.g. 'Security Lead').", valueName: "ROLE"), completion: Completions.roles)
    var role: String
    @Option(help: "A comment, signed with the statement.") var comment: String?
    @Option(
        parsing: .upToNextOption, help: ArgumentHelp("Required items you accept open: item ids, or 'all'.", valueName: "ITEMS"), completion: Completions.items)
    var acceptOpen: [String] = []
    @Option(help: "Why the items accepted open are acceptable (needed with --accept-open).") var reason: String?
    @OptionGroup var context: DeploymentContext
    @OptionGroup var signing: KeyOptions
    @OptionGroup var name: NameOptions

    func validate() throws {
        guard signing.key != nil else { throw ValidationError("ledger sign needs --key FILE, your secret key") }
        if !acceptOpen.isEmpty, reason?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
            throw ValidationError("--accept-open needs --reason TEXT saying why the open items are acceptable")
        }
        for text in [comment, reason, role].compactMap({ $0 }) where text.contains(where: \.isNewline) {
            throw ValidationError("--role, --comment and --reason must be one line each")
        }
        let list = acceptOpen.flatMap { $0.split(separator: ",").map(String.init) }
        if list.contains(where: { $0.lowercased() == "all" }), list.count > 1 { throw ValidationError("--accept-open takes 'all' or item ids, not both") }
    }

    func run() throws {
        let (ledger, d) = try context.open()
        guard let signer = try signing.open() else { return }
        let who = name.resolved(role: role)
        let accept = acceptOpen.flatMap { $0.split(separator: ",").map(String.init) }
        let outcome = try ledger.signOff(d.id, role: role, signer: signer, accept: accept, reason: reason, comment: comment, actor: who)
        let s = outcome.signed.statement
        print("signed off '\(d.name)' as \(s.role) with key \(signer.keyID) (\(signer.publicKey.keyFingerprint)) at record \(outcome.record.seq)")
        print("statement: head record \(s.headSeq), checklist state \(Hex.encode(s.checklistState).prefix(16))…")
        if !s.acceptedOpen.isEmpty {
            let shown = s.acceptedOpen.prefix(8).joined(separator: ", ") + (s.acceptedOpen.count > 8 ? ", …" : "")
            print("accepted open, in the statement: \(s.acceptedOpen.count) item\(s.acceptedOpen.count == 1 ? "" : "s") (\(shown)); reason: \(s.reason ?? "")")
        }
        let v = outcome.view
        for stale in v.staleSignoffs where stale.role != s.role {
            print("note: the \(stale.role) sign-off (record \(stale.seq)) is stale: the checklist changed after it; \(stale.role) must sign again")
        }
        if v.phase == .signedOff {
            print("every role has signed off: '\(d.name)' is signed off and closed")
        } else {
            print("still to sign: \(v.missingSignoffs.joined(separator: ", "))")
        }
    }
}
