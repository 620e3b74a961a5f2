import ArgumentParser
import LedgerCore

/// Checks the command path of a command line before it is parsed, so that a mistyped
/// subcommand (`ledger verfy`, `ledger deploy strat`, `ledger help bogus`) stops with exit 64
/// and a suggestion rather than ArgumentParser's generic message or, for `help`, the help and
/// exit 0 (docs/CLI.md §Unknown commands).
enum CommandSuggestion {
    /// The usage error for the first word of `arguments` (without the program name) that should
    /// name a subcommand and names none, or `nil` when the path is fine. The walk stops at the
    /// first option or at a command without subcommands: what follows is that command's to parse.
    static func check(_ arguments: [String], root: any ParsableCommand.Type = LedgerCommand.self) -> LedgerError? {
        var words = arguments[...]
        if words.first == "help" { words = words.dropFirst() }
        var command = root, path: [String] = []
        for word in words {
            let subcommands = command.configuration.subcommands
            if word.hasPrefix("-") || subcommands.isEmpty { return nil }
            if path.isEmpty, word == "help" { return nil }  // ArgumentParser's own, at the top only
            guard let next = subcommands.first(where: { names($0).contains(word) }) else {
                return unknown(word, under: path, among: subcommands.map { $0._commandName })
            }
            command = next
            path.append(word)
        }
        return nil
    }

    /// The names a command answers to: its name and its aliases.
    static func names(_ command: any ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }

    /// `unknown command 'deploy strat'`, with the close names, else every name, as the hint.
    static func unknown(_ word: String, under path: [String], among names: [String]) -> LedgerError {
        let typed = (path + [word]).joined(separator: " ")
        let prefix = path.map { $0 + " " }.joined()
        let close = closest(to: word, among: names)
        let hint: String
        if close.isEmpty {
            let help = path.isEmpty ? "ledger --help" : "ledger help \(path.joined(separator: " "))"
            let owner = path.isEmpty ? "" : " of 'ledger \(path.joined(separator: " "))'"
            hint = "the commands\(owner) are \(names.joined(separator: ", ")); see '\(help)'"
        } else {
            hint = "did you mean \(close.map { "'\(prefix)\($0)'" }.joined(separator: " or "))?"
        }
        return LedgerError(.usage, "unknown command '\(typed)'", hint: hint)
    }

    /// The names within edit distance 2 of `word` (1 for a word of three letters or fewer), or
    /// that it begins (case ignored), nearest first, at most three.
    static func closest(to word: String, among names: [String]) -> [String] {
        let typed = Array(word.lowercased())
        let limit = typed.count <= 3 ? 1 : 2
        let scored = names.enumerated().compactMap { index, name -> (name: String, score: Int)? in
            let candidate = Array(name.lowercased())
            let d = distance(typed, candidate)
            if d <= limit { return (name, d * names.count + index) }
            return candidate.starts(with: typed) ? (name, 3 * names.count + index) : nil
        }
        return scored.sorted { $0.score < $1.score }.prefix(3).map(\.name)
    }

    /// The Levenshtein distance between two words (insertions, deletions, substitutions).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var row = [i + 1]
            for (j, y) in b.enumerated() {
                row.append(Swift.min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = row
        }
        return previous[b.count]
    }
}
