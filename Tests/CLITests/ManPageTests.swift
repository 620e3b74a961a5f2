import Foundation
import LedgerCore
import TestSupport
import Testing

/// docs/man/ledger.1 is generated from the command definitions (`tools/man`, swift-argument-
/// parser's generate-manual); its first line records the SHA-256 of the definitions it was made
/// from, so a command changed without the page written again fails here. (`tools/test` also
/// runs `tools/man --check`, which renders the page again and compares it byte for byte.)
@Suite struct ManPageTests {
    static let page = (try? String(contentsOf: Repository.url("docs/man/ledger.1"), encoding: .utf8)) ?? ""

    @Test func thePageIsMadeFromTheCommandsAsTheyAreNow() throws {
        let dump = try CLI().run(["--experimental-dump-help"])
        #expect(dump.status == 0)
        let digest = Hex.encode(SHA256.hash(Array(dump.stdout.utf8)))
        let first = Self.page.split(separator: "\n").first.map(String.init) ?? ""
        #expect(
            first.contains("(sha256 \(digest))"),
            "docs/man/ledger.1 is out of date: run tools/man and commit it (its first line: \(first))")
    }

    /// Every command and subcommand has its entry, in the order of the definitions, and the exit
    /// codes are in the page.
    @Test func everyCommandIsInThePage() throws {
        let dump = try CLI().run(["--experimental-dump-help"])
        let info = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var names: [String] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let name = command["commandName"] as? String ?? ""
            let here = path + [name]
            names.append(here.joined(separator: " "))
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, here) }
        }
        walk(try #require(info["command"] as? [String: Any]), [])
        #expect(names.count > 30, "\(names)")
        // One page: each command is an item (`.It Em NAME`) nested under its parent, in order.
        var rest = Self.page[...]
        for name in names.dropFirst() {
            let word = name.split(separator: " ").last.map(String.init) ?? ""
            guard let at = rest.range(of: "\n.It Em \(word)\n") else {
                Issue.record("no item for '\(name)' after the one before it")
                continue
            }
            rest = rest[at.upperBound...]
        }
        #expect(Self.page.contains("7 intact but a sign-off stale"))
    }
}
