import Foundation
import LedgerCore
import Testing

/// `ledger verify`, `ledger checkpoint` and `ledger export timeline` read one audit, so on the
/// same damaged file they state the same findings and refuse or exit alike.
@Suite struct AuditAgreementTests {
    static let pass = ["LEDGER_PASSPHRASE": "pass"]

    /// `kind@seq: message` of each finding in a JSON array.
    static func rows(_ findings: Any?) -> [String] {
        ((findings as? [[String: Any]]) ?? []).map { "\($0["kind"] ?? "?")@\($0["seq"] ?? "?"): \($0["message"] ?? "?")" }
    }

    static func object(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func verifyCheckpointAndExportStateTheSameFindings() throws {
        let cli = try CLI.deployed()
        // Damage that leaves every other record readable, so the export still runs: a record cut
        // from the middle, and an index the format does not define.
        try cli.tamper("deploy.ledger", "DELETE FROM events WHERE seq = 3; CREATE INDEX planted ON events(kind)")
        let verify = try cli.run(["verify", "--json"], env: Self.pass)
        #expect(verify.status == 3, "\(verify.stderr)")
        let verified = Self.rows(try Self.object(Substring(verify.stdout))["findings"])
        #expect(verified.map { $0.prefix { $0 != ":" } } == ["schema@0", "missing@3"], "\(verified)")

        let export = try cli.run(["export", "timeline", "--format", "jsonl"], env: Self.pass)
        #expect(export.status == 0, "\(export.stderr)")
        let header = try Self.object(try #require(export.stdout.split(separator: "\n").first))
        let stated = header["verify"] as? [String: Any]
        #expect(Self.rows(stated?["findings"]) == verified)
        #expect(stated?["intact"] as? Bool == false)

        let checkpoint = try cli.run(["checkpoint"], env: Self.pass)
        #expect(checkpoint.status == 3 && checkpoint.stdout.isEmpty)
        let kinds = FindingKind.allCases.compactMap { k in
            let n = verified.filter { $0.hasPrefix(k.rawValue + "@") }.count
            return n == 0 ? nil : "\(n) \(k.rawValue)"
        }
        #expect(
            checkpoint.stderr.contains("(\(verified.count) finding\(verified.count == 1 ? "" : "s"): \(kinds.joined(separator: ", ")))"), "\(checkpoint.stderr)"
        )
    }
}
