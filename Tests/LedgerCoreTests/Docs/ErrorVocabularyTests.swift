import Foundation
import TestSupport
import Testing

/// The library speaks in values, the CLI in English (decision 0009): no text the library puts
/// in an error names a command (`'ledger …'`), a flag (`--…`) or an environment variable
/// (`LEDGER_…`). Those remedies are `LedgerError.Remedy` values that the CLI words.
enum CLIVocabulary {
    /// The CLI words in `text`: a command, a flag or a variable (a template's
    /// `<!-- ledger: … -->` comment is not CLI vocabulary).
    static func words(in text: String) -> [String] {
        let plain = text.replacingOccurrences(of: "<!--", with: "").replacingOccurrences(of: "-->", with: "")
        return ["'ledger ", "--", "LEDGER_"].filter { plain.contains($0) }
    }

    /// The text of each `LedgerError(…)` and phase-map `Warning(…)` call (to its closing
    /// parenthesis) and each `let hint = …` or `let fix = …` line in `source`, with the line
    /// it starts on.
    static func errorTexts(in source: String) -> [(line: Int, text: String)] {
        let chars = Array(source)
        var out: [(Int, String)] = []
        var line = 1
        var i = 0
        while i < chars.count {
            if chars[i] == "\n" { line += 1 }
            if ["LedgerError(", "Warning(", "let hint =", "let fix ="].contains(where: { starts(chars, at: i, with: $0) }) {
                out.append((line, call(chars, from: i)))
            }
            i += 1
        }
        return out
    }

    private static func starts(_ chars: [Character], at i: Int, with word: String) -> Bool {
        let w = Array(word)
        return i + w.count <= chars.count && Array(chars[i..<i + w.count]) == w
    }

    /// From `i` to the parenthesis that closes the first one opened, or to the end of the
    /// line when none opens first; at most 2,000 characters.
    private static func call(_ chars: [Character], from i: Int) -> String {
        var depth = 0, j = i
        while j < chars.count, j < i + 2000 {
            if chars[j] == "(" { depth += 1 }
            if chars[j] == ")" { depth -= 1; if depth == 0 { break } }
            if chars[j] == "\n", depth == 0 { break }
            j += 1
        }
        return String(chars[i..<min(j + 1, chars.count)])
    }

    /// The Swift sources of the library targets, relative to the repository's root.
    static func librarySources() -> [String] {
        var out: [String] = []
        for target in ["Sources/LedgerCore", "Sources/LedgerStore", "Sources/Checklist"] {
            let root = Repository.url(target)
            let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
            out += files.filter { $0.hasSuffix(".swift") }.map { "\(target)/\($0)" }
        }
        return out.sorted()
    }
}

@Suite struct ErrorVocabularyTests {
    @Test func libraryErrorsNameNoCommandFlagOrVariable() throws {
        let files = CLIVocabulary.librarySources()
        #expect(files.count > 50, "the library sources were found")
        var found: [String] = []
        var calls = 0
        for file in files {
            let source = try String(contentsOf: Repository.url(file), encoding: .utf8)
            for (line, text) in CLIVocabulary.errorTexts(in: source) {
                calls += 1
                let words = CLIVocabulary.words(in: text)
                if !words.isEmpty { found.append("\(file):\(line): \(words) in \(text)") }
            }
        }
        #expect(calls > 100, "the library's errors were read")
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test func theScanSeesCLIWordsWhereTheyAre() {
        let source = """
            throw LedgerError(.failure, "no ledger at '\\(path)'",
                              hint: "create one with 'ledger init'")
            let hint = "check LEDGER_PASSPHRASE"
            w.append(Warning(kind: .noSignoffRoles, message: "closed with 'ledger deploy close'", hint: "x"))
            throw LedgerError(.usage, "a comment needs KEY=VALUE", hint: "e.g. <!-- ledger: phase=execution -->")
            throw LedgerError(.usage, "x (y)", hint: "choose another --name")
            """
        let texts = CLIVocabulary.errorTexts(in: source)
        #expect(texts.map(\.line) == [1, 3, 4, 5, 6])
        #expect(texts.map { CLIVocabulary.words(in: $0.text) } == [["'ledger "], ["LEDGER_"], ["'ledger "], [], ["--"]])
    }
}
