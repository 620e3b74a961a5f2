import Checklist

/// Where the annotated export inserts its lines into the template's bytes, and how they are
/// indented: under an item, as a nested list at the item's content column (so that GitHub
/// renders them inside the item), after the item's first paragraph and with the line ending
/// of the item's line.
struct Annotations {
    let source: [UInt8]
    /// Bytes to insert, by source offset.
    private(set) var insertions: [Int: [UInt8]] = [:]

    init(_ source: [UInt8]) { self.source = source }

    /// Inserts `lines` as sub-items of the item whose marker `[` is at `item.markerOffset`;
    /// a not-applicable item also gets `**N/A**` after its box.
    mutating func annotate(_ item: Item, lines: [String], notApplicable: Bool) {
        let marker = item.markerOffset
        guard !lines.isEmpty, marker + 3 <= source.count else { return }
        if notApplicable {
            let blank = marker + 3 < source.count && (source[marker + 3] == 0x20 || source[marker + 3] == 0x09)
            add(blank ? marker + 4 : marker + 3, Array((blank ? "**N/A** " : " **N/A**").utf8))
        }
        let start = lineStart(marker)
        let indent = source[start..<marker].map { $0 == 0x09 || $0 == UInt8(ascii: ">") ? $0 : 0x20 }
        let (end, newline) = paragraphEnd(marker)
        var bytes: [UInt8] = end == source.count && !endsWithBreak ? newline : []
        for line in lines { bytes += indent + Array("- \(line)".utf8) + newline }
        add(end, bytes)
    }

    /// Inserts the rollback banner (a block quote, then a blank line) before the document, after any front matter.
    mutating func insertBanner(_ text: String) {
        let at = frontMatterEnd()
        let nl = lineBreak(at: lineEnd(0)).isEmpty ? [UInt8(0x0A)] : lineBreak(at: lineEnd(0))
        add(at, Array(text.utf8) + nl + nl)
    }

    /// Appends a part (a rule, a heading, paragraphs, list lines) to the rendered output.
    func appendPart(to out: inout [UInt8], _ heading: String, _ paragraphs: [String], _ items: [String]) {
        let nl = lineBreak(at: lineEnd(0)).isEmpty ? [UInt8(0x0A)] : lineBreak(at: lineEnd(0))
        if let last = out.last, last != 0x0A, last != 0x0D { out += nl }
        out += nl + Array("---".utf8) + nl + nl + Array(heading.utf8) + nl + nl
        for p in paragraphs { out += Array(p.utf8) + nl + nl }
        for i in items { out += Array("- \(i)".utf8) + nl }
    }

    private mutating func add(_ offset: Int, _ bytes: [UInt8]) { insertions[offset, default: []] += bytes }

    private var endsWithBreak: Bool { source.last == 0x0A || source.last == 0x0D }

    private func lineStart(_ offset: Int) -> Int {
        var i = offset
        while i > 0, source[i - 1] != 0x0A, source[i - 1] != 0x0D { i -= 1 }
        return i
    }

    /// The offset of the line break ending the line at `offset` (or the end of the source).
    private func lineEnd(_ offset: Int) -> Int {
        var i = offset
        while i < source.count, source[i] != 0x0A, source[i] != 0x0D { i += 1 }
        return i
    }

    /// The line break at `offset`: CRLF, CR, LF, or none at the end.
    private func lineBreak(at offset: Int) -> [UInt8] {
        guard offset < source.count else { return [] }
        if source[offset] == 0x0D { return offset + 1 < source.count && source[offset + 1] == 0x0A ? [0x0D, 0x0A] : [0x0D] }
        return [0x0A]
    }

    /// The start of the line after the item's first paragraph (wrapped lines included), and
    /// the line break of the item's line.
    private func paragraphEnd(_ marker: Int) -> (Int, [UInt8]) {
        let first = lineEnd(marker)
        let nl = lineBreak(at: first).isEmpty ? [UInt8(0x0A)] : lineBreak(at: first)
        var end = first + lineBreak(at: first).count
        while end < source.count, continues(at: end) {
            let e = lineEnd(end)
            end = e + lineBreak(at: e).count
        }
        return (end, nl)
    }

    /// True when the line at `offset` continues a paragraph: not blank, and not the start of
    /// another block (a list item, a fence, a heading, HTML, a table row).
    private func continues(at offset: Int) -> Bool {
        let line = Array(source[offset..<lineEnd(offset)].drop { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ">") })
        guard let c = line.first else { return false }
        let after = line.count > 1 ? line[1] : 0x20
        if "-*+".utf8.contains(c), after == 0x20 || after == 0x09 { return false }
        let digits = line.prefix { (0x30...0x39).contains($0) }.count
        if digits > 0, digits < line.count, line[digits] == UInt8(ascii: ".") || line[digits] == UInt8(ascii: ")") { return false }
        if line.starts(with: Array("```".utf8)) || line.starts(with: Array("~~~".utf8)) { return false }
        return !"#<|".utf8.contains(c)
    }

    /// The offset after a YAML front matter block (`---` … `---` or `...` from the first line), or 0.
    private func frontMatterEnd() -> Int {
        guard source.starts(with: Array("---".utf8)), lineEnd(0) == 3 else { return 0 }
        var at = 3 + lineBreak(at: 3).count
        while at < source.count {
            let e = lineEnd(at)
            let line = Array(source[at..<e])
            at = e + lineBreak(at: e).count
            if line == Array("---".utf8) || line == Array("...".utf8) { return at }
        }
        return 0
    }
}
