import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import ledger

/// `ledger log` read like `git log` (docs/CLI.md §ledger log): filters, `-n`, refusals,
/// commands shell-quoted, and the pager on a terminal only, without secrets.
@Suite struct LogCommandTests {
    let pass = TestSecrets.cliEnvironment

    /// Records: 1 ledger.created, 2 deployment.started R1, 3 item.ticked 1.1.1 (R1), 4 note
    /// (R1), 5 deployment.started R2 (bob), 6 note (R2, bob).
    func twoDeployments() throws -> CLI {
        let cli = try CLI.started("R1")
        for args in [
            ["tick", "1.1.1"], ["note", "all green"], ["deploy", "start", "--name", "R2", "--as", "bob"],
            ["note", "second", "--deployment", "R2", "--as", "bob"],
        ] {
            let r = try cli.run(args, env: pass)
            precondition(r.status == 0, r.stderr)
        }
        return cli
    }

    /// The sequence numbers of `ledger log`'s lines.
    func seqs(_ r: CLI.Result) -> [Int] { r.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.flatMap { Int($0) } } }

    /// The records as `ledger log --json` gives them.
    func records(_ cli: CLI, _ args: [String] = []) throws -> [JSONValue] {
        try cli.run(["log", "--json"] + args, env: pass).stdout.split(separator: "\n").map { try CanonicalJSON.parse(Array($0.utf8)) }
    }

    @Test func eachFilterAndCombinationSelectsItsEvents() throws {
        let cli = try twoDeployments()
        let cases: [([String], [Int])] = [
            ([], [1, 2, 3, 4, 5, 6]),
            (["--deployment", "R1"], [2, 3, 4]),
            (["--deployment", "R2"], [5, 6]),
            (["--actor", "bob"], [5, 6]),
            (["--actor", "bob", "--actor", "tester"], [1, 2, 3, 4, 5, 6]),
            (["--actor", "nobody"], []),
            (["--kind", "note"], [4, 6]),
            (["--kind", "note,item."], [3, 4, 6]),
            (["--kind", "deployment.", "--kind", "note"], [2, 4, 5, 6]),
            (["--kind", "note", "--actor", "tester"], [4]),
            (["--deployment", "R1", "--kind", "item.ticked"], [3]),
            (["--deployment", "R2", "--actor", "tester"], []),
            (["-n", "2"], [5, 6]),
            (["-n", "1", "--deployment", "R1"], [4]),
            (["--max-count", "2", "--kind", "note,deployment.started"], [5, 6]),
            (["-n", "3", "--kind", "note,item."], [3, 4, 6]),
            (["-n", "0"], []),
            (["-n", "99"], [1, 2, 3, 4, 5, 6]),
        ]
        for (args, expected) in cases {
            let r = try cli.run(["log"] + args, env: pass)
            #expect(r.status == 0 && r.stderr == "", "\(args): \(r.stderr)")
            #expect(seqs(r) == expected, "\(args)")
        }
    }

    @Test func sinceAndUntilUseTheExportsReaderOnRecordTimes() throws {
        let cli = try twoDeployments()
        let all = try records(cli)
        let times = all.map { Timestamp(rfc3339: $0["time"]!.stringValue!)! }
        let t3 = all[2]["time"]!.stringValue!, t5 = all[4]["time"]!.stringValue!
        let cases: [([String], [Int])] = [
            (["--since", t3], (1...6).filter { times[$0 - 1] >= times[2] }),
            (["--until", t3], (1...6).filter { times[$0 - 1] <= times[2] }),
            (["--since", t3, "--until", t5], (1...6).filter { times[$0 - 1] >= times[2] && times[$0 - 1] <= times[4] }),
            (["--since", t3, "-n", "1"], [6]),
            (["--since", "-1h"], [1, 2, 3, 4, 5, 6]),
            (["--since", "2999-01-01"], []),
            (["--until", "2000-01-01"], []),
        ]
        #expect(cases[0].1.first == 3 && cases[1].1.last == 3, "the records are ms apart: the bounds are inclusive")
        for (args, expected) in cases {
            let r = try cli.run(["log"] + args, env: pass)
            #expect(r.status == 0 && r.stderr == "", "\(args): \(r.stderr)")
            #expect(seqs(r) == expected, "\(args)")
        }
    }

    @Test func jsonSelectsTheSameEvents() throws {
        let cli = try twoDeployments()
        let last = try records(cli, ["--kind", "note", "-n", "1"])
        #expect(last.count == 1)
        #expect(last.first?["seq"] == 6 && last.first?["kind"] == "note" && last.first?["actor"] == "bob")
        #expect(try records(cli, ["--deployment", "R1"]).map { $0["seq"] } == [2, 3, 4])
    }

    @Test func badValuesAreRefusedWithExit64AndAHint() throws {
        let cli = try twoDeployments()
        let count = "ledger: hint: give how many of the most recent events to show, a whole number from 0, e.g. -n 20\n"
        // Argument errors come before the ledger is opened: no passphrase needed.
        for (args, error) in [
            (["-n", "x"], "ledger: error: -n 'x' is not a number of events\n" + count),
            (["-n", "-1"], "ledger: error: -n '-1' is not a number of events\n" + count),
            (["-n", ""], "ledger: error: -n '' is not a number of events\n" + count),
            (["-n", "99999999999999999999"], "ledger: error: -n '99999999999999999999' is not a number of events\n" + count),
        ] {
            let r = try cli.run(["log"] + args)
            #expect(r.status == 64 && r.stdout == "", "\(args)")
            #expect(r.stderr == error, "\(args)")
        }
        let kinds = "ledger: hint: the kinds are: ledger.created, note, deployment.started, item.ticked,"
        for (args, error) in [
            (["--kind", "tick"], "ledger: error: --kind 'tick' matches no event kind\n" + kinds),
            (["--kind", "item"], "ledger: error: --kind 'item' matches no event kind; for every item.* kind give 'item.'\n" + kinds),
            (["--kind", "note,bogus"], "ledger: error: --kind 'bogus' matches no event kind\n" + kinds),
            (["--kind", ""], "ledger: error: --kind '' matches no event kind\n" + kinds),
            (["--since", "yesterday"], "ledger: error: --since 'yesterday' is not a time\nledger: hint: use a date (2026-11-26),"),
            (["--until", "2026-13-01"], "ledger: error: --until '2026-13-01' is not a date: 2026-13-01 does not exist\n"),
        ] {
            let r = try cli.run(["log"] + args)
            #expect(r.status == 64 && r.stdout == "", "\(args)")
            #expect(r.stderr.hasPrefix(error), "\(args): \(r.stderr)")
        }
        let ids = try records(cli, ["--kind", "deployment.started"]).map { String($0["deployment"]!.stringValue!.prefix(8)) }
        let unknown = try cli.run(["log", "--deployment", "nope"], env: pass)
        #expect(unknown.status == 64 && unknown.stdout == "")
        #expect(
            unknown.stderr
                == "ledger: error: no deployment 'nope' in 'deploy.ledger'\nledger: hint: the deployments are: 'R1' (\(ids[0])), 'R2' (\(ids[1]))\n")
    }

    @Test func aCommandIsShownShellQuotedAndCopiesBackToTheSameWords() throws {
        let cli = try CLI.started("R1")
        let words = ["a b", "it's", "\u{1B}[31mred", "", "tab\there", "bidi\u{202E}x", "/plain-word_1.2=x"]
        let run = try cli.run(["run", "7.2.1.1", "--", "printf", "[%s]\\n"] + words, env: pass)
        #expect(run.status == 0, "\(run.stderr)")
        let log = try cli.run(["log", "--kind", "action.started"], env: pass)
        let quoted = #"printf '[%s]\n' 'a b' 'it'\''s' $'\e[31mred' '' $'tab\there' $'bidi\u202ex' /plain-word_1.2=x"#
        #expect(log.stdout.hasSuffix("7.2.1.1 Create database backup — started: " + quoted + "\n"), "\(log.stdout)")
        #expect(!log.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" || $0 == "\t" }, "nothing reaches the terminal raw")
        let again = try cli.run(["-c", quoted], env: ["LC_ALL": "C.UTF-8"], executable: "/bin/bash")  // $'\\u…' needs a UTF-8 locale
        #expect(again.stdout == run.stdout && again.stdout == words.map { "[\($0)]\n" }.joined(), "pasted into bash, the same words")
    }

    @Test func shellWordsQuoteEachKindOfWord() {
        #expect(ShellWords.quote("") == "''")
        #expect(ShellWords.quote("--flag=x/y,z@1%") == "--flag=x/y,z@1%")
        #expect(ShellWords.quote("a b") == "'a b'")
        #expect(ShellWords.quote("$HOME;rm") == "'$HOME;rm'")
        #expect(ShellWords.quote("it's") == #"'it'\''s'"#)
        #expect(ShellWords.quote("a'b\n") == #"$'a\'b\n'"#)
        #expect(ShellWords.quote("\u{1}\u{7F}\u{85}") == #"$'\x01\x7f\u0085'"#)
        #expect(ShellWords.quote("back\\slash\r") == #"$'back\\slash\r'"#)
        #expect(ShellWords.quote("é ü") == "'é ü'")
    }

    @Test func aScriptFromTheChecklistShowsTheShellAndTheScript() throws {
        let cli = try CLI.started("R1")
        _ = try cli.run(["run", "7.2.1.1", "--yes"], env: pass)
        let log = try cli.run(["log", "--kind", "action.started"], env: pass)
        #expect(
            log.stdout.contains(
                "started: the checklist's commands: /bin/bash -e -o pipefail -O inherit_errexit -c $'pg_dump -h host -U user -d database > backup_$(date +%Y%m%d_%H%M%S).sql\\n'"
            ), "\(log.stdout)")
    }
}

/// The pager: on a terminal only, as git pages, never with a secret in its environment.
@Suite struct LogPagerTests {
    /// `ledger log` on a terminal with the recording pager; LEDGER_PASSPHRASE and
    /// LEDGER_KEY_PASSPHRASE set.
    let secrets = ["LEDGER_PASSPHRASE": TestSecrets.cliPassphrase, "LEDGER_KEY_PASSPHRASE": "kp-Zq81-unused"]

    /// A pager that records its argv, environment and input beside itself (and shows nothing).
    func recorder(_ cli: CLI) throws -> String {
        let path = cli.path("pager.sh")
        let script = "#!/bin/sh\nd=$(dirname \"$0\")\nprintf '%s\\n' \"$@\" > \"$d/pager.argv\"\nenv > \"$d/pager.env\"\ncat > \"$d/pager.stdin\"\n"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    func recorded(_ cli: CLI, _ what: String) -> String? { try? String(contentsOfFile: cli.path("pager." + what), encoding: .utf8) }

    @Test func onATerminalTheLogGoesThroughPagerWithoutSecrets() throws {
        let cli = try CLI.deployed()
        let pager = try recorder(cli)
        let piped = try cli.run(["log"], env: secrets)
        let r = try cli.runOnTerminal(["log"], env: secrets.merging(["PAGER": pager]) { $1 })
        #expect(r.status == 0, "\(r.stdout)")
        #expect(recorded(cli, "stdin") == piped.stdout, "the pager got the whole log")
        #expect(!r.stdout.contains("ledger.created"), "nothing went to the terminal around the pager")
        #expect(recorded(cli, "argv") == "\n", "a one-word pager runs without arguments")
        let env = recorded(cli, "env") ?? ""
        #expect(env.contains("LESS=FRX\n") && env.contains("LV=-c\n"))
        #expect(!env.contains("LEDGER_PASSPHRASE") && !env.contains("LEDGER_KEY_PASSPHRASE") && !env.contains("kp-Zq81"), "\(env)")
    }

    @Test func ledgerPagerOverridesPagerAndRunsWithTheShell() throws {
        let cli = try CLI.deployed()
        let pager = try recorder(cli)
        let env = secrets.merging(["LEDGER_PAGER": pager + " --from-ledger-pager", "PAGER": cli.path("not-this"), "LESS": "-S"]) { $1 }
        let r = try cli.runOnTerminal(["log", "-n", "1"], env: env)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(recorded(cli, "argv") == "--from-ledger-pager\n")
        #expect(recorded(cli, "env")?.contains("LESS=-S\n") == true, "a LESS of the user's own stays")
        #expect(recorded(cli, "stdin")?.contains("all green") == true)
    }

    @Test func noPagerWhenEmptyCatOrNoPagerOrPiped() throws {
        let cli = try CLI.deployed()
        let pager = try recorder(cli)
        for (env, args) in [(["PAGER": "cat"], []), (["PAGER": ""], []), (["LEDGER_PAGER": "", "PAGER": pager], []), (["PAGER": pager], ["--no-pager"])] {
            let r = try cli.runOnTerminal(["log"] + args, env: secrets.merging(env) { $1 })
            #expect(r.status == 0 && r.stdout.contains("all green"), "\(env) \(args): \(r.stdout)")
            #expect(recorded(cli, "argv") == nil, "\(env) \(args)")
        }
        let piped = try cli.run(["log"], env: secrets.merging(["PAGER": pager]) { $1 })
        #expect(piped.status == 0 && piped.stdout.contains("all green"))
        #expect(recorded(cli, "argv") == nil, "piped output is never paged")
    }

    @Test func aPagerThatCannotStartIsNamedAndTheLogPrintsWithoutIt() throws {
        let cli = try CLI.deployed()
        let missing = cli.path("no-such-pager")
        let r = try cli.runOnTerminal(["log"], env: secrets.merging(["PAGER": missing]) { $1 })
        #expect(r.status == 0)
        // On a terminal the label is coloured (docs/CLI.md §Colour).
        let warning = "\u{1B}[33mledger: warning:\u{1B}[0m cannot run the pager '\(missing)': No such file or directory; printing without it\r\n"
        #expect(r.stdout.hasPrefix(warning), "\(r.stdout.debugDescription)")
        #expect(r.stdout.contains("all green"))
    }

    @Test func aReaderThatQuitsEarlyEndsTheLogQuietlyWithExit0() throws {
        let cli = try CLI.deployed()
        let text = String(repeating: "x", count: 60_000)
        for _ in 0..<3 { #expect(try cli.run(["note", text], env: secrets).status == 0) }  // more than a pipe holds
        let quit = cli.path("quit.sh")
        try "#!/bin/sh\nexit 0\n".write(toFile: quit, atomically: true, encoding: .utf8)
        chmod(quit, 0o755)
        let r = try cli.runOnTerminal(["log"], env: secrets.merging(["PAGER": quit]) { $1 })
        #expect(r.status == 0 && r.stdout == "", "no error when the pager quits (q): \(r.stdout.prefix(300))")
        let head = try cli.run(["-o", "pipefail", "-c", "'\(CLI.binary)' log | head -c 100 >/dev/null"], env: secrets, executable: "/bin/bash")
        #expect(head.status == 0 && head.stderr == "", "nor when head has had enough: \(head.stderr)")
    }
}

extension CLI {
    /// Runs `ledger args…` with a new pseudo-terminal as its standard input, output and error
    /// (python3's pty module) and returns what the terminal showed (line ends `\r\n`).
    func runOnTerminal(_ args: [String], env extraEnv: [String: String]) throws -> Result {
        try run(["-c", Self.onTerminal, CLI.binary] + args, env: extraEnv, executable: "/usr/bin/python3")
    }

    static let onTerminal = """
        import os, pty, sys
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[1], sys.argv[1:])
        out = b''
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            out += data
        _, status = os.waitpid(pid, 0)
        sys.stdout.buffer.write(out)
        sys.exit(os.waitstatus_to_exitcode(status))
        """
}
