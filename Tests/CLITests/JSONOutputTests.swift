import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import ledger

/// `--json` on `status`, `show`, `deploy list` and `roster list`, each validated against its
/// schema, and the error object every JSON command prints on standard output when it fails.
@Suite struct JSONOutputTests {
    let pass = TestSecrets.cliEnvironment

    /// Validates each line of `lines` (one JSON document a line) against `schema/NAME`, with
    /// every schema of `schema/` registered so that their cross-file `$ref`s resolve. Returns
    /// python's output: "valid N" or the first error.
    static func validate(_ cli: CLI, _ schema: String, _ lines: [String]) throws -> String {
        let file = cli.path("doc-\(UUID().uuidString).jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        let code = """
            import json, sys, pathlib, jsonschema, referencing
            d = pathlib.Path(sys.argv[1])
            reg = referencing.Registry().with_resources(
                (s["$id"], referencing.Resource.from_contents(s)) for s in (json.load(open(p)) for p in d.glob("*.schema.json")))
            v = jsonschema.Draft202012Validator(json.load(open(d / sys.argv[2])), registry=reg)
            docs = [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
            for doc in docs: v.validate(doc)
            print("valid", len(docs))
            """
        let r = try cli.run(["-c", code, Repository.path("schema"), schema, file], executable: "/usr/bin/env", prefix: "python3")
        return r.stdout + r.stderr
    }

    /// The one JSON document on standard output.
    static func doc(_ r: CLI.Result) throws -> JSONValue { try CanonicalJSON.parse(Array(r.stdout.utf8.dropLast())) }

    /// `deployed()` (records 1-4), then a failed run of 7.2.1.1 (records 5-6).
    func executing() throws -> CLI {
        let cli = try CLI.deployed()
        let r = try cli.run(["run", "7.2.1.1", "--", "sh", "-c", "exit 3"], env: pass)
        #expect(r.status == 3, "\(r.stderr)")
        return cli
    }

    @Test func statusFollowsItsSchemaAndSaysWhatBlocksSignoff() throws {
        let cli = try executing()
        let r = try cli.run(["status", "--json"], env: pass)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(try Self.validate(cli, "status.schema.json", [r.stdout]) == "valid 1\n")
        let d = try Self.doc(r)
        #expect(d["phase"]?.stringValue == "executing")
        #expect(d["phase_since"]?["seq"]?.intValue == 5)
        #expect(d["head"]?["seq"]?.intValue == 6)
        #expect(d["progress"]?["done"]?.intValue == 1)
        #expect(d["open_items"]?.arrayValue?.first?["id"]?.stringValue == "1.1.2")
        #expect(d["failed_steps"]?.arrayValue?.map { $0["item"]?.stringValue } == ["7.2.1.1"])
        #expect(d["failed_steps"]?.arrayValue?.first?["run"]?["exit_code"]?.intValue == 3)
        #expect(d["signoffs"]?.arrayValue?.map { $0["state"]?.stringValue } == ["not_signed", "not_signed", "not_signed", "not_signed"])
        #expect((d["sections"]?.arrayValue?.count ?? 0) > 10, "every section, not only the top ones")
    }

    @Test func showFollowsItsSchemaForTheChecklistASectionAndAnItem() throws {
        let cli = try executing()
        var outputs: [String] = []
        for target in [[], ["1.1"], ["7.2.1.1"]] {
            let r = try cli.run(["show"] + target + ["--json"], env: pass)
            #expect(r.status == 0, "\(target): \(r.stderr)")
            outputs.append(r.stdout)
        }
        #expect(try Self.validate(cli, "show.schema.json", outputs) == "valid 3\n")
        let all = try CanonicalJSON.parse(Array(outputs[0].utf8.dropLast()))
        let section = try CanonicalJSON.parse(Array(outputs[1].utf8.dropLast()))
        let item = try CanonicalJSON.parse(Array(outputs[2].utf8.dropLast()))
        #expect(all["section"] == .null && all["detail"] == .null && (all["items"]?.arrayValue?.count ?? 0) > 100)
        #expect(section["section"]?["number"]?.stringValue == "1.1")
        #expect(section["items"]?.arrayValue?.first?["status"]?.stringValue == "done")
        #expect(item["items"]?.arrayValue?.map { $0["id"]?.stringValue } == ["7.2.1.1"])
        #expect(item["items"]?.arrayValue?.first?["runs"]?.arrayValue?.first?["exit_code"]?.intValue == 3)
        #expect(item["detail"]?["item"]?.stringValue == "7.2.1.1")
        let refused = try cli.run(["show", "7.2.1.1", "--output", "--json"], env: pass)
        #expect(refused.status == 64 && refused.stderr.hasPrefix("ledger: error: --output prints the recorded text and has no JSON form\n"))
    }

    @Test func deployListGivesEachDeploymentsPhaseAndProgress() throws {
        let cli = try executing()
        #expect(try cli.run(["deploy", "start", "--name", "R2"], env: pass).status == 0)
        let r = try cli.run(["deploy", "list", "--json"], env: pass)
        #expect(try Self.validate(cli, "deploy-list.schema.json", [r.stdout]) == "valid 1\n")
        let list = try Self.doc(r).arrayValue ?? []
        #expect(list.map { $0["name"]?.stringValue } == ["R1", "R2"])
        #expect(list.map { $0["phase"]?.stringValue } == ["executing", "preparing"])
        #expect(list.map { $0["progress"]?["done"]?.intValue } == [1, 0])
        #expect(list.first?["signoffs"] == ["roles": 4, "signed": 0])
        let text = try cli.run(["deploy", "list"], env: pass).stdout.split(separator: "\n")
        #expect(text.count == 2 && text[0].hasSuffix("  tester  executing  1/251  R1") && text[1].hasSuffix("  tester  preparing  0/251  R2"), "\(text)")
    }

    @Test func rosterListFollowsItsSchemaWithRevokedKeys() throws {
        let cli = try CLI.started("R1")
        let env = pass.merging(["LEDGER_KEY_PASSPHRASE": "kp"]) { $1 }
        for args in [
            ["key", "new", "--name", "dana", "--kdf-memory", "19"], ["roster", "add", "--role", "Deployment Lead", "--key", "dana.key.pub"],
            ["roster", "revoke", "--key", "dana.key.pub", "--reason", "laptop lost"],
        ] {
            let r = try cli.run(args, env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let r = try cli.run(["roster", "list", "--all", "--json"])
        #expect(try Self.validate(cli, "roster-list.schema.json", [r.stdout]) == "valid 1\n")
        let entry = try Self.doc(r).arrayValue?.first
        let pub = try String(contentsOfFile: cli.path("dana.key.pub"), encoding: .utf8).split(separator: "\n")[1]
        #expect(entry?["minisign_public_key"]?.stringValue == String(pub))
        #expect(entry?["revoke_reason"]?.stringValue == "laptop lost" && entry?["revoked_seq"]?.intValue == 4)
        #expect(entry?["key_id"]?.stringValue?.count == 16)
        #expect(try cli.run(["roster", "list", "--json"]).stdout == "[]\n", "in force only, without --all")
    }

    /// Each JSON command, failing: the error object on standard output (one line, per
    /// schema/error.schema.json) says what the `ledger:` lines on standard error say, and
    /// carries the exit code.
    @Test func everyJSONCommandPrintsTheErrorObjectWhenItFails() throws {
        let cli = CLI()
        try cli.initLedger()
        let wrong = ["LEDGER_PASSPHRASE": "wrong"]
        let cases: [([String], [String: String], Int32)] = [
            (["status", "--json", "--ledger", "missing.ledger"], pass, 1),
            (["show", "--json"], wrong, 5),
            (["show", "1.1.1", "--json"], pass, 1),
            (["deploy", "list", "--json"], wrong, 5),
            (["roster", "list", "--json", "--ledger", "missing.ledger"], [:], 1),
            (["verify", "missing.ledger", "--json"], [:], 1),
            (["verify-export", "missing.jsonl", "--json"], [:], 1),
            (["key", "show", "missing.pub", "--json"], [:], 1),
            (["log", "--json"], wrong, 5),
            (["export", "checklist", "--format", "json"], pass, 1),
            (["export", "timeline", "--format", "jsonl", "--since", "yesterday"], pass, 64),
            (["prove", "99"], [:], 64),
            (["prove", "ninety"], [:], 64),
            (["status", "--json", "--bogus"], pass, 64),
        ]
        var objects: [String] = []
        for (args, env, exit) in cases {
            let r = try cli.run(args, env: env)
            #expect(r.status == exit, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stdout.hasSuffix("}\n") && r.stdout.filter { $0 == "\n" }.count == 1, "\(args): one line: \(r.stdout)")
            let o = try CanonicalJSON.parse(Array(r.stdout.utf8.dropLast()))
            let lines = r.stderr.split(separator: "\n").map(String.init)
            #expect(o["exit"]?.intValue == Int64(exit), "\(args)")
            #expect("ledger: error: " + (o["error"]?.stringValue ?? "") == lines.first, "\(args): \(r.stderr)")
            #expect(o["hint"]?.stringValue.map { "ledger: hint: " + $0 } == lines.dropFirst().first, "\(args): \(r.stderr)")
            objects.append(r.stdout)
        }
        #expect(try Self.validate(cli, "error.schema.json", objects) == "valid \(cases.count)\n")
        let text = try cli.run(["status", "--ledger", "missing.ledger"], env: pass)
        #expect(text.status == 1 && text.stdout.isEmpty, "without --json, standard output stays empty")
        let toFile = try cli.run(["export", "checklist", "--format", "json", "--output", "c.json"], env: pass)
        #expect(toFile.status == 1 && toFile.stdout.isEmpty, "JSON written to a file: no error object on standard output")
    }

    @Test func aVerifyReportIsNotFollowedByAnErrorObject() throws {
        let cli = try CLI.deployed()
        try cli.tamper("deploy.ledger", "DELETE FROM events WHERE seq = 3")
        let r = try cli.run(["verify", "--json"])
        #expect(r.status == 3)
        #expect(try Self.doc(r)["intact"] == false, "the report alone: \(r.stdout)")
    }

    @Test func theErrorObjectCarriesTheLinesWordsAndNullForNoHint() {
        #expect(ErrorText.json(LedgerError(.usage, "bad \"value\"")) == #"{"error":"bad \"value\"","exit":64,"hint":null}"#)
        let remedied = LedgerError(.failure, "no deployment in 'd.ledger'", .noDeployment(path: "d.ledger"), remedy: .startDeployment)
        #expect(ErrorText.json(remedied) == #"{"error":"no deployment in 'd.ledger'","exit":1,"hint":"start one with 'ledger deploy start --name NAME'"}"#)
    }

    @Test func aCommandLineThatDoesNotParseAsksForJSONByItsWords() {
        #expect(JSONErrors.requested(by: nil, arguments: ["status", "--json", "--bogus"]))
        #expect(JSONErrors.requested(by: nil, arguments: ["export", "timeline", "--format", "jsonl", "--x"]))
        #expect(JSONErrors.requested(by: nil, arguments: ["export", "checklist", "--format=json", "--x"]))
        #expect(JSONErrors.requested(by: nil, arguments: ["prove", "x"]))
        #expect(!JSONErrors.requested(by: nil, arguments: ["export", "checklist", "--format", "md", "--x"]))
        #expect(!JSONErrors.requested(by: nil, arguments: ["export", "checklist", "--format", "json", "--output", "c.json", "--x"]), "the JSON goes to a file")
        #expect(!JSONErrors.requested(by: nil, arguments: ["run", "7.2.1.1", "--", "tool", "--json"]), "a word after -- is the command's")
        #expect(!JSONErrors.requested(by: nil, arguments: ["status", "--bogus"]))
    }
}
