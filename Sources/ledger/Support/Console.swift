import Dispatch
import FoundationEssentials
import LedgerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every line of human-readable output goes through `print(_:)` below, which escapes the
/// whole line (line breaks included): a note, name or template holding ESC, BEL, C1 controls,
/// bidirectional overrides or line separators shows them as `\u{…}` instead of redrawing
/// the terminal or faking a line. JSON goes out exactly (`Console.json`).
func print(_ line: String) { Swift.print(TerminalText.safe(line)) }

/// Writing to the terminal: errors, progress, plain output.
enum Console {
    /// Prints `ledger: error: …` and `ledger: hint: …` (`ErrorText`) to standard error.
    /// Messages embed user text (item ids, file names, values): each is escaped whole, so
    /// it stays one line and cannot redraw the terminal. With `json`, also the error object
    /// (`ErrorText.json`) on standard output.
    static func report(_ e: LedgerError, json: Bool = false) {
        for line in ErrorText.lines(e) { printError(TerminalText.safe(line)) }
        if json { Console.json(ErrorText.json(e)) }
    }

    /// Writes lines to standard error, each escaped (`TerminalText.safe`).
    /// `ledger: error:`, `warning:` and `hint:` labels are coloured on a terminal (`Highlight`).
    static func printError(_ text: String) {
        let lines = TerminalText.lines(text).split(separator: "\n", omittingEmptySubsequences: false)
        Descriptor.standardError.write(lines.map { Highlight.diagnostic(String($0)) }.joined(separator: "\n") + "\n")
    }

    /// Prints lines of text that was built line by line (each line escaped where it was
    /// made; escaped here again, which changes nothing in escaped text).
    /// `paint` colours the escaped text (`Highlight`); its escape sequences are the only ones printed.
    static func block(_ text: String, paint: (String) -> String = { $0 }) { Swift.print(paint(TerminalText.lines(text))) }

    /// Prints a line whose parts were escaped and coloured where they were made (`TerminalColor`).
    static func painted(_ line: String) { Swift.print(line) }

    /// Prints JSON exactly as encoded (canonical JSON escapes C0 controls; other characters
    /// stay as they are, since a JSON reader must get the exact string).
    static func json(_ text: String) { Swift.print(text) }

    /// True when standard error is a terminal that can erase a line (progress is shown only
    /// then: not when piped, and not with `TERM=dumb`).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 && Environment.value("TERM") != "dumb" }
}

/// A progress line on standard error, redrawn at most ten times a second, shown only on a
/// terminal and erased when done; silent when standard error is piped.
final class Progress {
    let label: String
    let enabled: Bool
    var lastDraw: UInt64 = 0

    init(_ label: String) {
        self.label = label
        enabled = Console.stderrIsTerminal
    }

    func update(_ done: Int, of total: Int) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw > 100_000_000 || done == total else { return }
        lastDraw = now
        let pct = total > 0 ? done * 100 / total : 100
        Descriptor.standardError.write("\r\(label) \(done)/\(total) (\(pct)%)\u{1B}[K")
    }

    func finish() {
        guard enabled, lastDraw > 0 else { return }
        Descriptor.standardError.write("\r\u{1B}[K")
    }
}

/// Text from files or records made safe to print on a terminal: control characters (C0, C1),
/// line and paragraph separators and bidirectional controls are shown as `\u{…}` escapes, so
/// that a hostile string cannot move the cursor, erase lines or reorder what is shown.
enum TerminalText {
    /// Each line of `text` made safe; the line breaks stay.
    static func lines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { safe(String($0)) }.joined(separator: "\n")
    }

    static func safe(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            let separator = c.properties.generalCategory == .lineSeparator || c.properties.generalCategory == .paragraphSeparator
            if TimelineHTML.isInvisibleControl(c) || separator { out += "\\u{\(String(c.value, radix: 16))}" } else { out.unicodeScalars.append(c) }
        }
        return out
    }
}
