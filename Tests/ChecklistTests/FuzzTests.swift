import PropertyBased
import Testing

@testable import Checklist

/// Markdown-ish pieces that exercise lists, fences, headings, HTML, tables and odd bytes.
let markdownFragments: [String] = [
    "- [ ] ", "- [x] ", "- [X] ", "* [ ] ", "+ [x] ", "1. [ ] ", "2) [X] ", "- ", "1. ", "[ ]", "[x]", "[X]",
    "  ", "   ", "    ", "     ", "\t", "\n", "\n", "\n\n", "\r\n", "\r", "```", "```bash\n", "~~~", "````",
    "# ", "## ", "### ", "#### ", "====", "----", "---\n", "<!--", "-->", "<div>", "</div>", "|", "| a | b |\n",
    "|---|---|\n", "*", "**", "_", "`", "``", ">", "> ", "\\", "text", "Step", "Name: ____", "Date:",
    "**Lead:**\n", "When to Rollback\n", "Post-Deployment Notes\n", "Emergency Contacts\n", "é", "部署", "مرحبا",
    "🗂", "\u{0}", "\u{FEFF}", "[link](https://x)", "![img][ref]", "&nbsp;", "<em>", "x", " ",
]

let fragmentGenerator = Gen<String?>.element(of: markdownFragments).map { $0 ?? "" }

let markdownGenerator = fragmentGenerator.array(of: 0...80).map { $0.joined() }

let byteGenerator = Gen<UInt8>.value(in: 0...255).array(of: 0...400)

/// An edit of the OptiBid source: insert a fragment at a position after deleting some bytes.
let mutationGenerator = zip(Gen.int(in: 0...15_100), Gen.int(in: 0...12), fragmentGenerator).array(of: 1...6)

/// Parses any bytes and checks that the result is consistent or the error is `noTaskItems`.
func checkArbitraryInput(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    let template: ChecklistTemplate
    do {
        template = try ChecklistTemplate.parse(bytes)
    } catch {
        #expect(error == .noTaskItems, "unexpected \(error)", sourceLocation: sourceLocation)
        return
    }
    expectInvariants(template, sourceLocation: sourceLocation)
    for item in template.items.prefix(30) {
        #expect((try? template.resolve(item.id.rawValue))?.id == item.id, sourceLocation: sourceLocation)
        #expect((try? template.resolve(item.slug))?.id == item.id, sourceLocation: sourceLocation)
    }
    let all = Set(template.items.map(\.id))
    guard let ticked = try? ChecklistTemplate.parse(template.render(ticked: all)) else {
        Issue.record("ticking every item broke the document", sourceLocation: sourceLocation)
        return
    }
    #expect(ticked.items.map(\.id) == template.items.map(\.id), sourceLocation: sourceLocation)
    #expect(ticked.checkedItemCount == template.itemCount, sourceLocation: sourceLocation)
}

@Suite("Robustness (property-based)")
struct FuzzTests {
    @Test("random Markdown-ish text never crashes and keeps the invariants")
    func markdownText() async {
        await propertyCheck(count: 400, input: markdownGenerator) { text in
            checkArbitraryInput(Array(text.utf8))
        }
    }

    @Test("random bytes, including invalid UTF-8, never crash")
    func randomBytes() async {
        await propertyCheck(count: 300, input: byteGenerator) { bytes in
            checkArbitraryInput(bytes)
        }
    }

    @Test("random bytes after a task item keep the invariants")
    func bytesAfterItem() async {
        await propertyCheck(count: 200, input: byteGenerator) { bytes in
            checkArbitraryInput(Array("- [ ] ".utf8) + bytes)
        }
    }

    @Test("random edits of the OptiBid checklist keep the invariants")
    func mutatedOptiBid() async {
        let source = ChecklistTemplate.optiBidSource
        await propertyCheck(count: 150, input: mutationGenerator) { edits in
            var bytes = source
            for (position, deletion, fragment) in edits {
                let start = min(position, bytes.count)
                let end = min(start + deletion, bytes.count)
                bytes.replaceSubrange(start..<end, with: Array(fragment.utf8))
            }
            checkArbitraryInput(bytes)
        }
    }

    @Test(
        "pathological inputs finish",
        arguments: [
            String(repeating: "- [ ] x\n", count: 20_000),
            String(repeating: "- [ ] a\n", count: 3_000).split(separator: "\n").enumerated()
                .map { String(repeating: "  ", count: $0.offset % 200) + $0.element }.joined(separator: "\n"),
            String(repeating: ">", count: 5_000) + " - [ ] deep\n- [ ] ok\n",
            String(repeating: "- ", count: 2_000) + "[ ] deep\n",
            String(repeating: "# h\n", count: 5_000) + "- [ ] x\n",
            String(repeating: "| a ", count: 500) + "|\n" + String(repeating: "|---", count: 500) + "|\n- [ ] x\n",
            String(repeating: "[", count: 10_000) + "\n- [ ] x\n",
            String(repeating: "*a ", count: 10_000) + "\n- [ ] x\n",
        ])
    func pathological(markdown: String) {
        checkArbitraryInput(Array(markdown.utf8))
    }

    @Test("an oversized source is refused before parsing")
    func oversized() {
        let bytes = [UInt8](repeating: 0x20, count: ChecklistTemplate.maximumSourceSize + 1)
        #expect(throws: ChecklistError.sourceTooLarge(byteCount: bytes.count, limit: ChecklistTemplate.maximumSourceSize)) {
            try ChecklistTemplate.parse(bytes)
        }
    }
}
