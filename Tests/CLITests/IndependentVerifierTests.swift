import Foundation
import LedgerCore
import TestSupport
import Testing

/// tools/independent-verify/verify.py was written from docs/FORMAT.md alone. It must agree
/// with `ledger verify` on real files, intact and tampered: evidence that the spec suffices.
@Suite struct IndependentVerifierTests {
    let pass = ["LEDGER_PASSPHRASE": "pass", "PW": "pass"]
    static let script = Repository.path("tools/independent-verify/verify.py")

    func ledgerWithDeployment() throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        try cli.run(["note", "ledger-level note"], env: pass)
        try cli.run(["deploy", "start", "--name", "R1"], env: pass)
        for item in ["1.1.1", "1.1.2", "1.1.3"] { try cli.run(["tick", item, "--note", "ok"], env: pass) }
        try cli.run(["skip", "1.1.4", "--reason", "none"], env: pass)
        return cli
    }

    func independent(_ cli: CLI, _ file: String, withKey: Bool, trust: String? = nil) throws -> JSONValue {
        var args = [Self.script, file, "--json"]
        if withKey { args += ["--passphrase-env", "PW"] }
        if let trust { args += ["--trust", trust] }
        let r = try cli.run(args, env: pass, executable: "/usr/bin/env", prefix: "python3")
        return try CanonicalJSON.parse(Array(JSONValue.canonicalize(r.stdout).utf8))
    }

    func ours(_ cli: CLI, _ file: String, withKey: Bool, trust: String? = nil) throws -> JSONValue {
        let r = try cli.run(["verify", file, "--json"] + (trust.map { ["--trust", $0] } ?? []), env: withKey ? pass : [:])
        return try CanonicalJSON.parse(Array(r.stdout.trimmingCharacters(in: .newlines).utf8))
    }

    /// Runs SQL on a ledger file with the append-only triggers dropped and then restored, as a careful attacker would.
    func tamper(_ cli: CLI, _ file: String, _ sql: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [cli.path(file), CLI.coveringTracks(sql)]
        try p.run()
        p.waitUntilExit()
        precondition(p.terminationStatus == 0, sql)
    }

    static func rows(_ doc: JSONValue) -> [String] {
        (doc["findings"]?.arrayValue ?? []).map { "\($0["kind"]!.stringValue!)@\($0["seq"]!.intValue!)" }.sorted()
    }

    @Test func agreesOnAnIntactLedgerWithAndWithoutTheKey() throws {
        let cli = try ledgerWithDeployment()
        for withKey in [false, true] {
            let theirs = try independent(cli, "deploy.ledger", withKey: withKey)
            #expect(theirs["intact"] == true)
            #expect(theirs["records"] == 7)
            #expect(theirs["decrypted"] == .bool(withKey), "PyNaCl must be installed (tools/setup does it)")
        }
    }

    @Test(arguments: [
        "UPDATE events SET ciphertext = CAST(substr(ciphertext,1,9) || (CASE WHEN substr(ciphertext,10,1) = x'00' THEN x'01' ELSE x'00' END) || substr(ciphertext,11) AS BLOB) WHERE seq = 5",
        "DELETE FROM events WHERE seq = 4",
        "UPDATE events SET public = CAST('{\"template_sha256\":\"00\"}' AS BLOB) WHERE seq = 3",
        "UPDATE events SET seq = -6 WHERE seq = 6; UPDATE events SET seq = 6 WHERE seq = 5; UPDATE events SET seq = 5 WHERE seq = -6",
        "UPDATE events SET deployment = x'00000000000000000000000000000000' WHERE seq = 7",
    ])
    func agreesOnTamperedCopies(_ attack: String) throws {
        let cli = try ledgerWithDeployment()
        try tamper(cli, "deploy.ledger", attack)
        for withKey in [false, true] {
            let mine = try ours(cli, "deploy.ledger", withKey: withKey), theirs = try independent(cli, "deploy.ledger", withKey: withKey)
            #expect(mine["intact"] == false)
            #expect(Self.rows(mine) == Self.rows(theirs), "\(attack)")
        }
    }

    // MARK: signed records, roster, sign-offs, trust files (FORMAT.md §10.4, §14)

    /// The shared sign-off fixture (Tests/Fixtures/release-checklist.md; its rollback items are not required).
    static let signoffTemplate = SignoffCommandTests.template

    /// A signed-off ledger of 8 records: 1 created, 2 deployment.started, 3 roster.added dana
    /// (Deployment Lead), 4 roster.added sam (Security Lead), 5 item.ticked signed by dana,
    /// 6 item.ticked unsigned, 7 signoff by dana, 8 signoff by sam (closes the deployment).
    /// Also writes trust.txt pinning both leads, trust-crlf.txt pinning them too (CR LF, tabs) and
    /// trust-dana.txt pinning dana only.
    func signedOffLedger() throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        try Data(Self.signoffTemplate.utf8).write(to: URL(fileURLWithPath: cli.path("release.md")))
        let env = pass.merging(["LEDGER_KEY_PASSPHRASE": "kp"]) { $1 }
        for args in [
            ["deploy", "start", "--name", "R1", "--template", "release.md"],
            ["key", "new", "--name", "dana", "--kdf-memory", "19"], ["key", "new", "--name", "sam", "--kdf-memory", "19"],
            ["roster", "add", "--role", "Deployment Lead", "--key", "dana.key.pub"],
            ["roster", "add", "--role", "Security Lead", "--key", "sam.key.pub"],
            ["tick", "deploy", "--key", "dana.key"], ["tick", "health"],
            ["sign", "--role", "Deployment Lead", "--key", "dana.key", "--accept-open", "all", "--reason", "runs nightly"],
            ["sign", "--role", "Security Lead", "--key", "sam.key", "--accept-open", "all", "--reason", "runs nightly"],
        ] {
            let r = try cli.run(args, env: env)
            precondition(r.status == 0, "\(args): \(r.stderr)")
        }
        let pin = { (f: String) in try String(contentsOfFile: cli.path(f), encoding: .utf8).split(separator: "\n")[1] }
        try Data("# leads\nsigner \(try pin("dana.key.pub")) Deployment Lead\nsigner \(try pin("sam.key.pub")) Security Lead\n".utf8)
            .write(to: URL(fileURLWithPath: cli.path("trust.txt")))
        try Data("signer \(try pin("dana.key.pub")) Deployment Lead\n".utf8).write(to: URL(fileURLWithPath: cli.path("trust-dana.txt")))
        // The same pins as trust.txt, written otherwise (FORMAT.md §14.5): CR LF line ends, an indented
        // comment, fields split by runs of tabs and spaces, a role in another ASCII case.
        try Data("  # leads\r\nsigner\t\(try pin("dana.key.pub"))  Deployment \t Lead\r\n\r\nsigner \(try pin("sam.key.pub")) security lead\r\n".utf8)
            .write(to: URL(fileURLWithPath: cli.path("trust-crlf.txt")))
        return cli
    }

    @Test func agreesOnAnIntactSignedOffLedgerWithAndWithoutTrustFile() throws {
        let cli = try signedOffLedger()
        for withKey in [false, true] {
            for trust in [nil, "trust.txt"] {
                let mine = try ours(cli, "deploy.ledger", withKey: withKey, trust: trust)
                let theirs = try independent(cli, "deploy.ledger", withKey: withKey, trust: trust)
                #expect(mine["intact"] == true, "\(Self.rows(mine))")
                #expect(theirs["intact"] == true, "key \(withKey), trust \(trust ?? "none"): \(Self.rows(theirs))")
                #expect(theirs["records"] == 8)
            }
        }
    }

    struct SignatureAttack: Sendable, CustomTestStringConvertible {
        let name: String, sql: String, trust: String?, expected: [String]
        /// What `ledger verify` finds with the passphrase, when it differs (sign-off statements, §14.6 step 5).
        var expectedWithKey: [String]? = nil
        var testDescription: String { name }
    }

    @Test(arguments: [
        SignatureAttack(
            name: "a flipped byte in a sign-off's sig",
            sql:
                "UPDATE events SET sig = CAST(substr(sig,1,40) || (CASE WHEN substr(sig,41,1) = x'00' THEN x'01' ELSE x'00' END) || substr(sig,42) AS BLOB) WHERE seq = 8",
            trust: nil, expected: ["bad_signature@8", "modified@8"]),
        SignatureAttack(
            name: "a flipped byte in a signed tick's sig, judged by a trust file",
            sql:
                "UPDATE events SET sig = CAST(substr(sig,1,40) || (CASE WHEN substr(sig,41,1) = x'00' THEN x'01' ELSE x'00' END) || substr(sig,42) AS BLOB) WHERE seq = 5",
            trust: "trust.txt", expected: ["bad_signature@5", "modified@5"]),
        SignatureAttack(
            name: "a sign-off's signature stripped",
            sql: "UPDATE events SET sig = x'' WHERE seq = 7", trust: nil, expected: ["modified@7", "unsigned@7"]),
        SignatureAttack(
            name: "two signed sign-offs swapped (a signed record cannot move)",
            sql: "UPDATE events SET seq = -7 WHERE seq = 7; UPDATE events SET seq = 7 WHERE seq = 8; UPDATE events SET seq = 8 WHERE seq = -7",
            trust: nil, expected: ["bad_signature@7", "bad_signature@8", "reordered@7", "reordered@8"]),
        SignatureAttack(
            name: "a roster record deleted", sql: "DELETE FROM events WHERE seq = 4",
            trust: nil, expected: ["missing@4", "untrusted_signer@8"]),
        SignatureAttack(
            name: "a trust file that does not pin a roster key", sql: "",
            trust: "trust-dana.txt", expected: ["untrusted_signer@4", "untrusted_signer@8"]),
        // Their statements no longer match the checklist state: bad_signature, and judged no further (§14.6 step 5).
        SignatureAttack(
            name: "a tick before the sign-offs deleted: their checklist state no longer holds",
            sql: "DELETE FROM events WHERE seq = 6", trust: "trust.txt", expected: ["missing@6"],
            expectedWithKey: ["bad_signature@7", "bad_signature@8", "missing@6"]),
        SignatureAttack(
            name: "the deployment.started deleted: its sign-offs are for a deployment that never started",
            sql: "DELETE FROM events WHERE seq = 2", trust: "trust.txt", expected: ["missing@2"],
            expectedWithKey: ["invalid_signoff@7", "invalid_signoff@8", "missing@2"]),
        SignatureAttack(
            name: "a trust file with CR LF line ends, tabs and an indented comment reads as trust.txt",
            sql: "", trust: "trust-crlf.txt", expected: []),
    ])
    func agreesOnSignatureAttacks(_ attack: SignatureAttack) throws {
        let cli = try signedOffLedger()
        if !attack.sql.isEmpty { try tamper(cli, "deploy.ledger", attack.sql) }
        for withKey in [false, true] {
            let mine = try ours(cli, "deploy.ledger", withKey: withKey, trust: attack.trust)
            let theirs = try independent(cli, "deploy.ledger", withKey: withKey, trust: attack.trust)
            #expect(
                Self.rows(mine) == (withKey ? attack.expectedWithKey ?? attack.expected : attack.expected),
                "ledger verify, key \(withKey): \(attack.name)")
            #expect(Self.rows(theirs) == Self.rows(mine), "verify.py, key \(withKey): \(attack.name)")
        }
    }
}

extension JSONValue {
    /// Re-reads a verify report written by another program (Python's json) as a JSONValue
    /// with the members the comparison needs.
    static func canonicalize(_ text: String) throws -> String {
        let o = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let findings = (o["findings"] as? [[String: Any]] ?? []).map { f -> JSONValue in
            ["kind": .string(f["kind"] as! String), "seq": .int(Int64(f["seq"] as! Int))]
        }
        let doc: JSONValue = [
            "intact": .bool(o["intact"] as! Bool), "decrypted": .bool(o["decrypted"] as! Bool),
            "records": .int(Int64(o["records"] as! Int)), "findings": .array(findings),
        ]
        return doc.canonicalString
    }
}
