/// Gives the importer's raw sections and items their numbers and slugs and builds the public
/// model values.
///
/// Numbering: within the document, and within each section, the top-level items come first
/// (1, 2, …) and then the subsections that hold items continue the count; subsections without
/// items get no number. If nothing precedes the first heading and exactly one top-level heading
/// holds items, that heading is the title: it gets no number and its contents are numbered from 1.
struct Numbering {
    private let raw: Importer
    private let text: SourceText
    private(set) var holds: [Bool]
    private(set) var titleIndex: Int?
    private(set) var sectionNumbers: [String?]
    private(set) var itemIDs: [ItemID] = []

    init(_ importer: Importer) {
        raw = importer
        text = importer.text
        holds = Array(repeating: false, count: importer.sections.count)
        sectionNumbers = Array(repeating: nil, count: importer.sections.count)
        markSectionsHoldingItems()
        findTitle()
        numberSections()
        numberItems()
    }

    private mutating func markSectionsHoldingItems() {
        for index in raw.sections.indices.reversed() {
            if !raw.sections[index].items.isEmpty { holds[index] = true }
            if holds[index], let parent = raw.sections[index].parent { holds[parent] = true }
        }
    }

    private mutating func findTitle() {
        let preamble = raw.items.contains { $0.section == nil }
        let holding = raw.sections.indices.filter { raw.sections[$0].parent == nil && holds[$0] }
        if !preamble, holding.count == 1 { titleIndex = holding[0] }
    }

    /// "" for the title (its children are numbered from the top), "7.2." for section 7.2.
    private func prefix(_ section: Int?) -> String {
        guard let section, section != titleIndex, let number = sectionNumbers[section] else { return "" }
        return number + "."
    }

    /// Sections are numbered after the top-level items they share a parent with.
    private mutating func numberSections() {
        var counters: [Int?: Int] = [:]
        for item in raw.items where item.parent == nil { counters[item.section, default: 0] += 1 }
        for index in raw.sections.indices where holds[index] && index != titleIndex {
            let parent = raw.sections[index].parent
            let next = (counters[parent] ?? 0) + 1
            counters[parent] = next
            sectionNumbers[index] = prefix(parent) + String(next)
        }
    }

    private mutating func numberItems() {
        var sectionCounters: [Int?: Int] = [:]
        var childCounters = Array(repeating: 0, count: raw.items.count)
        for item in raw.items {
            if let parent = item.parent {
                childCounters[parent] += 1
                itemIDs.append(ItemID(itemIDs[parent].rawValue + "." + String(childCounters[parent])))
            } else {
                let next = (sectionCounters[item.section] ?? 0) + 1
                sectionCounters[item.section] = next
                itemIDs.append(ItemID(prefix(item.section) + String(next)))
            }
        }
    }

    // MARK: Model values

    func codeBlocks() -> [CodeBlock] {
        raw.codeBlocks.map { block in
            let owner: CodeBlock.Owner
            switch block.owner {
            case .item(let index): owner = .item(itemIDs[index])
            case .section(let index): owner = .section(index)
            case .document: owner = .document
            }
            return CodeBlock(info: block.info, code: block.code, line: block.line, range: block.range, owner: owner)
        }
    }

    func items(codeBlocks: [CodeBlock]) -> [Item] {
        let slugs = Slug.unique(
            raw.items.indices.map { index in
                Slug.make(raw.items[index].plainText) ?? "item-" + Slug.dashed(itemIDs[index].rawValue)
            })
        var children = Array(repeating: [ItemID](), count: raw.items.count)
        var depths = Array(repeating: 0, count: raw.items.count)
        for (index, item) in raw.items.enumerated() {
            guard let parent = item.parent else { continue }
            children[parent].append(itemIDs[index])
            depths[index] = depths[parent] + 1
        }
        var blocksByItem: [ItemID: [CodeBlock]] = [:]
        for block in codeBlocks {
            if case .item(let id) = block.owner { blocksByItem[id, default: []].append(block) }
        }
        return raw.items.enumerated().map { index, item in
            Item(
                id: itemIDs[index], slug: slugs[index], text: item.text, plainText: item.plainText,
                depth: depths[index], parent: item.parent.map { itemIDs[$0] }, children: children[index],
                sectionIndex: item.section, sectionNumber: numberedAncestor(of: item.section),
                sectionPath: path(of: item.section), line: item.line, markerOffset: item.markerOffset,
                checkedInSource: item.checked, codeBlocks: blocksByItem[itemIDs[index]] ?? [])
        }
    }

    private func numberedAncestor(of section: Int?) -> String? {
        var current = section
        while let index = current {
            if let number = sectionNumbers[index] { return number }
            current = raw.sections[index].parent
        }
        return nil
    }

    private func path(of section: Int?) -> [String] {
        var titles: [String] = []
        var current = section
        while let index = current {
            titles.append(raw.sections[index].plainTitle)
            current = raw.sections[index].parent
        }
        return titles.reversed()
    }

    /// All sections in document order, each with its subsections filled in.
    func sections(codeBlocks: [CodeBlock]) -> [Section] {
        let slugs = Slug.unique(
            raw.sections.indices.map { index in
                Slug.make(raw.sections[index].plainTitle)
                    ?? "section-" + Slug.dashed(sectionNumbers[index] ?? String(index + 1))
            })
        var childIndices = Array(repeating: [Int](), count: raw.sections.count)
        for (index, section) in raw.sections.enumerated() {
            if let parent = section.parent { childIndices[parent].append(index) }
        }
        var blocksBySection: [Int: [CodeBlock]] = [:]
        for block in codeBlocks {
            if case .section(let index) = block.owner { blocksBySection[index, default: []].append(block) }
        }
        var built = [Section?](repeating: nil, count: raw.sections.count)
        for index in raw.sections.indices.reversed() {
            built[index] = section(
                index, slug: slugs[index], children: childIndices[index].compactMap { built[$0] },
                codeBlocks: blocksBySection[index] ?? [])
        }
        return built.compactMap { $0 }
    }

    private func section(_ index: Int, slug: String, children: [Section], codeBlocks: [CodeBlock]) -> Section {
        let rawSection = raw.sections[index]
        return Section(
            index: index, number: sectionNumbers[index], slug: slug, title: rawSection.title,
            plainTitle: rawSection.plainTitle, level: rawSection.level, line: rawSection.line,
            headingRange: text.range(fromLine: rawSection.line, toLine: rawSection.endLine),
            range: sectionRange(index), parentIndex: rawSection.parent, children: children,
            items: rawSection.items.map { itemIDs[$0] },
            codeBlocks: codeBlocks,
            blocks: rawSection.blocks, holdsItems: holds[index])
    }

    /// From the heading to the next heading of the same or a higher level.
    private func sectionRange(_ index: Int) -> Range<Int> {
        let level = raw.sections[index].level
        let next = raw.sections[(index + 1)...].first { $0.level <= level }
        let start = text.startOfLine(raw.sections[index].line)
        return start..<max(start, next.map { text.startOfLine($0.line) } ?? text.bytes.count)
    }
}
