/// A heading of the checklist and everything up to the next heading of the same or a higher
/// level: a tree (H1 title, H2 sections, H3 subsections, …).
///
/// Only sections that hold items (directly or in a subsection) are numbered, so the numbers
/// match the document's table of contents. When the whole checklist sits under one heading and
/// nothing precedes it, that heading is the document title and is not numbered.
public struct Section: Sendable, Equatable {
    /// Position among all headings of the document, in document order (0-based).
    public let index: Int
    /// The number, e.g. `"7.2"`; nil if the section holds no items or is the document title.
    public let number: String?
    /// A readable id unique among sections (`deployment-steps`, or `section-7-2`).
    public let slug: String
    /// The Markdown source of the heading text (no `#`s).
    public let title: String
    /// The heading as plain text.
    public let plainTitle: String
    /// The heading level, 1–6.
    public let level: Int
    /// The 1-based line of the heading.
    public let line: Int
    /// Bytes of the heading line(s).
    public let headingRange: Range<Int>
    /// Bytes of the whole section: from its heading to the next heading of the same or a
    /// higher level (or the end of the document), subsections included.
    public let range: Range<Int>
    /// Index of the enclosing section in `ChecklistTemplate.allSections`, if any.
    public let parentIndex: Int?
    /// Subsections, in document order.
    public let children: [Section]
    /// Items whose nearest heading is this one (nested items included), in document order.
    public let items: [ItemID]
    /// Fenced code blocks that belong to the heading rather than to an item.
    public let codeBlocks: [CodeBlock]
    /// The section's own top-level blocks (not those of subsections), as context.
    public let blocks: [ContextBlock]
    /// Whether this section or one of its subsections holds an item.
    public let holdsItems: Bool
}

/// A top-level Markdown block kept as context: a paragraph, list, table, HTML block, ….
///
/// The text is not copied: read it with `ChecklistTemplate.text(in:)`.
public struct ContextBlock: Sendable, Equatable {
    /// What kind of block it is.
    ///
    /// Derived from cmark-gfm's node type; a list is a `taskList` when any of its own items is a
    /// task item.
    public enum Kind: String, Sendable, Hashable {
        case paragraph, list, taskList, table, html, blockQuote, codeBlock, thematicBreak, other
    }

    /// The block's kind; `taskList` is a list with at least one task item.
    public let kind: Kind
    /// The first 1-based line.
    public let line: Int
    /// The last 1-based line.
    public let endLine: Int
    /// Bytes from the start of the first line to the end of the last line's content.
    public let range: Range<Int>
}

extension String {
    /// The string without leading and trailing white space (Unicode's, line breaks included);
    /// Foundation-free, so the pure core can use it.
    public func trimmingBlanks() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) ?? first
        return String(scalars[first...last])
    }
}

extension Section {
    /// The title to show after the section's number: `plainTitle` without a leading number
    /// that repeats the computed one, so `### 10.1 Approval Gates` numbered `10.1` shows as
    /// `10.1 Approval Gates`, not `10.1 10.1 Approval Gates`.
    ///
    /// A leading number is digits and dots (`\d+(\.\d+)*\.?`) followed by a blank. It is
    /// dropped when, without a final dot, it equals the section's number or its last
    /// components (`#### 1. Database Migration` numbered `7.2.1`). A number that says
    /// something else (`### 3. Rollout` numbered `7.2`) is the author's text and is kept.
    public var displayTitle: String {
        guard let number, let (written, rest) = Self.leadingNumber(plainTitle), !rest.isEmpty,
            number == written || number.hasSuffix("." + written)
        else { return plainTitle }
        return rest
    }

    /// The leading `\d+(\.\d+)*\.?` of a title (without the final dot) and the text after the
    /// blanks that follow it; nil when the title does not start with a number and a blank.
    static func leadingNumber(_ title: String) -> (number: String, rest: String)? {
        let scalars = Array(title.unicodeScalars)
        var index = 0
        var components = 0
        while index < scalars.count, ("0"..."9").contains(scalars[index]) {
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            components += 1
            guard index < scalars.count, scalars[index] == "." else { break }
            index += 1
        }
        guard components > 0, index < scalars.count, scalars[index] == " " || scalars[index] == "\t" else { return nil }
        var number = String(String.UnicodeScalarView(scalars[..<index]))
        if number.hasSuffix(".") { number.removeLast() }
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        return (number, String(String.UnicodeScalarView(scalars[index...])))
    }
}
