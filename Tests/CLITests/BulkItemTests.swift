import Foundation
import TestSupport
import Testing

/// `tick`, `skip` and `untick` on a section (`9.1` or `9.1.*`): every item it applies to, in
/// one transaction, all or none (issue 10, point 7). On the embedded OptiBid checklist.
@Suite struct BulkItemTests {
    let pass = TestSecrets.cliEnvironment

    func started() throws -> CLI { try CLI.started() }

    /// `ledger log --json`: (seq, kind, data) of every record.
    func log(_ cli: CLI) throws -> [(seq: Int, kind: String, data: [String: Any])] {
        try cli.run(["log", "--json"], env: pass).stdout.split(separator: "\n").map { line in
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return (o["seq"] as! Int, o["kind"] as! String, o["data"] as! [String: Any])
        }
    }

    @Test func tickingASectionTicksItsOpenItemsOnceEach() throws {
        let cli = try started()
        #expect(try cli.run(["tick", "1.1.1"], env: pass).status == 0)
        let r = try cli.run(["tick", "1.1"], env: pass)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == "ticked 7 items of 1.1 Code Review & Testing: 1.1.2, 1.1.3, 1.1.4, 1.1.5, 1.1.6, 1.1.7, 1.1.8 (records 4-10); 1 other left as it was\n")
        let records = try log(cli).filter { $0.seq >= 4 }
        #expect(records.map(\.seq) == Array(4...10), "one record per item, consecutive")
        #expect(records.allSatisfy { $0.kind == "item.ticked" })
        #expect(records.map { $0.data["item"] as? String } == (2...8).map { "1.1.\($0)" })
        let again = try cli.run(["tick", "1.1.*"], env: pass)
        #expect(again.status == 0)
        #expect(again.stdout == "1.1 Code Review & Testing: no open items (8 in all); nothing written\n")
        #expect(try log(cli).count == 10)
    }

    @Test func aSectionWithSubsectionsAndNestedItemsCoversThemAll() throws {
        let cli = try started()
        try cli.run(["tick", "7.1"], env: pass)
        let r = try cli.run(["tick", "7.2.*"], env: pass)
        #expect(r.status == 0, "\(r.stderr)")
        let ids = try log(cli).filter { $0.seq > 7 }.compactMap { $0.data["item"] as? String }
        #expect(ids.first == "7.2.1.1" && ids.contains("7.2.2.5") && ids.allSatisfy { $0.hasPrefix("7.2.") })
        #expect(r.stdout.hasPrefix("ticked \(ids.count) items of 7.2 Deployment Steps: 7.2.1.1, 7.2.1.2, "))
    }

    @Test func aRefusalAnywhereWritesNothingAndNamesEveryRefusedItem() throws {
        let cli = try started()
        let r = try cli.run(["tick", "8.1", "7.1"], env: pass)
        #expect(r.status == 1)
        #expect(
            r.stderr == """
                ledger: error: deployment 'Release 42' is in phase 'preparing': 8.1.1 verifies the deployment, which has not been executed yet; \
                refused for 5 of 10 items: 8.1.1, 8.1.2, 8.1.3, 8.1.4, 8.1.5; nothing was written
                ledger: hint: tick or run a Deployment Execution step first

                """)
        #expect(try log(cli).count == 2, "7.1's five items, allowed on their own, were not written either")
        let rollback = try cli.run(["tick", "9"], env: pass)
        #expect(rollback.status == 1 && rollback.stderr.contains("refused for all 19 items: 9.1.1.1, 9.1.1.2, "))
        #expect(try log(cli).count == 2)
    }

    @Test func untickTakesBackTicksAndSkipGivesEachItemTheReason() throws {
        let cli = try started()
        try cli.run(["skip", "1.2.1", "--reason", "no API here"], env: pass)
        let skip = try cli.run(["skip", "1.2.*", "--reason", "docs live in the wiki"], env: pass)
        #expect(skip.stdout == "marked not applicable: 5 items of 1.2 Documentation: 1.2.2, 1.2.3, 1.2.4, 1.2.5, 1.2.6 (records 4-8); 1 other left as it was\n")
        #expect(try log(cli).filter { $0.seq >= 4 }.allSatisfy { $0.kind == "item.skipped" && $0.data["reason"] as? String == "docs live in the wiki" })
        try cli.run(["untick", "1.2.2"], env: pass)
        try cli.run(["tick", "1.2.2"], env: pass)
        let untick = try cli.run(["untick", "1.2"], env: pass)
        #expect(
            untick.stdout == "unticked 1 item of 1.2 Documentation: 1.2.2 (record 11); 5 others left as they were\n",
            "not-applicable marks keep their reasons")
        let none = try cli.run(["untick", "1.2"], env: pass)
        #expect(none.stdout == "1.2 Documentation: no ticked items (6 in all); nothing written\n")
        #expect(try cli.run(["show", "1.2.3"], env: pass).stdout.contains("status: not_applicable"))
    }

    @Test func sectionReferencesThatNameNoSectionAreUsageErrors() throws {
        let cli = try started()
        let unknown = try cli.run(["tick", "7.9.*"], env: pass)
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr
                == "ledger: error: no section '7.9.*' in the checklist\nledger: hint: did you mean 7.1 (Pre-Deployment Steps), 7.2 (Deployment Steps) or 7 (Deployment Execution)?\n"
        )
        let item = try cli.run(["tick", "7.1.1.*"], env: pass)
        #expect(item.status == 64)
        #expect(
            item.stderr
                == "ledger: error: '7.1.1.*' names no section: 7.1.1 is an item\nledger: hint: name the item alone ('7.1.1'); sections are numbered as 'ledger show' prints them\n"
        )
        let attach = try cli.run(["note", "x", "--item", "1.1"], env: pass)
        #expect(attach.status == 64, "a note names one item, not a section")
        #expect(try log(cli).count == 2)
    }

    static let strace = FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")

    /// The file syncs a `ledger` command makes (each commit syncs the WAL: synchronous=FULL).
    func syncs(_ cli: CLI, _ args: [String]) throws -> Int {
        let r = try cli.run(
            ["-f", "-qq", "-e", "trace=fsync,fdatasync", "-o", "syncs.txt", CLI.binary] + args,
            env: pass, executable: "/usr/bin/strace")
        #expect(r.status == 0, "\(r.stderr)")
        return try String(contentsOfFile: cli.path("syncs.txt"), encoding: .utf8).split(separator: "\n").count
    }

    @Test(.enabled(if: strace)) func sevenItemsAreOneCommitLikeOne() throws {
        let cli = try started()
        let one = try syncs(cli, ["tick", "1.1.1"])
        let seven = try syncs(cli, ["tick", "1.1"])
        #expect(try log(cli).count == 10)
        #expect(seven == one, "one transaction: as many syncs for seven records as for one (\(one))")
        let three = try syncs(cli, ["tick", "1.2.1", "1.2.2", "1.2.3"])
        #expect(three == one)
    }
}
