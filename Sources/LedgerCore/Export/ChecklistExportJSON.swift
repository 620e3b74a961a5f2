/// The members of the JSON checklist export that carry what the annotated Markdown shows:
/// runs, the rollback, and which notes came after the first sign-off.
extension ChecklistExport {
    /// A note; `after_signoff` when recorded after the first sign-off.
    static func noteJSON(_ n: ItemNote, _ d: DeploymentView) -> JSONValue {
        let cutoff = firstSignoff(d)?.seq ?? .max
        return [
            "actor": .string(n.actor), "time": .string(n.time.description), "text": .string(n.text), "seq": .int(n.seq),
            "after_signoff": .bool(n.seq > cutoff),
        ]
    }

    /// One `ledger run`: command, who, when, how it ended, how long, output sizes and digests.
    static func runJSON(_ a: ActionState) -> JSONValue {
        func output(_ o: DeploymentEvents.Output?) -> JSONValue {
            o.map { ["size": .int($0.size), "sha256": .string($0.sha256), "recorded": .bool($0.content != nil), "truncated": .bool($0.truncated)] } ?? .null
        }
        var exit: JSONValue = .null, signal: JSONValue = .null
        let outcome: String
        switch a.outcome {
        case .exited(let c): outcome = "exited"; exit = .int(c)
        case .signalled(let s): outcome = "signalled"; signal = .int(s)
        case .interrupted: outcome = "interrupted"
        case .unfinished: outcome = "unfinished"
        }
        return [
            "seq": .int(a.seq), "finish_seq": a.finishSeq.map { .int($0) } ?? .null,
            "command": .array(a.command.map { .string($0) }), "script": a.script.map { .string($0) } ?? .null,
            "actor": .string(a.actor.name), "role": a.actor.role.map { .string($0) } ?? .null, "started_at": .string(a.startedAt.description),
            "outcome": .string(outcome), "exit_code": exit, "signal": signal, "succeeded": .bool(a.succeeded),
            "duration_ms": a.durationMs.map { .int($0) } ?? .null, "stdout": output(a.stdout), "stderr": output(a.stderr),
        ]
    }

    /// The rollback decision, or null.
    static func rollbackJSON(_ d: DeploymentView) -> JSONValue {
        guard let r = d.rollback else { return .null }
        return [
            "criterion": .string(r.criterionID), "criterion_text": .string(r.criterionText), "details": r.details.map { .string($0) } ?? .null,
            "decided_by": .string(r.decidedBy.name), "role": r.decidedBy.role.map { .string($0) } ?? .null,
            "decided_at": .string(r.decidedAt.description), "seq": .int(r.seq),
            "completed": .bool(r.completedAt != nil), "completed_at": r.completedAt.map { .string($0.description) } ?? .null,
        ]
    }

    /// The first sign-off (notes after it are `after_signoff`), or null.
    static func firstSignoffJSON(_ d: DeploymentView) -> JSONValue {
        guard let s = firstSignoff(d) else { return .null }
        return ["seq": .int(s.seq), "time": .string(s.time.description), "role": .string(s.role)]
    }
}
