import Foundation
import Testing
import LedgerCore

/// tools/independent-verify/verify.py was written from docs/FORMAT.md alone. It must agree
/// with `ledger verify` on real files, intact and tampered: evidence that the spec suffices.
@Suite struct IndependentVerifierTests {
    let pass = ["LEDGER_PASSPHRASE": "pass", "PW": "pass"]
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../tools/independent-verify/verify.py").standardized.path

    func ledgerWithDeployment() throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        try cli.run(["note", "ledger-level note"], env: pass)
        try cli.run(["deploy", "start", "--name", "R1"], env: pass)
        for item in ["1.1.1", "1.1.2", "1.1.3"] { try cli.run(["tick", item, "--note", "ok"], env: pass) }
        try cli.run(["skip", "1.1.4", "--reason", "none"], env: pass)
        return cli
    }

    func independent(_ cli: CLI, _ file: String, withKey: Bool) throws -> JSONValue {
        var args = [Self.script, file, "--json"]
        if withKey { args += ["--passphrase-env", "PW"] }
        let r = try cli.run(args, env: pass, executable: "/usr/bin/env", prefix: "python3")
        return try CanonicalJSON.parse(Array(JSONValue.canonicalize(r.stdout).utf8))
    }

    func ours(_ cli: CLI, _ file: String, withKey: Bool) throws -> JSONValue {
        let r = try cli.run(["verify", file, "--json"], env: withKey ? pass : [:])
        return try CanonicalJSON.parse(Array(r.stdout.trimmingCharacters(in: .newlines).utf8))
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
        "UPDATE events SET ciphertext = CAST(substr(ciphertext,1,9) || x'00' || substr(ciphertext,11) AS BLOB) WHERE seq = 5",
        "DELETE FROM events WHERE seq = 4",
        "UPDATE events SET public = CAST('{\"template_sha256\":\"00\"}' AS BLOB) WHERE seq = 3",
        "UPDATE events SET seq = -6 WHERE seq = 6; UPDATE events SET seq = 6 WHERE seq = 5; UPDATE events SET seq = 5 WHERE seq = -6",
        "UPDATE events SET deployment = x'00000000000000000000000000000000' WHERE seq = 7",
    ])
    func agreesOnTamperedCopies(_ attack: String) throws {
        let cli = try ledgerWithDeployment()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [cli.path("deploy.ledger"), "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; " + attack]
        try p.run()
        p.waitUntilExit()
        for withKey in [false, true] {
            let mine = try ours(cli, "deploy.ledger", withKey: withKey), theirs = try independent(cli, "deploy.ledger", withKey: withKey)
            #expect(mine["intact"] == false)
            #expect(Self.rows(mine) == Self.rows(theirs), "\(attack)")
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
