import CCmark

/// A heading as found in the document, before numbering.
struct RawSection {
    var level: Int
    var line: Int
    var endLine: Int
    var title: String
    var plainTitle: String
    var parent: Int?
    var items: [Int] = []
    var blocks: [ContextBlock] = []
}

/// A task item as found in the document, before numbering.
struct RawItem {
    var line: Int
    var markerOffset: Int
    var checked: Bool
    var text: String
    var plainText: String
    var parent: Int?
    var section: Int?
}

/// Who a code block belongs to, by raw index.
enum RawOwner: Equatable {
    case item(Int), section(Int), document
}

/// A fenced code block as found in the document.
struct RawCodeBlock {
    var info: String
    var code: String
    var line: Int
    var range: Range<Int>
    var owner: RawOwner
    var contentRange: Range<Int>
    var openingFence: Range<Int>
    var closingFence: Range<Int>?
}

/// Walks a cmark-gfm tree once and collects headings, task items, fenced code blocks, context
/// blocks and the sign-off, rollback and table structures, all with source positions.
struct Importer {
    let text: SourceText
    let document: CmarkDocument
    private(set) var sections: [RawSection] = []
    private(set) var items: [RawItem] = []
    private(set) var codeBlocks: [RawCodeBlock] = []
    private(set) var rollbackCriteria: [RollbackCriterion] = []
    private(set) var signerRoles: [SignerRole] = []
    private(set) var tables: [MarkdownTable] = []
    private var itemByNode: [OpaquePointer: Int] = [:]
    private var openSections: [Int] = []

    init(text: SourceText, document: CmarkDocument) {
        self.text = text
        self.document = document
    }

    private var currentSection: Int? { sections.isEmpty ? nil : sections.count - 1 }

    /// Imports every top-level block of the document, in order.
    mutating func run() {
        var previous: CNode?
        for block in document.root.children {
            if block.type == CMARK_NODE_HEADING {
                openSection(block)
            } else {
                importBlock(block, previous: previous)
            }
            previous = block
        }
    }

    // MARK: Headings

    private mutating func openSection(_ heading: CNode) {
        let level = heading.headingLevel
        while let top = openSections.last, sections[top].level >= level { openSections.removeLast() }
        let start = heading.startLine
        var endLine = start
        var title = text.atxHeadingText(line: start)
        if !text.isATXHeading(line: start) {
            endLine = text.setextUnderline(after: start, limit: max(heading.endLine, start + 1)) ?? start + 1
            title = text.joinedLines(start, endLine - 1)
        }
        sections.append(
            RawSection(
                level: level, line: start, endLine: endLine, title: title,
                plainTitle: heading.plainText, parent: openSections.last))
        openSections.append(sections.count - 1)
    }

    // MARK: Blocks

    private mutating func importBlock(_ block: CNode, previous: CNode?) {
        let context = ContextBlock(
            kind: contextKind(block), line: block.startLine, endLine: block.endLine,
            range: text.range(fromLine: block.startLine, toLine: block.endLine))
        if let section = currentSection { sections[section].blocks.append(context) }
        importItemsAndCode(in: block)
        if block.type == CMARK_NODE_LIST { importList(block, previous: previous) }
        if block.typeString == "table", let table = FormParser(text: text).table(block, section: currentSection) {
            tables.append(table)
        }
    }

    private func contextKind(_ block: CNode) -> ContextBlock.Kind {
        switch block.type {
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_LIST: return block.children.contains(where: document.isTaskItem) ? .taskList : .list
        case CMARK_NODE_HTML_BLOCK: return .html
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        default: return block.typeString == "table" ? .table : .other
        }
    }

    private mutating func importList(_ list: CNode, previous: CNode?) {
        let forms = FormParser(text: text)
        if let role = forms.signerRole(list: list, after: previous, document: document) {
            signerRoles.append(role)
        }
        if let section = currentSection, FormParser.isRollbackTitle(sections[section].plainTitle) {
            for bullet in list.children where !document.isTaskItem(bullet) {
                let id = "R\(rollbackCriteria.count + 1)"
                rollbackCriteria.append(
                    RollbackCriterion(
                        id: id, text: forms.itemText(bullet),
                        line: bullet.startLine))
            }
        }
    }

    // MARK: Items and code blocks

    private mutating func importItemsAndCode(in block: CNode) {
        var openItems: [(node: CNode, index: Int)] = []
        walkTree(block) { node, entering in
            if node.type == CMARK_NODE_ITEM {
                if !entering {
                    if openItems.last?.node == node { openItems.removeLast() }
                } else if document.isTaskItem(node), let index = addItem(node, parent: openItems.last?.index) {
                    openItems.append((node, index))
                }
            } else if entering, node.type == CMARK_NODE_CODE_BLOCK, let fence = node.fence {
                addCodeBlock(node, fence: fence, enclosingItem: openItems.last?.index)
            }
        }
    }

    private mutating func addItem(_ node: CNode, parent: Int?) -> Int? {
        guard let marker = text.taskMarkerOffset(line: node.startLine, column: node.startColumn)
        else { return nil }
        let mark = text.bytes[marker + 1]
        let afterMarker = marker + 3
        var itemText = text.joinedLines(node.startLine, node.startLine, startingAt: afterMarker)
        var plain = itemText
        if let paragraph = node.firstChild, paragraph.type == CMARK_NODE_PARAGRAPH,
            paragraph.startLine >= node.startLine
        {
            itemText = text.joinedLines(node.startLine, paragraph.endLine, startingAt: afterMarker)
            plain = paragraph.plainText
        }
        items.append(
            RawItem(
                line: node.startLine, markerOffset: marker,
                checked: mark == UInt8(ascii: "x") || mark == UInt8(ascii: "X"),
                text: itemText, plainText: plain, parent: parent, section: currentSection))
        itemByNode[node.raw] = items.count - 1
        if let section = currentSection { sections[section].items.append(items.count - 1) }
        return items.count - 1
    }

    private mutating func addCodeBlock(
        _ node: CNode, fence: (length: Int, offset: Int, character: UInt8),
        enclosingItem: Int?
    ) {
        let range = text.range(fromLine: node.startLine, toLine: node.endLine)
        let opening =
            fenceRun(line: node.startLine, character: fence.character, minimum: 1)
            ?? range.lowerBound..<range.lowerBound
        var closing: Range<Int>?
        if node.endLine > node.startLine {
            closing = fenceRun(
                line: node.endLine, character: fence.character, minimum: fence.length,
                wholeLine: true)
        }
        let contentStart = min(text.startOfLine(node.startLine + 1), range.upperBound)
        let contentEnd = closing == nil ? range.upperBound : max(contentStart, text.startOfLine(node.endLine))
        codeBlocks.append(
            RawCodeBlock(
                info: node.fenceInfo, code: node.literal, line: node.startLine,
                range: range, owner: codeOwner(node, enclosingItem: enclosingItem),
                contentRange: contentStart..<contentEnd, openingFence: opening,
                closingFence: closing))
    }

    /// The run of fence characters at the start of a line (after blanks), if at least
    /// `minimum` long; with `wholeLine`, only blanks may follow it.
    private func fenceRun(line: Int, character: UInt8, minimum: Int, wholeLine: Bool = false) -> Range<Int>? {
        guard let content = text.contentRange(ofLine: line) else { return nil }
        let trimmed = text.trimmed(content)
        var end = trimmed.lowerBound
        while end < trimmed.upperBound, text.bytes[end] == character { end += 1 }
        guard end - trimmed.lowerBound >= minimum, !wholeLine || end == trimmed.upperBound else { return nil }
        return trimmed.lowerBound..<end
    }

    /// A fenced block right after a list (HTML comments skipped) whose last item is a task
    /// item belongs to that item; otherwise to the innermost enclosing item, else the heading.
    private func codeOwner(_ node: CNode, enclosingItem: Int?) -> RawOwner {
        var previous = node.previous
        while let sibling = previous, sibling.isHTMLComment { previous = sibling.previous }
        if let list = previous, list.type == CMARK_NODE_LIST, let last = list.lastChild,
            let index = itemByNode[last.raw]
        {
            return .item(index)
        }
        if let enclosingItem { return .item(enclosingItem) }
        if let section = currentSection { return .section(section) }
        return .document
    }
}
