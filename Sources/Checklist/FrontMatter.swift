/// YAML front matter at the start of a checklist (docs/FORMAT.md §9): a first line `---`
/// and everything through the next line that is `---` or `...` (trailing spaces and tabs
/// allowed on both). It is not Markdown: the parser sees its lines as blank lines (so the
/// closing `---` is no setext underline and no thematic break, and no item or heading in it
/// counts), and rendering leaves its bytes as they are.
enum FrontMatter {
    /// The bytes of the front matter, from the start of the document to the end of the
    /// closing line's content; nil when the document has none.
    static func range(in text: SourceText) -> Range<Int>? {
        guard isFence(text, line: 1, closing: false) else { return nil }
        var line = 2
        while line <= text.lineCount {
            if isFence(text, line: line, closing: true) { return 0..<text.lineEnds[line - 1] }
            line += 1
        }
        return nil
    }

    /// `bytes` with every byte of `range` other than line terminators replaced by a space.
    static func masked(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt8] {
        var out = bytes
        for index in range where out[index] != 0x0A && out[index] != 0x0D { out[index] = 0x20 }
        return out
    }

    private static func isFence(_ text: SourceText, line: Int, closing: Bool) -> Bool {
        guard let content = text.contentRange(ofLine: line) else { return false }
        var end = content.upperBound
        while end > content.lowerBound, SourceText.isBlank(text.bytes[end - 1]) { end -= 1 }
        let body = Array(text.bytes[content.lowerBound..<end])
        return body == Array("---".utf8) || (closing && body == Array("...".utf8))
    }
}
