/// One "when to roll back" criterion: a bullet under the "When to Rollback" heading.
public struct RollbackCriterion: Sendable, Equatable {
    /// `R1`, `R2`, … in document order.
    public let id: String
    /// The bullet's Markdown source text, trimmed.
    public let text: String
    /// The 1-based line of the bullet.
    public let line: Int
}

/// A role that signs the checklist off (e.g. "Deployment Lead"), with its fill-in lines.
///
/// Recognised anywhere in the document as a paragraph that is only strong text (`**Role:**`)
/// directly followed by a bullet list whose items start with `Name:`, `Date:` or `Signature:`.
public struct SignerRole: Sendable, Equatable {
    /// The role, without the trailing colon: `"Deployment Lead"`.
    public let name: String
    /// The 1-based line of the role paragraph.
    public let line: Int
    /// The Name/Date/Signature lines, in document order.
    public let fields: [SignatureField]

    /// The line of the given kind, if present.
    public func field(_ kind: SignatureField.Kind) -> SignatureField? {
        fields.first { $0.kind == kind }
    }
}

/// One fill-in line of a sign-off block, such as `- Name: ______`.
public struct SignatureField: Sendable, Equatable {
    /// Which line this is.
    ///
    /// Matched case-insensitively on the label before the first colon.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case name, date, signature
    }

    /// Name, Date or Signature.
    public let kind: Kind
    /// The 1-based line.
    public let line: Int
    /// Bytes of the whole line (without its terminator).
    public let lineRange: Range<Int>
    /// Bytes after the label's colon and following blanks (the `____` placeholder), up to the
    /// end of the line. Replacing them fills the field.
    public let valueRange: Range<Int>
}

/// A GFM table, with the byte ranges of its cells so a renderer can fill them.
public struct MarkdownTable: Sendable, Equatable {
    /// Index of the enclosing section in `ChecklistTemplate.allSections`, if any.
    public let sectionIndex: Int?
    /// The 1-based line of the header row.
    public let line: Int
    /// Bytes of the whole table.
    public let range: Range<Int>
    /// The header row.
    public let header: TableRow
    /// The body rows, in document order.
    public let rows: [TableRow]

    /// The header cells' texts.
    public var columns: [String] { header.cells.map(\.text) }

    /// The first body row whose first cell matches `key` (case-insensitive, trimmed).
    public func row(_ key: String) -> TableRow? {
        let wanted = key.trimmingBlanks().lowercased()
        return rows.first { $0.key.lowercased() == wanted }
    }
}

/// One row of a `MarkdownTable`.
public struct TableRow: Sendable, Equatable {
    /// The 1-based line.
    public let line: Int
    /// The cells, at most as many as the header has.
    public let cells: [TableCell]

    /// The first cell's text (for the contacts table: the role).
    public var key: String { cells.first?.text ?? "" }
}

/// One cell of a `MarkdownTable` row.
public struct TableCell: Sendable, Equatable {
    /// The header text of the cell's column.
    public let column: String
    /// The cell's Markdown source text, trimmed.
    public let text: String
    /// Bytes between the cell's pipes (including the blanks around the text).
    public let range: Range<Int>
}

/// The free-text notes block (e.g. "Post-Deployment Notes"): a fenced code block under a
/// heading whose title contains "notes", which `ledger export checklist` fills in.
public struct NotesBlock: Sendable, Equatable {
    /// Index of the section in `ChecklistTemplate.allSections`.
    public let sectionIndex: Int
    /// The 1-based line of the opening fence.
    public let line: Int
    /// Bytes of the whole block, fences included.
    public let range: Range<Int>
    /// Bytes between the fences: from the line after the opening fence to the start of the
    /// closing fence line (or the end of the document if the block is not closed).
    public let contentRange: Range<Int>
    /// Bytes of the opening fence's run of backticks or tildes.
    public let openingFence: Range<Int>
    /// Bytes of the closing fence's run, if the block is closed.
    public let closingFence: Range<Int>?
}
