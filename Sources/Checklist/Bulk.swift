extension ChecklistTemplate {
    /// The section a bulk reference names, or nil when `query` is not a section reference.
    ///
    /// A section reference is a numbered section's number (`9.1`) or that number followed by
    /// `.*` (`9.1.*`). Item and section numbers never coincide (a section's subsections
    /// continue the count after its items, and a nested item extends an item's number), so
    /// `9.1` is never both. Slugs and titles name items, not sections, in bulk commands.
    ///
    /// - Throws: `ChecklistError.unknownSection` for `N.*` when no section is numbered N.
    public func bulkSection(_ query: String) throws(ChecklistError) -> Section? {
        let trimmed = query.trimmingBlanks()
        let starred = trimmed.hasSuffix(".*")
        let number = starred ? String(trimmed.dropLast(2)) : trimmed
        if let section = section(number: number) { return section }
        guard starred else { return nil }
        let numbered = allSections.filter { $0.number != nil }
        let keys = numbered.map { Matcher.Key(id: $0.number ?? "", slug: $0.slug, texts: [$0.title, $0.plainTitle]) }
        throw .unknownSection(query: trimmed, suggestions: Matcher.nearest(number, keys).map { Matcher.candidate(numbered[$0]) })
    }

    /// Every item of a section, nested items and those of its subsections included, in
    /// document order.
    public func items(under section: Section) -> [Item] {
        guard let number = section.number else { return [] }
        let prefix = number + "."
        return items.filter { $0.id.rawValue.hasPrefix(prefix) }
    }
}
