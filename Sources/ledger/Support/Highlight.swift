import FoundationEssentials
import LedgerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where colour goes (docs/CLI.md §Colour): verdicts, phases and findings. Each function takes
/// one line already made safe (`TerminalText`) and paints words at places only `ledger`
/// writes (a line's start, a fixed column), so text from the log cannot choose a colour.
enum Highlight {
    /// The style of a phase: done, in progress or rolling back.
    static func style(of phase: Phase) -> Style {
        switch phase {
        case .signedOff, .closed: .good
        case .preparing, .executing, .verifying: .warn
        case .rollbackDecided, .rollingBack, .rolledBack: .bad
        }
    }

    /// The style of a finding: tampering in red, the rest (malformed, stale) in yellow.
    static func style(of kind: FindingKind) -> Style { kind.isTampering ? .bad : .warn }

    /// The text of `ledger verify` or `ledger verify-export`: the verdict, each finding's kind
    /// (the lines after the verdict), each sign-off's standing and what a checkpoint did not prove.
    static func verify(_ text: String) -> String {
        var findings = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { sub in
            let line = String(sub)
            if findings { return findingLine(line) ?? line }
            for (verdict, word, style) in Self.verdicts where line.hasPrefix(verdict) {
                findings = true
                return TerminalColor.paint(word, style) + line.dropFirst(word.count)
            }
            if line.hasPrefix("  "), line.hasSuffix(": counts") { return String(line.dropLast(6)) + TerminalColor.paint("counts", .good) }
            if line.hasPrefix("  "), let r = line.lastRange(of: ": STALE (") {
                let word = line.index(r.lowerBound, offsetBy: 2)..<line.index(r.lowerBound, offsetBy: 7)
                return String(line[..<word.lowerBound]) + TerminalColor.paint("STALE", .warn) + line[word.upperBound...]
            }
            if line.hasPrefix("checkpoint "), let r = line.lastRange(of: " NOT ") {
                return String(line[..<r.lowerBound]) + " " + TerminalColor.paint("NOT", .bad) + " " + line[r.upperBound...]
            }
            return line
        }.joined(separator: "\n")
    }

    /// The verdict lines' starts, the word painted and its style.
    static let verdicts: [(String, String, Style)] = [("intact: ", "intact", .good), ("intact; ", "intact", .warn), ("NOT INTACT", "NOT INTACT", .bad)]

    /// "  KIND at SEQ: …" with a known kind: the kind painted.
    static func findingLine(_ line: String) -> String? {
        guard line.hasPrefix("  ") else { return nil }
        let start = line.index(line.startIndex, offsetBy: 2)
        guard let at = line[start...].firstRange(of: " at ") else { return nil }
        let word = String(line[start..<at.lowerBound])
        guard let kind = FindingKind(rawValue: word) else { return nil }
        return "  " + TerminalColor.paint(word, style(of: kind)) + String(line[at.lowerBound...])
    }

    /// The text of `ledger status`: its (first) phase line's phase painted.
    static func status(_ text: String, phase: Phase) -> String {
        var done = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { sub in
            let line = String(sub)
            guard !done, line.hasPrefix("phase: \(phase.label)") else { return line }
            done = true
            return "phase: " + TerminalColor.paint(phase.label, style(of: phase)) + String(line.dropFirst(7 + phase.label.count))
        }.joined(separator: "\n")
    }

    /// `ledger: error:`, `ledger: warning:` and `ledger: hint:` on standard error.
    static func diagnostic(_ line: String) -> String {
        for (label, style) in [("ledger: error:", Style.bad), ("ledger: warning:", .warn), ("ledger: hint:", .quiet)] where line.hasPrefix(label) {
            return TerminalColor.paint(label, style, fd: STDERR_FILENO) + String(line.dropFirst(label.count))
        }
        return line
    }

}

extension String {
    /// The range of the last occurrence of `target`, as Foundation's `range(of:options:
    /// .backwards)`.
    fileprivate func lastRange(of target: String) -> Range<String.Index>? {
        var found: Range<String.Index>?
        var from = startIndex
        while from < endIndex, let r = self[from...].firstRange(of: target) {
            found = r
            from = index(after: r.lowerBound)
        }
        return found
    }
}
