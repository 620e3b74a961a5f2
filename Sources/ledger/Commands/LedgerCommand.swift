import ArgumentParser
import LedgerCore
import LedgerStore

/// The `ledger` root command: a tamper-evident, encrypted record of a deployment.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Keep the tamper-evident, encrypted record of a production deployment.",
        discussion: """
            Every command finds its ledger from --ledger FILE, else LEDGER_FILE, else ./deploy.ledger. The \
            passphrase comes from LEDGER_PASSPHRASE, --passphrase-file, or a prompt on a terminal.

            Exit codes: 0 ok, 1 failure, 3 tampering or a bad signature found, 4 corruption, 5 wrong passphrase, \
            6 not a ledger or newer format, 7 intact but a sign-off stale, 64 usage (docs/CLI.md §Exit codes).
            """,
        version: LedgerCommand.versionLine,
        subcommands: [
            Init.self, Deploy.self, Tick.self, Untick.self, Skip.self, Attach.self, Note.self, Run.self,
            Rollback.self, Contact.self, Status.self, Show.self, Log.self, Verify.self, Export.self,
            CheckpointCommand.self, Prove.self, Key.self, VerifyExport.self, RosterCommand.self, MemberCommand.self, Sign.self, Unlock.self, Lock.self,
        ])

    /// The release of this build.
    static let release = "0.1.0"

    /// What `ledger --version` prints: the release, the format version it writes and reads, and
    /// the libsodium and SQLite libraries it runs on (docs/CLI.md §Version).
    static var versionLine: String {
        "ledger \(release) (format \(RecordFormat.version), libsodium \(Sodium.versionString), "
            + "SQLite \(SQLiteLibrary.version))"
    }
}
