import Foundation
import LedgerCore
import Testing

/// Any team's checklist, worked to the end from the command line: `deploy start` says which
/// phase each section got and warns with the fix; `--phases FILE|none` and `--signoff-roles`
/// make it workable; `deploy close` ends a deployment without roles; and the independent
/// verifier reads the recorded map as `ledger verify` does.
@Suite(.serialized) struct PhaseMapCommandTests {
    let pass = ["LEDGER_PASSPHRASE": "pass", "PW": "pass", "LEDGER_KEY_PASSPHRASE": "kp"]

    static func fixture(_ name: String) throws -> Data {
        try Data(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../Fixtures/checklists/real/\(name)").standardized)
    }

    func cli(with files: [String: Data]) throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        for (name, data) in files { try data.write(to: URL(fileURLWithPath: cli.path(name))) }
        return cli
    }

    /// The item numbers `ledger show` lists, in document order.
    func items(_ cli: CLI) throws -> [String] {
        let r = try cli.run(["export", "checklist", "--format", "json"], env: pass)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return (doc?["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    func records(_ cli: CLI) throws -> Int { try cli.run(["log"], env: pass).stdout.split(separator: "\n").count }

    func independentAgrees(_ cli: CLI) throws {
        let theirs = try cli.run(
            [IndependentVerifierTests.script, "deploy.ledger", "--json", "--passphrase-env", "PW"], env: pass,
            executable: "/usr/bin/env", prefix: "python3")
        let mine = try cli.run(["verify", "deploy.ledger", "--json"], env: pass)
        #expect(mine.status == 0, "\(mine.stdout)")
        #expect(theirs.stdout.contains("\"intact\": true") || theirs.stdout.contains("\"intact\":true"), "\(theirs.stdout)")
    }

    @Test func deployStartPrintsEachSectionsPhaseAndWarnsWithTheFix() throws {
        let cli = try cli(with: ["guac.md": try Self.fixture("guac-release.md")])
        let r = try cli.run(["deploy", "start", "--name", "v1.2", "--template", "guac.md"], env: pass)
        #expect(r.status == 0)
        #expect(
            r.stdout.contains(
                "phases (inferred from the headings):\n  1      Pre-release checklist: preparation (14 items)\n  2      Making the release: preparation (6 items)\n  3      Post-release: preparation (1 item)\n"
            ))
        #expect(r.stdout.contains("sign-off roles: none (close with 'ledger deploy close')"))
        #expect(
            r.stderr.contains(
                "ledger: warning: no item is an execution step, so the deployment can never leave 'preparing' and be signed off or closed\nledger: hint: mark the sections: a comment '<!-- ledger: phase=execution -->'"
            ))
        #expect(r.stderr.contains("ledger: warning: the checklist names no sign-off roles"))
    }

    @Test func aPhasesFileAndSignoffRolesTakeGuacsReleaseToSignOff() throws {
        let cli = try cli(with: [
            "guac.md": try Self.fixture("guac-release.md"),
            "phases.txt": Data("# guac: the release is made in section 2 and checked in 3\nMaking the release = execution\nPost-release = verification\n".utf8),
        ])
        let r = try cli.run(
            ["deploy", "start", "--name", "v1.2", "--template", "guac.md", "--phases", "phases.txt", "--signoff-roles", "Release Manager"], env: pass)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "phases (from 'phases.txt'):\n  1      Pre-release checklist: preparation (14 items)\n  2      Making the release: execution (6 items)\n  3      Post-release: verification (1 item)\n"
            ))
        let ids = try items(cli)
        #expect(ids.count == 21)
        let t = try cli.run(["tick"] + ids, env: pass)  // in document order, one transaction
        #expect(t.status == 0, "\(t.stderr)")
        for args in [["key", "new", "--name", "rm", "--kdf-memory", "19"], ["roster", "add", "--role", "Release Manager", "--key", "rm.key.pub"]] {
            #expect(try cli.run(args, env: pass).status == 0)
        }
        let s = try cli.run(["sign", "--role", "release manager", "--key", "rm.key"], env: pass)
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stdout.contains("every role has signed off: 'v1.2' is signed off and closed"))
        try independentAgrees(cli)
    }

    @Test func pygmtWithoutPhasesIsClosedByItsLeadOnceEveryItemIsSettled() throws {
        let cli = try cli(with: ["pygmt.md": try Self.fixture("pygmt-release.md")])
        let r = try cli.run(["deploy", "start", "--name", "v0.14", "--template", "pygmt.md", "--phases", "none"], env: pass)
        #expect(r.status == 0)
        #expect(r.stdout.contains("phases: none: any item at any time; sign-off once every required item is settled"))
        #expect(
            r.stderr
                == "ledger: warning: the checklist names no sign-off roles: it can only be closed by its lead, with 'ledger deploy close'\nledger: hint: to have leads sign it off, give roles: 'ledger deploy start --signoff-roles \"Release Manager,QA Lead\"', or '<!-- ledger: signoff-roles=Release Manager, QA Lead -->' in the template\n"
        )
        let ids = try items(cli)
        #expect(ids.count == 37)
        // Refused while items are open; nothing written.
        let before = try records(cli)
        let early = try cli.run(["deploy", "close"], env: pass)
        #expect(early.status == 1)
        #expect(early.stderr.hasPrefix("ledger: error: 37 required items are still open: 1 Wrap X ()"))
        #expect(try records(cli) == before)
        let t = try cli.run(["tick"] + ids.reversed(), env: pass)  // phase-less: any order
        #expect(t.status == 0, "\(t.stderr)")
        let c = try cli.run(["deploy", "close", "--note", "released"], env: pass)
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.hasPrefix("closed 'v0.14' by tester (record \(before + 38))"))
        let after = try cli.run(["untick", ids[0]], env: pass)
        #expect(after.status == 1 && after.stderr.contains("is in phase 'closed'"))
        let status = try cli.run(["status"], env: pass).stdout
        #expect(status.contains("phase: closed (since "))
        #expect(status.contains("closed by its lead tester at "))
        try independentAgrees(cli)
    }

    @Test func closeAcceptsOpenItemsOnlyWithAReasonAndNotWhenTheChecklistHasRoles() throws {
        let cli = try cli(with: ["dg.md": try Self.fixture("datagov-release.md")])
        #expect(try cli.run(["deploy", "start", "--name", "r", "--template", "dg.md", "--phases", "none"], env: pass).status == 0)
        #expect(try cli.run(["tick", "1.1"], env: pass).status == 0)
        let noReason = try cli.run(["deploy", "close", "--accept-open", "all"], env: pass)
        #expect(noReason.status == 64 && noReason.stderr.contains("--accept-open needs --reason TEXT"))
        let c = try cli.run(["deploy", "close", "--accept-open", "1.2,1.3", "1.4", "--reason", "production moved to next week"], env: pass)
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("accepted open: 3 items (1.2, 1.3, 1.4); reason: production moved to next week"))
        let log = try cli.run(["log"], env: pass).stdout
        #expect(log.contains("deployment.closed"))

        let roles = try self.cli(with: ["dg.md": try Self.fixture("datagov-release.md")])
        #expect(
            try roles.run(["deploy", "start", "--name", "r", "--template", "dg.md", "--phases", "none", "--signoff-roles", "Release Manager"], env: pass).status
                == 0)
        for id in ["1.1", "1.2", "1.3", "1.4"] { #expect(try roles.run(["tick", id], env: pass).status == 0) }
        let refused = try roles.run(["deploy", "close"], env: pass)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("ledger: error: 'r' has sign-off roles (Release Manager): it is closed when they sign off"))
        // Phase-less and still executing, the Release Manager signs it off; both verifiers agree.
        for args in [["key", "new", "--name", "rm", "--kdf-memory", "19"], ["roster", "add", "--role", "Release Manager", "--key", "rm.key.pub"]] {
            #expect(try roles.run(args, env: pass).status == 0)
        }
        let s = try roles.run(["sign", "--role", "Release Manager", "--key", "rm.key"], env: pass)
        #expect(s.status == 0 && s.stdout.contains("is signed off and closed"), "\(s.stderr)")
        try independentAgrees(roles)
    }

    /// The independent verifier numbers every real checklist as `ledger` does (the checklist
    /// state a sign-off binds lists every item), so their sign-offs check out there too.
    @Test(arguments: [
        "microservice-production-readiness.md", "api-security.md", "api-security-zh.md", "api-security-ar.md",
        "front-end.md", "guac-release.md", "pygmt-release.md", "epinio-release.md", "datagov-release.md",
    ])
    func everyRealChecklistSignedOffVerifiesIndependently(_ file: String) throws {
        let cli = try cli(with: ["t.md": try Self.fixture(file)])
        #expect(
            try cli.run(["deploy", "start", "--name", "r", "--template", "t.md", "--phases", "none", "--signoff-roles", "Release Manager"], env: pass).status
                == 0)
        let t = try cli.run(["tick"] + (try items(cli)), env: pass)
        #expect(t.status == 0, "\(t.stderr)")
        for args in [
            ["key", "new", "--name", "rm", "--kdf-memory", "19"], ["roster", "add", "--role", "Release Manager", "--key", "rm.key.pub"],
            ["sign", "--role", "Release Manager", "--key", "rm.key"],
        ] {
            let r = try cli.run(args, env: pass)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        try independentAgrees(cli)
    }

    @Test func aBadPhasesFileIsAUsageErrorAndStartsNothing() throws {
        let cli = try cli(with: ["guac.md": try Self.fixture("guac-release.md"), "phases.txt": Data("Making the release = deploying\n".utf8)])
        let r = try cli.run(["deploy", "start", "--name", "v1.2", "--template", "guac.md", "--phases", "phases.txt"], env: pass)
        #expect(r.status == 64)
        #expect(
            r.stderr
                == "ledger: error: 'phases.txt', line 1: 'deploying' is not a phase\nledger: hint: the phases are preparation, execution, verification, rollback and sign-off\n"
        )
        let missing = try cli.run(["deploy", "start", "--name", "v1.2", "--template", "guac.md", "--phases", "nope.txt"], env: pass)
        #expect(missing.status == 1 && missing.stderr.hasPrefix("ledger: error: cannot read phases file 'nope.txt'"))
        #expect(try cli.run(["deploy", "list"], env: pass).stdout.isEmpty)
    }

    @Test func templateTextInTheOutputIsEscaped() throws {
        let hostile =
            "# T\n## Deploy \u{1B}[2J\u{202E}now\n<!-- ledger: phase=execution -->\n- [ ] go\n## Check\n<!-- ledger: phase=verification -->\n- [ ] ok\n"
        let cli = try cli(with: ["t.md": Data(hostile.utf8)])
        let r = try cli.run(["deploy", "start", "--name", "x", "--template", "t.md", "--signoff-roles", "Lead\u{1B}[31m"], env: pass)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\u{202E}"))
        #expect(r.stdout.contains("1      Deploy \\u{1b}[2J\\u{202e}now: execution (1 item)"))
        #expect(r.stdout.contains("phases (from the template):"))
    }
}
