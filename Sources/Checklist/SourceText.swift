/// The exact source bytes of a Markdown document with a line table that follows CommonMark's
/// line endings (`\n`, `\r\n` and a bare `\r`), so cmark's 1-based (line, byte column) source
/// positions can be mapped to byte offsets.
struct SourceText: Sendable {
    let bytes: [UInt8]
    /// Byte offset where each line starts; line `n` (1-based) is at index `n - 1`.
    let lineStarts: [Int]
    /// Byte offset where each line's content ends (before its terminator).
    let lineEnds: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var ends: [Int] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                ends.append(index)
                let crlf = byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A
                index += crlf ? 2 : 1
                starts.append(index)
            } else {
                index += 1
            }
        }
        ends.append(bytes.count)
        lineStarts = starts
        lineEnds = ends
    }

    var lineCount: Int { lineStarts.count }

    /// The content bytes of a 1-based line, without its terminator; nil outside the document.
    func contentRange(ofLine line: Int) -> Range<Int>? {
        guard line >= 1, line <= lineCount else { return nil }
        return lineStarts[line - 1]..<lineEnds[line - 1]
    }

    /// Bytes from the start of `first` to the end of the content of `last`, clamped to the document.
    func range(fromLine first: Int, toLine last: Int) -> Range<Int> {
        let lower = clampLine(first)
        let upper = max(lower, clampLine(last))
        return lineStarts[lower - 1]..<lineEnds[upper - 1]
    }

    /// The start of a 1-based line, or the end of the document past its last line.
    func startOfLine(_ line: Int) -> Int {
        guard line >= 1 else { return 0 }
        return line <= lineCount ? lineStarts[line - 1] : bytes.count
    }

    func clampLine(_ line: Int) -> Int { min(max(line, 1), lineCount) }

    /// The text of a byte range; invalid UTF-8 is repaired with U+FFFD.
    func string(_ range: Range<Int>) -> String {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// `range` without leading and trailing spaces and tabs.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, Self.isBlank(bytes[lower]) { lower += 1 }
        while upper > lower, Self.isBlank(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}

extension SourceText {
    /// The byte offset of the `[` of a task item's `[ ]`/`[x]`/`[X]` marker.
    ///
    /// `line` and `column` are the list item's cmark source position: the column is a 1-based
    /// byte column (cmark counts a tab as one byte there), so the list marker (`-`, `+`, `*`,
    /// or digits followed by `.` or `)`) starts at that byte. The checkbox must follow the list
    /// marker after spaces or tabs; anything else returns nil.
    func taskMarkerOffset(line: Int, column: Int) -> Int? {
        guard let content = contentRange(ofLine: line), column >= 1 else { return nil }
        let start = content.lowerBound + column - 1
        guard start < content.upperBound, let afterList = listMarkerEnd(at: start, limit: content.upperBound)
        else { return nil }
        var index = afterList
        while index < content.upperBound, Self.isBlank(bytes[index]) { index += 1 }
        return isCheckbox(at: index, limit: content.upperBound) ? index : nil
    }

    /// Whether `[ ]`, `[x]` or `[X]` starts at `index` and ends before `limit`.
    func isCheckbox(at index: Int, limit: Int) -> Bool {
        guard index >= 0, index + 3 <= limit, bytes[index] == UInt8(ascii: "["),
            bytes[index + 2] == UInt8(ascii: "]")
        else { return false }
        let mark = bytes[index + 1]
        return mark == 0x20 || mark == UInt8(ascii: "x") || mark == UInt8(ascii: "X")
    }

    /// The offset just after a bullet or ordered list marker starting at `index`, or nil.
    private func listMarkerEnd(at index: Int, limit: Int) -> Int? {
        let first = bytes[index]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "*") {
            return index + 1
        }
        var cursor = index
        while cursor < limit, cursor - index < 9, isDigit(bytes[cursor]) { cursor += 1 }
        guard cursor > index, cursor < limit else { return nil }
        let delimiter = bytes[cursor]
        return delimiter == UInt8(ascii: ".") || delimiter == UInt8(ascii: ")") ? cursor + 1 : nil
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The text of an ATX heading line: without indentation, opening `#`s and the optional
    /// closing sequence.
    func atxHeadingText(line: Int) -> String {
        guard let content = contentRange(ofLine: line) else { return "" }
        var range = trimmed(content)
        var lower = range.lowerBound
        while lower < range.upperBound, bytes[lower] == UInt8(ascii: "#") { lower += 1 }
        range = trimmed(lower..<range.upperBound)
        var upper = range.upperBound
        while upper > range.lowerBound, bytes[upper - 1] == UInt8(ascii: "#") { upper -= 1 }
        if upper == range.lowerBound || Self.isBlank(bytes[upper - 1]) {
            range = trimmed(range.lowerBound..<upper)
        }
        return string(range)
    }

    /// Whether a line opens an ATX heading: up to three spaces, one to six `#`, then a blank or
    /// the end of the line.
    func isATXHeading(line: Int) -> Bool {
        guard let content = contentRange(ofLine: line) else { return false }
        var index = content.lowerBound
        while index < content.upperBound, index - content.lowerBound < 3, bytes[index] == 0x20 { index += 1 }
        let hashes = index
        while index < content.upperBound, bytes[index] == UInt8(ascii: "#") { index += 1 }
        let count = index - hashes
        return count >= 1 && count <= 6 && (index == content.upperBound || Self.isBlank(bytes[index]))
    }

    /// The first line after `line` that is a setext underline (only `=` or only `-`, up to three
    /// spaces of indentation), looking no further than `limit`. cmark's reported end of a
    /// setext heading can run into the following blocks, so the underline is found here.
    func setextUnderline(after line: Int, limit: Int) -> Int? {
        let last = min(limit, lineCount)
        guard line < last else { return nil }
        for candidate in (line + 1)...last {
            guard let content = contentRange(ofLine: candidate) else { return nil }
            let indent = bytes[content].prefix { $0 == 0x20 }.count
            let body = trimmed(content)
            guard indent <= 3, let first = body.first.map({ bytes[$0] }),
                first == UInt8(ascii: "=") || first == UInt8(ascii: "-")
            else { continue }
            if bytes[body].allSatisfy({ $0 == first }) { return candidate }
        }
        return nil
    }

    /// Lines `first...last`, each trimmed, the non-empty ones joined by one space.
    func joinedLines(_ first: Int, _ last: Int, startingAt offset: Int? = nil) -> String {
        guard first <= last else { return "" }
        var parts: [String] = []
        for line in first...last {
            guard var content = contentRange(ofLine: line) else { continue }
            if line == first, let offset, content.contains(offset) || offset == content.upperBound {
                content = offset..<content.upperBound
            }
            let piece = trimmed(content)
            if !piece.isEmpty { parts.append(string(piece)) }
        }
        return parts.joined(separator: " ")
    }
}
