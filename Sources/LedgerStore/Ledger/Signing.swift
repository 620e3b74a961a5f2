import Checklist
import LedgerCore

/// What `signOff` did.
public struct SignoffOutcome: Sendable {
    /// The `signoff` record.
    public let record: Record
    /// The statement signed.
    public let signed: SignedStatement
    /// The deployment after the sign-off.
    public let view: DeploymentView
}

extension LedgerFile {
    /// Signs off `deployment` for `role` with `signer`: a signed `signoff` record whose
    /// statement binds the head, the checklist state, the role, the key and the time.
    ///
    /// Refused unless the phase allows it, the role is one of the template's signers, the
    /// roster in force gives `signer`'s key that role, the key has not signed another role of
    /// this deployment, and every required item is settled or accepted open (`accept` holds
    /// item ids, or `all`, with a `reason`).
    /// - Throws: `LedgerError` naming what is missing; nothing is written then.
    public func signOff(
        _ deployment: DeploymentID, role query: String, signer: Signer, accept: [String], reason: String?,
        comment: String?, actor: Actor
    ) throws(LedgerError) -> SignoffOutcome {
        try withCurrentView(of: deployment, withRoster: true) { (ledger) throws(LedgerError) -> SignoffOutcome in  // the roster judges this sign-off too
            let view = try Self.deployment(deployment, in: ledger)
            if let refusal = view.refusal(.signOff) { throw refusal }
            let role = try Self.signerRole(query, in: view)
            try checkRoster(signer, role: role, view: view, roster: ledger.roster)
            let accepted = try Self.accepted(accept, reason: reason, in: view)
            guard let head = try head() else { throw LedgerError(.corrupt, "'\(path)' has no records") }
            let statement = SignoffStatement(
                ledger: id, deployment: deployment, deploymentName: view.name, headSeq: head.seq, headHash: head.hash,
                checklistState: ChecklistState.digest(view), templateSHA256: view.templateSHA256, role: role, keyID: signer.keyID,
                signer: actor.name, time: clock.now(), acceptedOpen: accepted, reason: accepted.isEmpty ? nil : reason, comment: comment)
            let signed = SignedStatement(signing: statement, with: signer)
            let body = SignoffGiven(role: role, publicKey: signer.publicKey, keyNumber: signer.keyNumber, signed: signed)
            let event = Event(.signoff(body), deployment: deployment, by: actor, time: statement.time)
            let record = try append([event], folding: &ledger, signer: signer)[0]
            return SignoffOutcome(record: record, signed: signed, view: try Self.deployment(deployment, in: ledger))
        }
    }

    static func signerRole(_ query: String, in view: DeploymentView) throws(LedgerError) -> String {
        guard !view.signerRoles.isEmpty else {
            throw LedgerError(.failure, "the checklist of '\(view.name)' has no sign-off roles", hint: "its template needs a 'Team Sign-Off' list of leads")
        }
        guard let role = view.signerRole(query) else {
            throw LedgerError(.usage, "'\(query)' is not a sign-off role of '\(view.name)'", hint: "the roles are: \(view.signerRoles.joined(separator: ", "))")
        }
        return role
    }

    func checkRoster(_ signer: Signer, role: String, view: DeploymentView, roster: Roster) throws(LedgerError) {
        guard let entry = roster.activeEntry(for: signer.publicKey) else {
            throw LedgerError(
                .failure, "key \(signer.keyID) is not on the roster of '\(path)'",
                .signerNotOnRoster(keyID: signer.keyID), remedy: .addToRoster(role: role))
        }
        guard Roster.sameRole(entry.role, role) else {
            throw LedgerError(
                .failure, "key \(signer.keyID) holds the role \(entry.role) on the roster, not \(role)",
                .signerHoldsOtherRole(keyID: signer.keyID, held: entry.role, role: role), remedy: .signAs(role: role, held: entry.role))
        }
        guard entry.keyNumber == signer.keyNumber else {
            throw LedgerError(
                .failure, "the roster holds this public key under key id \(entry.keyID), not \(signer.keyID)",
                hint: "sign with the key file whose .pub was added to the roster")
        }
        if let other = view.signoff(by: signer.publicKey, otherThan: role) {
            throw LedgerError(
                .failure, "key \(signer.keyID) already signed off '\(view.name)' as \(other.role) (record \(other.seq)); one key cannot fill two roles",
                hint: "the \(role) signs with their own key")
        }
    }

    /// The required items accepted open: all of them must be covered by `accept`.
    static func accepted(_ accept: [String], reason: String?, in view: DeploymentView) throws(LedgerError) -> [String] {
        let open = view.openRequiredItems
        if accept.isEmpty {
            guard open.isEmpty else {
                let list = open.prefix(5).map { "\($0.id) \($0.plainText)" }.joined(separator: "; ")
                throw LedgerError(
                    .failure, "\(open.count) required item\(open.count == 1 ? " is" : "s are") still open: \(list)\(open.count > 5 ? "; …" : "")",
                    .requiredItemsOpen(items: open.map(\.id)), remedy: .settleOrAcceptOpen)
            }
            return []
        }
        guard let reason, !reason.trimmingWhitespace().isEmpty else {
            throw LedgerError(
                .usage, "accepting open items needs a reason", .acceptedWithoutReason, hint: "say why the open items are acceptable; the reason is signed")
        }
        if accept.map({ $0.lowercased() }) == ["all"] { return open.map(\.id.rawValue) }
        var chosen = Set<ItemID>()
        for q in accept {
            let item = try view.template.resolveItem(q)
            guard open.contains(where: { $0.id == item.id }) else {
                throw LedgerError(.usage, "item \(item.id) is not an open required item", .notAnOpenItem(item: item.id), remedy: .acceptOnlyOpenItems)
            }
            chosen.insert(item.id)
        }
        let uncovered = open.filter { !chosen.contains($0.id) }
        guard uncovered.isEmpty else {
            let list = uncovered.prefix(5).map(\.id.rawValue).joined(separator: ", ")
            throw LedgerError(
                .failure,
                "\(uncovered.count) more required item\(uncovered.count == 1 ? " is" : "s are") open and not accepted: \(list)\(uncovered.count > 5 ? ", …" : "")",
                .openItemsNotAccepted(items: uncovered.map(\.id)), remedy: .acceptTheRest)
        }
        return open.map(\.id.rawValue)  // every open item is chosen (checked above)
    }
}
