import Checklist

/// Counts of items by status, for a section or a whole deployment.
public struct Progress: Sendable, Equatable {
    /// All items counted.
    public var total = 0
    /// Ticked.
    public var done = 0
    /// Marked not applicable.
    public var notApplicable = 0

    /// Items still open.
    public var open: Int { total - done - notApplicable }
    /// Settled items (done or not applicable) as a fraction of all, 0…1.
    public var fraction: Double { total == 0 ? 1 : Double(done + notApplicable) / Double(total) }

    mutating func count(_ s: ItemStatus) {
        total += 1
        if s == .done { done += 1 }
        if s == .notApplicable { notApplicable += 1 }
    }
}

/// One numbered section's progress.
public struct SectionProgress: Sendable, Equatable {
    /// The section's number, e.g. "7" or "7.2".
    public let number: String
    /// Its title as plain text.
    public let title: String
    /// The title without a leading number that repeats `number` (`Section.displayTitle`).
    public let displayTitle: String
    /// Its heading level (2 for the document's main sections).
    public let level: Int
    /// Items in it and in its subsections.
    public let progress: Progress
}

extension DeploymentView {
    /// All items' progress.
    public var progress: Progress {
        var p = Progress()
        for item in template.items { p.count(state(item.id).status) }
        return p
    }

    /// Progress of every numbered section, in document order; `maxDepth` 1 gives only the
    /// main sections ("1" … "10").
    public func sectionProgress(maxDepth: Int = .max) -> [SectionProgress] {
        template.allSections.compactMap { section in
            guard let number = section.number, number.split(separator: ".").count <= maxDepth else { return nil }
            var p = Progress()
            let prefix = number + "."
            for item in template.items where item.id.rawValue.hasPrefix(prefix) { p.count(state(item.id).status) }
            return SectionProgress(number: number, title: section.plainTitle, displayTitle: section.displayTitle, level: section.level, progress: p)
        }
    }
}
