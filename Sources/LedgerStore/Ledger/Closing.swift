import Checklist
import LedgerCore

extension LedgerFile {
    /// Closes a deployment that has no sign-off roles (`ledger deploy close`): a
    /// `deployment.closed` record. Refused, as a sign-off is, unless the phase allows it and
    /// every required item is settled or accepted open (`accept`: item ids or `all`, with a
    /// `reason`); refused too when the deployment has sign-off roles (they close it by signing).
    /// The record is signed with `signer` when one is given.
    /// - Throws: `LedgerError` naming what is missing; nothing is written then.
    @discardableResult
    public func closeDeployment(
        _ deployment: DeploymentID, accept: [String], reason: String?, note: String?,
        actor: Actor, signer: Signer? = nil
    ) throws(LedgerError) -> (Record, DeploymentView) {
        var after: DeploymentView?
        let records = try store.exclusively { () throws(LedgerError) -> [Record] in
            var ledger = try ledgerView(of: deployment)
            let view = try Self.deployment(deployment, in: ledger)
            if let refusal = view.refusal(.close) { throw refusal }
            guard view.signerRoles.isEmpty else {
                throw LedgerError(
                    .failure, "'\(view.name)' has sign-off roles (\(view.signerRoles.joined(separator: ", "))): it is closed when they sign off",
                    .hasSignoffRoles(deployment: view.name), remedy: .signOff)
            }
            let accepted = try Self.accepted(accept, reason: reason, in: view)
            let closed = DeploymentClosed(acceptedOpen: accepted, reason: reason, note: note)
            let event = Event(.deploymentClosed(closed), deployment: deployment, by: actor, time: clock.now())
            let r = try append([event], folding: &ledger, signer: signer)
            after = try Self.deployment(deployment, in: ledger)
            return r
        }
        return (records[0], after!)
    }
}
