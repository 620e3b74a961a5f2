/// Why a checklist could not be imported or an item or section reference could not be resolved.
///
/// `description` is a one-line message for people (`no item '7.2.9' in the checklist`) and
/// `hint` says what to do next (`did you mean 7.2.1.1 (Create database backup)?`).
public enum ChecklistError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An item or section offered as a suggestion or a candidate: its id and text.
    ///
    /// Shown as `7.2.1.1 (Create database backup)` in hints.
    public struct Candidate: Sendable, Equatable, CustomStringConvertible {
        /// The item number (or a section's number, or its slug if it has none).
        public let id: String
        /// The item's plain text or the section's title.
        public let text: String

        /// A candidate with its id and text.
        public init(id: String, text: String) {
            self.id = id
            self.text = text
        }

        /// `7.2.1.1 (Create database backup)`.
        public var description: String { "\(id) (\(text))" }
    }

    /// The Markdown document has no GFM task items, so it is not a checklist.
    case noTaskItems
    /// The document is larger than `ChecklistTemplate.maximumSourceSize`.
    case sourceTooLarge(byteCount: Int, limit: Int)
    /// cmark-gfm or its `tasklist`/`table` extensions could not be set up.
    case parserUnavailable
    /// An empty item or section reference.
    case emptyQuery
    /// No item has this number, slug or text prefix; the nearest items are suggested.
    case unknownItem(query: String, suggestions: [Candidate])
    /// Several items match this text prefix.
    case ambiguousItem(query: String, candidates: [Candidate])
    /// No section has this number, slug or title prefix; the nearest sections are suggested.
    case unknownSection(query: String, suggestions: [Candidate])
    /// Several sections match this title prefix.
    case ambiguousSection(query: String, candidates: [Candidate])

    /// The human message.
    public var description: String {
        switch self {
        case .noTaskItems:
            return "the Markdown document has no task items, so it is not a checklist"
        case .sourceTooLarge(let byteCount, let limit):
            return "the checklist is too large (\(byteCount) bytes; at most \(limit) are accepted)"
        case .parserUnavailable:
            return "the Markdown parser (cmark-gfm with its tasklist and table extensions) is unavailable"
        case .emptyQuery:
            return "an empty item or section reference"
        case .unknownItem(let query, _):
            return "no item '\(query)' in the checklist"
        case .ambiguousItem(let query, let candidates):
            return "'\(query)' matches \(candidates.count) items"
        case .unknownSection(let query, _):
            return "no section '\(query)' in the checklist"
        case .ambiguousSection(let query, let candidates):
            return "'\(query)' matches \(candidates.count) sections"
        }
    }

    /// What to do about it.
    public var hint: String {
        switch self {
        case .noTaskItems:
            return "a checklist item is a GFM task list item such as '- [ ] Run migrations'"
        case .sourceTooLarge:
            return "split the checklist into smaller documents"
        case .parserUnavailable:
            return "install libcmark-gfm-extensions (Debian: libcmark-gfm-extensions-dev)"
        case .emptyQuery:
            return Self.referenceHelp
        case .unknownItem(_, let suggestions), .unknownSection(_, let suggestions):
            return suggestions.isEmpty ? Self.referenceHelp : "did you mean \(Self.list(suggestions, joiner: "or"))?"
        case .ambiguousItem(_, let candidates), .ambiguousSection(_, let candidates):
            return "be more specific or use the number: \(Self.list(candidates, joiner: "or"))"
        }
    }

    private static let referenceHelp =
        "give a number such as 1.1.1, a slug such as create-database-backup, or the start of the text"

    /// The shown candidates before "and N more".
    static let shownCandidates = 5

    /// `a`, `a or b`, `a, b or c`, `a, b, c, d, e and 3 more`.
    private static func list(_ candidates: [Candidate], joiner: String) -> String {
        let shown = candidates.prefix(shownCandidates).map(\.description)
        if candidates.count > shownCandidates {
            return shown.joined(separator: ", ") + " and \(candidates.count - shownCandidates) more"
        }
        guard shown.count > 1 else { return shown.first ?? "" }
        return shown.dropLast().joined(separator: ", ") + " \(joiner) " + shown[shown.count - 1]
    }
}
