import Foundation
import PropertyBased
import Testing

@testable import Checklist

/// Scalars around the edges of Foundation's white-space sets: every Zs space, tab and the line
/// breaks, the format and control characters next to them, and ordinary text.
private let edgePieces: [String] =
    [
        "\t", " ", "\u{A0}", "\u{1680}", "\u{2000}", "\u{200A}", "\u{202F}", "\u{205F}", "\u{3000}", "\n", "\r", "\u{0B}", "\u{0C}",
        "\r\n", "\u{85}", "\u{2028}", "\u{2029}", "\u{200B}", "\u{FEFF}", "\u{180E}", "\u{1C}", "\u{00}", "a", "é", "e\u{301}", "部", ",", ":",
    ]

@Suite("Trimming without Foundation (decision 0020)")
struct TrimmingTests {
    @Test("trimmingWhitespace() is Foundation's trimmingCharacters(in: .whitespaces)")
    func whitespaces() async {
        await propertyCheck(count: 3000, input: Gen<String?>.element(of: edgePieces).map { $0 ?? "" }.array(of: 0...12)) { pieces in
            let text = pieces.joined()
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
        }
    }

    @Test("trimmingWhitespaceAndNewlines() is Foundation's trimmingCharacters(in: .whitespacesAndNewlines)")
    func whitespacesAndNewlines() async {
        await propertyCheck(count: 3000, input: Gen<String?>.element(of: edgePieces).map { $0 ?? "" }.array(of: 0...12)) { pieces in
            let text = pieces.joined()
            #expect(text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(text.unicodeScalars))")
        }
    }

    @Test("trimming(where:) drops the given scalars at both ends only")
    func custom() {
        #expect("::a,b:,".trimming { $0 == "," || $0 == ":" } == "a,b")
        #expect(",,".trimming { $0 == "," } == "")
        #expect(" a ".trimmingWhitespace() == "a")
        #expect("\u{A0}x\u{3000}\n".trimmingWhitespace() == "x\u{3000}\n")
    }
}
