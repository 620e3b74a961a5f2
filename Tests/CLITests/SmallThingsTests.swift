import Foundation
import LedgerCore
import TestSupport
import Testing

/// What a lead under pressure feels (issue #12 point 7): `LEDGER_DEPLOYMENT`, the next
/// command after `init` and `deploy start`, `note --file`, and naming a roster key's holder.
@Suite struct SmallThingsTests {
    let pass = TestSecrets.cliEnvironment

    /// The number of records in the ledger.
    func records(_ cli: CLI) throws -> Int {
        try cli.run(["log", "--json"], env: pass).stdout.split(separator: "\n").count
    }

    /// `ledger ARGS…` in `cli`'s folder with `input` on standard input (through a pipe).
    func run(_ cli: CLI, _ args: [String], input: String) throws -> CLI.Result {
        let file = cli.path("stdin-\(UUID().uuidString)")
        try Data(input.utf8).write(to: URL(fileURLWithPath: file))
        return try cli.run(["-c", "f=\"$1\"; shift; cat \"$f\" | \"$0\" \"$@\"", CLI.binary, file] + args, env: pass, executable: "/bin/sh")
    }

    @Test func ledgerDeploymentSelectsTheDeploymentAndTheFlagWins() throws {
        let cli = try CLI.started("R1")
        #expect(try cli.run(["deploy", "start", "--name", "R2"], env: pass).status == 0)
        #expect(try cli.run(["status"], env: pass).status == 64, "two deployments and none named")
        let r2 = pass.merging(["LEDGER_DEPLOYMENT": "R2"]) { $1 }
        #expect(try cli.run(["status"], env: r2).stdout.hasPrefix("deployment 'R2' ("))
        #expect(try cli.run(["status", "--deployment", "R1"], env: r2).stdout.hasPrefix("deployment 'R1' ("), "the flag wins")
        #expect(try cli.run(["tick", "1.1.1"], env: r2).status == 0)
        let list = try cli.run(["deploy", "list"], env: pass).stdout.split(separator: "\n")
        #expect(list.count == 2 && list[0].hasSuffix("0/251  R1") && list[1].hasSuffix("1/251  R2"), "\(list)")
        let timeline = try cli.run(["export", "timeline", "--format", "md"], env: r2).stdout
        #expect(timeline.hasPrefix("# Timeline: R2\n"))
    }

    @Test func anUnknownLedgerDeploymentIsAnErrorNamingTheVariable() throws {
        let cli = try CLI.started("R1")
        let before = try records(cli)
        let r = try cli.run(["tick", "1.1.1"], env: pass.merging(["LEDGER_DEPLOYMENT": "R9"]) { $1 })
        #expect(r.status == 64)
        #expect(
            r.stderr
                == "ledger: error: no deployment 'R9' in 'deploy.ledger' (named by LEDGER_DEPLOYMENT)\nledger: hint: the deployments are: 'R1' (\(try deploymentPrefix(cli))); set LEDGER_DEPLOYMENT to one of them, or unset it\n"
        )
        #expect(try records(cli) == before, "nothing was written")
        let flag = try cli.run(["tick", "1.1.1", "--deployment", "R9"], env: pass)
        #expect(flag.status == 64 && flag.stderr.hasPrefix("ledger: error: no deployment 'R9' in 'deploy.ledger'\n"), "the flag's error names no variable")
    }

    func deploymentPrefix(_ cli: CLI) throws -> String {
        String(try cli.run(["deploy", "list"], env: pass).stdout.prefix(8))
    }

    @Test func initAndDeployStartEndWithTheNextCommand() throws {
        let cli = CLI()
        var r = try cli.run(["init", "--format", "1", "--kdf-memory", "19"], env: pass)
        #expect(r.stdout.hasSuffix("cannot be recovered\nnext: ledger deploy start --name NAME\n"), "\(r.stdout)")
        r = try cli.run(["init", "my prod.ledger", "--kdf-memory", "19"], env: pass)
        #expect(r.stdout.hasSuffix("\nnext: ledger deploy start --name NAME --ledger 'my prod.ledger'\n"), "\(r.stdout)")
        r = try cli.run(["deploy", "start", "--name", "R1"], env: pass)
        #expect(r.stdout.hasSuffix("\nnext: ledger tick 1.1.1  # All code changes reviewed and approved\n"), "\(r.stdout)")
        r = try cli.run(["deploy", "start", "--name", "Release 2"], env: pass)
        #expect(r.stdout.hasSuffix("\nnext: ledger tick 1.1.1 --deployment 'Release 2'  # All code changes reviewed and approved\n"), "\(r.stdout)")
        r = try cli.run(["deploy", "start", "--name", "R3", "--ledger", "my prod.ledger"], env: pass)
        #expect(r.stdout.hasSuffix("\nnext: ledger tick 1.1.1 --ledger 'my prod.ledger'  # All code changes reviewed and approved\n"), "\(r.stdout)")
    }

    @Test func noteFileTakesTextTooLongForAnArgumentUpToItsLimit() throws {
        let cli = try CLI.started("R1")
        let long = String(repeating: "é", count: NoteText.maxBytes / 2)  // 65536 bytes exactly
        try Data((long + "\n").utf8).write(to: URL(fileURLWithPath: cli.path("long.txt")))
        var r = try cli.run(["note", "--file", "long.txt"], env: pass)
        #expect(r.status == 0 && r.stdout.hasPrefix("recorded note as record 3 "), "\(r.stderr)")
        let last = try cli.run(["log", "--json"], env: pass).stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(try CanonicalJSON.parse(Array(last.utf8))["data"]?["text"]?.stringValue == long, "the final line break is dropped")
        try Data((long + "x").utf8).write(to: URL(fileURLWithPath: cli.path("longer.txt")))
        r = try cli.run(["note", "--file", "longer.txt"], env: pass)
        #expect(r.status == 64)
        #expect(
            r.stderr
                == "ledger: error: the note is 65537 bytes; a note may hold at most 65536 bytes (64 KiB)\nledger: hint: shorten it, or attach the text to an item as evidence\n"
        )
        r = try run(cli, ["note", "--file", "-", "--item", "1.1.1"], input: "from standard input")
        #expect(r.status == 0 && r.stdout.hasPrefix("noted on 1.1.1 "), "\(r.stderr)")
        #expect(try cli.run(["show", "1.1.1"], env: pass).stdout.contains(": from standard input"))
        #expect(try records(cli) == 4)
    }

    @Test func noteRefusesBothNeitherEmptyAndNotUTF8() throws {
        let cli = try CLI.started("R1")
        try Data([0x6F, 0x6B, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: cli.path("bad.txt")))
        try Data("\n\n".utf8).write(to: URL(fileURLWithPath: cli.path("empty.txt")))
        let huge = String(repeating: "a", count: 200_000)
        for (args, input, message) in [
            (["note", "x", "--file", "empty.txt"], nil, "give the note's text or --file, not both"),
            (["note"], nil, "no note text: give TEXT, or --file FILE ('-' for standard input)"),
            (["note", "--file", "empty.txt"], nil, "the note is empty"),
            (["note", "--file", "-"], "", "the note is empty"),
            (["note", "--file", "bad.txt"], nil, "the note in 'bad.txt' is not UTF-8 text"),
            (["note", "--file", "-"], huge, "the note in standard input is more than 65536 bytes, the most a note may hold"),
        ] as [([String], String?, String)] {
            let r = try input.map { try run(cli, args, input: $0) } ?? cli.run(args, env: pass)
            #expect(r.status == 64, "\(args)")
            #expect(r.stderr.hasPrefix("ledger: error: \(message)\nledger: hint: "), "\(args): \(r.stderr)")
        }
        let missing = try cli.run(["note", "--file", "nope.txt"], env: pass)
        #expect(missing.status == 1 && missing.stderr.hasPrefix("ledger: error: cannot read the note from 'nope.txt': "), "\(missing.stderr)")
        #expect(try records(cli) == 2, "nothing was written")
    }

    @Test func rosterAddNameRecordsTheNameOfAHolderRecordedWithout() throws {
        let cli = try CLI.started("R1")
        let env = pass.merging(["LEDGER_KEY_PASSPHRASE": "kp"]) { $1 }
        #expect(try cli.run(["key", "new", "--name", "dana", "--kdf-memory", "19"], env: env).status == 0)
        let line = String(try String(contentsOfFile: cli.path("dana.key.pub"), encoding: .utf8).split(separator: "\n")[1])
        var r = try cli.run(["roster", "add", "--role", "Deployment Lead", "--key", line], env: pass)
        #expect(r.status == 0 && r.stdout.hasSuffix("may sign as Deployment Lead (record 3)\n"), "no name: \(r.stdout)")
        r = try cli.run(["roster", "add", "--role", "Deployment Lead", "--key", line, "--name", "Dana Scully"], env: pass)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.hasSuffix(
                ", Dana Scully) may sign as Deployment Lead: its name was recorded empty, so it was revoked and added again with the name in one transaction (records 4-5); it never left the roster\n"
            ), "\(r.stdout)")
        let list = try CanonicalJSON.parse(Array(try cli.run(["roster", "list", "--json"]).stdout.utf8.dropLast())).arrayValue ?? []
        #expect(list.map { $0["name"]?.stringValue } == ["Dana Scully"] && list.first?["added_seq"]?.intValue == 5)
        r = try cli.run(["roster", "add", "--role", "Deployment Lead", "--key", line, "--name", "Someone Else"], env: pass)
        #expect(r.stdout.hasSuffix("already holds Deployment Lead; nothing written\n"), "a recorded name stays: \(r.stdout)")
        #expect(try records(cli) == 5)
        #expect(try cli.run(["verify"], env: pass).status == 0)
        r = try cli.run(["tick", "1.1.1", "--key", "dana.key"], env: env)
        #expect(r.status == 0, "the key still signs: \(r.stderr)")
        #expect(try cli.run(["verify"], env: pass).status == 0)
    }
}
