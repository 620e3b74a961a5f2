import ArgumentParser
import Checklist
import LedgerCore
import LedgerStore

/// `ledger sign --role ROLE --key FILE`: a lead signs off the deployment.
struct Sign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign off the deployment for one of the checklist's sign-off roles.",
        discussion: """
            Signs, with your Ed25519 key, a statement that binds the ledger, the deployment, the head of the log, \
            a digest of the checklist state (every item's state and evidence), the role, your key id and the time. \
            Refused while required items are open, unless --accept-open ITEMS|all --reason TEXT (recorded in the \
            statement). Your key must be on the roster for the role ('ledger roster add'). When every role has \
            signed the present state, the deployment is signed off and closed.

            A team ledger (format 2) also signs detached: 'sign --prepare --role ROLE --out FILE' (any reader) writes \
            the statement; the lead signs FILE anywhere ('minisign -S -s KEY -m FILE' or 'ledger key sign --key KEY FILE'); \
            'sign --attach FILE.minisig' appends it, refused if the checklist changed since it was prepared.
            """)
    @Option(help: ArgumentHelp("The sign-off role, as the checklist names it (e.g. 'Security Lead').", valueName: "ROLE"), completion: Completions.roles)
    var role: String?
    @Flag(help: "Team ledger: write the statement to sign (to --out) instead of signing; appends nothing.") var prepare = false
    @Option(help: ArgumentHelp("With --prepare: the file to write the statement to.", valueName: "FILE"), completion: Completions.file) var out: String?
    @Flag(help: "With --prepare: replace FILE if it exists (never the ledger or its -wal, -shm, -journal files).") var force = false
    @Option(help: ArgumentHelp("With --prepare: the member who will sign (default: the only member holding sign:ROLE).", valueName: "NAME"))
    var signer: String?
    @Option(
        help: ArgumentHelp("Team ledger: append the sign-off of a statement signed elsewhere, from its .minisig file.", valueName: "FILE.minisig"),
        completion: Completions.file)
    var attach: String?
    @Option(
        help: ArgumentHelp("With --attach: the statement file (default: the .minisig path without .minisig).", valueName: "FILE"), completion: Completions.file)
    var statement: String?
    @Option(help: "A comment, signed with the statement.") var comment: String?
    @Option(
        parsing: .upToNextOption, help: ArgumentHelp("Required items you accept open: item ids, or 'all'.", valueName: "ITEMS"), completion: Completions.items)
    var acceptOpen: [String] = []
    @Option(help: "Why the items accepted open are acceptable (needed with --accept-open).") var reason: String?
    @OptionGroup var context: DeploymentContext
    @OptionGroup var signing: KeyOptions
    @OptionGroup var name: NameOptions

    func validate() throws {
        if attach != nil {
            guard role == nil, !prepare else { throw ValidationError("--attach takes the role from the statement; give no --role or --prepare") }
            return
        }
        guard let role else { throw ValidationError("ledger sign needs --role ROLE (or --attach FILE.minisig)") }
        if prepare {
            guard out != nil else { throw ValidationError("--prepare needs --out FILE, where the statement is written") }
        } else if signing.key == nil, context.passphrase.identityPath == nil {
            throw ValidationError("ledger sign needs --key FILE, your secret key (or, on a team ledger, --identity FILE)")
        }
        if statement != nil || out != nil && !prepare || signer != nil && !prepare {
            throw ValidationError("--out and --signer go with --prepare, --statement with --attach")
        }
        _ = role
        if !acceptOpen.isEmpty, reason?.trimmingWhitespace().isEmpty ?? true {
            throw ValidationError("--accept-open needs --reason TEXT saying why the open items are acceptable")
        }
        for text in [comment, reason, self.role].compactMap({ $0 }) where text.contains(where: \.isNewline) {
            throw ValidationError("--role, --comment and --reason must be one line each")
        }
        let list = acceptOpen.flatMap { $0.split(separator: ",").map(String.init) }
        if list.contains(where: { $0.lowercased() == "all" }), list.count > 1 { throw ValidationError("--accept-open takes 'all' or item ids, not both") }
    }

    func run() throws {
        if let attach { return try attachSigned(attach) }
        let (ledger, d) = try context.open()
        let role = self.role ?? ""
        let accept = acceptOpen.flatMap { $0.split(separator: ",").map(String.init) }
        if prepare { return try prepareStatement(ledger, d, role: role, accept: accept) }
        let outcome: SignoffOutcome
        if ledger.format == .v2 {
            outcome = try ledger.signOffAsMember(d.id, role: role, accept: accept, reason: reason, comment: comment)
        } else {
            guard let signer = try signing.open() else { return }
            outcome = try ledger.signOff(d.id, role: role, signer: signer, accept: accept, reason: reason, comment: comment, actor: name.resolved(role: role))
        }
        report(outcome, name: d.name)
    }

    /// `--prepare`: the statement, written 0600 to `--out`; the key id that must sign it.
    func prepareStatement(_ ledger: LedgerFile, _ d: DeploymentSummary, role: String, accept: [String]) throws {
        try OutputGuard.check(out, ledger: ledger.path, option: "--out", force: force)
        let st = try ledger.prepareSignoff(d.id, role: role, signer: signer, accept: accept, reason: reason, comment: comment)
        try OutputFile.write(Array(st.text.utf8), to: out, replace: force)
        print("wrote the \(st.role) statement of '\(d.name)' at record \(st.headSeq) to \(out ?? "")")
        print("to be signed by \(st.signer), key \(st.keyID), with: minisign -S -s KEYFILE -m \(out ?? "")  (or: ledger key sign --key KEYFILE \(out ?? ""))")
        print("then: ledger sign --attach \(out ?? "").minisig")
    }

    /// `--attach`: the statement and its `.minisig`, appended as a sign-off.
    func attachSigned(_ sigPath: String) throws {
        let statementPath = statement ?? (sigPath.hasSuffix(".minisig") ? String(sigPath.dropLast(8)) : sigPath)
        let text = try KeyFiles.read(statementPath), sig = try KeyFiles.read(sigPath)
        let ledger = try context.ledger()
        report(try ledger.attachSignoff(statement: text, minisig: sig), name: nil)
    }

    /// What was signed, what it accepted open, and what is still to sign.
    func report(_ outcome: SignoffOutcome, name: String?) {
        let deployment = name ?? outcome.view.name
        let key = outcome.record.publicObject["key"]?.stringValue.flatMap(Base64.decode) ?? []
        let s = outcome.signed.statement
        print("signed off '\(deployment)' as \(s.role) with key \(s.keyID) (\(key.keyFingerprint)) at record \(outcome.record.seq)")
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
            print("every role has signed off: '\(deployment)' is signed off and closed")
        } else {
            print("still to sign: \(v.missingSignoffs.joined(separator: ", "))")
        }
    }
}
