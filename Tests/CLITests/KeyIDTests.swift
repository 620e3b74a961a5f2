import Foundation
import LedgerCore
import TestSupport
import Testing

/// Every output names a key by minisign's key id (the id in its holder's .pub file).
@Suite(.serialized) struct KeyIDTests {
    let env = SignedLedger.env

    @Test func theKeyIDNamesTheKeyEverywhere() throws {
        let cli = try SignedLedger.make()
        let dana = try SignedLedger.keyID(cli, "dana.key.pub")
        #expect(try String(contentsOfFile: cli.path("dana.key.pub"), encoding: .utf8).hasPrefix("untrusted comment: minisign public key \(dana)"))
        let roster = try cli.run(["roster", "list"]).stdout
        #expect(roster.contains("Deployment Lead: key \(dana) SHA256:") && roster.contains(" (dana), added at record 3"), "\(roster)")
        let status = try cli.run(["status"], env: env).stdout
        #expect(status.contains(", key \(dana), record 7"), "\(status)")
        let timeline = try cli.run(["export", "timeline", "--format", "jsonl"], env: env).stdout
        let summaries = try timeline.split(separator: "\n").dropFirst().map { try CanonicalJSON.parse(Array($0.utf8))["details"]?.stringValue ?? "" }
        #expect(summaries.contains { $0.hasPrefix("Deployment Lead: key \(dana) SHA256:") && $0.hasSuffix("(dana) added to the roster") }, "\(summaries)")
        #expect(summaries.contains { $0.hasPrefix("signed off as Deployment Lead with key \(dana) (SHA256:") }, "\(summaries)")
        #expect(try cli.run(["key", "show", "dana.key.pub"]).stdout.contains("key id: \(dana)\n"))
        let log = try cli.run(["log"], env: env).stdout.split(separator: "\n")
        #expect(log.contains { $0.hasPrefix("     7 ") && $0.hasSuffix("[signed by key \(dana) (dana)]") }, "\(log)")
        // A verify finding about a key: a trust file that pins another key for the role.
        #expect(try cli.run(["key", "new", "--name", "eve", "--kdf-memory", "19"], env: env).status == 0)
        let eve = String(try String(contentsOfFile: cli.path("eve.key.pub"), encoding: .utf8).split(separator: "\n")[1])
        try Data("signer \(eve) Deployment Lead\n".utf8).write(to: URL(fileURLWithPath: cli.path("trust.txt")))
        let verify = try cli.run(["verify", "--trust", "trust.txt"]).stdout
        #expect(verify.contains("  untrusted_signer at 7: record 7 (signoff) is signed by key \(dana) (dana), which the trust file does not pin"), "\(verify)")
    }
}
