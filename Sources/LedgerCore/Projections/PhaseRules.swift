import Checklist

/// What a command wants to do, for the phase rules.
public enum PhaseAction: Sendable {
    /// Tick, untick, skip, note, attach evidence, or run a command on an item.
    case work(ItemID)
    /// Decide to roll back.
    case decideRollback
    /// Declare the rollback complete.
    case completeRollback
    /// Sign off.
    case signOff
    /// Close a deployment without sign-off roles (`ledger deploy close`).
    case close
}

extension PhaseAction {
    var isClose: Bool { if case .close = self { true } else { false } }
}

extension DeploymentView {
    /// Why `action` does not fit the deployment's phase, as a `LedgerError` that says the
    /// phase and what would move it on; nil when it fits.
    public func refusal(_ action: PhaseAction) -> LedgerError? {
        let name = "deployment '\(self.name)' is in phase '\(phase.label)'"
        if phase.isClosed {
            let how = phase == .rolledBack ? "rolled back" : phase == .closed ? "closed by its lead" : "signed off"
            return LedgerError(
                .failure, "\(name): it was \(how) and is closed",
                .deploymentClosed(deployment: self.name), remedy: .startNewDeployment)
        }
        switch action {
        case .work(let id): return refusalForWork(on: id, name)
        case .decideRollback:
            if phase.isRollback, let r = rollback {
                return LedgerError(
                    .failure, "\(name): the rollback was decided by \(r.decidedBy) at \(r.decidedAt) (\(r.criterionID): \(r.criterionText))",
                    .rollbackAlreadyDecided(deployment: self.name), remedy: .workRollbackSteps)
            }
            if phase == .preparing {
                return LedgerError(
                    .failure, "\(name): nothing has been executed yet, so there is nothing to roll back",
                    .nothingToRollBack(deployment: self.name), remedy: .abandonWithNote)
            }
        case .completeRollback:
            guard phase.isRollback else {
                return LedgerError(
                    .failure, "\(name): there is no rollback to complete",
                    .noRollbackToComplete(deployment: self.name), remedy: .decideRollback)
            }
            let open = items(in: .rollback).filter { !state($0.id).isSettled }
            if !open.isEmpty {
                let list = open.prefix(3).map { "\($0.id) \($0.plainText)" }.joined(separator: "; ")
                return LedgerError(
                    .failure, "\(name): \(open.count) rollback step\(open.count == 1 ? " is" : "s are") still open: \(list)",
                    .rollbackStepsOpen(deployment: self.name, items: open.map(\.id)), remedy: .settleRollbackSteps)
            }
        case .signOff, .close:
            if phase.isRollback {
                return LedgerError(
                    .failure, "\(name): a rolled-back deployment cannot be \(action.isClose ? "closed" : "signed off")",
                    .rollingBack(deployment: self.name), remedy: .completeRollback)
            }
            if !phaseAllowsSignoff {
                return LedgerError(
                    .failure, "\(name): sign-off comes after post-deployment verification",
                    hint: "tick or run a Post-Deployment Verification item first")
            }
        }
        return nil
    }

    private func refusalForWork(on id: ItemID, _ name: String) -> LedgerError? {
        let stage = self.stage(of: id)
        if phase.isRollback {
            guard stage == .rollback else {
                return LedgerError(
                    .failure, "\(name): only the rollback steps can be worked now, not \(id)",
                    .onlyRollbackSteps(deployment: self.name, item: id), remedy: .workRollbackSteps)
            }
            return nil
        }
        switch stage {
        case .rollback:
            return LedgerError(
                .failure, "\(name): \(id) is a rollback step, which applies only after a rollback decision",
                .rollbackNotDecided(deployment: self.name, item: id), remedy: .decideRollbackIfMet)
        case .verification where phase == .preparing:
            return LedgerError(
                .failure, "\(name): \(id) verifies the deployment, which has not been executed yet",
                hint: "tick or run a Deployment Execution step first")
        case .signOff where phase != .verifying:
            return LedgerError(
                .failure, "\(name): \(id) belongs to the sign-off, which comes after post-deployment verification",
                hint: "tick or run a Post-Deployment Verification item first")
        default: return nil
        }
    }
}

extension ChecklistTemplate {
    /// `resolve(_:)` with its error as a `LedgerError` (usage, with the nearest items as hint).
    /// - Throws: `LedgerError`.
    public func resolveItem(_ query: String) throws(LedgerError) -> Item {
        do { return try resolve(query) } catch { throw LedgerError(.usage, error.description, .other, hint: error.hint, cause: .checklist(error)) }
    }
}
