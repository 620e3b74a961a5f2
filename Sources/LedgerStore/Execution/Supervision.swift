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
        .failure, "ledger run needs Linux: it binds the command and every process it starts to ledger's life with prctl and /proc",
        hint: "run the step on a Linux machine, or run it by hand and record it with ledger note / ledger tick")

    /// Returns when commands can be supervised here.
    /// - Throws: `unavailable` elsewhere.
    public static func require() throws(LedgerError) {
        guard isAvailable else { throw unavailable }
    }
}
