/// What to write into a checklist when rendering it: ticks, sign-offs, contacts and notes.
///
/// Every part is optional; an empty fill renders the source bytes unchanged. References that
/// the template does not have (unknown item ids, roles, rows or columns) are ignored.
public struct ChecklistFill: Sendable, Equatable {
    /// The complete set of ticked items: items in the set get `x`, all others a space (so an
    /// item checked in the source but not in the set is unticked). nil keeps the source markers.
    public var ticked: Set<ItemID>?
    /// Sign-off values by role name (`"Deployment Lead"`, matched case-insensitively).
    public var signatures: [String: SignatureFill]
    /// Emergency contacts: row key (the first cell, e.g. the role) → column header → value.
    public var contacts: [String: [String: String]]
    /// The text of the notes block (replaces the block's content between its fences).
    public var notes: String?
    /// Bytes inserted at source offsets (annotations such as an item's sub-lines); nothing of
    /// the source is replaced by them. Empty by default.
    public var insertions: [Int: [UInt8]] = [:]

    /// A fill; the defaults change nothing.
    public init(
        ticked: Set<ItemID>? = nil, signatures: [String: SignatureFill] = [:],
        contacts: [String: [String: String]] = [:], notes: String? = nil
    ) {
        self.ticked = ticked
        self.signatures = signatures
        self.contacts = contacts
        self.notes = notes
    }
}

/// The Name, Date and Signature values of one sign-off role.
///
/// A nil value leaves its line as it is; a value replaces the line's placeholder (everything
/// after the label's colon), with line breaks turned into spaces.
public struct SignatureFill: Sendable, Equatable, Hashable {
    /// The signer's name.
    public var name: String?
    /// The date, in whatever form the caller chooses (e.g. ISO 8601).
    public var date: String?
    /// The signature text (e.g. a key fingerprint or a signature reference).
    public var signature: String?

    /// Values for some or all of the three lines.
    public init(name: String? = nil, date: String? = nil, signature: String? = nil) {
        self.name = name
        self.date = date
        self.signature = signature
    }

    /// The value for a field kind.
    public subscript(kind: SignatureField.Kind) -> String? {
        switch kind {
        case .name: return name
        case .date: return date
        case .signature: return signature
        }
    }
}

extension ChecklistTemplate {
    /// The source with exactly the items in `ticked` checked: only checkbox bytes change.
    /// `render(ticked: [])` is the source itself when no item is checked in the source.
    public func render(ticked: Set<ItemID>) -> [UInt8] {
        render(ChecklistFill(ticked: ticked))
    }

    /// The source with `fill` written into it. Only the filled bytes change: checkbox
    /// characters, sign-off values, contacts cells and the notes block's content (whose fences
    /// are lengthened if the notes contain a fence that would close them). Single-line values
    /// have line breaks replaced by spaces; `|` in table cells is escaped.
    public func render(_ fill: ChecklistFill) -> [UInt8] {
        var edits: [Edit] = []
        if let ticked = fill.ticked { edits += tickEdits(ticked) }
        edits += signatureEdits(fill.signatures)
        edits += contactEdits(fill.contacts)
        if let notes = fill.notes { edits += noteEdits(notes) }
        edits += fill.insertions.map { Edit(range: $0.key..<$0.key, bytes: $0.value) }
        return Edit.apply(edits, to: source)
    }

    private func tickEdits(_ ticked: Set<ItemID>) -> [Edit] {
        items.compactMap { item in
            let wanted = ticked.contains(item.id)
            guard wanted != item.checkedInSource else { return nil }
            let mark: UInt8 = wanted ? UInt8(ascii: "x") : UInt8(ascii: " ")
            return Edit(range: item.markerOffset + 1..<item.markerOffset + 2, bytes: [mark])
        }
    }

    private func signatureEdits(_ signatures: [String: SignatureFill]) -> [Edit] {
        let byName = Dictionary(
            signatures.map { ($0.key.trimmingBlanks().lowercased(), $0.value) },
            uniquingKeysWith: { first, _ in first })
        return signerRoles.flatMap { role -> [Edit] in
            guard let values = byName[role.name.lowercased()] else { return [] }
            return role.fields.compactMap { field in
                guard let value = values[field.kind] else { return nil }
                let needsSpace =
                    field.valueRange.lowerBound > 0
                    && source[field.valueRange.lowerBound - 1] == UInt8(ascii: ":")
                return Edit(range: field.valueRange, bytes: Array(((needsSpace ? " " : "") + Edit.oneLine(value)).utf8))
            }
        }
    }

    private func contactEdits(_ contacts: [String: [String: String]]) -> [Edit] {
        guard let table = emergencyContacts else { return [] }
        return contacts.flatMap { key, values -> [Edit] in
            guard let row = table.row(key) else { return [] }
            let byColumn = Dictionary(
                values.map { ($0.key.trimmingBlanks().lowercased(), $0.value) },
                uniquingKeysWith: { first, _ in first })
            return row.cells.compactMap { cell in
                guard let value = byColumn[cell.column.lowercased()] else { return nil }
                let escaped = Edit.oneLine(value).flatMap { $0 == "|" ? ["\\", "|"] : [$0] }
                return Edit(range: cell.range, bytes: Array(" \(String(escaped)) ".utf8))
            }
        }
    }

    private func noteEdits(_ text: String) -> [Edit] {
        guard let block = notes, !block.openingFence.isEmpty else { return [] }
        let fenceByte = source[block.openingFence.lowerBound]
        let newline = lineEnding(after: block.openingFence.upperBound)
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: Edit.isLineBreak)
        if lines.last == "" { lines.removeLast() }
        let content = lines.map { $0 + newline }.joined()
        var edits = [Edit(range: block.contentRange, bytes: Array(content.utf8))]
        let needed = Edit.longestFenceRun(in: lines, fence: fenceByte) + 1
        if needed > block.openingFence.count {
            let fence = [UInt8](repeating: fenceByte, count: needed)
            edits.append(Edit(range: block.openingFence, bytes: fence))
            if let closing = block.closingFence { edits.append(Edit(range: closing, bytes: fence)) }
        }
        return edits
    }

    /// The line terminator that ends the line containing `offset` (`\n` if there is none).
    private func lineEnding(after offset: Int) -> String {
        var index = offset
        while index < source.count, source[index] != 0x0A, source[index] != 0x0D { index += 1 }
        guard index < source.count else { return "\n" }
        if source[index] == 0x0D { return index + 1 < source.count && source[index + 1] == 0x0A ? "\r\n" : "\r" }
        return "\n"
    }
}

/// A replacement of a byte range of the source.
struct Edit {
    let range: Range<Int>
    let bytes: [UInt8]

    /// Applies edits in source order; an edit overlapping an earlier one is skipped.
    static func apply(_ edits: [Edit], to source: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(source.count)
        var cursor = 0
        // At one offset an insertion (an empty range) comes before a replacement starting there.
        for edit in edits.sorted(by: { ($0.range.lowerBound, $0.range.isEmpty ? 0 : 1) < ($1.range.lowerBound, $1.range.isEmpty ? 0 : 1) }) {
            guard edit.range.lowerBound >= cursor, edit.range.upperBound <= source.count else { continue }
            output += source[cursor..<edit.range.lowerBound]
            output += edit.bytes
            cursor = edit.range.upperBound
        }
        output += source[cursor...]
        return output
    }

    /// `value` with line breaks replaced by spaces.
    static func oneLine(_ value: String) -> String {
        String(value.map { isLineBreak($0) ? " " : $0 })
    }

    static func isLineBreak(_ character: Character) -> Bool {
        character == "\n" || character == "\r\n" || character == "\r"
    }

    /// The longest run of `fence` characters opening a line (after up to three spaces).
    static func longestFenceRun(in lines: [Substring], fence: UInt8) -> Int {
        lines.map { line -> Int in
            let bytes = Array(line.utf8)
            let indent = bytes.prefix { $0 == 0x20 }.count
            guard indent <= 3 else { return 0 }
            return bytes.dropFirst(indent).prefix { $0 == fence }.count
        }.max() ?? 0
    }
}
