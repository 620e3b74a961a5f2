import Foundation
import LedgerCore
import TestSupport
import Testing

/// `ledger export timeline` and the rest of the deployment story on the command line.
@Suite struct TimelineExportTests {
    let pass = TestSecrets.cliEnvironment
    static let schemas = Repository.path("schema")

    /// A deployment that ran, failed a health check and rolled back.
    func rolledBack() throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        try cli.run(["deploy", "start", "--name", "R1"], env: pass)
        try cli.run(["tick", "1.1.1", "--note", "<script>alert(1)</script> & \"quotes\""], env: pass)
        try cli.run(["run", "7.2.1.1", "--tick", "--", "true"], env: pass)
        try cli.run(["run", "8.1.1", "--", "sh", "-c", "exit 28"], env: pass)
        let decided = try cli.run(["rollback", "decide", "--reason", "performance", "--details", "p95 4.8 s", "--as", "dana"], env: pass)
        #expect(decided.stdout.hasPrefix("rollback decided by dana (Deployment Lead) on R2 Performance degradation"), "\(decided.stderr)")
        return cli
    }

    func python(_ cli: CLI, _ code: String, _ args: [String]) throws -> CLI.Result {
        try cli.run(["-c", code] + args, executable: "/usr/bin/env", prefix: "python3")
    }

    @Test func rollbackMakesTheRollbackStepsActiveAndCompleteClosesIt() throws {
        let cli = try rolledBack()
        let refused = try cli.run(["tick", "1.1.2"], env: pass)
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "ledger: error: deployment 'R1' is in phase 'rollback decided': only the rollback steps can be worked now, not 1.1.2\nledger: hint: work the rollback steps, then 'ledger rollback complete'\n"
        )
        #expect(try cli.run(["rollback", "complete"], env: pass).stderr.contains("19 rollback steps are still open"))
        let doc = try CanonicalJSON.parse(Array(try cli.run(["export", "checklist", "--format", "json"], env: pass).stdout.dropLast().utf8))
        let steps = (doc["items"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }.filter { $0.hasPrefix("9.") }
        #expect(steps.count == 19)
        for id in steps { try cli.run(["tick", id], env: pass) }
        #expect(try cli.run(["status"], env: pass).stdout.contains("phase: rolling back"))
        #expect(try cli.run(["rollback", "complete"], env: pass).status == 0)
        let closed = try cli.run(["tick", "9.1.1.1"], env: pass)
        #expect(closed.stderr.hasPrefix("ledger: error: deployment 'R1' is in phase 'rolled back': it was rolled back and is closed"))
        #expect(try cli.run(["rollback", "decide", "--reason", "R1"], env: pass).status == 1)
    }

    @Test func unknownCriterionListsTheCriteria() throws {
        let cli = CLI()
        try cli.initLedger()
        try cli.run(["deploy", "start", "--name", "R1"], env: pass)
        try cli.run(["tick", "7.2.1.1"], env: pass)
        let r = try cli.run(["rollback", "decide", "--reason", "boredom"], env: pass)
        #expect(r.status == 64)
        #expect(
            r.stderr
                == "ledger: error: 'boredom' is not one of the checklist's rollback criteria\nledger: hint: choose one of: R1 Critical bugs discovered; R2 Performance degradation; R3 Data integrity issues; R4 Security vulnerabilities; R5 Service unavailability\n"
        )
    }

    @Test func jsonLinesFollowTheSchemaAndStateTheVerifyResult() throws {
        let cli = try rolledBack()
        #expect(try cli.run(["export", "timeline", "--format", "jsonl", "--output", "t.jsonl", "--tz", "+01:00"], env: pass).status == 0)
        let check = try python(
            cli,
            """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            lines = [json.loads(l) for l in open(sys.argv[2])]
            for l in lines: jsonschema.validate(l, schema)
            print(len(lines), lines[0]["type"], lines[0]["verify"]["intact"], lines[-1]["kind"], lines[1]["local_time"][-6:])
            """, [Self.schemas + "/timeline.schema.json", cli.path("t.jsonl")])
        #expect(check.stdout == "10 header True rollback.decided +01:00\n", "\(check.stderr)")
    }

    @Test func csvIsRFC4180AndFiltersApply() throws {
        let cli = try rolledBack()
        let r = try cli.run(["export", "timeline", "--format", "csv", "--kind", "action.", "--actor", "tester"], env: pass)
        #expect(r.stdout.contains("\r\n"))
        let check = try python(
            cli,
            """
            import csv, io, sys
            rows = list(csv.DictReader(io.StringIO(sys.stdin.read() if False else open(sys.argv[1], newline='').read())))
            print([r["kind"] for r in rows], rows[0]["details"].startswith("ledger "))
            """, [try write(cli, "t.csv", r.stdout)])
        #expect(check.stdout == "['export', 'action.started', 'action.finished', 'action.started', 'action.finished'] True\n", "\(check.stderr)")
    }

    @Test func markdownAndHTMLEscapeWhatUsersTyped() throws {
        let cli = try rolledBack()
        let md = try cli.run(["export", "timeline", "--format", "md", "--deployment", "R1"], env: pass).stdout
        #expect(md.hasPrefix("# Timeline: R1\n\n**Verified intact.**"))
        #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"quotes\""))
        #expect(try cli.run(["export", "timeline", "--format", "html", "--output", "t.html"], env: pass).status == 0)
        let html = try String(contentsOfFile: cli.path("t.html"), encoding: .utf8)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Rollback decided"))
    }

    @Test func contactsAndNotesFillTheExportedChecklist() throws {
        let cli = try rolledBack()
        try cli.run(["contact", "set", "Database Admin", "--name", "Ada Lovelace", "--phone", "+44 20 7946 0000"], env: pass)
        try cli.run(["note", "Rolled back after the p95 regression"], env: pass)
        let out = try cli.run(["export", "checklist"], env: pass).stdout
        #expect(out.contains("| Database Admin | Ada Lovelace | +44 20 7946 0000 | |"))
        #expect(out.contains(" tester: Rolled back after the p95 regression\n```"))
        let unknown = try cli.run(["contact", "set", "Janitor", "--name", "x"], env: pass)
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr.contains(
                "ledger: hint: the roles are: Deployment Lead, Technical Lead, Security Lead, Operations Lead, Database Admin, On-Call Engineer"))
    }

    /// The release binary links FoundationEssentials only, which has no named zones: `--tz
    /// NAME` reads the system's database, and Python's zoneinfo (the same files) agrees with
    /// every local time the real binary writes.
    @Test func aNamedZoneGivesTheLocalTimesOfTheSystemsDatabase() throws {
        let cli = try rolledBack()
        for zone in ["Europe/Berlin", "America/New_York", "Asia/Kathmandu"] {
            let r = try cli.run(["export", "timeline", "--format", "jsonl", "--output", "z.jsonl", "--force", "--tz", zone], env: pass)
            #expect(r.status == 0, "\(r.stderr)")
            let check = try python(
                cli,
                """
                import json, sys, datetime, zoneinfo
                z = zoneinfo.ZoneInfo(sys.argv[2])
                lines = [json.loads(l) for l in open(sys.argv[1])][1:]
                bad = []
                for l in lines:
                    utc = datetime.datetime.fromisoformat(l["time"].replace("Z", "+00:00"))
                    local = datetime.datetime.fromisoformat(l["local_time"])
                    if local.utcoffset() != utc.astimezone(z).utcoffset() or local != utc: bad.append(l["local_time"])
                print(len(lines), bad)
                """, [cli.path("z.jsonl"), zone])
            #expect(check.stdout == "9 []\n", "\(zone): \(check.stdout) \(check.stderr)")
        }
    }

    @Test func badTimesAndZonesAreUsageErrors() throws {
        let cli = try rolledBack()
        #expect(try cli.run(["export", "timeline", "--since", "yesterday"], env: pass).stderr.hasPrefix("ledger: error: --since 'yesterday' is not a time"))
        #expect(try cli.run(["export", "timeline", "--tz", "Mars/Olympus"], env: pass).status == 64)
        let since = try cli.run(["export", "timeline", "--format", "jsonl", "--since", "2999-01-01"], env: pass).stdout
        #expect(since.split(separator: "\n").count == 1, "only the header")
    }

    func write(_ cli: CLI, _ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: cli.path(name)))
        return cli.path(name)
    }
}
