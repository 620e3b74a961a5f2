import FoundationEssentials

/// One of the alternatives a step's commands offer (`# Using systemd`, `# Using Docker`, …).
public struct CommandAlternative: Sendable, Equatable {
    /// 1-based position in the block.
    public let number: Int
    /// The heading's text without `#`, e.g. `"Using systemd"`.
    public let label: String
    /// The label without its leading keyword, e.g. `"systemd"` (the label itself when it has none).
    public let name: String
    /// Exactly what runs when it is chosen: the lines before the first alternative that hold a
    /// command (shared by all), then the alternative's own lines from its heading on.
    public let code: String
}

/// Finding alternatives in a step's commands (docs/CLI.md §ledger run, "Alternatives").
///
/// The rule: a *heading* is a comment line (`#` not followed by `!`, after any indentation)
/// that opens the script or follows a blank line. It is an *alternative heading* when its text
/// (without the `#`s, trimmed, a trailing `:` dropped) is one word with a letter in it
/// (`# Docker`), or one of `keywords` (a `,` or `:` after it allowed) followed by more words
/// (`# Using Docker`, `# In production`). A script offers
/// alternatives when it has at least two alternative headings; each alternative runs from its
/// heading to the next alternative heading. Other comments (`# Connect to database`) are
/// explanations: a script with none or one alternative heading runs whole.
public enum Alternatives {
    /// Words that open an alternative heading (compared case-insensitively).
    public static let keywords: Set<String> = ["using", "in", "on", "with", "via", "for", "option", "alternative", "alternatively", "or"]

    /// The alternatives `script` offers; empty when it is to run whole.
    public static func of(_ script: String) -> [CommandAlternative] {
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var starts: [(line: Int, label: String, name: String)] = []
        for (i, line) in lines.enumerated() where i == 0 || isBlank(lines[i - 1]) {
            if let (label, name) = alternativeHeading(line) { starts.append((i, label, name)) }
        }
        guard starts.count >= 2 else { return [] }
        let preamble = Array(lines[..<starts[0].line])
        let shared = preamble.contains { !isBlank($0) && !isComment($0) } ? trimmed(preamble) : []
        return starts.enumerated().map { k, start in
            let end = k + 1 < starts.count ? starts[k + 1].line : lines.count
            let body = shared + trimmed(Array(lines[start.line..<end]))
            return CommandAlternative(number: k + 1, label: start.label, name: start.name, code: body.joined(separator: "\n") + "\n")
        }
    }

    /// The label and name when `line` is an alternative heading.
    static func alternativeHeading(_ line: String) -> (String, String)? {
        guard isComment(line) else { return nil }
        var text = Substring(line.drop { $0 == " " || $0 == "\t" }.drop { $0 == "#" })
        text = text.drop { $0 == " " || $0 == "\t" }
        while let last = text.last, last == " " || last == "\t" || last == ":" || last == "\r" { text = text.dropLast() }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = words.first, first.contains(where: \.isLetter) else { return nil }
        if words.count == 1 { return (String(text), String(text)) }
        guard keywords.contains(first.lowercased().trimming { $0 == "," || $0 == ":" }) else { return nil }
        let name = text.dropFirst(first.count).drop { $0 == " " || $0 == "\t" }
        return (String(text), String(name))
    }

    static func isComment(_ line: String) -> Bool {
        let t = line.drop { $0 == " " || $0 == "\t" }
        return t.hasPrefix("#") && !t.hasPrefix("#!")
    }

    static func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }

    /// `lines` without leading and trailing blank lines.
    static func trimmed(_ lines: [String]) -> [String] {
        guard let a = lines.firstIndex(where: { !isBlank($0) }), let b = lines.lastIndex(where: { !isBlank($0) }) else { return [] }
        return Array(lines[a...b])
    }

    /// The alternative `choice` names: its number, or its label or name (case-insensitive; a
    /// unique prefix of either will do).
    /// - Returns: the match, or the alternatives that matched (none, or several for an
    ///   ambiguous prefix).
    public static func choose(_ choice: String, from alternatives: [CommandAlternative]) -> Result<CommandAlternative, Mismatch> {
        let c = choice.trimmingWhitespace().lowercased()
        if let n = Int(c) {
            guard let a = alternatives.first(where: { $0.number == n }) else { return .failure(Mismatch(candidates: [])) }
            return .success(a)
        }
        guard !c.isEmpty else { return .failure(Mismatch(candidates: [])) }
        if let exact = alternatives.first(where: { $0.label.lowercased() == c || $0.name.lowercased() == c }) { return .success(exact) }
        let prefixed = alternatives.filter { $0.label.lowercased().hasPrefix(c) || $0.name.lowercased().hasPrefix(c) }
        return prefixed.count == 1 ? .success(prefixed[0]) : .failure(Mismatch(candidates: prefixed))
    }

    /// A choice that names no alternative (`candidates` empty) or several.
    public struct Mismatch: Error, Sendable, Equatable {
        /// The alternatives an ambiguous prefix matched.
        public let candidates: [CommandAlternative]
    }
}

extension Item {
    /// The item's commands as one script: its code blocks, one after the other.
    public var script: String { codeBlocks.map(\.code).joined(separator: "\n") }

    /// The alternatives its commands offer (`Alternatives.of`); empty when they run whole.
    public var alternatives: [CommandAlternative] { Alternatives.of(script) }
}
