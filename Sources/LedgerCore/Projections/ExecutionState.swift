import Checklist

/// A phase change: to which phase, when, by which record.
public struct PhaseChange: Sendable, Equatable {
    /// The new phase.
    public let phase: Phase
    /// When.
    public let time: Timestamp
    /// The record that caused it.
    public let seq: Int64
}

/// The recorded decision to roll back.
public struct RollbackDecision: Sendable, Equatable {
    /// The criterion's id (`R2`) and text ("Performance degradation").
    public let criterionID: String
    /// The criterion's text.
    public let criterionText: String
    /// Free-text details.
    public let details: String?
    /// Who decided.
    public let decidedBy: Actor
    /// When.
    public let decidedAt: Timestamp
    /// The `rollback.decided` record.
    public let seq: Int64
    /// When `ledger rollback complete` was recorded, if it was.
    public internal(set) var completedAt: Timestamp?
}

/// One command run with `ledger run`.
public struct ActionState: Sendable, Equatable {
    /// How it ended.
    public enum Outcome: Sendable, Equatable {
        /// No `action.finished` (yet): running, or the runner died (see `runner`).
        case unfinished
        /// It exited with this code.
        case exited(Int64)
        /// It was killed by this signal.
        case signalled(Int64)
        /// `ledger run` was interrupted and stopped it.
        case interrupted
    }

    /// The `action.started` record (the action's id).
    public let seq: Int64
    /// The item it ran for.
    public let item: ItemID
    /// The command line.
    public let command: [String]
    /// The checklist script, when the command came from the item's code block.
    public let script: String?
    /// Who ran it.
    public let actor: Actor
    /// When it started.
    public let startedAt: Timestamp
    /// Where it ran.
    public let runner: DeploymentEvents.Runner?
    /// How it ended.
    public internal(set) var outcome: Outcome = .unfinished
    /// How long it took.
    public internal(set) var durationMs: Int64?
    /// Its standard output and error digests.
    public internal(set) var stdout: DeploymentEvents.Output?
    /// Its standard error digest.
    public internal(set) var stderr: DeploymentEvents.Output?
    /// The `action.finished` record.
    public internal(set) var finishSeq: Int64?

    /// True when it exited with code 0.
    public var succeeded: Bool { outcome == .exited(0) }
}

/// How the execution kinds change one deployment. Pure.
enum ExecutionProjection {
    static let kinds = KindInfo.kinds(feeding: .execution)

    /// Applies `e`; returns why it could not be applied, or nil.
    static func apply(_ body: EventBody, _ e: Event, seq: Int64, to d: inout DeploymentView) -> String? {
        switch body {
        case .note(let b): d.notes.append(ItemNote(actor: e.actor, time: e.time, text: b.text.value ?? "", seq: seq))
        case .contactSet(let b):
            guard let role = b.role.value, let values = b.values.stringMembers else { return "contact.set without role and values" }
            for (k, v) in values { d.contacts[role, default: [:]][k] = v }
        case .actionStarted(let b):
            guard let item = b.item.value, let cmd = b.command.stringElements else { return "action.started without item and command" }
            d.actions.append(
                ActionState(
                    seq: seq, item: item, command: cmd, script: b.script.value, actor: e.by, startedAt: e.time,
                    runner: b.runner.value))
            advance(&d, stage: d.stage(of: item), e, seq)
        case .actionFinished(let b): return finish(b, e, seq: seq, &d)
        case .deploymentClosed(let b): return CloseRules.apply(b, e, seq: seq, to: &d)
        case .rollbackDecided(let b):
            d.rollback = RollbackDecision(
                criterionID: b.criterion.value ?? "", criterionText: b.criterionText.value ?? "",
                details: b.details.value, decidedBy: e.by, decidedAt: e.time, seq: seq)
            move(&d, to: .rollbackDecided, e, seq)
        case .rollbackCompleted:
            d.rollback?.completedAt = e.time
            move(&d, to: .rolledBack, e, seq)
        case .ledgerCreated, .deploymentStarted, .itemTicked, .itemUnticked, .itemSkipped, .itemNoted, .evidenceAttached,
            .rosterAdded, .rosterRevoked, .signoff, .unknown:
            break
        }
        return nil
    }

    static func finish(_ b: ActionFinished, _ e: Event, seq: Int64, _ d: inout DeploymentView) -> String? {
        guard let start = b.action.value, let i = d.actions.firstIndex(where: { $0.seq == start }) else {
            return "action.finished for an action that never started"
        }
        var a = d.actions[i]
        if b.interrupted.value == true {
            a.outcome = .interrupted
        } else if let sig = b.signal.value {
            a.outcome = .signalled(sig)
        } else {
            a.outcome = .exited(b.exitCode.value ?? -1)
        }
        a.durationMs = b.durationMs.value
        a.stdout = b.stdout.value
        a.stderr = b.stderr.value
        a.finishSeq = seq
        d.actions[i] = a
        return nil
    }

    /// Work on an item of `stage` may move the phase forward.
    static func advance(_ d: inout DeploymentView, stage: Stage, _ e: Event, _ seq: Int64) {
        move(&d, to: d.phase.after(workOn: stage), e, seq)
    }

    static func move(_ d: inout DeploymentView, to phase: Phase, _ e: Event, _ seq: Int64) {
        guard phase != d.phase else { return }
        d.phase = phase
        d.phaseChanges.append(PhaseChange(phase: phase, time: e.time, seq: seq))
    }
}
