import Checklist
import LedgerCore

extension LedgerFile {
    /// Records the decision to roll back on `criterion` (its id, e.g. `R2`, or a unique
    /// case-insensitive prefix of its text) from the deployment's "When to Rollback" list;
    /// signed with `signer` when one is given.
    /// - Throws: `LedgerError` when the criterion is unknown or ambiguous, or the phase does
    ///   not allow a rollback.
    @discardableResult
    public func decideRollback(
        _ deployment: DeploymentID, criterion query: String, details: String?, actor: Actor,
        signer: Signer? = nil
    ) throws(LedgerError) -> (RollbackCriterion, Record) {
        var chosen: RollbackCriterion?
        let records = try update(deployment, signer: signer) { (view) throws(LedgerError) -> [Event] in
            if let refusal = view.refusal(.decideRollback) { throw refusal }
            let c = try Self.criterion(query, in: view.template)
            chosen = c
            return [Event(.rollbackDecided(RollbackDecided(c, details: details)), deployment: deployment, by: actor, time: clock.now())]
        }
        return (chosen!, records[0])
    }

    /// Records that the rollback is complete, closing the deployment (signed with `signer`
    /// when one is given).
    /// - Throws: `LedgerError` when there is no rollback or rollback steps are still open.
    @discardableResult
    public func completeRollback(_ deployment: DeploymentID, note: String?, actor: Actor, signer: Signer? = nil) throws(LedgerError) -> Record {
        try update(deployment, signer: signer) { (view) throws(LedgerError) -> [Event] in
            if let refusal = view.refusal(.completeRollback) { throw refusal }
            return [Event(.rollbackCompleted(RollbackCompleted(note: note)), deployment: deployment, by: actor, time: clock.now())]
        }[0]
    }

    static func criterion(_ query: String, in template: ChecklistTemplate) throws(LedgerError) -> RollbackCriterion {
        let all = template.rollbackCriteria
        let list = all.map { "\($0.id) \($0.text)" }.joined(separator: "; ")
        guard !all.isEmpty else {
            throw LedgerError(.failure, "the deployment's checklist lists no rollback criteria", hint: "its template has no 'When to Rollback' section")
        }
        let q = query.lowercased()
        if let exact = all.first(where: { $0.id.lowercased() == q || $0.text.lowercased() == q }) { return exact }
        let matches = all.filter { $0.text.lowercased().hasPrefix(q) }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            throw LedgerError(.usage, "'\(query)' is not one of the checklist's rollback criteria", hint: "choose one of: \(list)")
        }
        throw LedgerError(.usage, "'\(query)' matches \(matches.count) rollback criteria", hint: "choose one of: \(list)")
    }

    /// Sets an emergency contact (a row of the checklist's contacts table, by its first
    /// cell, e.g. "Database Admin"), signed with `signer` when one is given.
    /// - Throws: `LedgerError` when the template has no contacts table or no such row.
    @discardableResult
    public func setContact(
        _ deployment: DeploymentID, role: String, values: [String: String], actor: Actor,
        signer: Signer? = nil
    ) throws(LedgerError) -> Record {
        try update(deployment, signer: signer) { (view) throws(LedgerError) -> [Event] in
            guard let table = view.template.emergencyContacts else {
                throw LedgerError(.failure, "the deployment's checklist has no emergency contacts table")
            }
            guard let row = table.row(role) else {
                let roles = table.rows.map(\.key).joined(separator: ", ")
                throw LedgerError(.usage, "no contact role '\(role)' in the checklist", hint: "the roles are: \(roles)")
            }
            return [Event(.contactSet(ContactSet(role: row.key, values: values)), deployment: deployment, by: actor, time: clock.now())]
        }[0]
    }
}
