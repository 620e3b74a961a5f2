/// The text of a note, `note` on the ledger or a deployment and `item.noted` on an item
/// (docs/FORMAT.md §9): one limit for both, enforced by every writer.
public enum NoteText {
    /// The most UTF-8 bytes a note's text may hold (64 KiB).
    public static let maxBytes = 65_536

    /// Refuses a text that is empty or only white space, and one longer than `maxBytes`.
    /// - Throws: `LedgerError` (`.usage`; `.noteEmpty`, `.noteTooLong`).
    public static func check(_ text: String) throws(LedgerError) {
        if text.allSatisfy(\.isWhitespace) {
            throw LedgerError(.usage, "the note is empty", .noteEmpty, hint: "give its text")
        }
        let n = text.utf8.count
        if n > maxBytes {
            throw LedgerError(
                .usage, "the note is \(n) bytes; a note may hold at most \(maxBytes) bytes (64 KiB)", .noteTooLong(bytes: n),
                hint: "shorten it, or attach the text to an item as evidence")
        }
    }
}
