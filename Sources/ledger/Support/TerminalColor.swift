import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When to colour: `--color auto|always|never` (docs/CLI.md §Colour).
enum ColorMode: String, ExpressibleByArgument, CaseIterable, Sendable {
    case auto, always, never
}

/// `--color WHEN`, shared by the commands whose output has verdicts, phases or findings.
struct ColorOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Colour verdicts, phases and findings: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always, never.",
            valueName: "WHEN"))
    var color: ColorMode = .auto

    func validate() throws { TerminalColor.mode = color }
}

/// The styles output uses, as SGR parameters (ECMA-48).
enum Style: String, Sendable {
    /// A good verdict or a finished phase.
    case good = "32"
    /// Intact but for a warning (a stale sign-off); a phase still under way.
    case warn = "33"
    /// Tampering, a failed verdict, an error.
    case bad = "1;31"
    /// A hint.
    case quiet = "36"
}

/// Whether and how to colour what goes to a terminal. Colour is added only to text already
/// made safe (`TerminalText`), so the only escape sequences in the output are these.
enum TerminalColor {
    /// The mode `--color` chose (auto when the command has no such option).
    nonisolated(unsafe) static var mode: ColorMode = .auto

    /// True when output to `fd` is coloured: `always`, or `auto` on a terminal with `NO_COLOR`
    /// unset (or empty, as no-color.org says) and `TERM` not `dumb`.
    static func enabled(fd: Int32 = STDOUT_FILENO) -> Bool {
        switch mode {
        case .always: return true
        case .never: return false
        case .auto: return isatty(fd) == 1 && Environment.value("NO_COLOR") == nil && Environment.value("TERM") != "dumb"
        }
    }

    /// `text` in `style` when output to `fd` is coloured, else `text` unchanged.
    static func paint(_ text: String, _ style: Style, fd: Int32 = STDOUT_FILENO) -> String {
        guard !text.isEmpty, enabled(fd: fd) else { return text }
        return "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m"
    }
}
