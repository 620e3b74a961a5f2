/// An error a person can act on: what went wrong, what to do, and which exit code it maps to.
///
/// Every failure the library reports to the CLI is a `LedgerError`: a category, a `reason`
/// naming what failed and on which object, a plain message, and what to do (a plain `hint`, or
/// a `remedy` the CLI words). The CLI prints `ledger: error: …` and `ledger: hint: …` from it
/// (`ErrorText`, decision 0009) and exits with `category.exitCode` (docs/CLI.md §Exit codes).
/// Messages never contain secrets.
public struct LedgerError: Error, Equatable, CustomStringConvertible {
    /// The class of failure, which fixes the exit code.
    public enum Category: String, Sendable, Equatable {
        /// Anything else: I/O, a missing file, a refused operation. Exit 1.
        case failure
        /// `verify` found tampering. Exit 3.
        case tampered
        /// The file is damaged: malformed records or an unreadable database. Exit 4.
        case corrupt
        /// The passphrase or key does not open the ledger. Exit 5.
        case wrongKey
        /// The file is not a ledger, or was written by a newer format version. Exit 6.
        case notALedger
        /// `verify` found the log intact but a sign-off stale (the checklist changed after it
        /// was signed). Exit 7.
        case stale
        /// The command line is wrong. Exit 64.
        case usage

        /// The process exit code for this category.
        public var exitCode: Int32 {
            switch self {
            case .failure: 1
            case .tampered: 3
            case .corrupt: 4
            case .wrongKey: 5
            case .notALedger: 6
            case .stale: 7
            case .usage: 64
            }
        }
    }

    /// The class of failure.
    public let category: Category
    /// What failed, and on which object (decision 0009); `.other` when `message` says it all.
    public let reason: Reason
    /// One sentence naming the thing and what is wrong with it: a plain description for logs.
    /// It names no command, flag or environment variable; the CLI words those (`ErrorText`).
    public let message: String
    /// What to do about it, in words that name no command, flag or environment variable.
    public let hint: String?
    /// What to do about it when the remedy is a command, a flag or a variable of the CLI,
    /// which words it (it takes the place of `hint` there).
    public let remedy: Remedy?
    /// The underlying failure, where there is one (an SQLite result, a malformed payload).
    public let cause: Cause?

    /// Creates an error with no structured reason: its message and hint say it all.
    public init(_ category: Category, _ message: String, hint: String? = nil) {
        self.init(category, message, .other, hint: hint)
    }

    /// Creates an error saying what failed (`reason`) and, when the remedy is a CLI command,
    /// flag or variable, which one (`remedy`).
    public init(_ category: Category, _ message: String, _ reason: Reason, hint: String? = nil, remedy: Remedy? = nil, cause: Cause? = nil) {
        self.category = category
        self.reason = reason
        self.message = message
        self.hint = hint
        self.remedy = remedy
        self.cause = cause
    }

    /// The same error with another message (a caller adding what it was doing).
    public func reworded(_ message: String) -> LedgerError {
        LedgerError(category, message, reason, hint: hint, remedy: remedy, cause: cause)
    }

    public var description: String {
        let advice = hint ?? remedy.map { "\($0)" }
        return advice.map { "\(message) (\($0))" } ?? message
    }
}
