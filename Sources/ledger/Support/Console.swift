import Foundation
import LedgerCore
#if canImport(Glibc)
import Glibc
#endif

/// Writing to the terminal: errors, progress, plain output.
enum Console {
    /// Prints `ledger: error: …` and `ledger: hint: …` to standard error.
    static func report(_ e: LedgerError) {
        printError("ledger: error: \(e.message)")
        if let hint = e.hint { printError("ledger: hint: \(hint)") }
    }

    /// Writes one line to standard error.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// True when standard error is a terminal (progress is shown only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
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
        FileHandle.standardError.write(Data("\r\(label) \(done)/\(total) (\(pct)%)\u{1B}[K".utf8))
    }

    func finish() {
        guard enabled, lastDraw > 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Text from files or records made safe to print on a terminal: control characters (C0, C1),
/// line and paragraph separators and bidirectional controls are shown as `\u{…}` escapes, so
/// that a hostile string cannot move the cursor, erase lines or reorder what is shown.
enum TerminalText {
    static func safe(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            let bidi = (0x200E...0x200F).contains(c.value) || (0x202A...0x202E).contains(c.value) || (0x2066...0x2069).contains(c.value)
            switch c.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: out += "\\u{\(String(c.value, radix: 16))}"
            default: if bidi { out += "\\u{\(String(c.value, radix: 16))}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
