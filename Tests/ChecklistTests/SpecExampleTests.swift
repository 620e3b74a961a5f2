import Testing

@testable import Checklist

/// A hand-written example in the spirit of the CommonMark spec's "List items" and "Fenced code
/// blocks" sections (the spec text is not on this machine), with cmark-gfm's task item count.
struct SpecExample: Sendable, CustomTestStringConvertible {
    let markdown: String
    let items: Int
    let fencedBlocks: Int
    var testDescription: String { String(reflecting: markdown) }

    init(_ markdown: String, items: Int, fenced: Int = 0) {
        self.markdown = markdown
        self.items = items
        fencedBlocks = fenced
    }
}

let listItemExamples: [SpecExample] = [
    .init("- [ ] one\n\n  two\n", items: 1),
    .init("- [ ] one\n\n two\n", items: 1),
    .init(" -    [ ] one\n\n      two\n", items: 1),
    .init("-[ ] not a list\n", items: 0),
    .init("- [ ] foo\n\n\n  bar\n", items: 1),
    .init("1.  [ ] A paragraph\n    with two lines.\n\n        indented code\n\n    > A block quote.\n", items: 1),
    .init("123456789. [ ] nine digits\n", items: 1),
    .init("1234567890. [ ] ten digits is not a list\n", items: 0),
    .init("0. [ ] zero\n", items: 1),
    .init("-1. [ ] not a list\n", items: 0),
    .init("- [ ] foo\n\n      bar\n", items: 1),
    .init("-\n  [ ] a list item starting with a blank line\n", items: 0),
    .init("- [ ] foo\n-\n- [ ] bar\n", items: 2),
    .init("- [ ] a\n - [ ] b\n  - [ ] c\n   - [ ] d\n    - [ ] e\n", items: 4),
    .init("1. [ ] a\n\n  2. [ ] b\n\n    3. [ ] c\n", items: 2),
    .init("- [ ] a\n- [ ] b\n\n- [ ] c\n", items: 3),
    .init("* [ ] a\n*\n\n* [ ] c\n", items: 2),
    .init("- [ ] a\n  - [ ] b\n\n    c\n- [ ] d\n", items: 3),
    .init("- [ ] a\n  > b\n  ```\n  c\n  ```\n- [ ] d\n", items: 2, fenced: 1),
    .init("- - [ ] foo\n", items: 0),
    .init("1. - 2. [ ] foo\n", items: 0),
    .init("- # [ ] Foo\n", items: 0),
    .init("- [ ] a\n\n    - [ ] b\n", items: 2),
    .init("10) [ ] ten\n11) [x] eleven\n", items: 2),
    .init("- [ ]\tfoo\n", items: 1),
    .init("  - [ ] two spaces\n   - [ ] three\n    - [ ] four\n", items: 2),
    .init("- [x]\n- [ ] \n- [ ]  \n", items: 2),
    .init("- [ ] a\n---\n- [ ] b\n", items: 2),
    .init("- [ ] a\n===\n", items: 1),
    .init("- [ ] a\n  - [X] b\n    - [x] c\n      - [ ] d\n", items: 4),
]

let codeFenceExamples: [SpecExample] = [
    .init("```\n- [ ] a\n```\n- [ ] b\n", items: 1, fenced: 1),
    .init("~~~\n- [ ] a\n```\n~~~\n", items: 0, fenced: 1),
    .init("````\n- [ ] a\n```\n``````\n- [ ] b\n", items: 1, fenced: 1),
    .init("```\n- [ ] unclosed\n", items: 0, fenced: 1),
    .init("  ```\n  - [ ] a\n  ```\n- [ ] b\n", items: 1, fenced: 1),
    .init("```\n- [ ] a\n    ```\n- [ ] b\n", items: 0, fenced: 1),
    .init("``` ```\n- [ ] a\n", items: 1),
    .init("~~~~~~\n- [ ] a\n~~~ ~~\n", items: 0, fenced: 1),
    .init("foo\n```\n- [ ] a\n```\n- [ ] b\n", items: 1, fenced: 1),
    .init("```ruby startline=3 $%@#$\n- [ ] a\n```\n- [ ] b\n", items: 1, fenced: 1),
    .init("<!-- - [ ] a -->\n- [ ] b\n", items: 1),
    .init("<!--\n- [ ] a\n\n- [ ] c\n-->\n- [ ] b\n", items: 1),
    .init("<div>\n- [ ] in an HTML block\n</div>\n\n- [ ] b\n", items: 1),
    .init("`- [ ] a`\n- [ ] b `- [x] c`\n", items: 1),
    .init("    - [ ] indented code\n\n- [ ] b\n", items: 1),
    .init("| a | b |\n|---|---|\n| - [ ] x | y |\n\n- [ ] z\n", items: 1),
]

@Suite("CommonMark-style list item and code fence examples")
struct SpecExampleTests {
    @Test("list items", arguments: listItemExamples)
    func listItems(example: SpecExample) throws { try check(example) }

    @Test("code fences, HTML and inline code", arguments: codeFenceExamples)
    func codeFences(example: SpecExample) throws { try check(example) }

    private func check(_ example: SpecExample) throws {
        guard example.items > 0 else {
            #expect(throws: ChecklistError.noTaskItems) { try parse(example.markdown) }
            return
        }
        let template = try parse(example.markdown)
        #expect(template.itemCount == example.items)
        #expect(template.codeBlocks.count == example.fencedBlocks)
        expectInvariants(template)
        for item in template.items {
            #expect(!item.text.contains("- [ ] in") && !item.text.hasPrefix("["))
        }
    }

    @Test("a lazy continuation line's checkbox is text, not an item")
    func lazyContinuation() throws {
        let template = try parse("- [ ] a\n - [ ] b\n  - [ ] c\n   - [ ] d\n    - [ ] e\n")
        #expect(template.items.map(\.text) == ["a", "b", "c", "d - [ ] e"])
        #expect(template.items.map(\.id) == ["1", "2", "3", "4"])
    }

    @Test("checked state comes from each item's own marker")
    func nestedMarkers() throws {
        let template = try parse("- [ ] a\n  - [X] b\n    - [x] c\n      - [ ] d\n")
        #expect(template.items.map(\.checkedInSource) == [false, true, true, false])
        #expect(template.items.map(\.id) == ["1", "1.1", "1.1.1", "1.1.1.1"])
        #expect(template.items.map(\.depth) == [0, 1, 2, 3])
    }
}
