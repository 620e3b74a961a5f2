/// An argv as a line a user can copy into a POSIX shell (bash, zsh, ksh) and get the same
/// words back, safe to print on a terminal (docs/CLI.md §ledger log):
///
/// - a word of only `A-Z a-z 0-9 @ % + = : , . / _ -` stays as it is (`ls`, `-la`, `/tmp`);
/// - the empty word is `''`;
/// - a word with a character that `TerminalText` would escape (a control character, a
///   bidirectional control, a line separator) is ANSI-C quoted, `$'…'`, with that character as
///   `\n`, `\t`, `\e`, `\xHH` or `\uHHHH`, and `\` and `'` as `\\` and `\'`;
/// - any other word is in single quotes, a `'` inside written `'\''`.
enum ShellWords {
    /// The words quoted and joined by spaces.
    static func line(_ argv: [String]) -> String { argv.map(quote).joined(separator: " ") }

    /// One word quoted (see the type's summary).
    static func quote(_ word: String) -> String {
        if word.isEmpty { return "''" }
        if word.unicodeScalars.allSatisfy(isPlain) { return word }
        if word.unicodeScalars.contains(where: needsEscape) { return "$'" + word.unicodeScalars.map(ansiC).joined() + "'" }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// A character no shell reads specially anywhere in a word.
    static func isPlain(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || "@%+=:,./_-".unicodeScalars.contains(c))
    }

    /// A character the terminal must not get as it is (`TerminalText.safe` escapes it).
    static func needsEscape(_ c: Unicode.Scalar) -> Bool { TerminalText.safe(String(c)) != String(c) }

    /// One character inside `$'…'`.
    static func ansiC(_ c: Unicode.Scalar) -> String {
        let named: [UInt32: String] = [7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 27: "\\e", 92: "\\\\", 39: "\\'"]
        if let n = named[c.value] { return n }
        guard needsEscape(c) else { return String(c) }
        let hex = String(c.value, radix: 16)
        if c.value < 0x80 { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
        return c.value <= 0xFFFF ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
