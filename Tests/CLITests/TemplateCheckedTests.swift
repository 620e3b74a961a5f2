import Foundation
import LedgerCore
import TestSupport
import Testing

/// A template's own `[x]`/`[X]` items start the deployment done, by the `deployment.started`
/// record (its `checked`), and an export with nothing changed gives the template back byte for
/// byte: `[X]`, CR LF, tabs and YAML front matter (issue 10, point 4).
@Suite struct TemplateCheckedTests {
    let pass = TestSecrets.cliEnvironment

    /// Front matter with a line that would be a setext underline and an item-looking line,
    /// CR LF line ends, a tab-indented nested `[X]`, `[x]` and `[X]` items.
    static let template = [
        "---", "title: Release checklist", "- [ ] not an item: front matter", "---",
        "# Release", "## Preparation", "- [x] Change ticket approved", "- [ ] Backup taken",
        "\t- [X] Backup script reviewed", "## Deployment Execution", "- [X] Maintenance window announced",
        "- [ ] Deploy", "## Post-Deployment Verification", "- [ ] Health checks", "",
    ].joined(separator: "\r\n")

    func started() throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        try Data(Self.template.utf8).write(to: URL(fileURLWithPath: cli.path("team.md")))
        let r = try cli.run(["deploy", "start", "--name", "R1", "--template", "team.md"], env: pass)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\nchecked in the template, so done from the start: 1.1, 1.2.1, 2.1\n"), "\(r.stdout)")
        #expect(r.stdout.hasPrefix("started deployment 'R1' ("))
        #expect(r.stdout.contains(" on team.md: 6 items in 3 sections\n"), "the front matter's '- [ ]' line is no item")
        return cli
    }

    func export(_ cli: CLI, pristine: Bool = false) throws -> Data {
        let r = try cli.run(["export", "checklist", "--output", "out.md", "--force"] + (pristine ? ["--pristine"] : []), env: pass)
        #expect(r.status == 0, "\(r.stderr)")
        return try Data(contentsOf: URL(fileURLWithPath: cli.path("out.md")))
    }

    @Test func checkedItemsStartDoneByARecordedTemplateEvent() throws {
        let cli = try started()
        let status = try cli.run(["status"], env: pass).stdout
        #expect(status.contains("overall: 3 done, 0 not applicable, 3 open of 6"))
        #expect(status.contains("phase: preparing"), "nobody worked an execution item")
        let show = try cli.run(["show"], env: pass).stdout
        #expect(show.contains("[x] 1.1  Change ticket approved  {change-ticket-approved}  (checked in the template)"))
        #expect(show.contains("[x] 1.2.1  Backup script reviewed  {backup-script-reviewed}  (checked in the template)"))
        #expect(show.contains("[ ] 1.2  Backup taken  {backup-taken}\n"))
        #expect(try cli.run(["show", "2.1"], env: pass).stdout.contains("status: done — checked in the template (deployment.started, record 2)"))
        let log = try cli.run(["log"], env: pass).stdout
        #expect(log.contains("deployment.started  [") && log.contains("; checked in the template: 1.1, 1.2.1, 2.1\n"))
        let json = try cli.run(["log", "--json"], env: pass).stdout.split(separator: "\n")
        let start = try #require(json.first { $0.contains("\"kind\":\"deployment.started\"") })
        #expect(start.contains("\"checked\":[\"1.1\",\"1.2.1\",\"2.1\"],\"front_matter\":true,"))
        #expect(json.count == 2, "the start is the only record: no tick pretends someone ticked")
        let tick = try cli.run(["tick", "1.1"], env: pass)
        #expect(tick.stdout == "1.1 Change ticket approved: already ticked in the template; nothing written\n")
    }

    @Test func anExportWithNothingChangedIsTheTemplateByteForByte() throws {
        let cli = try started()
        #expect(try export(cli) == Data(Self.template.utf8))
        let json = try cli.run(["export", "checklist", "--format", "json"], env: pass).stdout
        #expect(json.contains("\"checked_in_template\":true,\"comment\":null,\"depth\":1,\"evidence\":[],\"id\":\"1.2.1\""))
    }

    @Test func changingATemplateCheckedItemChangesOnlyItsCheckbox() throws {
        let cli = try started()
        #expect(try cli.run(["untick", "2.1", "--reason", "announcement not sent"], env: pass).status == 0)
        #expect(try cli.run(["show", "2.1"], env: pass).stdout.contains("status: open by tester at "))
        let source = Array(Self.template.utf8), unticked = [UInt8](try export(cli, pristine: true))
        let changed = source.indices.filter { source[$0] != unticked[$0] }
        #expect(unticked.count == source.count && changed.count == 1)
        #expect(changed.map { source[$0] } == [UInt8(ascii: "X")] && changed.map { unticked[$0] } == [UInt8(ascii: " ")])
        #expect(try cli.run(["tick", "2.1"], env: pass).status == 0)
        #expect(try export(cli, pristine: true) == Data(Self.template.utf8), "ticked again, it keeps the template's upper-case X")
        #expect(try cli.run(["status"], env: pass).stdout.contains("phase: executing"), "the untick and the tick were work")
    }

    @Test func bothVerifiersAgreeOnASignOffThatCountsTemplateCheckedItems() throws {
        let cli = CLI()
        try cli.initLedger()
        let source = SignoffCommandTests.template.replacingOccurrences(of: "- [ ] smoke tests", with: "- [X] smoke tests")
        #expect(source != SignoffCommandTests.template)
        try Data(("---\ntitle: x\n---\n" + source).replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .write(to: URL(fileURLWithPath: cli.path("release.md")))
        let env = ["LEDGER_PASSPHRASE": "pass", "LEDGER_KEY_PASSPHRASE": "kp"]
        for args in [
            ["deploy", "start", "--name", "R1", "--template", "release.md"],
            ["key", "new", "--name", "dana", "--kdf-memory", "19"], ["key", "new", "--name", "sam", "--kdf-memory", "19"],
            ["roster", "add", "--role", "Deployment Lead", "--key", "dana.key.pub"],
            ["roster", "add", "--role", "Security Lead", "--key", "sam.key.pub"],
            ["tick", "deploy"], ["tick", "health"],
            ["sign", "--role", "Deployment Lead", "--key", "dana.key"], ["sign", "--role", "Security Lead", "--key", "sam.key"],
        ] {
            let r = try cli.run(args, env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        #expect(try cli.run(["status"], env: env).stdout.contains("phase: signed off"), "smoke tests, checked in the template, needed no --accept-open")
        let verifiers = IndependentVerifierTests()
        let mine = try verifiers.ours(cli, "deploy.ledger", withKey: true)
        let theirs = try verifiers.independent(cli, "deploy.ledger", withKey: true)
        #expect(mine["intact"] == true, "\(IndependentVerifierTests.rows(mine))")
        #expect(theirs["intact"] == true, "verify.py replays the checklist state with the template's checked items: \(IndependentVerifierTests.rows(theirs))")
    }
}
