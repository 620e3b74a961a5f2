import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import TestSupport
import Testing

@testable import ledger

/// The conventions every command shares (issue #12 point 6): what `--version` says, how a
/// mistyped command is answered, and what the help shows (docs/CLI.md).
@Suite struct ConventionsTests {
    @Test func versionNamesTheFormatAndTheLibraries() throws {
        let r = try CLI().run(["--version"])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(
            r.stdout
                == "ledger 0.1.0 (format \(RecordFormat.version), libsodium \(Sodium.versionString), SQLite \(SQLiteLibrary.version))\n"
        )
        // The SQLite version is the system library's, as its own shell reports it.
        let shell = try CLI().run(["--version"], executable: "/usr/bin/sqlite3")
        #expect(shell.stdout.split(separator: " ").first.map(String.init) == SQLiteLibrary.version)
        #expect(Sodium.versionString.split(separator: ".").count == 3)
    }

    /// Runs `args` and expects exit 64 with exactly `lines` on standard error and nothing on
    /// standard output.
    func expectUsage(_ args: [String], _ lines: [String]) throws {
        let r = try CLI().run(args)
        #expect(r.status == 64, "\(args)")
        #expect(r.stdout == "", "\(args)")
        #expect(r.stderr == lines.map { $0 + "\n" }.joined(), "\(args)")
    }

    @Test func aMistypedCommandIsNamedWithTheNearestOne() throws {
        try expectUsage(["verfy"], ["ledger: error: unknown command 'verfy'", "ledger: hint: did you mean 'verify'?"])
        // With --json the error object goes to standard output too (docs/CLI.md §Errors as JSON).
        let json = try CLI().run(["verfy", "--json", "x.ledger"])
        #expect(json.status == 64)
        #expect(json.stdout == #"{"error":"unknown command 'verfy'","exit":64,"hint":"did you mean 'verify'?"}"# + "\n")
        #expect(json.stderr == "ledger: error: unknown command 'verfy'\nledger: hint: did you mean 'verify'?\n")
        try expectUsage(
            ["deploy", "strat", "--name", "R"],
            ["ledger: error: unknown command 'deploy strat'", "ledger: hint: did you mean 'deploy start'?"])
        try expectUsage(
            ["ver"], ["ledger: error: unknown command 'ver'", "ledger: hint: did you mean 'verify' or 'verify-export'?"])
        try expectUsage(["Status"], ["ledger: error: unknown command 'Status'", "ledger: hint: did you mean 'status'?"])
    }

    @Test func aCommandWithNothingCloseListsTheCommands() throws {
        try expectUsage(
            ["deploy", "bogus"],
            [
                "ledger: error: unknown command 'deploy bogus'",
                "ledger: hint: the commands of 'ledger deploy' are start, list, close; see 'ledger help deploy'",
            ])
        let r = try CLI().run(["zzzzzz"])
        #expect(r.status == 64)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "ledger: error: unknown command 'zzzzzz'")
        #expect(lines.count == 2 && lines[1].hasPrefix("ledger: hint: the commands are init, deploy, "))
        #expect(lines.last?.hasSuffix("; see 'ledger --help'") == true)
    }

    @Test func helpForAnUnknownCommandIsAUsageError() throws {
        let bogus = try CLI().run(["help", "bogus"])
        #expect(bogus.status == 64)
        #expect(bogus.stdout == "")
        #expect(bogus.stderr.hasPrefix("ledger: error: unknown command 'bogus'\nledger: hint: the commands are init, deploy, "))
        try expectUsage(["help", "verfy"], ["ledger: error: unknown command 'verfy'", "ledger: hint: did you mean 'verify'?"])
        try expectUsage(
            ["help", "deploy", "strat"],
            ["ledger: error: unknown command 'deploy strat'", "ledger: hint: did you mean 'deploy start'?"])
        let helpOfHelp = try CLI().run(["help", "help"])
        #expect(helpOfHelp.status == 0)
        #expect(helpOfHelp.stdout.contains("USAGE: ledger help"))
        let known = try CLI().run(["help", "deploy", "start"])
        #expect(known.status == 0)
        #expect(known.stdout.contains("USAGE: ledger deploy start"))
    }

    @Test func anArgumentAfterALeafCommandIsNotTakenForACommand() throws {
        // `verify FILE`: FILE is verify's to parse, however it is spelt.
        let r = try CLI().run(["verify", "verfy"])
        #expect(!r.stderr.contains("unknown command"))
    }

    /// Every command path under `ledger` (`["deploy"]`, `["deploy", "start"]`, …).
    static let commandPaths: [[String]] = {
        func walk(_ command: any ParsableCommand.Type, _ path: [String]) -> [[String]] {
            command.configuration.subcommands.flatMap { sub in
                [path + [sub._commandName]] + walk(sub, path + [sub._commandName])
            }
        }
        return walk(LedgerCommand.self, [])
    }()

    @Test func theHelpListsEveryExitCodeOfTheTable() throws {
        let doc = try String(contentsOf: Repository.url("docs/CLI.md"), encoding: .utf8)
        let section = try #require(doc.components(separatedBy: "\n## Exit codes\n").last?.components(separatedBy: "\n## ").first)
        let table = section.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("| ") else { return nil }
            return Int(line.dropFirst(2).prefix { $0 != " " })
        }
        let help = try CLI().run(["--help"], env: ["COLUMNS": "200"])
        #expect(help.status == 0)
        let flat = help.stdout.split(whereSeparator: \.isNewline).joined(separator: " ")
        let list = try #require(flat.components(separatedBy: "Exit codes: ").last?.components(separatedBy: " (docs/CLI.md").first)
        let listed = list.components(separatedBy: ", ").compactMap { Int($0.prefix { $0 != " " }) }
        #expect(table == [0, 1, 3, 4, 5, 6, 7, 64])
        #expect(listed == table)
    }

    /// What is wrong with `ledger help PATH` at `width` columns: a line wider than that (other
    /// than the usage line and the `See 'ledger help …'` line, which ArgumentParser prints
    /// unwrapped, and a line holding one word too long to break), and, in the overview, a line
    /// broken where the next word would still have fit (a hard line break inside a paragraph;
    /// ArgumentParser keeps the last column free).
    func helpFaults(_ path: [String], width: Int) throws -> [String] {
        let r = try CLI().run(["help"] + path, env: ["COLUMNS": String(width)])
        #expect(r.status == 0, "\(path)")
        let overlong = r.stdout.split(separator: "\n").filter { line in
            line.count > width && !line.hasPrefix("USAGE: ") && !line.hasPrefix("  See 'ledger help ")
                && line.drop { $0 == " " }.contains(" ")
        }
        let overview = r.stdout.components(separatedBy: "\nUSAGE: ").first ?? ""
        let lines = overview.split(separator: "\n", omittingEmptySubsequences: false)
        let ragged = zip(lines, lines.dropFirst()).compactMap { line, next -> String? in
            guard !line.isEmpty, let word = next.split(separator: " ").first else { return nil }
            return line.count + 1 + word.count < width ? "\(line) / \(next)" : nil
        }
        return overlong.map { "too wide: \($0)" } + ragged.map { "broken early: \($0)" }
    }

    @Test(arguments: [40, 200]) func everyHelpWrapsToTheTerminal(width: Int) throws {
        #expect(Self.commandPaths.count > 20)
        for path in [[]] + Self.commandPaths {
            #expect(try helpFaults(path, width: width) == [], "ledger help \(path.joined(separator: " "))")
        }
    }
}
