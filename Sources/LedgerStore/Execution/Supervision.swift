import CProcess
import LedgerCore

/// Whether `ledger run` can run a command here. Its supervisor (the command and everything it
/// starts die with ledger) needs Linux: the parent-death signal and child subreaper of
/// `prctl`, and `/proc`. Elsewhere (macOS) `ledger run` refuses before it records anything
/// (docs/CLI.md §ledger run, docs/decisions/0013-portable-and-tidy.md).
public enum Supervision {
    /// True where commands can be supervised (Linux).
    public static var isAvailable: Bool { ledger_can_spawn() != 0 }

    /// The refusal where they cannot: a failure (exit 1).
    public static let unavailable = LedgerError(
        .failure, "commands can be run and recorded only on Linux: the supervisor binds them to this process with prctl and /proc")

    /// Returns when commands can be supervised here.
    /// - Throws: `unavailable` elsewhere.
    public static func require() throws(LedgerError) {
        guard isAvailable else { throw unavailable }
    }
}
