import Checklist
import Testing

@testable import LedgerCore

/// Phases come from events alone; refusals name the phase and the way on.
@Suite struct PhaseTests {
    static let d = DeploymentID(bytes: [UInt8](repeating: 3, count: 16))!
    static let optibid = ChecklistTemplate.embeddedOptiBid()

    static func view(_ steps: [(EventKind, [String: JSONValue])]) -> DeploymentView {
        var events: [(Int64, Event)] = [
            (
                1,
                Event(
                    kind: .deploymentStarted, deployment: d, actor: "dana", time: Timestamp(millisecondsSinceEpoch: 0),
                    data: ChecklistEvents.started(name: "R1", template: optibid, templateName: "o"))
            )
        ]
        for (i, (k, data)) in steps.enumerated() {
            events.append(
                (Int64(i + 2), Event(kind: k, deployment: d, actor: "dana", time: Timestamp(millisecondsSinceEpoch: Int64(i + 1) * 1000), data: data)))
        }
        return LedgerView.rebuild(events).deployment(d)!
    }

    static func tick(_ id: ItemID) -> (EventKind, [String: JSONValue]) { (.itemTicked, ChecklistEvents.item(id)) }
    static let decide = (EventKind.rollbackDecided, DeploymentEvents.rollbackDecided(optibid.rollbackCriteria[1], details: nil))

    @Test func stagesComeFromTheSectionHeadings() {
        #expect(Self.optibid.stage(of: "1.1.1") == .preparation)
        #expect(Self.optibid.stage(of: "7.2.1.1") == .execution)
        #expect(Self.optibid.stage(of: "8.1.1") == .verification)
        #expect(Self.optibid.stage(of: "9.1.1.1") == .rollback)
        #expect(Self.optibid.stage(of: "10.1.1") == .signOff)
        let view = Self.view([])
        #expect(Self.optibid.items.allSatisfy { view.stage(of: $0.id) == Self.optibid.stage(of: $0.id) }, "the view's stage table agrees with the template")
        #expect(view.items(in: .rollback).map(\.id) == Self.optibid.items(in: .rollback).map(\.id) && view.items(in: .rollback).count == 19)
        #expect(
            Self.optibid.rollbackCriteria.map(\.text) == [
                "Critical bugs discovered", "Performance degradation", "Data integrity issues",
                "Security vulnerabilities", "Service unavailability",
            ])
    }

    @Test func phasesMoveForwardWithWork() {
        #expect(Self.view([]).phase == .preparing)
        #expect(Self.view([Self.tick("1.1.1")]).phase == .preparing)
        #expect(Self.view([Self.tick("7.2.1.1")]).phase == .executing)
        let v = Self.view([Self.tick("7.2.1.1"), Self.tick("8.1.1"), Self.tick("1.1.2")])
        #expect(v.phase == .verifying)
        #expect(v.phaseChanges.map(\.phase) == [.executing, .verifying])
        #expect(v.phaseChanges.map(\.seq) == [2, 3])
    }

    @Test func rollbackPhases() {
        let decided = Self.view([Self.tick("7.2.1.1"), Self.decide])
        #expect(decided.phase == .rollbackDecided)
        #expect(decided.rollback?.criterionID == "R2")
        let rolling = Self.view([Self.tick("7.2.1.1"), Self.decide, Self.tick("9.1.1.1")])
        #expect(rolling.phase == .rollingBack)
        let done = Self.view([Self.tick("7.2.1.1"), Self.decide, Self.tick("9.1.1.1"), (.rollbackCompleted, [:])])
        #expect(done.phase == .rolledBack)
        #expect(done.phase.isClosed)
    }

    @Test func refusalsNameThePhaseAndTheWayOn() {
        let preparing = Self.view([])
        #expect(
            preparing.refusal(.work("8.1.1"))
                == LedgerError(
                    .failure, "deployment 'R1' is in phase 'preparing': 8.1.1 verifies the deployment, which has not been executed yet",
                    hint: "tick or run a Deployment Execution step first"))
        #expect(preparing.refusal(.work("9.1.1.1"))?.reason == .rollbackNotDecided(deployment: "R1", item: "9.1.1.1"))
        #expect(preparing.refusal(.work("9.1.1.1"))?.remedy == .decideRollbackIfMet)
        #expect(preparing.refusal(.decideRollback)?.reason == .nothingToRollBack(deployment: "R1"))
        #expect(preparing.refusal(.work("7.2.1.1")) == nil)
        #expect(preparing.refusal(.signOff) != nil)
        let decided = Self.view([Self.tick("7.2.1.1"), Self.decide])
        #expect(decided.refusal(.work("1.1.1"))?.reason == .onlyRollbackSteps(deployment: "R1", item: "1.1.1"))
        #expect(decided.refusal(.work("9.1.1.1")) == nil)
        #expect(decided.refusal(.decideRollback)?.reason == .rollbackAlreadyDecided(deployment: "R1"))
        #expect(decided.refusal(.decideRollback)?.message.contains("decided by dana") == true)
        guard case .rollbackStepsOpen("R1", let open)? = decided.refusal(.completeRollback)?.reason else {
            Issue.record("the open rollback steps are not named")
            return
        }
        #expect(open.count == 19)
        let closed = Self.view([Self.tick("7.2.1.1"), Self.decide, (.rollbackCompleted, [:])])
        #expect(closed.refusal(.work("9.1.1.1"))?.category == .failure)
        #expect(closed.refusal(.work("9.1.1.1"))?.reason == .deploymentClosed(deployment: "R1"))
        #expect(closed.refusal(.work("9.1.1.1"))?.remedy == .startNewDeployment)
    }

    @Test func actionsRecordTheirOutcome() {
        let runner = DeploymentEvents.Runner(host: "h", boot: "b", pid: 7)
        let out = DeploymentEvents.Output(size: 3, sha256: String(repeating: "a", count: 64))
        let v = Self.view([
            (.actionStarted, DeploymentEvents.started(item: "7.2.1.1", command: ["pg_dump"], script: nil, runner: runner)),
            (
                .actionFinished,
                DeploymentEvents.finished(
                    action: 2, item: "7.2.1.1", exitCode: 0, signal: nil, durationMs: 1500,
                    interrupted: false, stdout: out, stderr: out)
            ),
            (.actionStarted, DeploymentEvents.started(item: "7.2.1.2", command: [], script: "migrate", runner: runner)),
        ])
        #expect(v.actions.count == 2)
        #expect(v.actions[0].succeeded && v.actions[0].durationMs == 1500 && v.actions[0].stdout == out)
        #expect(v.actions[1].outcome == .unfinished && v.actions[1].script == "migrate")
        #expect(v.phase == .executing)
    }
}
