import CCmark

/// Recognises the fill-in structures of a checklist: sign-off roles, tables, and the headings
/// of the rollback criteria, the emergency contacts and the notes.
struct FormParser {
    let text: SourceText

    // MARK: Headings

    /// "When to Rollback", "When to roll back", "Rollback criteria".
    static func isRollbackTitle(_ title: String) -> Bool {
        if let letters = asciiLetters(title) { return letters.contains("whentorollback".utf8) || letters.contains("rollbackcriteria".utf8) }
        let letters = normalized(title)
        return letters.contains("whentorollback") || letters.contains("rollbackcriteria")
    }

    /// "Emergency Contacts", "Contacts".
    static func isContactsTitle(_ title: String) -> Bool {
        if let letters = asciiLetters(title) { return letters.contains("contacts".utf8) }
        return normalized(title).contains("contacts")
    }

    /// "Post-Deployment Notes", "Notes".
    static func isNotesTitle(_ title: String) -> Bool {
        if let letters = asciiLetters(title) { return letters.ends(with: "notes".utf8) }
        return normalized(title).hasSuffix("notes")
    }

    /// The title's letters, lower-cased.
    static func normalized(_ title: String) -> String {
        String(title.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic }.map(Character.init))
    }

    /// `normalized(title)`'s bytes when the title is ASCII (its letters are then A-Z and a-z
    /// alone), so that the checks above compare bytes; nil for any other title.
    static func asciiLetters(_ title: String) -> [UInt8]? {
        var out: [UInt8] = []
        for b in title.utf8 {
            guard b < 0x80 else { return nil }
            if b >= 0x61 && b <= 0x7A { out.append(b) } else if b >= 0x41 && b <= 0x5A { out.append(b + 0x20) }
        }
        return out
    }

    // MARK: Paragraph text

    /// The Markdown source of a list item's first paragraph, trimmed, lines joined by a space.
    func itemText(_ item: CNode) -> String {
        guard let paragraph = item.firstChild, paragraph.type == CMARK_NODE_PARAGRAPH else { return "" }
        return paragraphText(paragraph)
    }

    func paragraphText(_ paragraph: CNode) -> String {
        let start = text.contentRange(ofLine: paragraph.startLine).map { $0.lowerBound + paragraph.startColumn - 1 }
        return text.joinedLines(paragraph.startLine, paragraph.endLine, startingAt: start)
    }

    // MARK: Sign-off

    /// A role paragraph (`**Deployment Lead:**`) followed by a Name/Date/Signature list.
    func signerRole(list: CNode, after paragraph: CNode?, document: CmarkDocument) -> SignerRole? {
        guard let paragraph, let name = roleName(paragraph) else { return nil }
        let fields = list.children.compactMap { item in
            document.isTaskItem(item) ? nil : signatureField(item)
        }
        guard !fields.isEmpty else { return nil }
        return SignerRole(name: name, line: paragraph.startLine, fields: fields)
    }

    /// The role of a paragraph that is only strong text, optionally followed by a colon.
    private func roleName(_ paragraph: CNode) -> String? {
        guard paragraph.type == CMARK_NODE_PARAGRAPH, let strong = paragraph.firstChild,
            strong.type == CMARK_NODE_STRONG
        else { return nil }
        var rest = strong.next
        while let node = rest {
            guard node.type == CMARK_NODE_TEXT, node.literal.trimmingBlanks().allSatisfy({ $0 == ":" })
            else { return nil }
            rest = node.next
        }
        var name = strong.plainText.trimmingBlanks()
        while name.hasSuffix(":") { name = String(name.dropLast()).trimmingBlanks() }
        return name.isEmpty ? nil : name
    }

    /// `- Name: ____`: the label before the first colon names the field; the value is the rest.
    private func signatureField(_ item: CNode) -> SignatureField? {
        guard let paragraph = item.firstChild, paragraph.type == CMARK_NODE_PARAGRAPH else { return nil }
        let plain = paragraph.plainText
        guard let colon = plain.firstIndex(of: ":"),
            let kind = SignatureField.Kind(rawValue: String(plain[..<colon]).trimmingBlanks().lowercased()),
            let lineRange = text.contentRange(ofLine: paragraph.startLine)
        else { return nil }
        let start = min(lineRange.lowerBound + max(paragraph.startColumn - 1, 0), lineRange.upperBound)
        guard let sourceColon = text.bytes[start..<lineRange.upperBound].firstIndex(of: UInt8(ascii: ":"))
        else { return nil }
        var value = sourceColon + 1
        while value < lineRange.upperBound, isEmphasisOrBlank(text.bytes[value]) { value += 1 }
        return SignatureField(
            kind: kind, line: paragraph.startLine, lineRange: lineRange,
            valueRange: value..<lineRange.upperBound)
    }

    private func isEmphasisOrBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || SourceText.isBlank(byte)
    }

    // MARK: Tables

    /// A GFM table, its cells split from the source lines on unescaped pipes.
    func table(_ node: CNode, section: Int?) -> MarkdownTable? {
        let rowNodes = node.children
        guard let headerNode = rowNodes.first,
            let header = row(line: headerNode.startLine, columns: nil)
        else { return nil }
        let columns = header.cells.map(\.text)
        let rows = rowNodes.dropFirst().compactMap { row(line: $0.startLine, columns: columns) }
        return MarkdownTable(
            sectionIndex: section, line: node.startLine,
            range: text.range(fromLine: node.startLine, toLine: node.endLine),
            header: header, rows: rows)
    }

    private func row(line: Int, columns: [String]?) -> TableRow? {
        guard let content = text.contentRange(ofLine: line) else { return nil }
        var ranges = cellRanges(content)
        if let columns { ranges = Array(ranges.prefix(columns.count)) }
        let cells = ranges.enumerated().map { index, range in
            let cellText = text.string(text.trimmed(range))
            let column = columns.map { index < $0.count ? $0[index] : "" } ?? cellText
            return TableCell(column: column, text: cellText, range: range)
        }
        return TableRow(line: line, cells: cells)
    }

    /// The byte ranges between the pipes of a table row; a leading and a trailing pipe are optional.
    private func cellRanges(_ content: Range<Int>) -> [Range<Int>] {
        let line = text.trimmed(content)
        var cellStart = line.lowerBound
        if cellStart < line.upperBound, text.bytes[cellStart] == UInt8(ascii: "|") { cellStart += 1 }
        var ranges: [Range<Int>] = []
        var cursor = cellStart
        while cursor < line.upperBound {
            let byte = text.bytes[cursor]
            if byte == UInt8(ascii: "\\") {
                cursor += 2
                continue
            }
            if byte == UInt8(ascii: "|") {
                ranges.append(cellStart..<cursor)
                cellStart = cursor + 1
            }
            cursor += 1
        }
        if cellStart < line.upperBound, !text.trimmed(cellStart..<line.upperBound).isEmpty {
            ranges.append(cellStart..<line.upperBound)
        }
        return ranges
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the bytes.
    fileprivate func contains(_ needle: String.UTF8View) -> Bool {
        let n = Array(needle)
        guard n.count <= count else { return false }
        if n.isEmpty { return true }
        return (0...(count - n.count)).contains { i in self[i..<(i + n.count)].elementsEqual(n) }
    }

    /// Whether the bytes end with `suffix`.
    fileprivate func ends(with suffix: String.UTF8View) -> Bool {
        let n = Array(suffix)
        return n.count <= count && self[(count - n.count)...].elementsEqual(n)
    }
}
