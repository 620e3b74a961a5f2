import PropertyBased
import Testing

@testable import Checklist

/// Every ASCII byte but NUL, the non-ASCII whitespace scalars, and a combining mark that can
/// follow a space in one `Character`.
private let whitespacePieces: [String] =
    (1...0x7F).map { String(UnicodeScalar(UInt8($0))) } + ["\u{85}", "\u{A0}", "\u{2003}", "\u{3000}", "\u{301}", "é", "部", "\r\n"]

@Suite("Collapsing whitespace in item and section text")
struct WhitespaceTests {
    /// The reference: what `CNode.plainText` has always returned.
    private func reference(_ text: String) -> String { text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }

    @Test("the byte path and the Character path agree on every ASCII control and space, and on mixed text")
    func agreesWithCharacterSplit() async {
        await propertyCheck(count: 2000, input: Gen<String?>.element(of: whitespacePieces).map { $0 ?? "" }.array(of: 0...40)) { pieces in
            let text = pieces.joined()
            #expect(collapsingWhitespace(text) == reference(text), "\(Array(text.unicodeScalars))")
        }
    }

    @Test("runs collapse to one space and the ends are trimmed; 0x1C-0x1F are not whitespace")
    func examples() {
        #expect(collapsingWhitespace("  a \t\n\u{0B}\u{0C}\r b  ") == "a b")
        #expect(collapsingWhitespace("a\u{1C}\u{1F}b") == "a\u{1C}\u{1F}b")
        #expect(collapsingWhitespace("a \u{301}b\u{A0}c") == reference("a \u{301}b\u{A0}c"))
        #expect(collapsingWhitespace("") == "")
    }
}

@Suite("Slugs of ASCII text")
struct ASCIISlugTests {
    @Test("the byte path gives what the scalar path gives, for every ASCII character")
    func agreesWithScalarPath() async {
        let pieces = (1...0x7F).map { String(UnicodeScalar(UInt8($0))) } + ["Create", "DB", "backup", "'s", "2.1", "x-y", " "]
        await propertyCheck(count: 2000, input: Gen<String?>.element(of: pieces).map { $0 ?? "" }.array(of: 0...60)) { parts in
            let text = parts.joined()
            #expect(Slug.makeASCII(text) == .some(Slug.makeScalars(text)), "\(text.debugDescription)")
        }
    }

    @Test("non-ASCII text takes the scalar path")
    func nonASCII() {
        #expect(Slug.makeASCII("Écran") == nil)
        #expect(Slug.make("Écran de statut vérifié") == "ecran-de-statut-verifie")
        #expect(Slug.make("one two three four five six seven eight nine") == "one-two-three-four-five-six-seven-eight")
        #expect(Slug.make("don't 42 !!") == "dont-42")
        #expect(Slug.make("42 -- 7") == nil)
    }

    @Test("the ASCII title checks agree with the letter-normalising ones on ASCII titles")
    func titleChecks() async {
        let words = [
            "When", "to", "Roll", "back", "Rollback", "Criteria", "Emergency", "Contacts", "Post-Deployment", "Notes", "n", "otes", " ", "-", "1.", "x",
        ]
        await propertyCheck(count: 2000, input: Gen<String?>.element(of: words).map { $0 ?? "" }.array(of: 0...6)) { parts in
            let title = parts.joined(separator: parts.count % 2 == 0 ? " " : "")
            let letters = FormParser.normalized(title)
            #expect(FormParser.asciiLetters(title).map { String(decoding: $0, as: UTF8.self) } == letters, "\(title)")
            #expect(FormParser.isRollbackTitle(title) == (letters.contains("whentorollback") || letters.contains("rollbackcriteria")), "\(title)")
            #expect(FormParser.isContactsTitle(title) == letters.contains("contacts"), "\(title)")
            #expect(FormParser.isNotesTitle(title) == letters.hasSuffix("notes"), "\(title)")
        }
        #expect(FormParser.asciiLetters("Notes é") == nil)
        #expect(FormParser.isNotesTitle("Remarques et notes é") == false)
    }
}
