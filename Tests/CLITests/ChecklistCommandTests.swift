import Foundation
import LedgerCore
import TestSupport
import Testing

@Suite struct ChecklistCommandTests {
    let pass = TestSecrets.cliEnvironment
    static let optibid = Repository.url("Sources/Checklist/Resources/optibid-production-deployment.md")

    func started() throws -> CLI { try CLI.started() }

    @Test func freshDeploymentExportsTheTemplateByteForByte() throws {
        let cli = try started()
        let r = try cli.run(["export", "checklist", "--output", "out.md"], env: pass)
        #expect(r.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.path("out.md"))) == Data(contentsOf: Self.optibid))
    }

    @Test func ticksChangeOnlyCheckboxes() throws {
        let cli = try started()
        #expect(try cli.run(["tick", "1.1.1"], env: pass).stdout == "ticked 1.1.1 All code changes reviewed and approved (record 3)\n")
        #expect(try cli.run(["tick", "create-database-backup"], env: pass).status == 0)
        #expect(try cli.run(["tick", "1.1.1"], env: pass).stdout.contains("already ticked by tester at "))
        let out = try cli.run(["export", "checklist", "--pristine"], env: pass).stdout
        let source = try String(contentsOf: Self.optibid, encoding: .utf8)
        let diff = zip(Array(out.utf8), Array(source.utf8)).enumerated().filter { $0.element.0 != $0.element.1 }
        #expect(out.utf8.count == source.utf8.count)
        #expect(diff.count == 2)
        #expect(diff.allSatisfy { $0.element.0 == UInt8(ascii: "x") && $0.element.1 == UInt8(ascii: " ") })
    }

    @Test func skipNeedsAReasonAndUnknownItemsSuggest() throws {
        let cli = try started()
        let noReason = try cli.run(["skip", "1.1.4"], env: pass)
        #expect(noReason.status == 64)
        #expect(try cli.run(["skip", "1.1.4", "--reason", "no property tests here"], env: pass).status == 0)
        let unknown = try cli.run(["tick", "7.2.9"], env: pass)
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr
                == "ledger: error: no item '7.2.9' in the checklist\nledger: hint: did you mean 7.2.1.1 (Create database backup), 7.2.1.2 (Run migrations) or 7.2.1.3 (Verify migration success)?\n"
        )
    }

    @Test func statusShowsSectionsAndBlockers() throws {
        let cli = try started()
        try cli.run(["tick", "1.1.1"], env: pass)
        let s = try cli.run(["status"], env: pass).stdout
        #expect(s.contains("  1 Pre-Deployment Preparation"))
        #expect(s.contains("  10 Sign-Off"))
        #expect(s.contains("overall: 1 done, 0 not applicable, 250 open of 251"))
        #expect(
            s.contains(
                "sign-offs (0 of 4):\n  Deployment Lead: not signed\n  Technical Lead: not signed\n  Security Lead: not signed\n  Operations Lead: not signed"))
    }

    @Test func showGivesIdsSlugsAndDetail() throws {
        let cli = try started()
        try Data("ok".utf8).write(to: URL(fileURLWithPath: cli.path("b.log")))
        try cli.run(["attach", "7.2.1.1", "b.log", "--embed"], env: pass)
        try cli.run(["note", "--item", "7.2.1.1", "backup took 4 min"], env: pass)
        let list = try cli.run(["show", "7.2.1"], env: pass).stdout
        #expect(list.contains("[ ] 7.2.1.1  Create database backup  {create-database-backup}"))
        let detail = try cli.run(["show", "7.2.1.1"], env: pass).stdout
        #expect(detail.contains("evidence: b.log, 2 bytes, sha256 2689367b205c16ce32ed4200942b8b8b1e262dfc70d9bc9fbc77c49699a4f1df (content in the log)"))
        #expect(detail.contains("note by tester at "))
        #expect(detail.contains("pg_dump -h host -U user -d database"))
    }

    @Test func jsonExportFollowsItsSchema() throws {
        let cli = try started()
        try cli.run(["tick", "1.1.1", "--note", "ok"], env: pass)
        try cli.run(["skip", "1.1.4", "--reason", "n/a"], env: pass)
        try cli.run(["export", "checklist", "--format", "json", "--output", "c.json"], env: pass)
        let schema = Repository.path("schema/checklist-export.schema.json")
        let check = try cli.run(
            [
                "-c", "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1]))); print('valid')",
                schema, cli.path("c.json"),
            ], executable: "/usr/bin/env", prefix: "python3")
        #expect(check.stdout == "valid\n", "\(check.stderr)")
        let doc = try CanonicalJSON.parse(Array(try Data(contentsOf: URL(fileURLWithPath: cli.path("c.json"))).dropLast()))
        #expect(doc["progress"] == ["total": 251, "done": 1, "not_applicable": 1, "open": 249])
        #expect(doc["items"]?.arrayValue?.count == 251)
    }

    @Test func twoOpenDeploymentsNeedAChoice() throws {
        let cli = try started()
        try cli.run(["deploy", "start", "--name", "Release 43"], env: pass)
        let r = try cli.run(["tick", "1.1.1"], env: pass)
        #expect(r.status == 64)
        #expect(r.stderr.contains("2 deployments are open: 'Release 42'"))
        #expect(try cli.run(["tick", "1.1.1", "--deployment", "Release 43"], env: pass).status == 0)
    }
}

@Suite struct TemplateCommandTests {
    let pass = TestSecrets.cliEnvironment

    @Test func aDocumentWithoutTaskItemsIsRefusedClearly() throws {
        let cli = CLI()
        try cli.initLedger()
        try Data("# Notes\n\n- just a bullet\n\n```\n- [ ] in code\n```\n".utf8).write(to: URL(fileURLWithPath: cli.path("plain.md")))
        let r = try cli.run(["deploy", "start", "--name", "R1", "--template", "plain.md"], env: pass)
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("ledger: error: template 'plain.md': "))
        #expect(r.stderr.contains("\nledger: hint: "))
        #expect(try cli.run(["deploy", "list"], env: pass).stdout == "", "nothing was written")
    }

    @Test func anotherTemplateIsRecordedAndUsed() throws {
        let cli = CLI()
        try cli.initLedger()
        let corpus = Repository.fixture("checklists/corpus/api-security.md").path
        let r = try cli.run(["deploy", "start", "--name", "API", "--template", corpus], env: pass)
        #expect(r.stdout.contains("on api-security.md: 64 items"), "\(r.stderr)")
        let out = try cli.run(["export", "checklist"], env: pass).stdout
        #expect(Data(out.utf8) == (try Data(contentsOf: URL(fileURLWithPath: corpus))))
    }
}
