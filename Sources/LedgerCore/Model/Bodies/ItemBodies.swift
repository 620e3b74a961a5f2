import Checklist

/// The four item kinds share one shape: the item and one optional text member, whose key
/// the kind names (`note`, `reason`, `reason`, `text`).
public protocol ItemTextKind: Sendable {
    /// The kind.
    static var kind: EventKind { get }
    /// The key of its text member.
    static var textKey: String { get }
    /// The body in the enum.
    static func body(_ b: ItemTextBody<Self>) -> EventBody
}

/// The body of an item kind: the item and its optional text (see `ItemTextKind`).
public struct ItemTextBody<Kind: ItemTextKind>: KindBodyCodec, Equatable {
    /// The kind.
    public static var kind: EventKind { Kind.kind }
    /// The item.
    public var item: Member<ItemID>
    /// The text: a tick's note, an untick's or skip's reason, a note's text.
    public var text: Member<String>
    /// Members it does not read.
    public var unread = Unread()

    /// The event on `item` with `text`.
    public init(item: ItemID, text: String?) {
        self.item = .value(item)
        self.text = Member(text)
    }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        var r = MemberReader(data, publicData)
        (item, text, unread) = (r.take("item"), r.take(Kind.textKey), r.unread)
    }

    /// The data.
    public var data: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.put("item", item)
        w.put(Kind.textKey, text)
        return w.data
    }
    /// The body in the enum.
    public var body: EventBody { Kind.body(self) }
    /// The `item` member's text.
    public var itemNumber: String? { item.value?.rawValue }
}

/// `item.ticked`: an item was done, with an optional note.
public typealias ItemTicked = ItemTextBody<ItemTextKinds.Ticked>
/// `item.unticked`: a tick was taken back, with an optional reason.
public typealias ItemUnticked = ItemTextBody<ItemTextKinds.Unticked>
/// `item.skipped`: an item was marked not applicable, with a reason.
public typealias ItemSkipped = ItemTextBody<ItemTextKinds.Skipped>
/// `item.noted`: a note on one item.
public typealias ItemNoted = ItemTextBody<ItemTextKinds.Noted>

/// The item kinds, as `ItemTextKind`s.
public enum ItemTextKinds {
    /// `item.ticked`, text `note`.
    public enum Ticked: ItemTextKind {
        /// The kind.
        public static let kind = EventKind.itemTicked, textKey = "note"
        /// The body in the enum.
        public static func body(_ b: ItemTicked) -> EventBody { .itemTicked(b) }
    }
    /// `item.unticked`, text `reason`.
    public enum Unticked: ItemTextKind {
        /// The kind.
        public static let kind = EventKind.itemUnticked, textKey = "reason"
        /// The body in the enum.
        public static func body(_ b: ItemUnticked) -> EventBody { .itemUnticked(b) }
    }
    /// `item.skipped`, text `reason`.
    public enum Skipped: ItemTextKind {
        /// The kind.
        public static let kind = EventKind.itemSkipped, textKey = "reason"
        /// The body in the enum.
        public static func body(_ b: ItemSkipped) -> EventBody { .itemSkipped(b) }
    }
    /// `item.noted`, text `text`.
    public enum Noted: ItemTextKind {
        /// The kind.
        public static let kind = EventKind.itemNoted, textKey = "text"
        /// The body in the enum.
        public static func body(_ b: ItemNoted) -> EventBody { .itemNoted(b) }
    }
}

/// `evidence.attached`: a file's name, size and SHA-256 attached to an item, optionally its content.
public struct EvidenceAttached: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.evidenceAttached
    /// The item.
    public var item: Member<ItemID>
    /// The file name.
    public var name: Member<String>
    /// Its size in bytes.
    public var size: Member<Int64>
    /// Its SHA-256, hex.
    public var sha256: Member<String>
    /// Its content, when embedded (`content_base64`).
    public var content: Member<Base64Bytes>
    /// Members it does not read.
    public var unread = Unread()

    /// Evidence for `item`.
    public init(item: ItemID, name: String, size: Int, sha256: [UInt8], content: [UInt8]?) {
        self.item = .value(item)
        self.name = .value(name)
        self.size = .value(Int64(size))
        self.sha256 = .value(Hex.encode(sha256))
        self.content = Member(content.map(Base64Bytes.init))
    }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        var r = MemberReader(data, publicData)
        (item, name, size, sha256) = (r.take("item"), r.take("name"), r.take("size"), r.take("sha256"))
        content = r.take("content_base64")
        unread = r.unread
    }

    /// The data.
    public var data: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.put("item", item)
        w.put("name", name)
        w.put("size", size)
        w.put("sha256", sha256)
        w.put("content_base64", content)
        return w.data
    }
    /// The body in the enum.
    public var body: EventBody { .evidenceAttached(self) }
    /// The `item` member's text.
    public var itemNumber: String? { item.value?.rawValue }
}

/// Bytes stored as a base64 string.
public struct Base64Bytes: MemberValue, Hashable {
    /// The bytes.
    public var bytes: [UInt8]
    /// Wraps bytes.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    /// The bytes of a base64 string; nil for anything else.
    public init?(json: JSONValue) {
        guard let b = json.stringValue.flatMap(Base64.decode) else { return nil }
        bytes = b
    }
    /// The base64 string.
    public var json: JSONValue { .string(Base64.encode(bytes)) }
}

/// Bytes stored as a hex string.
public struct HexBytes: MemberValue, Hashable {
    /// The bytes.
    public var bytes: [UInt8]
    /// Wraps bytes.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    /// The bytes of a hex string; nil for anything else.
    public init?(json: JSONValue) {
        guard let b = json.stringValue.flatMap(Hex.decode) else { return nil }
        bytes = b
    }
    /// The hex string.
    public var json: JSONValue { .string(Hex.encode(bytes)) }
}
