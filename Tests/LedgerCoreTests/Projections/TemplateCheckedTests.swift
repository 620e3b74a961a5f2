import Checklist
import Testing

@testable import LedgerCore

/// `deployment.started`'s `checked` (FORMAT.md §9): the template's `[x]` items start done by
/// that record; a start without it (every ledger written before) reads as it always did.
@Suite struct TemplateCheckedProjectionTests {
    static let template = try! ChecklistTemplate.parse(Array("# T\n## Deployment Execution\n- [x] one\n- [ ] two\n  - [X] two-a\n".utf8))
    static let deployment = DeploymentID(bytes: [UInt8](repeating: 2, count: 16))!

    static func start(_ data: [String: JSONValue]) -> Event {
        Event(kind: .deploymentStarted, deployment: deployment, actor: "lead", time: Timestamp(millisecondsSinceEpoch: 5), data: data)
    }

    @Test func theStartListsTheTemplatesCheckedItemsAndTheyStartDone() throws {
        let data = ChecklistEvents.started(name: "R1", template: Self.template, templateName: "t.md")
        #expect(data["checked"] == .array([.string("1.1"), .string("1.2.1")]))
        let view = LedgerView.rebuild([(Int64(2), Self.start(data))])
        #expect(view.anomalies.isEmpty)
        let d = try #require(view.deployment(Self.deployment))
        let one = d.state("1.1")
        #expect(one.status == .done && one.checkedInTemplate && one.actor == "lead" && one.seq == 2)
        #expect(d.state("1.2").status == .open && !d.state("1.2").checkedInTemplate)
        #expect(d.phase == .preparing && d.phaseChanges.isEmpty, "an execution item done by the template moves no phase")
        let items = ChecklistState.document(d)["items"]?.arrayValue?.map { $0["status"]?.stringValue }
        #expect(items == ["done", "open", "done"], "the sign-off state digest counts them done (§14.3)")
    }

    @Test func aStartWithoutCheckedReadsAsBefore() throws {
        var data = ChecklistEvents.started(name: "R1", template: Self.template, templateName: "t.md")
        data["checked"] = nil
        let d = try #require(LedgerView.rebuild([(Int64(2), Self.start(data))]).deployment(Self.deployment))
        #expect(d.template.checkedItemCount == 2)
        #expect(d.openItems.count == 3, "a ledger written before `checked` keeps its states and digests")
        let plain = try ChecklistTemplate.parse(Array("- [ ] a\n".utf8))
        #expect(
            ChecklistEvents.started(name: "R", template: plain, templateName: "t")["checked"] == nil,
            "no member when nothing is checked: records of such templates are byte for byte as before")
    }

    @Test func anUntickEndsTheTemplatesMarkAndUnknownNumbersAreAnomalies() throws {
        var data = ChecklistEvents.started(name: "R1", template: Self.template, templateName: "t.md")
        data["checked"] = .array([.string("1.1"), .string("9.9")])
        let untick = Event(
            kind: .itemUnticked, deployment: Self.deployment, actor: "sam", time: Timestamp(millisecondsSinceEpoch: 9),
            data: ChecklistEvents.item("1.1"))
        let view = LedgerView.rebuild([(Int64(2), Self.start(data)), (Int64(3), untick)])
        #expect(view.anomalies.map(\.reason) == ["deployment.started: checked names 9.9, which the template does not have"])
        let s = try #require(view.deployment(Self.deployment)).state("1.1")
        #expect(s.status == .open && !s.checkedInTemplate && s.actor == "sam")
    }

    @Test func frontMatterIsSetAsideOnlyForStartsThatSaySo() throws {
        let source = Array("---\ntitle: x\n---\n- [ ] a\n## S\n- [ ] b\n".utf8)
        let template = try ChecklistTemplate.parse(source)
        var data = ChecklistEvents.started(name: "R1", template: template, templateName: "t.md")
        #expect(data["front_matter"] == .bool(true))
        let now = try #require(LedgerView.rebuild([(Int64(2), Self.start(data))]).deployment(Self.deployment))
        #expect(now.template.items.map(\.id) == ["1", "2.1"])
        data["front_matter"] = nil
        let before = try #require(LedgerView.rebuild([(Int64(2), Self.start(data))]).deployment(Self.deployment))
        #expect(
            before.template.items.map(\.id) == ["1.1", "2.1"],
            "a start recorded before front matter was recognised keeps its numbers (the YAML was a setext heading)")
        #expect(before.template.frontMatter == nil && before.template.allSections.map(\.plainTitle) == ["title: x", "S"])
        #expect(ChecklistEvents.started(name: "R", template: Self.template, templateName: "t")["front_matter"] == nil)
    }
}
