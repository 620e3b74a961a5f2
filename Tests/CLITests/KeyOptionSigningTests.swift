import Foundation
import LedgerCore
import TestSupport
import Testing

/// `--key` on the writing commands: every record the command writes is signed with the key,
/// and nothing else is (the signer is passed to each append, not kept by the ledger).
@Suite struct KeyOptionSigningTests {
    static let env = ["LEDGER_PASSPHRASE": "pass", "LEDGER_KEY_PASSPHRASE": "kp"]

    /// `ledger log --json`: (kind, signed) per record, in order.
    func signatures(_ cli: CLI) throws -> [String] {
        let out = try cli.run(["log", "--json"], env: Self.env).stdout
        return try out.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let kind = try #require(object["kind"] as? String)
            return kind + (object["signed_by"] is String ? " signed" : "")
        }
    }

    @Test func everyRecordOfACommandWithAKeyIsSignedAndNoOther() throws {
        let cli = CLI()
        try cli.initLedger()
        try Data(try String(contentsOf: Repository.fixture("release-checklist.md"), encoding: .utf8).utf8).write(
            to: URL(fileURLWithPath: cli.path("release.md")))
        let key = ["--key", "dana.key"]
        for args in [
            ["key", "new", "--name", "dana", "--kdf-memory", "19"], ["roster", "add", "--role", "Deployment Lead", "--key", "dana.key.pub"],
            ["deploy", "start", "--name", "R1", "--template", "release.md"] + key, ["tick", "deploy"] + key,
            ["run", "health", "--tick"] + key + ["--", "true"], ["note", "plain"], ["note", "on smoke", "--item", "smoke"] + key,
            ["rollback", "decide", "--reason", "R1"] + key, ["tick", "revert"], ["rollback", "complete"] + key,
        ] {
            let r = try cli.run(args, env: Self.env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        #expect(
            try signatures(cli) == [
                "ledger.created", "roster.added", "deployment.started signed", "item.ticked signed",
                "action.started signed", "action.finished signed", "item.ticked signed", "note",
                "item.noted signed", "rollback.decided signed", "item.ticked", "rollback.completed signed",
            ])
        #expect(try cli.run(["verify"], env: Self.env).status == 0)
    }

    @Test func aKeyOffTheRosterIsRefusedBeforeAnythingIsWritten() throws {
        let cli = CLI()
        try cli.initLedger()
        #expect(try cli.run(["key", "new", "--name", "eve", "--kdf-memory", "19"], env: Self.env).status == 0)
        let r = try cli.run(["note", "hello", "--key", "eve.key"], env: Self.env)
        #expect(r.status == 1)
        #expect(r.stderr.contains("is not on the roster of '") && r.stderr.contains("so its signatures would not be trusted"), "\(r.stderr)")
        #expect(try signatures(cli) == ["ledger.created"])
    }
}
