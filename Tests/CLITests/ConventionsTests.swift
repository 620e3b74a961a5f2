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
}
