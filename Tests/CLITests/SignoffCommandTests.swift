import Foundation
import LedgerCore
import TestSupport
import Testing

/// Sign-off end to end through the `ledger` binary, checked by Debian's real minisign and openssl.
@Suite(.serialized) struct SignoffCommandTests {
    /// A small checklist with two sign-off roles (Tests/Fixtures/release-checklist.md).
    static let template = try! String(contentsOf: Repository.fixture("release-checklist.md"), encoding: .utf8)
    static let env = ["LEDGER_PASSPHRASE": "pass", "LEDGER_KEY_PASSPHRASE": "kp"]
    static let tools = FileManager.default.isExecutableFile(atPath: "/usr/bin/minisign") && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")

    /// A ledger with a verifying deployment ("smoke tests" open) and two leads on the roster.
    func setUp() throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        try Data(Self.template.utf8).write(to: URL(fileURLWithPath: cli.path("release.md")))
        for args in [
            ["deploy", "start", "--name", "R1", "--template", "release.md"],
            ["key", "new", "--name", "dana", "--kdf-memory", "19"], ["key", "new", "--name", "sam", "--kdf-memory", "19"],
            ["roster", "add", "--role", "Deployment Lead", "--key", "dana.key.pub"],
            ["roster", "add", "--role", "Security Lead", "--key", "sam.key.pub"],
            ["tick", "deploy"], ["tick", "health"],
        ] {
            let r = try cli.run(args, env: Self.env)
            precondition(r.status == 0, "\(args): \(r.stderr)")
        }
        return cli
    }

    @Test func refusalsSayWhatIsMissingAndWriteNothing() throws {
        let cli = try setUp()
        let before = try cli.run(["verify", "--json"], env: Self.env).stdout
        var r = try cli.run(["sign", "--role", "Deployment Lead", "--key", "dana.key"], env: Self.env)
        #expect(r.status == 1)
        #expect(
            r.stderr
                == "ledger: error: 1 required item is still open: 2.2 smoke tests\nledger: hint: settle them, or sign with --accept-open ITEMS|all --reason TEXT, which is recorded in the statement\n"
        )
        r = try cli.run(["sign", "--role", "Security Lead", "--key", "dana.key", "--accept-open", "all", "--reason", "later"], env: Self.env)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("ledger: error: key ") && r.stderr.contains("holds the role Deployment Lead on the roster, not Security Lead"))
        r = try cli.run(["sign", "--role", "Deployment Lead", "--key", "dana.key", "--accept-open", "all"], env: Self.env)
        #expect(r.status == 64, "--accept-open needs --reason")
        r = try cli.run(
            ["sign", "--role", "Deployment Lead", "--key", "dana.key"], env: ["LEDGER_PASSPHRASE": "pass", "LEDGER_KEY_PASSPHRASE": "Kq7-not-it-Kq7"])
        #expect(r.status == 5)
        #expect(r.stderr.hasPrefix("ledger: error: the passphrase does not open key file 'dana.key'"))
        #expect(!r.stderr.contains("Kq7") && !r.stdout.contains("Kq7"), "no secret in the message")
        #expect(try cli.run(["verify", "--json"], env: Self.env).stdout == before, "nothing written")
    }

    @Test(.enabled(if: tools)) func signOffsAreCheckedByMinisignAndOpenSSL() throws {
        let cli = try setUp()
        #expect(try cli.run(["tick", "smoke"], env: Self.env).status == 0)
        var r = try cli.run(["sign", "--role", "deployment lead", "--key", "dana.key", "--comment", "go"], env: Self.env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("still to sign: Security Lead"))
        r = try cli.run(["sign", "--role", "Security Lead", "--key", "sam.key"], env: Self.env)
        #expect(r.stdout.contains("every role has signed off: 'R1' is signed off and closed"), "\(r.stdout)\(r.stderr)")
        r = try cli.run(["export", "signoff", "--out", "signoffs"], env: Self.env)
        #expect(r.status == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: cli.path("signoffs")).sorted()
        let statements = names.filter { $0.hasSuffix(".statement") }
        #expect(statements.count == 2)
        for st in statements {
            let base = "signoffs/" + String(st.dropLast(".statement".count))
            let m = try cli.run(["-Vm", "signoffs/\(st)", "-p", "\(base).pub"], executable: "/usr/bin/minisign")
            #expect(m.status == 0, "minisign: \(m.stdout) \(m.stderr)")
            #expect(m.stdout.contains("ledger sign-off: "))
            let o = try cli.run(
                ["pkeyutl", "-verify", "-pubin", "-inkey", "\(base).pem", "-rawin", "-in", "signoffs/\(st)", "-sigfile", "signoffs/\(st).sig"],
                executable: "/usr/bin/openssl")
            #expect(o.status == 0, "openssl: \(o.stdout) \(o.stderr)")
        }
        // The lead's own .pub file (not the ledger's copy) verifies the Security Lead's statement too.
        let sec = try #require(statements.first { $0.contains("security-lead") })
        #expect(try cli.run(["-Vm", "signoffs/\(sec)", "-p", "sam.key.pub"], executable: "/usr/bin/minisign").status == 0)
        // A tampered copy fails both tools.
        let text = try String(contentsOfFile: cli.path("signoffs/\(sec)"), encoding: .utf8)
        try Data(text.replacingOccurrences(of: "role: Security Lead", with: "role: Technical Lead").utf8).write(
            to: URL(fileURLWithPath: cli.path("tampered.statement")))
        let mt = try cli.run(["-Vm", "tampered.statement", "-x", "signoffs/\(sec).minisig", "-p", "sam.key.pub"], executable: "/usr/bin/minisign")
        #expect(mt.status != 0 && mt.stderr.contains("Signature verification failed"), "\(mt.stdout) \(mt.stderr)")
        let base = "signoffs/" + String(sec.dropLast(".statement".count))
        let ot = try cli.run(
            ["pkeyutl", "-verify", "-pubin", "-inkey", "\(base).pem", "-rawin", "-in", "tampered.statement", "-sigfile", "signoffs/\(sec).sig"],
            executable: "/usr/bin/openssl")
        #expect(ot.status != 0 && (ot.stdout + ot.stderr).contains("Signature Verification Failure"), "\(ot.stdout) \(ot.stderr)")
        // The filled checklist names the leads and their keys.
        let md = try cli.run(["export", "checklist"], env: Self.env).stdout
        #expect(md.contains("**Security Lead:**\n- Name: tester\n- Date: "))
        #expect(md.contains("- Signature: Ed25519 key "))
        // The JSON export lists both sign-offs and follows its schema.
        r = try cli.run(["export", "checklist", "--format", "json", "--output", "checklist.json"], env: Self.env)
        #expect(r.status == 0, "\(r.stderr)")
        let schemas = Repository.path("schema")
        let check = try cli.run(
            [
                "-c",
                """
                import json, sys, jsonschema
                doc = json.load(open(sys.argv[2]))
                jsonschema.validate(doc, json.load(open(sys.argv[1])))
                print(doc["phase"], [(s["role"], s["stale"]) for s in doc["signoffs"]])
                """, schemas + "/checklist-export.schema.json", cli.path("checklist.json"),
            ], executable: "/usr/bin/env", prefix: "python3")
        #expect(check.stdout == "signed_off [('Deployment Lead', False), ('Security Lead', False)]\n", "\(check.stderr)")
        let page = try cli.run(["export", "timeline", "--format", "html", "--deployment", "R1"], env: Self.env).stdout
        #expect(page.contains("Signed off: tester (Security Lead)") && page.contains("class=\"mk m-signoff"), "counted sign-offs are marked")
        // One deployment's timeline reaches the signed-off phase (its sign-offs are judged with the roster).
        let timeline = try cli.run(["export", "timeline", "--format", "jsonl", "--deployment", "R1"], env: Self.env).stdout
        let last = try CanonicalJSON.parse(Array(timeline.split(separator: "\n").last!.utf8))
        #expect(last["kind"]?.stringValue == "signoff" && last["phase"]?.stringValue == "signed_off", "\(last.canonicalString)")
        // An auditor pins the leads' keys from their own .pub files.
        let pin = { (f: String) in try String(contentsOfFile: cli.path(f), encoding: .utf8).split(separator: "\n")[1] }
        try Data("signer \(try pin("dana.key.pub")) Deployment Lead\nsigner \(try pin("sam.key.pub")) Security Lead\n".utf8)
            .write(to: URL(fileURLWithPath: cli.path("trust.txt")))
        r = try cli.run(["verify", "--trust", "trust.txt"])
        #expect(r.status == 0, "\(r.stdout)")
        r = try cli.run(["verify", "--trust", "trust.txt"], env: Self.env)
        #expect(r.status == 0, "\(r.stdout)")
    }

    @Test func aStaleSignOffExits7AndIsNamedInJSON() throws {
        let cli = try setUp()
        var r = try cli.run(["sign", "--role", "Deployment Lead", "--key", "dana.key", "--accept-open", "2.2", "--reason", "runs nightly"], env: Self.env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try cli.run(["tick", "smoke"], env: Self.env).status == 0)
        r = try cli.run(["verify", "--json"], env: Self.env)
        #expect(r.status == 7)
        let doc = try CanonicalJSON.parse(Array(r.stdout.utf8.dropLast()))
        #expect(doc["findings"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } == ["stale_signoff"])
        #expect(doc["findings"]?.arrayValue?.first?["seq"]?.intValue == 7, "the sign-off record (after created, start, two roster entries and two ticks)")
        r = try cli.run(["status"], env: Self.env)
        #expect(r.stdout.contains("Deployment Lead: STALE"))
        #expect(try cli.run(["verify"]).status == 0, "without the key staleness cannot be seen, and the rest holds")
        // Exports state the same verdict as verify, and mark the sign-off stale.
        let header = try CanonicalJSON.parse(
            Array(try cli.run(["export", "timeline", "--format", "jsonl"], env: Self.env).stdout.split(separator: "\n")[0].utf8))
        #expect(header["verify"]?["intact"] == true && header["verify"]?["findings"]?.arrayValue?.first?["kind"] == "stale_signoff")
        let html = try cli.run(["export", "timeline", "--format", "html"], env: Self.env).stdout
        #expect(!html.contains("Verified intact") && html.contains("Intact; 1 stale sign-off</p>") && html.contains("STALE: the checklist changed since"))
        let md = try cli.run(["export", "timeline", "--format", "md"], env: Self.env).stdout
        #expect(md.contains("**Intact; sign-offs stale.** intact; 1 stale sign-off in "), "\(md.prefix(300))")
        #expect(
            try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--output", "x.jsonl"], env: Self.env).status == 0,
            "a stale sign-off is not damage: the excerpt may be made")
    }

    @Test func aTrustFilePinsTheCheckpointKeyToo() throws {
        let cli = try setUp()
        func vkey(_ r: CLI.Result) -> String { String(r.stderr.split(separator: " ").last!.dropLast()) }
        let mine = vkey(try cli.run(["checkpoint", "--out", "cp.txt"], env: Self.env))
        try cli.initLedger("other.ledger")
        let other = vkey(try cli.run(["checkpoint", "--ledger", "other.ledger", "--out", "other.txt"], env: Self.env))
        let pins = { (f: String) in try String(contentsOfFile: cli.path(f), encoding: .utf8).split(separator: "\n")[1] }
        for (name, key) in [("trust.txt", mine), ("wrong.txt", other)] {
            try Data("signer \(try pins("dana.key.pub")) Deployment Lead\nsigner \(try pins("sam.key.pub")) Security Lead\ncheckpoint-key \(key)\n".utf8)
                .write(to: URL(fileURLWithPath: cli.path(name)))
        }
        var r = try cli.run(["verify", "--trust", "trust.txt", "--checkpoint", "cp.txt"])
        #expect(r.status == 0 && r.stdout.contains("key pinned in the trust file"), "\(r.stdout)")
        r = try cli.run(["verify", "--trust", "wrong.txt", "--checkpoint", "cp.txt", "--json"])
        #expect(r.status == 3)
        #expect(try CanonicalJSON.parse(Array(r.stdout.utf8.dropLast()))["findings"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } == ["bad_checkpoint"])
        r = try cli.run(["verify", "--checkpoint", "cp.txt", "--checkpoint-key", other])
        #expect(r.status == 3 && r.stdout.contains("bad_checkpoint"), "--checkpoint-key pins it as well")
    }

    @Test func aBadTrustFileIsNamedWithItsLine() throws {
        let cli = try setUp()
        try Data("# pins\nsigner nonsense Security Lead\n".utf8).write(to: URL(fileURLWithPath: cli.path("trust.txt")))
        let r = try cli.run(["verify", "--trust", "trust.txt"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("ledger: error: trust file 'trust.txt', line 2: 'nonsense…' is not a minisign public key"))
    }

    @Test(.enabled(if: tools)) func aLeadSignsWithAnExistingMinisignKey() throws {
        let cli = try setUp()
        let made = try cli.run(["-G", "-W", "-p", "olga.pub", "-s", "olga.sec"], executable: "/usr/bin/minisign")
        #expect(made.status == 0, "\(made.stderr)")
        try Data(Self.template.replacingOccurrences(of: "**Security Lead:**", with: "**Operations Lead:**").utf8)
            .write(to: URL(fileURLWithPath: cli.path("ops.md")))
        for args in [
            ["deploy", "start", "--name", "R2", "--template", "ops.md"], ["roster", "add", "--role", "Operations Lead", "--key", "olga.pub"],
            ["tick", "deploy", "--deployment", "R2"], ["tick", "health", "smoke", "--deployment", "R2"],
            ["sign", "--deployment", "R2", "--role", "Operations Lead", "--key", "olga.sec"],
        ] {
            let r = try cli.run(args, env: Self.env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        #expect(try cli.run(["export", "signoff", "--deployment", "R2", "--out", "so"], env: Self.env).status == 0)
        let st = try #require(try FileManager.default.contentsOfDirectory(atPath: cli.path("so")).first { $0.hasSuffix(".statement") })
        let m = try cli.run(["-Vm", "so/\(st)", "-p", "olga.pub"], executable: "/usr/bin/minisign")
        #expect(m.status == 0, "minisign verifies with the lead's own minisign public key: \(m.stderr)")
        #expect(try cli.run(["verify"], env: Self.env).status == 0)
    }

    @Test func aHostilePublicKeyCommentIsHarmless() throws {
        let cli = try setUp()
        let line = try String(contentsOfFile: cli.path("dana.key.pub"), encoding: .utf8).split(separator: "\n")[1]
        try Data("untrusted comment: key) from (eve\n\(line)\n".utf8).write(to: URL(fileURLWithPath: cli.path("odd.pub")))
        let r = try cli.run(["roster", "add", "--role", "Deployment Lead", "--key", "odd.pub"], env: Self.env)
        #expect(r.status == 0 && r.stdout.contains("already holds Deployment Lead; nothing written"), "\(r.stdout) \(r.stderr)")
    }

    @Test func theRosterListsKeysAndARevokedKeyStopsSigning() throws {
        let cli = try setUp()
        var r = try cli.run(["roster", "list", "--json"])
        let list = try CanonicalJSON.parse(Array(r.stdout.utf8.dropLast()))
        #expect(list.arrayValue?.compactMap { $0["role"]?.stringValue } == ["Deployment Lead", "Security Lead"], "no passphrase needed")
        #expect(list.arrayValue?.first?["name"]?.stringValue == "dana")
        r = try cli.run(["roster", "revoke", "--key", "sam.key.pub", "--reason", "laptop lost"], env: Self.env)
        #expect(r.status == 0 && r.stdout.hasPrefix("key ") && r.stdout.contains("no longer holds Security Lead"), "\(r.stdout)\(r.stderr)")
        r = try cli.run(["roster", "list", "--all"])
        #expect(r.stdout.contains("— revoked at record 7: laptop lost"), "\(r.stdout)")
        r = try cli.run(["sign", "--role", "Security Lead", "--key", "sam.key", "--accept-open", "all", "--reason", "x"], env: Self.env)
        #expect(r.status == 1 && r.stderr.contains("is not on the roster"), "\(r.stderr)")
        r = try cli.run(["roster", "revoke", "--key", "sam.key.pub", "--reason", "again"], env: Self.env)
        let samID = try #require(try cli.run(["key", "show", "sam.key.pub"]).stdout.split(separator: "\n").first { $0.hasPrefix("key id: ") }).dropFirst(8)
        #expect(r.status == 64 && r.stderr.contains("key \(samID) (SHA256:") && r.stderr.contains(") is not on the roster"), "\(r.stderr)")
    }
}
