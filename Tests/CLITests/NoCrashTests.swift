import Foundation
import LedgerCore
import TestSupport
import Testing

/// Stored values and options that used to end `ledger` with a signal (exit 132, a Swift
/// trap) now get a finding or an error and a documented exit code.
@Suite struct NoCrashTests {
    let pass = TestSecrets.cliEnvironment

    /// A ledger whose record 2 an attacker moved to `seq` (its hash still that of record 2).
    func moved(to seq: Int64) throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        try cli.run(["note", "hello"], env: pass)
        try cli.tamper("deploy.ledger", "UPDATE events SET seq = \(seq) WHERE seq = 2")
        return cli
    }

    @Test(arguments: [Int64(9_007_199_254_740_992), Int64.max])
    func aSequenceNumberBeyondTwoToThe53IsAFindingNotATrap(_ seq: Int64) throws {
        let cli = try moved(to: seq)
        for env in [[:], pass] {
            let json = try cli.run(["verify", "--json"], env: env)
            #expect(json.status == 3, "\(json.stderr)")
            let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            let findings = doc?["findings"] as? [[String: Any]]
            #expect(findings?.count == 1)
            #expect(findings?.first?["kind"] as? String == "reordered")
            #expect(json.stdout.contains("\"seq\":\(seq)"), "the sequence number as stored")
        }
        let note = try cli.run(["note", "after"], env: pass)
        #expect(note.status == 4)
        #expect(note.stderr.hasPrefix("ledger: error: 'deploy.ledger' ends at record \(seq), outside 1…2^53−1: nothing was written"), "\(note.stderr)")
        let export = try cli.run(["export", "timeline", "--format", "jsonl"], env: pass)
        #expect(export.status == 3, "\(export.stderr)")
        #expect(export.stderr.hasPrefix("ledger: error: record \(seq) (note) does not open"), "\(export.stderr)")
    }

    @Test func aGapOfTwoToThe53PositionsIsOneFindingNotAnEndlessList() throws {
        let cli = try moved(to: 9_007_199_254_740_992)
        try cli.tamper("deploy.ledger", "UPDATE events SET epoch = 0 WHERE seq = 9007199254740992")  // malformed: it cannot be placed
        let r = try cli.run(["verify"])
        #expect(r.status == 3)
        #expect(r.stdout.contains("  missing at 2: records 2…9007199254740991 are missing (9007199254740990 positions)"), "\(r.stdout)")
        #expect(r.stdout.split(separator: "\n").count < 20)
    }

    @Test func publicDataWithTheSmallestInt64IsMalformedNotATrap() throws {
        let cli = CLI()
        try cli.initLedger()
        try cli.tamper("deploy.ledger", "UPDATE events SET public = CAST('{\"a\":-9223372036854775808}' AS BLOB) WHERE seq = 1")
        let r = try cli.run(["verify", "--json"])
        #expect(r.status == 4 || r.status == 3, "exit \(r.status): \(r.stderr)")
        #expect(r.stdout.contains("\"kind\":\"malformed\""), "\(r.stdout)")
    }
}
