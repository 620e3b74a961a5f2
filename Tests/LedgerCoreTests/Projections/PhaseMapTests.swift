import Checklist
import Testing

@testable import LedgerCore

/// Phases and sign-off roles are explicit, recorded and portable (FORMAT.md §14.4).
@Suite struct PhaseMapTests {
    static let d = DeploymentID(bytes: [UInt8](repeating: 4, count: 16))!

    /// A team's checklist whose first heading says "Verification" but means preparation.
    static let misleading = """
        # Release 7
        ## Verification of prerequisites
        - [ ] access checked
        - [ ] backups verified
        ## Roll out
        - [ ] deploy to production
        ## Smoke tests
        - [ ] home page loads
        ## Signoff sheet of the previous release
        - [ ] archived

        """

    /// The same, with its phases said in comments GitHub does not show.
    static let marked = """
        <!-- ledger: signoff-roles=Release Manager, "QA Lead" -->
        # Release 7
        ## Verification of prerequisites
        <!-- ledger: phase=preparation -->
        - [ ] access checked
        - [ ] backups verified
        ## Roll out
        <!-- ledger: phase=execution -->
        - [ ] deploy to production
        ```
        <!-- ledger: phase=rollback -->
        ```
        ## Smoke tests
        <!-- ledger: phase=verification -->
        - [ ] home page loads
        ## Signoff sheet of the previous release
          <!-- LEDGER: phase = Preparation -->
        - [ ] archived

        """

    static func template(_ s: String) -> ChecklistTemplate { try! ChecklistTemplate.parse(Array(s.utf8)) }

    static func view(_ t: ChecklistTemplate, map: PhaseMap?, _ steps: [(EventKind, [String: JSONValue])]) -> (DeploymentView, LedgerView) {
        var data = ChecklistEvents.started(name: "R7", template: t, templateName: "t.md")
        if let map { data.merge(map.json) { a, _ in a } }
        var events: [(Int64, Event)] = [
            (1, Event(kind: .deploymentStarted, deployment: d, actor: "dana", time: Timestamp(millisecondsSinceEpoch: 0), data: data))
        ]
        for (i, (k, data)) in steps.enumerated() {
            events.append(
                (Int64(i + 2), Event(kind: k, deployment: d, actor: "dana", time: Timestamp(millisecondsSinceEpoch: Int64(i + 1) * 1000), data: data)))
        }
        let v = LedgerView.rebuild(events)
        return (v.deployment(d)!, v)
    }

    static func tick(_ id: String) -> (EventKind, [String: JSONValue]) { (.itemTicked, ChecklistEvents.item(ItemID(id))) }

    @Test func headingWordsThatMeanSomethingElseAreWarnedWithTheFix() {
        let t = Self.template(Self.misleading)
        let r = PhaseReport(PhaseMap.inferred(from: t), t)
        #expect(
            r.lines.map { "\($0.number) \($0.stages.map(\.word))" } == [
                "1 [\"verification\"]", "2 [\"preparation\"]", "3 [\"preparation\"]", "4 [\"sign-off\"]",
            ])
        #expect(r.warnings.map(\.kind) == [.noExecutionStep(blocked: 3), .noSignoffRoles])
        #expect(r.warnings[0].hint.contains("<!-- ledger: phase=execution -->"), "the fix shows the template comment")
        // And indeed: a tick of 1.1 is refused for ever.
        let (v, _) = Self.view(t, map: nil, [])
        #expect(v.refusal(.work("1.1")) != nil)
    }

    @Test func commentsBesideHeadingsSetThePhasesAndRoles() throws {
        let t = Self.template(Self.marked)
        #expect(t.itemCount == 5)
        let spec = try PhaseSpec.inTemplate(t)
        #expect(spec.signoffRoles == ["Release Manager", "QA Lead"])
        let map = try PhaseMap.resolve(t, spec)
        #expect(map.stages == ["1": .preparation, "2": .execution, "3": .verification, "4": .preparation], "the comment in the code block is no directive")
        #expect(PhaseReport(map, t).warnings.isEmpty)
        // Worked in document order, every item is accepted; then the roles may sign.
        let (v, _) = Self.view(t, map: map, ["1.1", "1.2", "2.1", "3.1", "4.1"].map(Self.tick))
        #expect(v.phase == .verifying && v.openRequiredItems.isEmpty)
        #expect(v.signerRoles == ["Release Manager", "QA Lead"])
        #expect(v.refusal(.signOff) == nil)
    }

    @Test func frontMatterSubsetIsRead() throws {
        let text =
            "---\nname: Release\nledger:\n  phases:\n    \"2\": execution\n    Smoke tests: verification\n  signoff-roles:\n    - Release Manager\n    - 'QA Lead'\nlabels: x\n---\n"
        let spec = try PhaseSpec.frontMatter(PhaseSpec.lines(Array(text.utf8)).dropFirst().dropLast().map { $0 })
        #expect(spec.entries.map { "\($0.section)=\($0.stage.word)" } == ["2=execution", "Smoke tests=verification"])
        #expect(spec.signoffRoles == ["Release Manager", "QA Lead"])
        let none = try PhaseSpec.frontMatter(PhaseSpec.lines(Array("ledger:\n  phases: none\n  signoff-roles: [A, \"B\"]\n".utf8)))
        #expect(none.phaseless && none.signoffRoles == ["A", "B"])
        #expect(PhaseSpec.frontMatterEnd(PhaseSpec.lines(Array(text.utf8))) == 10)
        #expect(throws: LedgerError.self) { try PhaseSpec.frontMatter(PhaseSpec.lines(Array("ledger:\n  phases:\n    2: executing-ish\n".utf8))) }
    }

    @Test func aPhasesFileNamesSectionsByNumberOrHeading() throws {
        let t = Self.template(Self.misleading)
        let spec = try PhaseSpec.parseFile(
            "# ours\r\nVerification of prerequisites = preparation\n2 = execution\nsmoke tests=verification\n4 = preparation\nsignoff-roles = Release Manager\n",
            name: "p.txt")
        let map = try PhaseMap.resolve(t, spec)
        #expect(spec.entries.map(\.section) == ["Verification of prerequisites", "2", "smoke tests", "4"])
        #expect(map.stages == ["1": .preparation, "2": .execution, "3": .verification, "4": .preparation])
        #expect(map.signoffRoles == ["Release Manager"])
        func message(_ text: String) -> String? {
            do { _ = try PhaseMap.resolve(t, try PhaseSpec.parseFile(text, name: "p.txt")); return nil } catch { return "\(error.category) \(error.message)" }
        }
        #expect(message("2 = deploying\n") == "usage 'p.txt', line 1: 'deploying' is not a phase")
        #expect(message("\n9 = execution\n") == "usage 'p.txt', line 2: the template has no section '9'")
        #expect(message("just words\n") == "usage 'p.txt', line 1: expected 'SECTION = PHASE'")
        #expect(message("phases = some\n") == "usage 'p.txt', line 1: 'phases' takes only 'none'")
        // `*`: every section not named, instead of inference.
        let star = try PhaseMap.resolve(t, try PhaseSpec.parseFile("* = execution\n3 = verification\n", name: "p.txt"))
        #expect(star.stages == ["*": .execution, "3": .verification])
        #expect(star.stage(of: "1.2") == .execution && star.stage(of: "3.1") == .verification)
    }

    @Test func anItemTakesTheStageOfItsLongestNamedSection() {
        let map = PhaseMap(stages: ["7": .execution, "7.3": .verification, "*": .signOff])
        #expect(map.stage(of: "7.1") == .execution)
        #expect(map.stage(of: "7.3.1.2") == .verification)
        #expect(map.stage(of: "70.1") == .signOff, "7 is no prefix of 70")
        #expect(map.stage(of: "3") == .signOff)
        #expect(PhaseMap(stages: [:]).stage(of: "1.1") == .preparation)
    }

    @Test func theRecordedMapIsReadBackAsWrittenAndBadOnesAreAnomalies() {
        let map = PhaseMap(stages: ["1": .preparation, "2.1": .signOff], signoffRoles: ["A"])
        #expect(PhaseMap.recorded(in: map.json).map == map)
        #expect(PhaseMap.recorded(in: PhaseMap(stages: nil).json).map == PhaseMap(stages: nil))
        #expect(PhaseMap.recorded(in: [:]).map == nil && PhaseMap.recorded(in: [:]).problem == nil)
        #expect(PhaseMap.recorded(in: ["phases": .object(["1": .string("deploying")])]).problem == "phases[1] is not a stage")
        #expect(PhaseMap.recorded(in: ["phases": .string("none"), "signoff_roles": .string("A")]).problem == "signoff_roles is not an array of strings")
        let t = Self.template(Self.misleading)
        var data = ChecklistEvents.started(name: "R7", template: t, templateName: "t.md")
        data["phases"] = .int(3)
        let start: [(Int64, Event)] = [
            (1, Event(kind: .deploymentStarted, deployment: Self.d, actor: "dana", time: Timestamp(millisecondsSinceEpoch: 0), data: data))
        ]
        let v = LedgerView.rebuild(start)
        #expect(v.deployment(Self.d) == nil)
        #expect(v.anomalies.map(\.reason) == ["deployment.started with an unusable phase map: phases is neither an object nor \"none\""])
    }

    @Test func aDeploymentRecordedWithoutAMapIsReadByItsHeadingsAsBefore() {
        let optibid = ChecklistTemplate.embeddedOptiBid()
        let (old, _) = Self.view(optibid, map: nil, [Self.tick("7.2.1.1")])
        let (new, _) = Self.view(optibid, map: PhaseMap.inferred(from: optibid), [Self.tick("7.2.1.1")])
        #expect(old.phase == .executing && new.phase == .executing)
        #expect(optibid.items.allSatisfy { old.stage(of: $0.id) == optibid.stage(of: $0.id) && new.stage(of: $0.id) == old.stage(of: $0.id) })
        #expect(old.signerRoles == ["Deployment Lead", "Technical Lead", "Security Lead", "Operations Lead"])
    }

    @Test func aPhaselessDeploymentTakesAnyItemAtAnyTimeAndSignsOffWhenAllAreSettled() {
        let t = Self.template(Self.misleading)
        let map = PhaseMap(stages: nil, signoffRoles: ["Release Manager"])
        #expect(PhaseReport(map, t).warnings.isEmpty)
        let (v, _) = Self.view(t, map: map, ["4.1", "3.1", "1.1"].map(Self.tick))
        #expect(v.phase == .executing && v.refusal(.work("2.1")) == nil)
        #expect(v.refusal(.signOff) == nil, "the phase allows it; the open items are sign's own refusal")
        #expect(v.openRequiredItems.map(\.id) == ["1.2", "2.1"])
    }

    @Test func closingKeepsTheRulesOfASignOff() {
        let t = Self.template(Self.misleading)
        let none = PhaseMap(stages: nil, signoffRoles: [])
        let close = { (accepted: [String], reason: String?) in (EventKind.deploymentClosed, Closure.data(acceptedOpen: accepted, reason: reason, note: nil)) }
        // Open required items and no acceptance: not applied, an anomaly.
        let (open, lv) = Self.view(t, map: none, [Self.tick("1.1"), close([], nil)])
        #expect(open.phase == .executing && open.closure == nil)
        #expect(lv.anomalies.map(\.reason) == ["deployment.closed at 3: 4 required items were open and not accepted: 1.2, 2.1, 3.1, 4.1"])
        // Accepted open with a reason: closed, and nothing changes it afterwards.
        let (closed, lv2) = Self.view(t, map: none, [Self.tick("1.1"), close(["1.2", "2.1", "3.1", "4.1"], "not in this release")])
        #expect(lv2.anomalies.isEmpty && closed.phase == .closed && closed.closure?.reason == "not in this release")
        #expect(closed.refusal(.work("1.2"))?.message == "deployment 'R7' is in phase 'closed': it was closed by its lead and is closed")
        // A deployment with roles is closed by their sign-offs, not by its lead.
        let (roles, lv3) = Self.view(
            t, map: PhaseMap(stages: nil, signoffRoles: ["QA Lead"]), ["1.1", "1.2", "2.1", "3.1", "4.1"].map(Self.tick) + [close([], nil)])
        #expect(roles.phase == .executing)
        #expect(lv3.anomalies.map(\.reason) == ["deployment.closed at 7: it has sign-off roles (QA Lead), so it is closed by their sign-offs"])
        // A staged deployment closes only when verifying, as a sign-off would.
        let staged = PhaseMap(stages: ["1": .preparation, "2": .execution, "3": .verification, "4": .preparation], signoffRoles: [])
        let (early, _) = Self.view(t, map: staged, ["1.1", "1.2", "4.1"].map(Self.tick) + [close(["2.1", "3.1"], "later")])
        #expect(early.phase == .preparing)
    }
}
