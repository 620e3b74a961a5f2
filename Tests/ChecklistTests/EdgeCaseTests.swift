import Foundation
import Testing

@testable import Checklist

@Suite("Import edge cases")
struct EdgeCaseTests {
    @Test("cmark-gfm's checked trap: the marker decides, not the rest of the line")
    func checkedTrap() throws {
        let template = try parse("- [ ] read the [x] docs\n- [x] read the [ ] docs\n- [X] upper\n")
        #expect(template.items.map(\.checkedInSource) == [false, true, true])
        #expect(template.items[0].text == "read the [x] docs")
        let rendered = template.render(ticked: ["1"])
        #expect(String(decoding: rendered, as: UTF8.self) == "- [x] read the [x] docs\n- [ ] read the [ ] docs\n- [ ] upper\n")
        let kept = template.render(ticked: ["2", "3"])
        #expect(kept == template.source, "an already-checked X stays X")
    }

    @Test(
        "documents without task items are an error",
        arguments: [
            "", "\n\n", "# Title\n\nJust text.\n", "- plain\n- bullets\n", "```\n- [ ] code\n```\n",
            "<!--\n- [ ] comment\n-->\n", "`- [ ] inline`\n", "    - [ ] indented code\n",
        ])
    func noTaskItems(markdown: String) {
        #expect(throws: ChecklistError.noTaskItems) { try parse(markdown) }
        let error = ChecklistError.noTaskItems
        #expect(!error.description.isEmpty && !error.hint.isEmpty)
    }

    @Test("tabs, CRLF and bare CR line endings")
    func lineEndings() throws {
        let tabs = try parse("-\t[ ] tab after marker\n\t- [x] tab indented child\n- \t[ ] mixed\n")
        #expect(tabs.items.map(\.id) == ["1", "1.1", "2"])
        #expect(tabs.items.map(\.checkedInSource) == [false, true, false])
        expectInvariants(tabs)
        let crlf = try parse("# T\r\n\r\n## A\r\n- [ ] one\r\n  - [x] two\r\n- [ ] three\r\n")
        #expect(crlf.items.map(\.text) == ["one", "two", "three"])
        #expect(crlf.items.map(\.id) == ["1.1", "1.1.1", "1.2"])
        expectInvariants(crlf)
        let cr = try parse("- [ ] one\r- [x] two\r")
        #expect(cr.items.map(\.line) == [1, 2])
        expectInvariants(cr)
    }

    @Test("items with wrapped text, empty first lines and non-ASCII text")
    func itemText() throws {
        let template = try parse("- [ ] first line\n  second *line*\n- [ ]  \n  below\n- [ ] Ünïcødé ✓ 部署\n")
        #expect(template.items.map(\.text) == ["first line second *line*", "below", "Ünïcødé ✓ 部署"])
        #expect(template.items[0].plainText == "first line second line")
        #expect(template.items.map(\.slug) == ["first-line-second-line", "below", "unicode"])
        let invalid = try ChecklistTemplate.parse(Array("- [ ] bad \u{FF}".utf8) + [0xFF, 0xFE, 0x0A])
        #expect(invalid.items[0].text.hasPrefix("bad"))
        expectInvariants(invalid)
    }

    @Test("numbering: preamble items, several top-level headings, mixed items and subsections")
    func numbering() throws {
        let preamble = try parse("- [ ] a\n  - [ ] a1\n# Later\n- [ ] b\n")
        #expect(preamble.items.map(\.id) == ["1", "1.1", "2.1"])
        #expect(preamble.allSections[0].number == "2")
        let twoTitles = try parse("# One\n- [ ] a\n# Empty\ntext\n# Two\n- [ ] b\n")
        #expect(twoTitles.items.map(\.id) == ["1.1", "2.1"])
        #expect(twoTitles.allSections.map(\.number) == ["1", nil, "2"])
        let mixed = try parse("# T\n## A\n- [ ] a1\n- [ ] a2\n### Empty\n### B\n- [ ] b1\n## C\n- [ ] c1\n")
        #expect(mixed.items.map(\.id) == ["1.1", "1.2", "1.3.1", "2.1"])
        #expect(mixed.allSections.map(\.number) == [nil, "1", nil, "1.3", "2"])
        #expect(mixed.numberedSections.map(\.plainTitle) == ["A", "C"])
        let setext = try parse("Title\n=====\n\nPart\n----\n- [ ] x\n")
        #expect(setext.items.map(\.id) == ["1.1"])
        #expect(setext.allSections.map(\.title) == ["Title", "Part"])
        let closed = try parse("## Closing hashes ##\n- [ ] x\n")
        #expect(closed.allSections[0].title == "Closing hashes")
        #expect(closed.items[0].id == "1")
    }

    @Test("slugs: non-Latin fallbacks and unique suffixes")
    func slugs() throws {
        let template = try parse("# 部署\n- [ ] 备份数据库\n- [ ] 备份数据库\n- [ ] Check\n- [ ] check\n- [ ] Check 2\n- [ ] it's ok\n")
        #expect(template.items.map(\.slug) == ["item-1", "item-2", "check", "check-2", "check-2-2", "its-ok"])
        #expect(template.allSections[0].slug == "section-1")
        #expect(throws: ChecklistError.self) { try template.resolve("备份") }
        #expect(try template.resolve("check-2").id == "4")
        #expect(try template.resolve("Check 2").id == "5", "a whole text wins over a longer prefix match")
    }

    @Test("code block ownership")
    func codeOwnership() throws {
        let markdown = """
            ```sh
            before any heading
            ```
            # T
            ```
            under the title
            ```
            - [ ] inside
              ```
              owned by inside
              ```
            - [ ] follows
            <!-- a comment -->
            ```
            owned by follows
            ```

            Some paragraph.

            ```
            owned by the title
            ```
            - plain bullet
              ```
              plain bullets do not own code
              ```
            - [ ] parent
              - [ ] child
              ```
              at the child's level, after the child's list
              ```
            """
        let template = try parse(markdown)
        let owners = template.codeBlocks.map(\.owner)
        #expect(owners == [.document, .section(0), .item("1"), .item("2"), .section(0), .section(0), .item("3.1")])
        #expect(template.codeBlocks[0].language == "sh")
        #expect(template.allSections[0].codeBlocks.count == 3)
        #expect(try template.resolve("inside").codeBlocks.map(\.code) == ["owned by inside\n"])
        expectInvariants(template)
    }

    @Test("context blocks are kept on their section")
    func context() throws {
        let template = try parse("# T\nIntro text.\n\n- plain\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote\n\n<div>x</div>\n\n- [ ] task\n")
        let kinds = template.allSections[0].blocks.map(\.kind)
        #expect(kinds == [.paragraph, .list, .table, .blockQuote, .html, .taskList])
        #expect(template.text(in: template.allSections[0].blocks[0].range) == "Intro text.")
        #expect(template.tables.first?.rows.first?.cells.map(\.text) == ["1", "2"])
    }

    @Test("ItemID orders numerically and encodes as a string")
    func itemIDs() throws {
        let ids: [ItemID] = ["10.1", "2.10", "2.9", "2.9.1", "1"]
        #expect(ids.sorted() == ["1", "2.9", "2.9.1", "2.10", "10.1"])
        #expect(ItemID("7.2.1.1").components == [7, 2, 1, 1])
        #expect(ItemID("7.2.1.1").parentNumber == "7.2.1")
        let encoded = try JSONEncoder().encode(["7.2.1.1"] as [ItemID])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"7.2.1.1\"]")
        #expect(try JSONDecoder().decode([ItemID].self, from: encoded) == ["7.2.1.1"])
    }

    @Test("templates compare by source and are usable across tasks")
    func equality() async throws {
        let first = ChecklistTemplate.embeddedOptiBid()
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { (try? ChecklistTemplate.parse(first.source))?.itemCount ?? -1 } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 251, count: 8))
        #expect(try ChecklistTemplate.parse(first.source) == first)
        #expect(try parse("- [ ] a\n") != first)
    }
}

@Suite struct SetextRegressionTests {
    /// Found by the fuzz test in CI: a heading on the document's last line whose block cmark
    /// reports as ending after it crashed the underline search.
    @Test(arguments: ["- [ ] a\nTitle\n---", "- [ ] a\n\nTitle\n===", "- [ ] a\n# T", "- [ ] a\nT\n-", "T\n=\n- [ ] a"])
    func headingsAtTheEndOfTheDocument(_ text: String) {
        let t = try? ChecklistTemplate.parse(Array(text.utf8))
        #expect(t?.render(ChecklistFill()) == Array(text.utf8))
    }
}
