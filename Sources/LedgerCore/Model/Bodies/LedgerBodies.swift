/// `ledger.created`: the format version and the ledger's id (docs/FORMAT.md §9).
public struct LedgerCreated: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.ledgerCreated
    /// The record format version.
    public var format: Member<Int64>
    /// The ledger id, hex.
    public var ledger: Member<String>
    /// Members it does not read.
    public var unread = Unread()

    /// The body a new ledger starts with.
    public init(format: Int64, ledger: String) {
        self.format = .value(format)
        self.ledger = .value(ledger)
    }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        var r = MemberReader(data, publicData)
        format = r.take("format")
        ledger = r.take("ledger")
        unread = r.unread
    }

    /// The data.
    public var data: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.put("format", format)
        w.put("ledger", ledger)
        return w.data
    }
    /// The body in the enum.
    public var body: EventBody { .ledgerCreated(self) }
}

/// `note`: a free-text note on a deployment.
public struct LedgerNote: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.note
    /// The text.
    public var text: Member<String>
    /// Members it does not read.
    public var unread = Unread()

    /// A note saying `text`.
    public init(text: String) { self.text = .value(text) }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        var r = MemberReader(data, publicData)
        text = r.take("text")
        unread = r.unread
    }

    /// The data.
    public var data: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.put("text", text)
        return w.data
    }
    /// The body in the enum.
    public var body: EventBody { .note(self) }
}
