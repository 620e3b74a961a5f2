import Foundation
import TestSupport
import Testing

@testable import ledger

/// Colour on a terminal for verdicts, phases and findings; none when piped; `NO_COLOR`,
/// `TERM=dumb` and `--color auto|always|never` respected (docs/CLI.md §Colour). The terminal
/// cases run the binary under a real pseudo-terminal (util-linux `script`).
@Suite struct ColorTests {
    static let esc = "\u{1B}["

    /// Runs `ledger args` on a pseudo-terminal in the scratch folder; its output, with the
    /// terminal's CR LF turned back into LF.
    static func onTerminal(_ cli: CLI, _ args: [String], env: [String: String] = [:]) throws -> String {
        let command = ([CLI.binary] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let r = try cli.run(["-qefc", command, "/dev/null"], env: env, executable: "/usr/bin/script")
        return r.stdout.replacingOccurrences(of: "\r\n", with: "\n")
    }

    @Test func pipedOutputHasNoColourUnlessAsked() throws {
        let cli = try CLI.deployed()
        for args in [["verify"], ["status"], ["deploy", "list"]] {
            let plain = try cli.run(args, env: TestSecrets.cliEnvironment)
            #expect(plain.status == 0 && !plain.stdout.contains("\u{1B}"), "\(args): \(plain.stdout)")
            let always = try cli.run(args + ["--color", "always"], env: TestSecrets.cliEnvironment)
            #expect(always.stdout.contains(Self.esc), "\(args) --color always")
            #expect(always.stdout.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression) == plain.stdout)
        }
    }

    @Test func theVerdictPhaseAndFindingsAreTheColouredWords() throws {
        let cli = try CLI.deployed()
        let env = TestSecrets.cliEnvironment
        #expect(try cli.run(["verify", "--color", "always"], env: env).stdout.contains("\(Self.esc)32mintact\(Self.esc)0m: no finding"))
        #expect(try cli.run(["status", "--color", "always"], env: env).stdout.contains("phase: \(Self.esc)33mpreparing\(Self.esc)0m"))
        #expect(try cli.run(["deploy", "list", "--color", "always"], env: env).stdout.contains("  \(Self.esc)33mpreparing\(Self.esc)0m  "))
        try cli.tamper("deploy.ledger", "UPDATE events SET kind = 'note' WHERE seq = 3")
        let out = try cli.run(["verify", "--color", "always"]).stdout
        #expect(out.contains("\(Self.esc)1;31mNOT INTACT\(Self.esc)0m: 1 finding"), "\(out)")
        #expect(out.contains("  \(Self.esc)1;31mmodified\(Self.esc)0m at 3: "), "\(out)")
    }

    @Test func aTerminalGetsColourAndNoColorOrADumbTerminalTurnItOff() throws {
        let cli = try CLI.deployed()
        var env = TestSecrets.cliEnvironment
        env["TERM"] = "xterm"
        #expect(try Self.onTerminal(cli, ["verify"], env: env).contains("\(Self.esc)32mintact"))
        #expect(try Self.onTerminal(cli, ["verify"], env: env.merging(["NO_COLOR": ""]) { $1 }).contains(Self.esc), "an empty NO_COLOR is unset")
        // NO_COLOR leaves the progress line (erased with ESC [ K); a dumb terminal gets no escape at all.
        let noColor = try Self.onTerminal(cli, ["verify"], env: env.merging(["NO_COLOR": "1"]) { $1 })
        #expect(noColor.contains("intact: no finding"))
        #expect(noColor.range(of: "\u{1B}\\[[0-9;]*m", options: .regularExpression) == nil, "\(noColor.debugDescription)")
        let dumb = try Self.onTerminal(cli, ["verify"], env: env.merging(["TERM": "dumb"]) { $1 })
        #expect(dumb.contains("intact: no finding") && !dumb.contains("\u{1B}"), "\(dumb.debugDescription)")
        let never = try Self.onTerminal(cli, ["status", "--color", "never"], env: env)
        #expect(never.contains("phase: preparing") && !never.contains("\u{1B}"))
        let always = try Self.onTerminal(cli, ["status", "--color", "always"], env: env.merging(["NO_COLOR": "1"]) { $1 })
        #expect(always.contains("phase: \(Self.esc)33mpreparing"), "--color always overrides NO_COLOR")
    }

    @Test func errorsAreLabelledInColourOnATerminalOnly() throws {
        let cli = CLI()
        var env = ["TERM": "xterm"]
        let out = try Self.onTerminal(cli, ["status", "--ledger", "missing.ledger"], env: env)
        #expect(out.contains("\(Self.esc)1;31mledger: error:\(Self.esc)0m ") && out.contains("\(Self.esc)36mledger: hint:\(Self.esc)0m "), "\(out)")
        env["NO_COLOR"] = "1"
        #expect(!(try Self.onTerminal(cli, ["status", "--ledger", "missing.ledger"], env: env)).contains("\u{1B}"))
        let piped = try cli.run(["status", "--ledger", "missing.ledger"])
        #expect(piped.status != 0 && piped.stderr.hasPrefix("ledger: error: ") && !piped.stderr.contains("\u{1B}"))
    }

    /// Text from the log cannot bring escape sequences of its own, coloured or not: the only
    /// ones printed are the colours `ledger` chose.
    @Test func hostileTextStaysEscapedBesideTheColours() throws {
        let cli = CLI()
        try cli.initLedger()
        let name = "R\u{1B}[32m  signed off  \u{1B}]0;owned\u{07}"
        #expect(try cli.run(["deploy", "start", "--name", name], env: TestSecrets.cliEnvironment).status == 0)
        let out = try cli.run(["deploy", "list", "--color", "always"], env: TestSecrets.cliEnvironment).stdout
        #expect(out.components(separatedBy: "\u{1B}").count == 3, "two colour codes and no other escape: \(out.debugDescription)")
        #expect(out.contains(#"R\u{1b}[32m  signed off  \u{1b}]0;owned\u{7}"#), "\(out)")
    }

    @Test func aColourThatIsNotAModeIsAUsageError() throws {
        let r = try CLI().run(["status", "--color", "sometimes"])
        #expect(r.status == 64 && r.stderr.contains("sometimes"), "\(r.stderr)")
    }

    /// Lines that merely look like findings (no kind, odd spacing) are left alone, whatever
    /// their shape, and never crash the painter.
    @Test func oddLinesAfterTheVerdictAreLeftAsTheyAre() {
        TerminalColor.mode = .always
        defer { TerminalColor.mode = .auto }
        let text = ["NOT INTACT: 1 finding", "  at 5: x", "   at 6", "  ", "  modified", "  modified at 3: m"].joined(separator: "\n")
        let painted = Highlight.verify(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(painted[1...4] == ["  at 5: x", "   at 6", "  ", "  modified"])
        #expect(painted[5] == "  \u{1B}[1;31mmodified\u{1B}[0m at 3: m")
    }
}
