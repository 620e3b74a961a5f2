import FoundationEssentials

/// A Markdown checklist imported from its exact source bytes with cmark-gfm.
///
/// Headings become a tree of `Section`s, GFM task items at any depth become `Item`s with
/// stable numbers (`7.2.1.1`) and slugs, fenced code blocks are attached to the step or
/// heading they belong to, and plain bullets, tables and paragraphs are kept as context. The
/// sign-off roles, rollback criteria, emergency contacts table and notes block are recorded
/// with byte ranges so `render(_:)` can fill them in. Values are immutable; two templates are
/// equal when their sources are (everything else is derived from the bytes).
public struct ChecklistTemplate: Sendable, Equatable {
    /// The exact bytes the template was parsed from.
    public let source: [UInt8]
    /// The bytes of the YAML front matter (`---` … `---` or `...` opening the document), if
    /// any: not parsed as Markdown, kept as they are.
    public let frontMatter: Range<Int>?
    /// The plain text of the first level-1 heading, if any.
    public let title: String?
    /// Every task item, in document order.
    public let items: [Item]
    /// The top-level sections (headings with no enclosing heading), each with its subsections.
    public let sections: [Section]
    /// Every section in document order; `Section.index` and `Item.sectionIndex` index this.
    public let allSections: [Section]
    /// Every fenced code block, in document order.
    public let codeBlocks: [CodeBlock]
    /// The bullets under the "When to Rollback" heading: `R1`, `R2`, ….
    public let rollbackCriteria: [RollbackCriterion]
    /// The sign-off roles (`**Role:**` followed by Name/Date/Signature lines).
    public let signerRoles: [SignerRole]
    /// Every GFM table, in document order.
    public let tables: [MarkdownTable]
    /// The first table under a heading containing "Contacts" (e.g. "Emergency Contacts").
    public let emergencyContacts: MarkdownTable?
    /// The first fenced block under a heading ending in "Notes" (e.g. "Post-Deployment Notes").
    public let notes: NotesBlock?

    let itemIndexByID: [ItemID: Int]
    let itemIndexBySlug: [String: Int]

    /// The largest source accepted by `parse(_:)`: 8 MiB.
    public static let maximumSourceSize = 8 << 20

    /// Imports a Markdown checklist.
    ///
    /// Never crashes or hangs on any input, including invalid UTF-8. With `frontMatter` (the
    /// default), YAML front matter opening the document is set aside (`FrontMatter`); without
    /// it the whole document is CommonMark, as deployments recorded before front matter was
    /// recognised read their templates (docs/FORMAT.md §9, `front_matter`).
    /// - Throws: `ChecklistError.noTaskItems` if the document has no GFM task item,
    ///   `.sourceTooLarge` past `maximumSourceSize`, `.parserUnavailable` if cmark-gfm fails.
    public static func parse(_ source: [UInt8], frontMatter recognised: Bool = true) throws(ChecklistError) -> ChecklistTemplate {
        guard source.count <= maximumSourceSize else {
            throw .sourceTooLarge(byteCount: source.count, limit: maximumSourceSize)
        }
        let text = SourceText(source)
        let frontMatter = recognised ? FrontMatter.range(in: text) : nil
        let document = try CmarkDocument.parse(frontMatter.map { FrontMatter.masked(source, $0) } ?? source)
        var importer = Importer(text: text, document: document)
        importer.run()
        guard !importer.items.isEmpty else { throw .noTaskItems }
        return ChecklistTemplate(source: source, frontMatter: frontMatter, importer: importer)
    }

    private init(source: [UInt8], frontMatter: Range<Int>?, importer: Importer) {
        let numbering = Numbering(importer)
        let blocks = numbering.codeBlocks()
        self.source = source
        self.frontMatter = frontMatter
        codeBlocks = blocks
        items = numbering.items(codeBlocks: blocks)
        allSections = numbering.sections(codeBlocks: blocks)
        sections = allSections.filter { $0.parentIndex == nil }
        title = allSections.first { $0.level == 1 }?.plainTitle
        rollbackCriteria = importer.rollbackCriteria
        signerRoles = importer.signerRoles
        tables = importer.tables
        let sectionList = allSections
        emergencyContacts = importer.tables.first { table in
            table.sectionIndex.map { FormParser.isContactsTitle(sectionList[$0].plainTitle) } ?? false
        }
        notes = Self.notesBlock(importer: importer, sections: sectionList)
        itemIndexByID = Dictionary(items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        itemIndexBySlug = Dictionary(items.enumerated().map { ($1.slug, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private static func notesBlock(importer: Importer, sections: [Section]) -> NotesBlock? {
        for block in importer.codeBlocks {
            guard case .section(let index) = block.owner, FormParser.isNotesTitle(sections[index].plainTitle)
            else { continue }
            return NotesBlock(
                sectionIndex: index, line: block.line, range: block.range,
                contentRange: block.contentRange, openingFence: block.openingFence,
                closingFence: block.closingFence)
        }
        return nil
    }

    public static func == (lhs: ChecklistTemplate, rhs: ChecklistTemplate) -> Bool {
        lhs.source == rhs.source
    }
}

extension ChecklistTemplate {
    /// The number of task items.
    public var itemCount: Int { items.count }
    /// The number of items nested in another item.
    public var nestedItemCount: Int { items.count(where: { $0.parent != nil }) }
    /// The number of items marked `[x]`/`[X]` in the source.
    public var checkedItemCount: Int { items.count(where: { $0.checkedInSource }) }
    /// The numbered top-level sections (`1`, `2`, …): they match the table of contents.
    public var numberedSections: [Section] {
        allSections.filter { $0.number.map { !$0.contains(".") } ?? false }
    }

    /// The item with this number, if any.
    public func item(_ id: ItemID) -> Item? { itemIndexByID[id].map { items[$0] } }

    /// The item with this slug, if any.
    public func item(slug: String) -> Item? { itemIndexBySlug[slug].map { items[$0] } }

    /// The section with this number (`"7.2"`), if any.
    public func section(number: String) -> Section? { allSections.first { $0.number == number } }

    /// The source text of a byte range (e.g. `ContextBlock.range`); invalid UTF-8 is repaired.
    public func text(in range: Range<Int>) -> String {
        let lower = min(max(range.lowerBound, 0), source.count)
        let upper = min(max(range.upperBound, lower), source.count)
        return String(decoding: source[lower..<upper], as: UTF8.self)
    }
}

extension ChecklistTemplate {
    /// The bytes of the embedded OptiBid production deployment checklist (a resource embedded
    /// in the code, so the binary needs no bundle beside it).
    public static var optiBidSource: [UInt8] { PackageResources.optibid_production_deployment_md }

    private static let optiBid: ChecklistTemplate = {
        do {
            return try parse(optiBidSource)
        } catch {
            preconditionFailure("the embedded OptiBid checklist does not import: \(error)")
        }
    }()

    /// The embedded OptiBid Energy Platform production deployment checklist, parsed once.
    public static func embeddedOptiBid() -> ChecklistTemplate { optiBid }
}
