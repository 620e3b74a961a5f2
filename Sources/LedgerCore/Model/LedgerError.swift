/// An error a person can act on: what went wrong, what to do, and which exit code it maps to.
///
/// Every failure the library reports to the CLI is a `LedgerError`; the CLI prints
/// `ledger: error: <message>` and, when there is one, `ledger: hint: <hint>`, then exits with
/// `category.exitCode` (docs/CLI.md §Exit codes). Messages never contain secrets.
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
    /// One sentence naming the thing and what is wrong with it.
    public let message: String
    /// What to do about it, if there is something to say.
    public let hint: String?

    /// Creates an error.
    public init(_ category: Category, _ message: String, hint: String? = nil) {
        self.category = category
        self.message = message
        self.hint = hint
    }

    public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}
