import Foundation
import LedgerCore
import TestSupport
import Testing

/// What users or attackers typed reaches the terminal escaped: no command's human output
/// holds a raw control, bidi override or line separator (a note cannot redraw `ledger log`
/// or print a fake "intact" line); JSON keeps the exact text; CSV cells a spreadsheet would
/// run as formulas are neutralised.
@Suite struct TerminalOutputTests {
    let pass = TestSecrets.cliEnvironment
    static let evil = "evil\u{1B}[2J\u{1B}[H\u{07}\u{9B}31m\u{202E}gnp.exe\u{2066}\u{2028}x\nledger: verify: intact"
    static let shown = "evil\\u{1b}[2J\\u{1b}[H\\u{7}\\u{9b}31m\\u{202e}gnp.exe\\u{2066}\\u{2028}x\\u{a}ledger: verify: intact"

    /// The bytes that must never reach a terminal raw.
    func expectClean(_ out: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = Array(out.utf8)
        let raw = bytes.filter { $0 == 0x1B || $0 == 0x07 }.count
        #expect(raw == 0, "\(what): \(raw) raw ESC/BEL bytes", sourceLocation: sourceLocation)
        for scalar in ["\u{9B}", "\u{202E}", "\u{2066}", "\u{2028}"] {
            #expect(!out.contains(scalar), "\(what): raw U+\(String(scalar.unicodeScalars.first!.value, radix: 16))", sourceLocation: sourceLocation)
        }
        #expect(!out.split(separator: "\n").contains { $0.hasPrefix("ledger: verify: intact") }, "\(what): a fake line", sourceLocation: sourceLocation)
    }

    @Test func everyHumanOutputEscapesWhatWasTyped() throws {
        let cli = CLI()
        try cli.initLedger()
        let template = cli.path("evil.md")
        try Data("# Release \u{1B}[2J checklist\n\n## 1. Pre-Deployment Preparation\n\n### 1.1 Code\n\n- [ ] Step \u{1B}[31mone\u{07}\n- [ ] Two\n".utf8)
            .write(to: URL(fileURLWithPath: template))
        let who = ["--as", Self.evil]
        var outputs: [(String, CLI.Result)] = []
        func run(_ args: [String]) throws -> CLI.Result {
            let r = try cli.run(args, env: pass)
            outputs.append((args.prefix(2).joined(separator: " "), r))
            return r
        }
        #expect(try run(["deploy", "start", "--name", Self.evil, "--template", template] + who).status == 0)
        #expect(try run(["tick", "1.1.1", "--note", Self.evil] + who).stdout.contains("ticked 1.1.1 Step \\u{1b}[31mone\\u{7}"))
        #expect(try run(["note", Self.evil] + who).status == 0)
        #expect(try run(["note", Self.evil, "--item", "1.1.2"] + who).status == 0)
        let log = try run(["log"])
        #expect(log.stdout.contains(Self.shown), "\(log.stdout)")
        #expect(try run(["status"]).stdout.contains("deployment '\(Self.shown)'"))
        #expect(try run(["show"]).stdout.contains("Step \\u{1b}[31mone\\u{7}"))
        #expect(try run(["show", "1.1.1"]).stdout.contains("note: \(Self.shown)"))
        #expect(try run(["deploy", "list"]).stdout.contains(Self.shown))
        #expect(try run(["verify"]).status == 0)
        let unknown = try run(["tick", "x" + Self.evil])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("ledger: error: no item 'x\(Self.shown)' in the checklist\nledger: hint: "), "\(unknown.stderr)")
        let badFile = try run(["verify", "e\u{1B}[2J.ledger"])
        #expect(badFile.stderr.contains("e\\u{1b}[2J.ledger"), "\(badFile.stderr)")
        let md = try run(["export", "timeline", "--format", "md"])
        #expect(md.stdout.contains("\\\\u{1b}") || md.stdout.contains("\\u{1b}"))
        for (what, r) in outputs { expectClean(r.stdout + r.stderr, what) }

        let json = try cli.run(["log", "--json"], env: pass).stdout.split(separator: "\n").compactMap { try? CanonicalJSON.parse(Array($0.utf8)) }
        #expect(json.filter { $0["kind"]?.stringValue == "note" }.first?["data"]?["text"]?.stringValue == Self.evil, "JSON keeps the exact text")
        #expect(json.last?["actor"]?.stringValue == Self.evil)
    }

    @Test func csvCellsThatASpreadsheetWouldRunAreNeutralised() throws {
        let cli = CLI()
        try cli.initLedger()
        let formulas = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]
        for f in formulas { #expect(try cli.run(["note", "--as=\(f)", "--", f], env: pass).status == 0, "\(f)") }
        let csv = try cli.run(["export", "timeline", "--format", "csv", "--kind", "note"], env: pass)
        #expect(csv.status == 0)
        let path = cli.path("t.csv")
        try Data(csv.stdout.utf8).write(to: URL(fileURLWithPath: path))
        let check = try cli.run(
            [
                "-c",
                """
                import csv, json, sys
                rows = list(csv.DictReader(open(sys.argv[1], newline='')))
                print(json.dumps([[r["actor"], r["details"]] for r in rows[1:]]))
                """, path,
            ], executable: "/usr/bin/env", prefix: "python3")
        let rows = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [[String]]
        #expect(rows == formulas.map { ["'" + $0, "'" + $0] }, "\(check.stdout) \(check.stderr)")
    }
}
