/// The stable hierarchical number of a checklist item, such as `"7.2.1.1"`.
///
/// Numbers count only the sections that hold items, so they follow the document's table of
/// contents; a nested item extends its parent's number (`2.2.1.1` is the first child of
/// `2.2.1`). Ordered component by component; encoded as a plain string.
public struct ItemID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The dotted number, e.g. `"7.2.1.1"`.
    public let rawValue: String

    /// Wraps a dotted number. No validation: an unknown id simply resolves to nothing.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Wraps a dotted number written as a literal: `let id: ItemID = "7.2.1.1"`.
    public init(stringLiteral value: String) { self.init(value) }

    /// The numeric components (`[7, 2, 1, 1]`); a non-numeric component is `-1`.
    public var components: [Int] {
        rawValue.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) ?? -1 }
    }

    /// The number of the parent item or section: everything before the last dot.
    public var parentNumber: String? {
        guard let dot = rawValue.lastIndex(of: ".") else { return nil }
        return String(rawValue[..<dot])
    }

    public var description: String { rawValue }

    public static func < (lhs: ItemID, rhs: ItemID) -> Bool {
        let left = lhs.components
        let right = rhs.components
        return left == right ? lhs.rawValue < rhs.rawValue : left.lexicographicallyPrecedes(right)
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// One GFM task list item (`- [ ] …`) of a checklist, at any nesting depth.
///
/// Items are built by `ChecklistTemplate.parse(_:)`; their ids and slugs are stable for a
/// given template source. `checkedInSource` is read from the item's own marker bytes, not from
/// cmark-gfm (which reports `- [ ] read the [x] docs` as checked).
public struct Item: Sendable, Equatable, Identifiable {
    /// The hierarchical number, e.g. `"7.2.1.1"`.
    public let id: ItemID
    /// A readable id unique in the document: lowercase ASCII words joined by `-`
    /// (`create-database-backup`; Latin letters transliterated, `ecran-de-statut-verifie`, see
    /// `Slug`), `-2`, `-3` … for repeats, `item-7-2-1-1` without letters. Derived on every
    /// read and never recorded: records name items by number.
    public let slug: String
    /// The Markdown source of the item's first paragraph, trimmed; wrapped lines joined by a space.
    public let text: String
    /// `text` as plain text: inline markup, link targets and HTML removed.
    public let plainText: String
    /// 0 for a top-level item, 1 for an item nested in an item, and so on.
    public let depth: Int
    /// The nearest enclosing task item, if any.
    public let parent: ItemID?
    /// The items nested directly in this one, in document order.
    public let children: [ItemID]
    /// Index in `ChecklistTemplate.allSections` of the enclosing heading; nil before any heading.
    public let sectionIndex: Int?
    /// The number of the nearest numbered enclosing section (nil directly under the title).
    public let sectionNumber: String?
    /// Plain titles of the enclosing headings, outermost first.
    public let sectionPath: [String]
    /// The 1-based source line of the item's list marker.
    public let line: Int
    /// Byte offset of the `[` of the item's `[ ]`/`[x]`/`[X]` marker in the source.
    public let markerOffset: Int
    /// Whether the source marker is `[x]` or `[X]`.
    public let checkedInSource: Bool
    /// Fenced code blocks that belong to this step (its commands), in document order.
    public let codeBlocks: [CodeBlock]
}

/// A fenced code block of the document, with the item or heading it belongs to.
///
/// A fenced block inside a task item belongs to that item (the innermost one), and so does a
/// block that directly follows a list, at the list's level, whose last item is a task item
/// (HTML comments in between are skipped). Any other block belongs to the enclosing heading.
public struct CodeBlock: Sendable, Equatable {
    /// Who a code block belongs to.
    ///
    /// Items are named by number; sections by their index in `allSections` (unnumbered
    /// sections such as an appendix own code blocks too).
    public enum Owner: Sendable, Hashable {
        /// A task item: the block holds that step's commands.
        case item(ItemID)
        /// A heading, by its index in `ChecklistTemplate.allSections`.
        case section(Int)
        /// Text before the first heading.
        case document
    }

    /// The info string after the opening fence, e.g. `"bash"`.
    public let info: String
    /// The literal code, one `\n` after each line.
    public let code: String
    /// The 1-based line of the opening fence.
    public let line: Int
    /// Bytes of the whole block, opening fence line through closing fence line.
    public let range: Range<Int>
    /// The item or section the block belongs to.
    public let owner: Owner

    /// The first word of the info string, if any (`"bash"`).
    public var language: String? {
        info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
    }
}
