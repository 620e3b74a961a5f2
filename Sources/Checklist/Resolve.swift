extension ChecklistTemplate {
    /// Finds an item by its number (`7.2.1.1`), its slug (`create-database-backup`), or a
    /// case-insensitive prefix of its text (`create database`). A text that equals one item's
    /// whole text wins over longer items it is a prefix of.
    ///
    /// - Throws: `ChecklistError.emptyQuery`; `.ambiguousItem` listing every matching item;
    ///   `.unknownItem` with up to three nearest items (by number, edit distance or prefix).
    public func resolve(_ query: String) throws(ChecklistError) -> Item {
        let trimmed = query.trimmingBlanks()
        guard !trimmed.isEmpty else { throw .emptyQuery }
        if let found = item(ItemID(trimmed)) ?? item(slug: trimmed.lowercased()) { return found }
        let keys = items.map { Matcher.Key(id: $0.id.rawValue, slug: $0.slug, texts: [$0.text, $0.plainText]) }
        let candidates = { (indices: [Int]) in indices.map { Matcher.candidate(self.items[$0]) } }
        switch Matcher.match(trimmed, keys) {
        case .one(let index): return items[index]
        case .many(let indices): throw .ambiguousItem(query: trimmed, candidates: candidates(indices))
        case .none:
            throw .unknownItem(query: trimmed, suggestions: candidates(Matcher.nearest(trimmed, keys)))
        }
    }

    /// Finds a section by its number (`7.2`), its slug (`deployment-steps`), or a
    /// case-insensitive prefix of its title.
    ///
    /// - Throws: `ChecklistError.emptyQuery`; `.ambiguousSection` listing every matching
    ///   section; `.unknownSection` with up to three nearest sections.
    public func resolveSection(_ query: String) throws(ChecklistError) -> Section {
        let trimmed = query.trimmingBlanks()
        guard !trimmed.isEmpty else { throw .emptyQuery }
        let lower = trimmed.lowercased()
        if let found = section(number: trimmed) ?? allSections.first(where: { $0.slug == lower }) {
            return found
        }
        let keys = allSections.map {
            Matcher.Key(id: $0.number ?? $0.slug, slug: $0.slug, texts: [$0.title, $0.plainTitle])
        }
        let candidates = { (indices: [Int]) in indices.map { Matcher.candidate(self.allSections[$0]) } }
        switch Matcher.match(trimmed, keys) {
        case .one(let index): return allSections[index]
        case .many(let indices): throw .ambiguousSection(query: trimmed, candidates: candidates(indices))
        case .none:
            throw .unknownSection(query: trimmed, suggestions: candidates(Matcher.nearest(trimmed, keys)))
        }
    }
}

/// Text matching and "did you mean" suggestions for item and section references.
enum Matcher {
    /// What a reference can match: a number, a slug, and texts (source and plain).
    struct Key {
        let id: String
        let slug: String
        let texts: [String]
    }

    enum Match: Equatable {
        case one(Int), many([Int]), none
    }

    static let maximumSuggestions = 3
    /// Longer strings are cut before computing edit distances, to bound the cost.
    static let distanceLength = 64

    static func candidate(_ item: Item) -> ChecklistError.Candidate {
        .init(id: item.id.rawValue, text: item.plainText.isEmpty ? item.text : item.plainText)
    }

    static func candidate(_ section: Section) -> ChecklistError.Candidate {
        .init(id: section.number ?? section.slug, text: section.displayTitle)
    }

    /// Whole-text matches first, then prefixes of a text or the slug; case-insensitive.
    static func match(_ query: String, _ keys: [Key]) -> Match {
        let lower = query.lowercased()
        let exact = keys.indices.filter { keys[$0].texts.contains { $0.lowercased() == lower } }
        if !exact.isEmpty { return exact.count == 1 ? .one(exact[0]) : .many(exact) }
        let prefixed = keys.indices.filter { index in
            keys[index].slug.hasPrefix(lower) || keys[index].texts.contains { $0.lowercased().hasPrefix(lower) }
        }
        if prefixed.isEmpty { return .none }
        return prefixed.count == 1 ? .one(prefixed[0]) : .many(prefixed)
    }

    /// Up to three nearest keys. A number is compared component by component (the longest
    /// shared leading components first), then by edit distance; a text by whether a slug or
    /// text contains it, then by edit distance to their beginnings. Ties keep document order.
    static func nearest(_ query: String, _ keys: [Key]) -> [Int] {
        let lower = query.lowercased()
        let scored: [(score: [Int], index: Int)]
        if isNumber(lower) {
            let wanted = lower.split(separator: ".", omittingEmptySubsequences: false)
            scored = keys.indices.map { index in
                let parts = keys[index].id.split(separator: ".", omittingEmptySubsequences: false)
                let shared = zip(wanted, parts).prefix { $0 == $1 }.count
                return ([-shared, distance(lower, keys[index].id)], index)
            }
        } else {
            let limit = max(2, lower.count / 3)
            scored = keys.indices.compactMap { index in
                let strings = [keys[index].slug] + keys[index].texts.map { $0.lowercased() }
                let contains = strings.contains { $0.contains(lower) }
                let best = strings.map { distance(lower, String($0.prefix(lower.count))) }.min() ?? Int.max
                guard contains || best <= limit else { return nil }
                return ([contains ? 0 : 1, best], index)
            }
        }
        return scored.sorted { $0.score == $1.score ? $0.index < $1.index : $0.score.lexicographicallyPrecedes($1.score) }
            .prefix(maximumSuggestions).map(\.index)
    }

    private static func isNumber(_ text: String) -> Bool {
        text.contains(where: \.isNumber) && text.allSatisfy { $0 == "." || ("0"..."9").contains($0) }
    }

    /// Levenshtein distance between the first `distanceLength` characters of each string.
    static func distance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs.prefix(distanceLength))
        let right = Array(rhs.prefix(distanceLength))
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        var current = previous
        for (row, leftChar) in left.enumerated() {
            current[0] = row + 1
            for (column, rightChar) in right.enumerated() {
                let substitution = previous[column] + (leftChar == rightChar ? 0 : 1)
                current[column + 1] = min(substitution, previous[column + 1] + 1, current[column] + 1)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }
}
