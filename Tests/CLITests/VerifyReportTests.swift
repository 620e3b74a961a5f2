import Foundation
import LedgerCore
import TestSupport
import Testing

/// A ledger with deployment R1 of the release checklist, two leads on the roster (dana,
/// Deployment Lead; sam, Security Lead) and dana's sign-off at record 7, for the verify report,
/// key id and trust export tests.
enum SignedLedger {
    static let env = ["LEDGER_PASSPHRASE": "pass", "LEDGER_KEY_PASSPHRASE": "kp"]

    /// The ledger; `stale` ticks an item after the sign-off (record 8), making it stale.
    static func make(stale: Bool = false) throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        try Data(try String(contentsOf: Repository.fixture("release-checklist.md"), encoding: .utf8).utf8)
            .write(to: URL(fileURLWithPath: cli.path("release.md")))
        var steps = [
            ["deploy", "start", "--name", "R1", "--template", "release.md"],
            ["key", "new", "--name", "dana", "--kdf-memory", "19"], ["key", "new", "--name", "sam", "--kdf-memory", "19"],
            ["roster", "add", "--role", "Deployment Lead", "--key", "dana.key.pub"],
            ["roster", "add", "--role", "Security Lead", "--key", "sam.key.pub"],
            ["tick", "deploy"], ["tick", "health"],
            ["sign", "--role", "Deployment Lead", "--key", "dana.key", "--accept-open", "2.2", "--reason", "runs nightly"],
        ]
        if stale { steps.append(["tick", "smoke"]) }
        for args in steps {
            let r = try cli.run(args, env: env)
            precondition(r.status == 0, "\(args): \(r.stderr)")
        }
        return cli
    }

    /// The minisign key id of a .pub file (16 upper-case hex digits, as its comment shows it).
    static func keyID(_ cli: CLI, _ pub: String) throws -> String {
        let line = try String(contentsOfFile: cli.path(pub), encoding: .utf8).split(separator: "\n")[1]
        let key = try #require(Minisign.parsePublicKeyLine(line))
        return Signer.keyID(key.keyNumber)
    }

    /// Validates `json` against schema/`schema` with python's jsonschema; returns its stderr ("" when valid).
    static func schemaErrors(_ cli: CLI, _ json: String, schema: String = "verify.schema.json") throws -> String {
        try Data(json.utf8).write(to: URL(fileURLWithPath: cli.path("doc.json")))
        let r = try cli.run(
            [
                "-c", "import json, sys, jsonschema\njsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))",
                Repository.path("schema") + "/" + schema, cli.path("doc.json"),
            ],
            executable: "/usr/bin/env", prefix: "python3")
        return r.status == 0 ? "" : r.stderr + r.stdout
    }
}

extension JSONValue {
    /// Element `i` of an array, or nil.
    func item(_ i: Int) -> JSONValue? { arrayValue.flatMap { i < $0.count ? $0[i] : nil } }
}

/// `ledger verify` says what it checked: records and how, every signature, each deployment's
/// sign-offs, the checkpoint, the trust file; a stale sign-off alone is intact with exit 7.
@Suite(.serialized) struct VerifyReportTests {
    let env = SignedLedger.env

    @Test func aStaleSignOffAloneIsIntactWithExit7() throws {
        let cli = try SignedLedger.make(stale: true)
        let dana = try SignedLedger.keyID(cli, "dana.key.pub")
        let r = try cli.run(["verify"], env: env)
        #expect(r.status == 7)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(
            Array(lines.suffix(8)) == [
                "signatures judged by the roster in the ledger (pin keys from outside with --trust FILE)",
                "signatures: 1 checked, 1 good, 0 with a finding",
                "  dana (Deployment Lead), key \(dana): 1 signature",
                "sign-offs of deployment 'R1': 0 of 2 count, 1 stale",
                "  Deployment Lead: dana, key \(dana), record 7: STALE (the checklist changed at record 8, after it was signed)",
                "  Security Lead: not signed",
                "intact; 1 stale sign-off",
                "  stale_signoff at 7: the Deployment Lead sign-off at record 7 is stale: the checklist changed after it was signed (first changed by record 8); Deployment Lead must sign again",
            ], "\(r.stdout)")
        #expect(!r.stdout.contains("NOT INTACT"))
        let json = try cli.run(["verify", "--json"], env: env)
        #expect(json.status == 7)
        let doc = try CanonicalJSON.parse(Array(json.stdout.utf8.dropLast()))
        #expect(doc["intact"] == true && doc["stale_signoffs"] == 1 && doc["method"] == "with_key")
        let role = doc["signoffs"]?.item(0)?["roles"]?.item(0)
        #expect(role?["key_id"]?.stringValue == dana && role?["stale"] == true && role?["counts"] == false && role?["stale_since"] == 8)
        #expect(try SignedLedger.schemaErrors(cli, json.stdout) == "")
    }

    @Test func damageBesidesAStaleSignOffIsNotIntact() throws {
        let cli = try SignedLedger.make(stale: true)
        try cli.tamper("deploy.ledger", "UPDATE events SET hash = zeroblob(32) WHERE seq = 2")
        let r = try cli.run(["verify", "--json"], env: env)
        #expect(r.status == 3)
        let doc = try CanonicalJSON.parse(Array(r.stdout.utf8.dropLast()))
        #expect(doc["intact"] == false)
        #expect(try SignedLedger.schemaErrors(cli, r.stdout) == "")
        #expect(try cli.run(["verify"], env: env).stdout.contains("NOT INTACT: "))
    }

    @Test func theCheckpointAndTrustFileAreReported() throws {
        let cli = try SignedLedger.make()
        let dana = try SignedLedger.keyID(cli, "dana.key.pub"), sam = try SignedLedger.keyID(cli, "sam.key.pub")
        #expect(try cli.run(["checkpoint", "--out", "cp.txt"], env: env).status == 0)
        #expect(try cli.run(["roster", "export", "--trust", "--out", "trust.txt"], env: env).status == 0)
        let r = try cli.run(["verify", "--trust", "trust.txt", "--checkpoint", "cp.txt"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines[2].hasPrefix("checked without the key: "))
        #expect(lines[3] == "signatures judged by the keys pinned in trust.txt: 2 keys")
        #expect(lines[4] == "  pinned: Deployment Lead, key \(dana)" && lines[5] == "  pinned: Security Lead, key \(sam)")
        #expect(lines[6].hasPrefix("  pinned checkpoint key: ledger-checkpoint/"))
        #expect(lines.contains("sign-off statements and stale sign-offs not checked (they need the passphrase)"))
        #expect(
            lines.contains {
                $0.hasPrefix("checkpoint cp.txt: size 7, root ")
                    && $0.hasSuffix("; signature good (key pinned in the trust file), and the log extends it (consistency proof verified)")
            }, "\(r.stdout)")
        #expect(lines.last == "intact: no finding")
        let json = try cli.run(["verify", "--trust", "trust.txt", "--checkpoint", "cp.txt", "--json"])
        #expect(try SignedLedger.schemaErrors(cli, json.stdout) == "")
        let doc = try CanonicalJSON.parse(Array(json.stdout.utf8.dropLast()))
        #expect(doc["checkpoint"]?["key_pinned"] == true && doc["checkpoint"]?["consistent"] == true && doc["checkpoint"]?["size"] == 7)
        #expect(doc["judge"] == "trust_file" && doc["pins"]?["signers"]?.item(1)?["key_id"]?.stringValue == sam && doc["signoffs"] == .null)
        #expect(
            doc["signatures"]?.item(0)?["seq"] == 7 && doc["signatures"]?.item(0)?["key_id"]?.stringValue == dana && doc["signatures"]?.item(0)?["good"] == true
        )
    }

    @Test func verboseListsEverySignature() throws {
        let cli = try SignedLedger.make()
        let dana = try SignedLedger.keyID(cli, "dana.key.pub")
        let r = try cli.run(["verify", "--verbose"], env: env)
        #expect(r.status == 0)
        #expect(r.stdout.contains("\n  record 7 signoff: dana (Deployment Lead), key \(dana): good\n"), "\(r.stdout)")
        #expect(!(try cli.run(["verify"], env: env).stdout.contains("record 7 signoff")), "without --verbose, a count per signer")
    }

    @Test func aMissingLedgerIsNamedWithoutTellingTheAuditorToCreateOne() throws {
        let cli = CLI()
        let r = try cli.run(["verify", "--ledger", "given.ledger"])
        #expect(r.status == 1)
        #expect(
            r.stderr
                == "ledger: error: no ledger at 'given.ledger'\nledger: hint: check the path of the file to verify, or name it with --ledger or LEDGER_FILE\n")
    }
}
