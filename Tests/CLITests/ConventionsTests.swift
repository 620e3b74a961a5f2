import Foundation
import LedgerCore
import LedgerStore
import Testing

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
        try expectUsage(
            ["verfy", "--json", "x.ledger"], ["ledger: error: unknown command 'verfy'", "ledger: hint: did you mean 'verify'?"])
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
        let known = try CLI().run(["help", "deploy", "start"])
        #expect(known.status == 0)
        #expect(known.stdout.contains("USAGE: ledger deploy start"))
    }

    @Test func anArgumentAfterALeafCommandIsNotTakenForACommand() throws {
        // `verify FILE`: FILE is verify's to parse, however it is spelt.
        let r = try CLI().run(["verify", "verfy"])
        #expect(!r.stderr.contains("unknown command"))
    }
}
